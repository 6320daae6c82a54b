/**
 * Archive names in `backup_logs/`: naming new archives without collisions and reading names
 * back. Shared by the backup and the readers. Pure.
 * @module
 */
import { formatArchiveStamp, parseArchiveStamp } from "./time.ts";

const ARCHIVE_NAME =
  /^([a-z0-9][a-z0-9_-]{0,63})_logs_(\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d)(?:_(\d+))?\.txt(\.gz)?$/;

/** One archive: its plain name and the files that stand for it. */
export interface ArchiveEntry {
  /** The category it came from. */
  category: string;
  /** Its name without `.gz`: `<category>_logs_<stamp>[_N].txt`. */
  base: string;
  /** The backup time in its name. */
  at: Date;
  /** The collision counter in its name, 0 for none. */
  seq: number;
  /** Whether the plain `.txt` file exists. */
  plain: boolean;
  /** Whether the compressed `.txt.gz` file exists (it only appears complete). */
  gzip: boolean;
}

/**
 * Names the archive of one category file, never one that exists.
 * @param category The category, e.g. `login`.
 * @param at The backup time; its local time goes into the name.
 * @param taken The names already in the archive folder (with or without `.gz`).
 * @returns `<category>_logs_<YYYY-MM-DD_HH-MM-SS>.txt`, or with `_1`, `_2`, … before `.txt`.
 * @example
 * ```ts
 * import { archiveName } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const at = new Date(2026, 10, 24, 14, 5, 9);
 * assert.equal(archiveName("login", at, []), "login_logs_2026-11-24_14-05-09.txt");
 * assert.equal(archiveName("login", at, ["login_logs_2026-11-24_14-05-09.txt.gz"]), "login_logs_2026-11-24_14-05-09_1.txt");
 * ```
 */
export function archiveName(
  category: string,
  at: Date,
  taken: Iterable<string>,
): string {
  const bases = new Set<string>();
  for (const name of taken) {
    bases.add(name.replace(/\.gz(\.tmp)?$/, "").replace(/\.tmp$/, ""));
  }
  const head = `${category}_logs_${formatArchiveStamp(at)}`;
  let name = `${head}.txt`;
  for (let n = 1; bases.has(name); n++) name = `${head}_${n}.txt`;
  return name;
}

/**
 * Reads the archive folder's names into archives; other names are ignored.
 * @param names The file names in `backup_logs`.
 * @returns One entry per archive, oldest first.
 */
export function parseArchives(names: readonly string[]): ArchiveEntry[] {
  const byBase = new Map<string, ArchiveEntry>();
  for (const name of names) {
    const m = ARCHIVE_NAME.exec(name);
    const at = m ? parseArchiveStamp(m[2]!) : null;
    if (!m || !at) continue;
    const base = m[4] ? name.slice(0, -3) : name;
    const entry = byBase.get(base) ??
      {
        category: m[1]!,
        base,
        at,
        seq: Number(m[3] ?? 0),
        plain: false,
        gzip: false,
      };
    if (m[4]) entry.gzip = true;
    else entry.plain = true;
    byBase.set(base, entry);
  }
  return [...byBase.values()].sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
}

/**
 * The files that stand for archives, as names in the archive folder.
 * @param entry An archive.
 * @returns Its plain and compressed names that exist.
 */
export function archiveFiles(entry: ArchiveEntry): string[] {
  return [
    ...(entry.plain ? [entry.base] : []),
    ...(entry.gzip ? [`${entry.base}.gz`] : []),
  ];
}
