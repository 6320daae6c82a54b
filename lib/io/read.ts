/**
 * The readers' verbs: list a folder with the kind of each entry, open a regular file without
 * following a link or blocking on a FIFO, read a block at an offset, gunzip a stream. Nothing
 * here creates, changes or locks anything.
 * @module
 */
import * as fs from "node:fs";
import { dirname } from "node:path";
import { isNotFound } from "./errors.ts";
import { describeCause, LogFileError } from "../errors.ts";

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;

/** What a folder entry is, without following links. */
export type EntryKind = "file" | "dir" | "symlink" | "other";

/** A folder entry. */
export interface DirEntry {
  /** Its name in the folder. */
  name: string;
  /** Its kind; `other` is a FIFO, socket or device. */
  kind: EntryKind;
}

/** A regular file open for reading. */
export interface ReadHandle {
  /** The path it was opened by. */
  path: string;
  /** The OS file descriptor. */
  fd: number;
  /** Its device and inode numbers when opened. */
  dev: number;
  /** Its inode number. */
  ino: number;
  /** Its size when opened. */
  size: number;
}

function kindOf(entry: { isFile: boolean; isDirectory: boolean; isSymlink: boolean }): EntryKind {
  if (entry.isSymlink) return "symlink";
  if (entry.isFile) return "file";
  return entry.isDirectory ? "dir" : "other";
}

/** A read failure as a {@linkcode LogFileError} naming the path; reading needs only --allow-read. */
function readError(action: string, path: string, cause: unknown): LogFileError {
  const folder = dirname(path);
  const why = cause instanceof Deno.errors.NotCapable
    ? `Deno has no permission for it; run with --allow-read=${folder}`
    : cause instanceof Deno.errors.PermissionDenied ||
        (cause as { code?: string })?.code === "EACCES"
    ? `the operating system denied access; give this user read access to ${folder}`
    : describeCause(path, cause, folder);
  return new LogFileError(`${action} ${JSON.stringify(path)}: ${why}`, path, { cause });
}

function isNotDir(error: unknown): boolean {
  return error instanceof Deno.errors.NotADirectory || /ENOTDIR/.test(String(error));
}

/**
 * The entries of a folder, sorted by name; a missing folder has none. A link is not listed into,
 * unless `mayBeLink` (the root, which the operator names, may be a link).
 */
export async function listDir(dir: string, mayBeLink = false): Promise<DirEntry[]> {
  try {
    if (!(await (mayBeLink ? Deno.stat(dir) : Deno.lstat(dir))).isDirectory) return [];
    const entries: DirEntry[] = [];
    for await (const entry of Deno.readDir(dir)) {
      entries.push({ name: entry.name, kind: kindOf(entry) });
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    if (isNotFound(error) || isNotDir(error)) return [];
    throw readError("Cannot list log folder", dir, error);
  }
}

/** The kind, inode and size of a path, without following a link; `null` when missing. */
export async function lstatPath(
  path: string,
): Promise<{ kind: EntryKind; ino: number; size: number } | null> {
  try {
    const info = await Deno.lstat(path);
    return { kind: kindOf(info), ino: info.ino ?? 0, size: info.size };
  } catch (error) {
    if (isNotFound(error) || isNotDir(error)) return null;
    throw readError("Cannot read log file", path, error);
  }
}

/**
 * Opens a regular file for reading: never through a link (`O_NOFOLLOW`), never blocking on a
 * FIFO (`O_NONBLOCK`), and closed again unless it is a regular file. `null` when the path is
 * missing, a link, or not a regular file.
 */
export async function openRegular(path: string): Promise<ReadHandle | null> {
  let fd: number;
  try {
    fd = await new Promise<number>((resolve, reject) =>
      fs.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK, (e, fd) => e ? reject(e) : resolve(fd))
    );
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT" || code === "ELOOP" || code === "ENOTDIR" || isNotFound(error)) {
      return null;
    }
    throw readError("Cannot open log file", path, error);
  }
  const info = fs.fstatSync(fd);
  if (!info.isFile()) {
    fs.closeSync(fd);
    return null;
  }
  return { path, fd, dev: Number(info.dev), ino: Number(info.ino), size: Number(info.size) };
}

/** The current size of an open file. */
export function handleSize(handle: ReadHandle): number {
  return Number(fs.fstatSync(handle.fd).size);
}

/** Reads into `buffer` from `position`; returns how many bytes were read (0 at the end). */
export function readAt(
  handle: ReadHandle,
  buffer: Uint8Array,
  position: number,
  length: number = buffer.length,
): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.read(
      handle.fd,
      buffer,
      0,
      length,
      position,
      (e, n) => e ? reject(readError("Cannot read log file", handle.path, e)) : resolve(n),
    )
  );
}

/** Closes a handle; a second close is harmless. */
export function closeHandle(handle: ReadHandle): void {
  if (handle.fd < 0) return;
  try {
    fs.closeSync(handle.fd);
  } catch { /* already closed */ }
  handle.fd = -1;
}

/** The decompressed bytes of a gzip file, streamed from `handle` in blocks of `blockSize`. */
export function gunzip(
  handle: ReadHandle,
  blockSize = 1 << 20,
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
