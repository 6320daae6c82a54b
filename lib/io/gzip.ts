/**
 * Compressing an archive and checking a compressed archive against its plain twin, streamed,
 * regular files only.
 * @module
 */
import { openRead, type ReadHandle } from "./open.ts";
import { createTemp, writeAll } from "./files.ts";

/**
 * Compresses `source` into `dest` with gzip, streamed, through `dest.tmp` (created exclusively)
 * that is synced and then renamed: `dest` only ever appears complete. `source` is left in place,
 * and only the size it had when opened is read.
 * @param onProgress Told the bytes read so far and the total, from 0 to the size.
 * @throws {UnsafeEntryError} If `source` is not a regular file.
 */
export async function gzipFile(
  source: string,
  dest: string,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const temp = `${dest}.tmp`;
  using input = await openRead(source);
  {
    await using output = await createTemp(temp);
    const chunks = input.stream({ end: input.size, chunkSize: 1 << 16 });
    const counted = onProgress === undefined ? chunks : count(chunks, input.size, onProgress);
    const stream = counted.pipeThrough(new CompressionStream("gzip"));
    for await (const chunk of stream) await writeAll(output, chunk);
    await output.sync();
  }
  await Deno.rename(temp, dest);
}

// The bytes as they pass, telling `onProgress` how many have been read, from 0 to `total`.
function count(
  chunks: ReadableStream<Uint8Array<ArrayBuffer>>,
  total: number,
  onProgress: (done: number, total: number) => void,
): ReadableStream<Uint8Array<ArrayBuffer>> {
  let done = 0;
  onProgress(done, total);
  return chunks.pipeThrough(
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

async function readFull(file: ReadHandle, buffer: Uint8Array, at: number): Promise<number> {
  let length = 0;
  while (length < buffer.length) {
    const n = await file.readAt(buffer.subarray(length), at + length);
    if (n === 0) break;
    length += n;
  }
  return length;
}

/**
 * Whether the gzip file `gz` decompresses, whole, to exactly the bytes of `plain`. Streamed
 * and bounded: it stops at the first difference, so a damaged or endless `gz` costs at most
 * the size of `plain`. `onProgress` is told the bytes compared so far and the total.
 * @throws {UnsafeEntryError} If either is not a regular file.
 */
export async function isSameGzip(
  gz: string,
  plain: string,
  onProgress?: (done: number, total: number) => void,
): Promise<boolean> {
  using original = await openRead(plain);
  using packed = await openRead(gz);
  let at = 0;
  onProgress?.(at, original.size);
  let buffer = new Uint8Array(1 << 16);
  try {
    const stream = packed.stream({ end: packed.size, chunkSize: 1 << 12 }).pipeThrough(
      new DecompressionStream("gzip"),
    );
    for await (const chunk of stream) {
      if (at + chunk.length > original.size) return false;
      if (buffer.length < chunk.length) buffer = new Uint8Array(chunk.length);
      const expected = buffer.subarray(0, chunk.length);
      if (await readFull(original, expected, at) !== chunk.length) return false;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] !== expected[i]) return false;
      at += chunk.length;
      onProgress?.(at, original.size);
    }
  } catch {
    return false; // truncated, corrupt, or junk after the end
  }
  return at === original.size;
}
