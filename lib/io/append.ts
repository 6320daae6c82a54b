/**
 * The writer's verbs: open a log file for appending under a shared lock, check that its path
 * still names it, write all bytes synchronously.
 * @module
 */
import { dirname } from "node:path";
import { isNotFound } from "./errors.ts";
import { UnsafeEntryError } from "./entries.ts";
import { createNewSync, openExistingSync } from "./create.ts";

/** A log file held open for appending, with the identity it had when opened. */
export interface AppendHandle {
  /** The open file, with a shared lock on it. */
  file: Deno.FsFile;
  /** Its inode number when opened. */
  ino: number | null;
  /** Whether the file did not end in `\n` when opened: the next write must start a new line. */
  torn: boolean;
}

// Opens the regular file at `path` for appending, or creates it exclusively: never through a
// link, never a FIFO or device that is already there (`openExistingSync` checks before and
// after opening). `null` when the name changed in between (a backup moved the file and created
// a new one between the check and the open): try again.
function openOrCreateSync(path: string): Deno.FsFile | null {
  try {
    return openExistingSync(path, { read: true, append: true });
  } catch (error) {
    if (error instanceof UnsafeEntryError && error.reason === "changed") return null;
    if (!isNotFound(error)) throw error;
  }
  try {
    return createNewSync(path, { read: true, append: true });
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return null;
    if (!isNotFound(error)) throw error;
  }
  Deno.mkdirSync(dirname(path), { recursive: true });
  return null;
}

// Whether a non-empty file does not end in a line break (a write cut short by a full disk, in
// any process, before any restart).
function endsTornSync(file: Deno.FsFile, size: number): boolean {
  if (size === 0) return false;
  const last = new Uint8Array(1);
  file.seekSync(size - 1, Deno.SeekMode.Start);
  return file.readSync(last) === 1 && last[0] !== 0x0a;
}

/**
 * Opens `path` for appending (creating it exclusively, and its folders), takes a shared lock,
 * and checks that the path still names the file opened, so a backup's rename is never missed.
 * Only a regular file is opened: a link, FIFO, socket or device at `path` is refused.
 * @throws {UnsafeEntryError} If `path` is not a regular file.
 */
export function openAppendSync(path: string): AppendHandle {
  for (let attempt = 0;; attempt++) {
    const file = openOrCreateSync(path);
    if (file === null) {
      if (attempt > 100) throw new UnsafeEntryError(path, "changed");
      continue;
    }
    try {
      file.lockSync(false);
      const { ino, size } = file.statSync();
      const handle = { file, ino, torn: endsTornSync(file, size) };
      if (isCurrentSync(handle, path)) return handle;
    } catch (error) {
      file.close();
      throw error;
    }
    file.close();
  }
}

/** Whether `path` still names the file behind `handle` (false once a backup renamed it). */
export function isCurrentSync(handle: { ino: number | null }, path: string): boolean {
  try {
    const info = Deno.lstatSync(path);
    return info.isFile && info.ino === handle.ino;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** A write that failed after part of its bytes had been written. */
export class PartialWriteError extends Error {
  /** How many bytes were written before the failure. */
  readonly written: number;

  /**
   * @param written How many bytes were written.
   * @param cause The error of the write that failed.
   */
  constructor(written: number, cause: unknown) {
    super(`Wrote ${written} bytes, then failed: ${cause}`, { cause });
    this.written = written;
  }
}

/**
 * Writes all of `bytes` with synchronous writes (one, unless the OS takes less).
 * @throws {PartialWriteError} If a write fails after some bytes were written; else the error.
 */
export function writeAllSync(file: Deno.FsFile, bytes: Uint8Array): void {
  let done = file.writeSync(bytes);
  try {
    while (done < bytes.length) done += file.writeSync(bytes.subarray(done));
  } catch (error) {
    throw new PartialWriteError(done, error);
  }
}

/** Closes a file, ignoring one already closed. */
export function closeQuietly(file: Deno.FsFile): void {
  try {
    file.close();
  } catch { /* already closed */ }
}
