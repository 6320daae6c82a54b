/**
 * The only module that touches the disk: small verbs, each doing one thing. Errors are the
 * runtime's own; callers wrap them with `fileError` where they know the action.
 * @module
 */
import { dirname } from "node:path";
import type { LogPaths } from "./paths.ts";
import { fileError } from "./errors.ts";

/** A category file as a backup finds it. */
export interface FileInfo {
  /** Its size in bytes. */
  size: number;
  /** Its inode number, `null` where the platform has none. */
  ino: number | null;
  /** How many names it has; 2 means a move into the archive was cut short. */
  nlink: number;
}

/** What a backup reads before it plans. */
export interface BackupState {
  /** The content of `backup_date.txt`, or `null` when there is none. */
  stateText: string | null;
  /** Each category file, or `null` when it does not exist. */
  files: Record<string, FileInfo | null>;
  /** The names of the entries in `backup_logs`. */
  archives: string[];
  /** Category → archive name, for category files that are the same file as an archive. */
  linked: Record<string, string>;
}

const isNotFound = (error: unknown): boolean => error instanceof Deno.errors.NotFound;

async function readTextOrNull(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function statFile(path: string): Promise<FileInfo | null> {
  try {
    const info = await Deno.stat(path);
    if (info.isDirectory) {
      throw new Deno.errors.IsADirectory(`Is a directory: ${path}`);
    }
    return { size: info.size, ino: info.ino, nlink: info.nlink ?? 1 };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function listNames(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      names.push(entry.name); // folders too: an archive name must not collide with anything
    }
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  return names.sort();
}

async function readAt<T>(
  path: string,
  root: string,
  read: (path: string) => Promise<T>,
): Promise<T> {
  try {
    return await read(path);
  } catch (error) {
    throw fileError("Cannot read", path, error, root);
  }
}

/**
 * Reads the state file, the category files' sizes and the archive names.
 * @throws {LogFileError} If one of them cannot be read, or a category path is a folder.
 */
export async function readBackupState(
  paths: LogPaths<string>,
): Promise<BackupState> {
  const stateText = await readAt(
    paths.backupDateFile,
    paths.root,
    readTextOrNull,
  );
  const archives = await readAt(paths.backupDir, paths.root, listNames);
  const files: Record<string, FileInfo | null> = {};
  const linked: Record<string, string> = {};
  for (const [category, path] of Object.entries(paths.files)) {
    const info = files[category] = await readAt(path, paths.root, statFile);
    if (!info || info.nlink < 2) continue;
    for (
      const name of archives.filter((n) => n.startsWith(`${category}_logs_`))
    ) {
      const twin = await statFile(`${paths.backupDir}/${name}`);
      if (twin?.ino === info.ino) linked[category] = name;
    }
  }
  return { stateText, files, archives, linked };
}

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
export async function gzipFile(source: string, dest: string): Promise<void> {
  const temp = `${dest}.tmp`;
  const input = await Deno.open(source, { read: true });
  {
    await using output = await Deno.open(temp, {
      write: true,
      create: true,
      truncate: true,
    });
    for await (
      const chunk of input.readable.pipeThrough(new CompressionStream("gzip"))
    ) {
      await writeAll(output, chunk);
    }
    await output.sync();
  }
  await Deno.rename(temp, dest);
}

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
