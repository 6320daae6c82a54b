/**
 * Which files the readers read: per category, the archives oldest first, then the live file.
 * The choice is pure (`planLogFiles`); `findLogFiles` lists and inspects the folders.
 * @module
 */
import { join } from "node:path";
import { listLogFolder } from "../io/read.ts";
import type { Entry } from "../io/entries.ts";
import { parseArchives } from "../format/archives.ts";
import { checkRoot, LOG_CATEGORIES, logPaths } from "../format/paths.ts";
import { compileFilter } from "./filter.ts";
import { hostRoots } from "./hosts.ts";

/** A log file the readers would read. */
export interface LogFileInfo {
  /** Its path: `<root>/<category>_logs.txt` or `<root>/backup_logs/<archive>`. */
  path: string;
  /** Its category. */
  category: string;
  /** Whether it is an archive in `backup_logs/`. */
  archived: boolean;
  /** Whether it is gzip-compressed (`.txt.gz`). */
  compressed: boolean;
  /** Its size in bytes on disk (compressed size for `.txt.gz`). */
  size: number;
  /** With `hosts`: the host folder it is in. */
  host?: string;
}

/** A file to read, with what the readers need to know about it. */
export interface LogFileRef extends LogFileInfo {
  /** Its inode number. */
  ino: number;
  /** For an archive, the backup time in its name (the end of its range); `Infinity` if live. */
  at: number;
}

/** A regular file found in a folder: its name, inode and size. */
export interface FoundFile {
  /** Its name. */
  name: string;
  /** Its inode number. */
  ino: number;
  /** Its size. */
  size: number;
}

/**
 * Chooses the files of each category: archives by backup time (the plain `.txt` when both it and
 * its `.txt.gz` exist), then the live file unless it is the same file as an archive (a move
 * that a crash cut short).
 */
export function planLogFiles(
  root: string,
  categories: readonly string[],
  live: ReadonlyMap<string, FoundFile>,
  archived: readonly FoundFile[],
): Map<string, LogFileRef[]> {
  const byName = new Map(archived.map((file) => [file.name, file]));
  const plan = new Map<string, LogFileRef[]>(categories.map((c) => [c, []]));
  for (const entry of parseArchives([...byName.keys()])) {
    const files = plan.get(entry.category);
    if (!files) continue;
    const name = entry.plain ? entry.base : `${entry.base}.gz`;
    const found = byName.get(name)!;
    files.push({
      path: join(root, "backup_logs", name),
      category: entry.category,
      archived: true,
      compressed: !entry.plain,
      size: found.size,
      ino: found.ino,
      at: entry.at.getTime(),
    });
  }
  for (const [category, files] of plan) {
    const file = live.get(category);
    if (!file || files.some((f) => !f.compressed && f.ino === file.ino)) continue;
    const path = join(root, file.name);
    files.push({ path, category, archived: false, compressed: false, ...file, at: Infinity });
  }
  return plan;
}

function regularFiles(entries: Entry[]): FoundFile[] {
  return entries.filter((e) => e.kind === "file").map(({ name, ino, size }) => ({
    name,
    ino: ino ?? 0,
    size,
  }));
}

/** Lists and inspects the files of `categories` under `root`; links and FIFOs are left out. */
export async function findLogFiles(
  root: string,
  categories: readonly string[],
  archives = true,
): Promise<Map<string, LogFileRef[]>> {
  const paths = logPaths(root, { categories });
  const wanted = new Map(categories.map((c) => [`${c}_logs.txt`, c]));
  const top = (await listLogFolder(root, true)).filter((e) => wanted.has(e.name));
  const live = new Map<string, FoundFile>();
  for (const file of regularFiles(top)) live.set(wanted.get(file.name)!, file);
  const backup = archives ? await listLogFolder(paths.backupDir) : [];
  return planLogFiles(root, categories, live, regularFiles(backup));
}

/**
 * Lists the live and archived files the readers would read, oldest first: archives by backup
 * time, then the live files. Links, FIFOs and other non-regular files are left out; a missing
 * root lists nothing. Requires `--allow-read` on the root.
 * @param options `root` (default `"logs"`), `categories` (default `LOG_CATEGORIES`), `hosts`
 * (the root is a central root: list these host folders, each entry with its `host`).
 * @returns One entry per file.
 * @throws {RangeError} If a category name is not valid.
 * @example
 * ```ts
 * import { listLogFiles, logToLogin } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * await logToLogin("alice logged in", { root });
 * const files = await listLogFiles({ root });
 * assert.deepEqual(files.map((f) => [f.category, f.archived, f.compressed]), [["login", false, false]]);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function listLogFiles(
  options: { root?: string; categories?: readonly string[]; hosts?: readonly string[] } = {},
): Promise<LogFileInfo[]> {
  const { root = "logs", categories = LOG_CATEGORIES } = options;
  checkRoot(root);
  if (options.hosts !== undefined) {
    compileFilter({ root, categories });
    const files: LogFileInfo[] = [];
    for (const [host, hostRoot] of await hostRoots(root, options.hosts)) {
      const listed = await listLogFiles({ root: hostRoot, categories });
      files.push(...listed.map((file) => ({ ...file, host })));
    }
    return files;
  }
  const filter = compileFilter({ root, categories });
  const plan = await findLogFiles(root, filter.categories);
  const all = [...plan.values()].flat();
  all.sort((a, b) => a.at - b.at || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return all.map(({ path, category, archived, compressed, size }) => ({
    path,
    category,
    archived,
    compressed,
    size,
  }));
}
