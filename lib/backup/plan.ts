/**
 * Every decision of a backup, as plain data: whether it is due, what moves where, what is
 * created, compressed and deleted, and the report. Pure: tests check plans without a disk, and
 * `--dry-run` prints them.
 * @module
 */
import { join } from "node:path";
import type { BackupProblem, BackupState } from "../io/state.ts";
import type { LogPaths } from "../format/paths.ts";
import { formatTimestamp, parseBackupDate } from "../format/time.ts";
import { archiveFiles, archiveName, parseArchives } from "../format/archives.ts";
import { planRetention } from "./retention.ts";

const DAY_MS = 86_400_000;

/** Why a backup ran or did not. */
export type BackupReason =
  | "first-run"
  | "not-due"
  | "due"
  | "forced"
  | "state-unreadable"
  | "size";

/** What `checkAndBackupLogs` did, or, from `previewBackup`, what it would do. */
export interface BackupReport {
  /** Whether a backup ran (due, forced, unreadable state, size); `archived` may still be empty. */
  performed: boolean;
  /** Why. */
  reason: BackupReason;
  /** `true` when nothing was changed: the report of `previewBackup` (`--dry-run`). */
  dryRun: boolean;
  /** The time recorded before this call; `null` when there was none or it was unreadable. */
  lastBackup: Date | null;
  /** When the next backup falls due after this call. */
  nextBackup: Date;
  /** The paths of the archive files this call created, or completed after an interrupted run. */
  archived: string[];
  /**
   * The `.txt.gz` paths of the archives this call compressed, due or not: the new ones and any
   * that an earlier run left plain.
   */
  compressed: string[];
  /**
   * The plain archives this call left as they are because a writer still had them open after
   * a wait of a few seconds: not compressed, not deleted. The next run finishes them.
   */
  held: string[];
  /**
   * The paths of the archive files deleted: by `keep` and `maxAgeDays`, and plain archives
   * removed once their `.gz` was read back whole and found equal.
   */
  deleted: string[];
  /**
   * Entries of the log root that are not what they must be (a link, FIFO, socket, device where
   * a file or folder belongs), left untouched; reported on every run until someone removes them.
   */
  problems: BackupProblem[];
  /** With `hosts` or `allHosts`: each host folder's own report; the fields above sum them up. */
  hosts?: Record<string, BackupReport>;
  /** With `reopenPidFile`: the process sent SIGHUP after the moves, if any file was moved. */
  signalled?: number;
}

/** The settings a backup plan depends on. */
export interface BackupSettings {
  /** Days between backups; a positive finite number. */
  intervalDays: number;
  /** Back up now whether due or not. */
  force: boolean;
  /** Compress archives with gzip. */
  compress: boolean;
  /** With `compress`, compress this run's new archives only at the next run. */
  delayCompress?: boolean;
  /** Archives kept per category; `undefined` keeps all. */
  keep?: number;
  /** Archives older than this many days are deleted; `undefined` keeps all. */
  maxAgeDays?: number;
  /** Back up as soon as a category file has reached this many bytes; `undefined`: never. */
  maxBytes?: number;
}

/**
 * Everything a backup does, in the order it does it: what `previewBackup` returns and
 * `--dry-run` prints. The step lists are the plan's internals, exported for display and for
 * checks in tests; their shape may change between minor versions. What a run did is `report`.
 */
export interface BackupPlan {
  /** The report the backup returns. */
  report: BackupReport;
  /** Category files that are already an archive under a second name: drop the category name. */
  unlink: string[];
  /** Category files to move into the archive folder, never over an existing file. */
  moves: { from: string; to: string }[];
  /** Category files to create empty where missing. */
  touch: string[];
  /** The new content of `backup_date.txt`, or `null` to leave it. */
  state: string | null;
  /** Plain archives to compress into `dest`. */
  compress: { source: string; dest: string }[];
  /** Archive files to delete once the rest is done. */
  remove: string[];
  /**
   * Plain archives beside their `.gz` (a compression cut short): delete `source` once `dest`
   * has been read back whole and found equal; compress again first if it is not.
   */
  verify: { source: string; dest: string }[];
}

/**
 * Whether a backup is due: at least `intervalDays` × 24 h have passed since `last`.
 * @param last The recorded time of the last backup.
 * @param at Now.
 * @param intervalDays Days between backups.
 * @returns `true` when due.
 * @example
 * ```ts
 * import { isBackupDue } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.equal(isBackupDue(new Date("2026-10-25T12:00:00Z"), new Date("2026-11-24T12:00:00Z"), 30), true);
 * assert.equal(isBackupDue(new Date("2026-10-25T12:00:01Z"), new Date("2026-11-24T12:00:00Z"), 30), false);
 * ```
 */
export function isBackupDue(
  last: Date,
  at: Date,
  intervalDays: number,
): boolean {
  return at.getTime() - last.getTime() >= intervalDays * DAY_MS;
}

