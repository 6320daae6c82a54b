/**
 * Small file verbs of the backup: make a folder, move without replacing, create, remove, replace
 * atomically, compress.
 * @module
 */
import { isNotFound } from "./errors.ts";

/** Creates a folder and its parents; an existing one is fine. */
export async function makeDir(path: string): Promise<void> {
  await Deno.mkdir(path, { recursive: true });
}

/** Moves `from` to `to`, failing with `AlreadyExists` rather than replacing `to`. */
export async function renameNoClobber(from: string, to: string): Promise<void> {
  try {
    await Deno.link(from, to);
  } catch (error) {
    // Where hard links are refused (protected_hardlinks and a file owned by another user, or a
    // file system without them), rename. Callers hold the backup lock, so nothing else creates
    // `to` between the check and the rename.
    if (!(error instanceof Deno.errors.PermissionDenied) && !/not supported/i.test(String(error))) {
      throw error;
    }
    if (await exists(to)) throw new Deno.errors.AlreadyExists(`File exists: ${to}`);
    await Deno.rename(from, to);
    return;
  }
  await Deno.remove(from);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** Creates an empty file where none is; an existing file is left as it is. */
export async function touchFile(path: string): Promise<void> {
  await Deno.writeFile(path, new Uint8Array(), { append: true, create: true });
}

/** Removes a file; one already gone is fine. */
export async function removeFile(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/** Replaces `path` atomically: write a temporary file, sync it, rename it over `path`. */
export async function writeFileAtomic(
  path: string,
  text: string,
): Promise<void> {
  const temp = `${path}.tmp`;
  await using file = await Deno.open(temp, {
    write: true,
    create: true,
    truncate: true,
  });
  await writeAll(file, new TextEncoder().encode(text));
  await file.sync();
  await Deno.rename(temp, path);
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    done += await file.write(bytes.subarray(done));
  }
}

/**
 * Compresses `source` into `dest` with gzip, streamed, through `dest.tmp` that is synced and
 * then renamed: `dest` only ever appears complete. `source` is left in place.
 */
export async function gzipFile(
  source: string,
  dest: string,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const temp = `${dest}.tmp`;
  const input = await Deno.open(source, { read: true });
  const readable: ReadableStream<Uint8Array<ArrayBuffer>> = onProgress === undefined
    ? input.readable
    : await counted(input, onProgress);
  {
    await using output = await Deno.open(temp, {
      write: true,
      create: true,
      truncate: true,
    });
    for await (
      const chunk of readable.pipeThrough(new CompressionStream("gzip"))
    ) {
      await writeAll(output, chunk);
    }
    await output.sync();
  }
  await Deno.rename(temp, dest);
}

// The file's bytes, telling `onProgress` how many have been read, from 0 to the size.
async function counted(
  input: Deno.FsFile,
  onProgress: (done: number, total: number) => void,
): Promise<ReadableStream<Uint8Array<ArrayBuffer>>> {
  const total = (await input.stat()).size;
  let done = 0;
  onProgress(done, total);
  return input.readable.pipeThrough(
    new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
      transform(chunk, controller) {
        done += chunk.length;
        onProgress(Math.min(done, total), total);
        controller.enqueue(chunk);
      },
      flush: () => onProgress(total, total),
    }),
  );
}
