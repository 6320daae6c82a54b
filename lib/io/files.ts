/**
 * Small file verbs of the backup, safe inside the untrusted log root: make a folder, move
 * without replacing, create, remove a name, replace atomically. Nothing here follows a link:
 * files are created exclusively, names are removed as names, and a move checks what it moved.
 * @module
 */
import { isNotFound } from "./errors.ts";
import { expectKind, lstatEntry, UnsafeEntryError } from "./entries.ts";
import { createNew } from "./create.ts";

/** Creates a folder and its parents; an existing one is fine (the root may be a link). */
export async function makeDir(path: string): Promise<void> {
  await Deno.mkdir(path, { recursive: true });
}

/**
 * Creates the folder `path` inside the root where missing; an existing plain folder is fine.
 * @throws {UnsafeEntryError} If a link, FIFO, socket or device stands there.
 */
export async function makePlainDir(path: string): Promise<void> {
  try {
    await Deno.mkdir(path); // mkdir never follows a link: a link there fails with AlreadyExists
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    const entry = await lstatEntry(path);
    if (entry.kind === "file") throw error; // a file of that name is in the way
    expectKind(path, entry, "directory", false);
  }
}

/**
 * Moves the regular file `from` to `to`, failing with `AlreadyExists` rather than replacing
 * `to`. What arrives at `to` is checked: a link swapped in for `from` is taken back out.
 * @throws {UnsafeEntryError} If `from` is not a regular file, was swapped during the move, or
 * vanished since it was planned (another process changed the log folder).
 */
export async function renameNoClobber(from: string, to: string): Promise<void> {
  const before = await lstatEntry(from);
  if (before.kind === "missing") throw new UnsafeEntryError(from, "changed");
  expectKind(from, before, "file", false);
  try {
    await Deno.link(from, to); // link(2) links a link itself, never its target
  } catch (error) {
    await throwIfVanished(from, error);
    // Where hard links are refused (protected_hardlinks and a file owned by another user, or a
    // file system without them), rename. Callers hold the backup lock, so nothing else creates
    // `to` between the check and the rename.
    if (!(error instanceof Deno.errors.PermissionDenied) && !/not supported/i.test(String(error))) {
      throw error;
    }
    if ((await lstatEntry(to)).kind !== "missing") {
      throw new Deno.errors.AlreadyExists(`File exists: ${to}`);
    }
    await Deno.rename(from, to).catch((error) => throwIfVanished(from, error));
    await checkArrived(to, before.ino);
    return;
  }
  await checkArrived(to, before.ino);
  await removeFile(from); // a name swapped in since the link, or already gone: the move is done
}

// A `NotFound` while `from` is gone means another process moved it away after the check.
async function throwIfVanished(from: string, error: unknown): Promise<never> {
  if (isNotFound(error) && (await lstatEntry(from)).kind === "missing") {
    throw new UnsafeEntryError(from, "changed");
  }
  throw error;
}

async function checkArrived(to: string, ino: number | null): Promise<void> {
  const after = await lstatEntry(to);
  if (after.kind === "file" && after.ino === ino) return;
  if (after.kind !== "directory" && after.kind !== "missing") await Deno.remove(to); // the name
  throw new UnsafeEntryError(to, "changed");
}

/** Creates an empty file where nothing is; anything already there is left as it is. */
export async function touchFile(path: string): Promise<void> {
  try {
    (await createNew(path)).close();
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
  }
}

/**
 * Removes a name: a file, or a stale link (the link, never its target); one already gone is
 * fine. A folder is refused.
 * @throws {Deno.errors.IsADirectory} If `path` is a folder.
 */
export async function removeFile(path: string): Promise<void> {
  const entry = await lstatEntry(path);
  if (entry.kind === "directory") throw new Deno.errors.IsADirectory(`Is a directory: ${path}`);
  try {
    await Deno.remove(path);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/**
 * Removes a regular file only; one already gone is fine.
 * @throws {UnsafeEntryError} If something else stands at `path`: it is left as it is.
 */
export async function removeRegularFile(path: string): Promise<void> {
  const entry = await lstatEntry(path);
  if (entry.kind === "missing") return;
  expectKind(path, entry, "file", false);
  await removeFile(path);
}

/**
 * Creates `temp` exclusively, after removing a stale one as a name: whatever was planted there
 * (a link, a FIFO) is never written through.
 */
export async function createTemp(temp: string): Promise<Deno.FsFile> {
  await removeFile(temp);
  return await createNew(temp);
}

/** Replaces `path` atomically: write a temporary file, sync it, rename it over `path`. */
export async function writeFileAtomic(
  path: string,
  text: string,
): Promise<void> {
  const temp = `${path}.tmp`;
  {
    await using file = await createTemp(temp);
    await writeAll(file, new TextEncoder().encode(text));
    await file.sync();
  }
  await Deno.rename(temp, path);
}

/** Writes all of `bytes` to `file`. */
export async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    done += await file.write(bytes.subarray(done));
  }
}
