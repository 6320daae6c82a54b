/**
 * Reading what a backup needs to plan: the state file, the category files, the archive names.
 * @module
 */
import type { LogPaths } from "../format/paths.ts";
import { fileError } from "../errors.ts";
import {
  describeUnsafe,
  expectKind,
  listEntries,
  lstatEntry,
  UnsafeEntryError,
} from "./entries.ts";
import { readFileBounded } from "./open.ts";

const isArchiveLike = (name: string): boolean => /_logs_.*\.txt(\.gz)?$/.test(name);

/** A category file as a backup finds it. */
export interface FileInfo {
  /** Its size in bytes. */
  size: number;
  /** Its inode number, `null` where the platform has none. */
  ino: number | null;
  /** How many names it has; 2 means a move into the archive was cut short. */
  nlink: number;
}

/** An entry of the log root that a backup left untouched, and why. */
export interface BackupProblem {
  /** The entry. */
  path: string;
  /** What is wrong and the fix, e.g. `it is a symbolic link; remove it`. */
  problem: string;
}

/** What a backup reads before it plans. */
export interface BackupState {
  /** The content of `backup_date.txt`, or `null` when there is none. */
  stateText: string | null;
  /** Each category file, or `null` when it does not exist (or is not a regular file). */
  files: Record<string, FileInfo | null>;
  /** The names of the regular files in `backup_logs`. */
  archives: string[];
  /** Category → archive name, for category files that are the same file as an archive. */
  linked: Record<string, string>;
  /** The names in `backup_logs` that are not regular files: never touched, never reused. */
  others?: string[];
  /** Entries that are not what they must be (a link, FIFO, socket, device): left untouched. */
  problems?: BackupProblem[];
  /** `backup_date.txt` is not a regular file: it is left as it is, and not rewritten. */
  stateBlocked?: boolean;
  /** `backup_logs` is not a plain folder: nothing is moved into it, nothing in it touched. */
  archivesBlocked?: boolean;
}

// What to plan with when a thing is refused: reads of anything else are errors.
async function unlessUnsafe<T>(
  path: string,
  problems: BackupProblem[],
  read: () => Promise<T>,
  refused: T,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof UnsafeEntryError) || error.reason === "too-large") throw error;
    problems.push({ path, problem: describeUnsafe(error.reason) });
    return refused;
  }
}

const MAX_STATE_BYTES = 4096;

async function readStateText(path: string): Promise<string | null> {
  try {
    const bytes = await readFileBounded(path, MAX_STATE_BYTES);
    return bytes === null ? null : new TextDecoder().decode(bytes);
  } catch (error) {
    if (error instanceof UnsafeEntryError && error.reason === "too-large") return ""; // unreadable
    throw error;
  }
}

async function statFile(path: string): Promise<FileInfo | null> {
  const entry = await lstatEntry(path);
  if (entry.kind === "missing") return null;
  expectKind(path, entry, "file", false);
  return { size: entry.size, ino: entry.ino, nlink: entry.nlink };
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

async function readArchiveFolder(dir: string, problems: BackupProblem[]) {
  const entries = await unlessUnsafe(dir, problems, () => listEntries(dir), undefined);
  const archives: string[] = [], others: string[] = [];
  for (const entry of entries ?? []) {
    (entry.kind === "file" ? archives : others).push(entry.name);
    const { kind } = entry;
    if (
      kind !== "file" && kind !== "directory" && kind !== "missing" && isArchiveLike(entry.name)
    ) {
      problems.push({ path: `${dir}/${entry.name}`, problem: describeUnsafe(kind) });
    }
  }
  return { archives, others, blocked: entries === undefined };
}

/**
 * Reads the state file (4 KiB at most), the category files' sizes and the archive names;
 * links, FIFOs, sockets and devices are reported in `problems`, never opened.
 * @throws {LogFileError} If one of them cannot be read.
 */
export async function readBackupState(
  paths: LogPaths<string>,
): Promise<BackupState> {
  const problems: BackupProblem[] = [];
  const file = paths.backupDateFile;
  const blocked = Symbol("blocked");
  const text = await readAt(
    file,
    paths.root,
    (p) => unlessUnsafe(p, problems, () => readStateText(p), blocked as symbol | string | null),
  );
  const folder = await readAt(paths.backupDir, paths.root, (p) => readArchiveFolder(p, problems));
  const files: Record<string, FileInfo | null> = {};
  const linked: Record<string, string> = {};
  for (const [category, path] of Object.entries(paths.files)) {
    const read = () => statFile(path);
    const info = files[category] = await readAt(
      path,
      paths.root,
      () => unlessUnsafe(path, problems, read, null),
    );
    if (!info || info.nlink < 2) continue;
    for (const name of folder.archives.filter((n) => n.startsWith(`${category}_logs_`))) {
      const twin = await statFile(`${paths.backupDir}/${name}`).catch(() => null);
      if (twin?.ino === info.ino) linked[category] = name;
    }
  }
  const stateBlocked = text === blocked;
  return {
    stateText: stateBlocked ? "" : text as string | null,
    files,
    archives: folder.archives,
    linked,
    others: folder.others,
    problems,
    stateBlocked,
    archivesBlocked: folder.blocked,
  };
}