function decide(
  state: BackupState,
  at: Date,
  settings: BackupSettings,
): { reason: BackupReason; last: Date | null } {
  const parsed = state.stateText === null ? null : parseBackupDate(state.stateText);
  const last = parsed && parsed.getTime() - at.getTime() <= DAY_MS ? parsed : null;
  const full = settings.maxBytes !== undefined &&
    Object.values(state.files).some((info) => info !== null && info.size >= settings.maxBytes!);
  if (settings.force) return { reason: "forced", last };
  if (state.stateText === null) return { reason: "first-run", last };
  if (last === null) return { reason: "state-unreadable", last };
  if (isBackupDue(last, at, settings.intervalDays)) {
    return { reason: "due", last };
  }
  return { reason: full ? "size" : "not-due", last };
}

/** What {@linkcode planBackup} needs. */
export interface PlanInput extends BackupSettings {
  /** The paths under the log root, with the categories to back up. */
  paths: LogPaths<string>;
  /** What is on disk now. */
  state: BackupState;
  /** The time of this backup. */
  at: Date;
}

/**
 * Plans a backup from what is on disk: due or not, and every effect in a crash-safe order.
 * Internal: `previewBackup` gives users the plan; tests check plans without a disk.
 * @param input The paths, the state read from disk, the time and the settings.
 * @returns The plan; applying it twice is harmless.
 */
export function planBackup(input: PlanInput): BackupPlan {
  const { paths, state, at } = input;
  const { reason, last } = decide(state, at, input);
  const performed = reason !== "first-run" && reason !== "not-due";
  const record = performed || reason === "first-run";
  const nextBackup = new Date((record ? at : last ?? at).getTime() + input.intervalDays * DAY_MS);
  const plan: BackupPlan = {
    report: {
      performed,
      reason,
      dryRun: false,
      lastBackup: last,
      nextBackup,
      archived: [],
      compressed: [],
      held: [],
      deleted: [],
      problems: [...(state.problems ?? [])],
    },
    unlink: [],
    moves: [],
    touch: [],
    state: record && !state.stateBlocked ? `${formatTimestamp(at)}\n` : null,
    compress: [],
    remove: [],
    verify: [],
  };
  const names = [...state.archives];
  const fresh = planMoves(plan, input, names);
  if (record || plan.unlink.length > 0) {
    const refused = new Set(plan.report.problems.map((p) => p.path));
    plan.touch = Object.values(paths.files).filter((path) => !refused.has(path));
  }
  planArchiveFolder(plan, paths, names, fresh, input);
  return plan;
}

// Fills in the moves (and the cut-short moves to finish); adds the new archive names to
// `names`, and returns the archives this run creates or completes: reported, never deleted.
function planMoves(plan: BackupPlan, input: PlanInput, names: string[]): Set<string> {
  const { paths, state, at } = input;
  const fresh = new Set<string>();
  for (const [category, path] of Object.entries(paths.files)) {
    const linked = state.linked[category];
    if (linked !== undefined) {
      plan.unlink.push(path);
      fresh.add(linked);
    }
    const size = state.files[category]?.size ?? 0;
    if (!plan.report.performed || state.archivesBlocked || linked !== undefined || size === 0) {
      continue;
    }
    const name = archiveName(category, at, [...names, ...(state.others ?? [])]);
    names.push(name);
    fresh.add(name);
    plan.moves.push({ from: path, to: join(paths.backupDir, name) });
  }
  return fresh;
}

function planArchiveFolder(
  plan: BackupPlan,
  paths: LogPaths<string>,
  names: string[],
  fresh: Set<string>,
  input: PlanInput,
): void {
  const inFolder = (name: string): string => join(paths.backupDir, name);
  const categories = new Set(Object.keys(paths.files));
  const archives = parseArchives(names).filter((entry) => categories.has(entry.category));
  const doomed = new Set(planRetention(archives, input.at, { ...input, fresh }));
  for (const entry of archives) {
    if (doomed.has(entry)) continue;
    const gz = inFolder(`${entry.base}.gz`);
    if (entry.plain && entry.gzip) {
      plan.verify.push({ source: inFolder(entry.base), dest: gz }); // a compression cut short
      plan.report.compressed.push(gz);
      plan.report.deleted.push(inFolder(entry.base));
    } else if (entry.plain && input.compress && !(input.delayCompress && fresh.has(entry.base))) {
      plan.compress.push({ source: inFolder(entry.base), dest: gz });
      plan.report.compressed.push(gz);
    }
    if (fresh.has(entry.base)) {
      const later = input.delayCompress && entry.plain && !entry.gzip;
      plan.report.archived.push(input.compress && !later ? gz : inFolder(entry.base));
    }
  }
  for (const entry of doomed) {
    for (const name of archiveFiles(entry)) plan.remove.push(inFolder(name));
    plan.report.deleted.push(...archiveFiles(entry).map(inFolder));
  }
  for (const name of [...names, ...(input.state.others ?? [])]) {
    if (name.endsWith(".gz.tmp")) plan.remove.push(inFolder(name)); // stale: removed as a name
  }
}
