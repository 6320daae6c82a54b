/**
 * Locks: the backup's exclusive lock, and telling whether a writer still holds a file.
 * @module
 */
import { isNotFound } from "./errors.ts";

/** Holds the exclusive backup lock until disposed; waits while another process holds it. */
export async function lockExclusive(path: string): Promise<AsyncDisposable> {
  const file = await Deno.open(path, { read: true, write: true, create: true });
  try {
    await file.lock(true);
  } catch (error) {
    file.close();
    throw error;
  }
  return { [Symbol.asyncDispose]: () => Promise.resolve(file.close()) };
}

/** Whether no writer holds `path` open (a writer holds a shared lock on its open log file). */
export async function isUnused(path: string): Promise<boolean> {
  try {
    await using file = await Deno.open(path, { read: true });
    return await file.tryLock(true);
  } catch (error) {
    if (isNotFound(error)) return true;
    throw error;
  }
}
