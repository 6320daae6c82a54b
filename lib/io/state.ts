/**
 * Reading what a backup needs to plan: the state file, the category files, the archive names.
 * @module
 */
import type { LogPaths } from "../format/paths.ts";
import { fileError } from "../errors.ts";
import { isNotFound } from "./errors.ts";

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
