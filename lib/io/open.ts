/**
 * Opening files inside the untrusted log root: only regular files, never through a link, never
 * blocking on a FIFO, with bounded reads.
 *
 * - {@linkcode openRead} / {@linkcode openReadSync}: `lstat`, then `open` with `O_NONBLOCK`
 *   (and `O_NOFOLLOW`, which Deno honours only with all permissions), then `fstat`: the file
 *   must be regular and have the device and inode the `lstat` saw, so a swap between the check
 *   and the open is caught. A FIFO swapped in never blocks the open.
 * - {@linkcode readFileBounded}: the whole file, refused when larger than a limit.
 * - {@linkcode createNew} / {@linkcode createNewSync}: exclusive create (`O_CREAT|O_EXCL`),
 *   which never follows a link, dangling or not.
 * - {@linkcode openExisting} / {@linkcode openExistingSync}: a `Deno.FsFile` (for locks and
 *   appends) on an existing regular file, with the same `lstat`/`fstat` check. `Deno.open` has
 *   no `O_NONBLOCK`: a FIFO swapped in within the microseconds between the check and the open
 *   can still block it; a FIFO or link that is already there is refused without opening.
 *   These two live in `create.ts` and are re-exported here.
 * @module
 */
import { closeSync, constants, fstatSync, openSync, read, readSync } from "node:fs";
import { lstatEntry, lstatEntrySync, refuseUnlessFile, UnsafeEntryError } from "./entries.ts";
import type { Entry } from "./entries.ts";

const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;

/** A regular file of the log root opened for reading, checked after opening. */
export interface ReadHandle extends Disposable {
  /** The path opened. */
  readonly path: string;
  /** Its size when opened, in bytes. */
  readonly size: number;
  /** Its inode number. */
  readonly ino: number;
  /** Its device. */
  readonly dev: number;
  /** Reads into `buffer` from byte `position`; resolves to the bytes read, 0 at the end. */
  readAt(buffer: Uint8Array, position: number): Promise<number>;
  /** The synchronous {@linkcode ReadHandle.readAt}. */
  readAtSync(buffer: Uint8Array, position: number): number;
  /**
   * The content from `start` as a stream of chunks of at most `chunkSize` bytes, stopping at
   * `end` (exclusive; default: the end of the file as it grows until read).
   */
  stream(
    options?: { start?: number; end?: number; chunkSize?: number },
  ): ReadableStream<Uint8Array<ArrayBuffer>>;
  /** Closes the file; closing twice is harmless. */
  close(): void;
}

function check(
  path: string,
  before: Entry,
  fd: number,
): { size: number; ino: number; dev: number } {
  const after = fstatSync(fd);
  if (!after.isFile()) {
    closeSync(fd);
    throw new UnsafeEntryError(
      path,
      after.isFIFO() ? "fifo" : after.isDirectory() ? "directory" : "changed",
    );
  }
  if (after.ino !== before.ino || after.dev !== before.dev) {
    closeSync(fd);
    throw new UnsafeEntryError(path, "changed");
  }
  return { size: after.size, ino: after.ino, dev: after.dev };
}

function readAtAsync(fd: number, buffer: Uint8Array, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buffer, 0, buffer.length, position, (error, bytes) => {
      if (error) reject(error);
      else resolve(bytes);
    });
  });
}

function handle(path: string, fd: number, stat: { size: number; ino: number; dev: number }) {
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  const result: ReadHandle = {
    path,
    ...stat,
    readAt: (buffer, position) => readAtAsync(fd, buffer, position),
    readAtSync: (buffer, position) => readSync(fd, buffer, 0, buffer.length, position),
    stream: ({ start = 0, end = Infinity, chunkSize = 1 << 16 } = {}) => {
      let at = start;
      return new ReadableStream<Uint8Array<ArrayBuffer>>({
        pull: async (controller) => {
          const want = Math.min(chunkSize, end - at);
          const chunk = new Uint8Array(want);
          const n = want > 0 ? await readAtAsync(fd, chunk, at) : 0;
          at += n;
          if (n === 0) controller.close();
          else controller.enqueue(chunk.subarray(0, n));
        },
      });
    },
    close,
    [Symbol.dispose]: close,
  };
  return result;
}

/**
 * Opens a regular file of the log root for reading: never through a link, never blocking.
 * @param path The file.
 * @returns The open file; close it (or `using`) when done.
 * @throws {Deno.errors.NotFound} If nothing is there.
 * @throws {Deno.errors.IsADirectory} If it is a folder.
 * @throws {UnsafeEntryError} If it is not a regular file, or was swapped while being opened.
 * @example Read the first bytes of a file
 * ```ts
 * import { openRead } from "./open.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "hello");
 * using file = await openRead(`${dir}/a.txt`);
 * const buffer = new Uint8Array(5);
 * assert.equal(await file.readAt(buffer, 0), 5);
 * assert.equal(new TextDecoder().decode(buffer), "hello");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function openRead(path: string): Promise<ReadHandle> {
  const before = await lstatEntry(path);
  refuseUnlessFile(path, before);
  const fd = openSync(path, READ_FLAGS);
  return handle(path, fd, check(path, before, fd));
}

/** The synchronous {@linkcode openRead}. */
export function openReadSync(path: string): ReadHandle {
  const before = lstatEntrySync(path);
  refuseUnlessFile(path, before);
  const fd = openSync(path, READ_FLAGS);
  return handle(path, fd, check(path, before, fd));
}

/**
 * Reads a whole regular file of the log root, at most `maxBytes` of it.
 * @param path The file.
 * @param maxBytes The largest size accepted.
 * @returns Its bytes, or `null` when nothing is there.
 * @throws {UnsafeEntryError} If it is not a regular file (reason the kind) or is larger than
 * `maxBytes` (reason `too-large`); nothing more than `maxBytes + 1` bytes is read.
 * @example Read a small state file
 * ```ts
 * import { readFileBounded } from "./open.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/state.txt`, "2026-11-24\n");
 * assert.equal((await readFileBounded(`${dir}/state.txt`, 4096))?.length, 11);
 * assert.equal(await readFileBounded(`${dir}/none.txt`, 4096), null);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readFileBounded(path: string, maxBytes: number): Promise<Uint8Array | null> {
  let file: ReadHandle;
  try {
    file = await openRead(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  using _ = file;
  const buffer = new Uint8Array(maxBytes + 1);
  let length = 0;
  for (let n = -1; n !== 0 && length < buffer.length;) {
    n = await file.readAt(buffer.subarray(length), length);
    length += n;
  }
  if (length > maxBytes) throw new UnsafeEntryError(path, "too-large");
  return buffer.subarray(0, length);
}

export {
  createNew,
  type CreateNewOptions,
  createNewSync,
  openExisting,
  type OpenExistingOptions,
  openExistingSync,
} from "./create.ts";
