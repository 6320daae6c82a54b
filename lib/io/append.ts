/**
 * The writer's verbs: open a log file for appending under a shared lock, check that its path
 * still names it, write all bytes synchronously.
 * @module
 */
import { dirname } from "node:path";
import { isNotFound } from "./errors.ts";

/** A log file held open for appending, with the identity it had when opened. */
export interface AppendHandle {
  /** The open file, with a shared lock on it. */
  file: Deno.FsFile;
  /** Its inode number when opened. */
  ino: number | null;
}

/**
 * Opens `path` for appending (creating it and its folders), takes a shared lock, and checks
 * that the path still names the file opened, so a backup's rename is never missed.
 */
export function openAppendSync(path: string): AppendHandle {
  for (;;) {
    let file: Deno.FsFile;
    try {
      file = Deno.openSync(path, { append: true, create: true });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      Deno.mkdirSync(dirname(path), { recursive: true });
      file = Deno.openSync(path, { append: true, create: true });
    }
    try {
      file.lockSync(false);
      const ino = file.statSync().ino;
      if (isCurrentSync({ file, ino }, path)) return { file, ino };
    } catch (error) {
      file.close();
      throw error;
    }
    file.close();
  }
}

/** Whether `path` still names the file behind `handle` (false once a backup renamed it). */
export function isCurrentSync(handle: AppendHandle, path: string): boolean {
  try {
    return Deno.statSync(path).ino === handle.ino;
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
