/**
 * The readers' verbs, on top of the safe opens of `open.ts` and the listing of `entries.ts`:
 * what a reader cannot use (a link, a FIFO, something swapped while opened) is simply not
 * there, and a file that cannot be read is a `LogFileError` that says what to fix. Nothing here
 * creates, changes or locks anything.
 * @module
 */
import { dirname } from "node:path";
import { describeCause, LogFileError } from "../errors.ts";
import { isNotFound } from "./errors.ts";
import { type Entry, listEntries, lstatEntry, UnsafeEntryError } from "./entries.ts";
import { openRead, type ReadHandle } from "./open.ts";

export type { ReadHandle } from "./open.ts";

/** A read failure as a {@linkcode LogFileError} naming the path; reading needs only --allow-read. */
function readError(
  action: string,
  path: string,
  cause: unknown,
  folder: string = dirname(path),
): LogFileError {
  const why = cause instanceof Deno.errors.NotCapable
    ? `Deno has no permission for it; run with --allow-read=${folder}`
    : cause instanceof Deno.errors.PermissionDenied ||
        (cause as { code?: string })?.code === "EACCES"
    ? `the operating system denied access; give this user read access to ${folder}`
    : describeCause(path, cause, folder);
  return new LogFileError(`${action} ${JSON.stringify(path)}: ${why}`, path, { cause });
}

function isGone(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return isNotFound(error) || error instanceof Deno.errors.NotADirectory || code === "ENOENT" ||
    code === "ENOTDIR";
}

// The root, which the operator names, may be a link to a folder: follow it, and only it.
async function listRoot(dir: string): Promise<Entry[] | null> {
  if (!(await Deno.stat(dir)).isDirectory) return null;
  const entries: Entry[] = [];
  for await (const { name } of Deno.readDir(dir)) {
    const entry = await lstatEntry(`${dir}/${name}`);
    if (entry.kind !== "missing") entries.push(entry);
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The entries of a log folder with their kinds, links not followed; a missing folder, or one
 * that is a link (unless `isRoot`: the operator names the root, which may be a link), has none.
 */
export async function listLogFolder(dir: string, isRoot = false): Promise<Entry[]> {
  try {
    return await (isRoot ? listRoot(dir) : listEntries(dir)) ?? [];
  } catch (error) {
    if (error instanceof UnsafeEntryError || isGone(error)) return [];
    throw readError("Cannot list log folder", dir, error, dir);
  }
}

/**
 * Opens a regular file of the log root for reading (see `openRead`); `null` when it is gone, or
 * is a link, FIFO, socket, device or folder, or was swapped while being opened.
 */
export async function openLogFile(path: string): Promise<ReadHandle | null> {
  try {
    return await openRead(path);
  } catch (error) {
    if (error instanceof UnsafeEntryError || isGone(error)) return null;
    throw readError("Cannot open log file", path, error);
  }
}

/** Reads into `buffer` from `position`; resolves to the bytes read, 0 at the end. */
export async function readAt(
  handle: ReadHandle,
  buffer: Uint8Array,
  position: number,
): Promise<number> {
  try {
    return await handle.readAt(buffer, position);
  } catch (error) {
    throw readError("Cannot read log file", handle.path, error);
  }
}

/**
 * The decompressed bytes of a gzip file, streamed from its start in blocks of `blockSize`
 * compressed bytes (small: each block can inflate to several MiB).
 */
export function gunzip(
  handle: ReadHandle,
  blockSize = 64 << 10,
): ReadableStream<Uint8Array<ArrayBuffer>> {
  let position = 0;
  const compressed = new ReadableStream<Uint8Array<ArrayBuffer>>({
    async pull(controller) {
      const buffer = new Uint8Array(blockSize);
      const n = await readAt(handle, buffer, position);
      position += n;
      if (n === 0) controller.close();
      else controller.enqueue(buffer.subarray(0, n));
    },
  });
  return compressed.pipeThrough(new DecompressionStream("gzip"));
}

/** What stands at a path, links not followed; `null` when nothing (see `lstatEntry`). */
export async function lstatLogFile(path: string): Promise<Entry | null> {
  try {
    const entry = await lstatEntry(path);
    return entry.kind === "missing" ? null : entry;
  } catch (error) {
    if (isGone(error)) return null;
    throw readError("Cannot read log file", path, error);
  }
}
