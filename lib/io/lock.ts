/**
 * Locks: the backup's exclusive lock, and telling whether a writer still holds a file.
 * @module
 */
import { isNotFound } from "./errors.ts";
import { createNew, openExisting } from "./create.ts";

// The lock file, created exclusively or opened only as a regular file (never through a link,
// never a FIFO that is already there).
async function openLockFile(path: string): Promise<Deno.FsFile> {
  for (let attempt = 0;; attempt++) {
    try {
      return await openExisting(path, { read: true });
    } catch (error) {
      if (!isNotFound(error) || attempt > 100) throw error;
    }
    try {
      return await createNew(path, { read: true });
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
  }
}

/**
 * Holds the exclusive backup lock until disposed; waits while another process holds it.
 * @throws {UnsafeEntryError} If the lock file is a link, FIFO, socket or device.
 */
export async function lockExclusive(path: string): Promise<AsyncDisposable> {
  const file = await openLockFile(path);
  try {
    await file.lock(true);
  } catch (error) {
    file.close();
    throw error;
  }
  return { [Symbol.asyncDispose]: () => Promise.resolve(file.close()) };
}

/**
 * Whether no writer holds `path` open (a writer holds a shared lock on its open log file).
 * @throws {UnsafeEntryError} If `path` is not a regular file.
 */
export async function isUnused(path: string): Promise<boolean> {
  try {
    await using file = await openExisting(path, { read: true });
    return await file.tryLock(true);
  } catch (error) {
    if (isNotFound(error)) return true;
    throw error;
  }
}
