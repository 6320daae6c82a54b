/**
 * The backup: read the disk, plan, apply. Composition only: decisions live in `plan.ts`,
 * disk access in `io.ts`.
 * @module
 */
import { join } from "node:path";
import { fileError, LogFileError } from "../errors.ts";

const q = JSON.stringify;
import { makeDir, makePlainDir } from "../io/files.ts";
import { UnsafeEntryError } from "../io/entries.ts";
import { lockExclusive } from "../io/lock.ts";
import { readBackupState } from "../io/state.ts";
import { type LogPaths, logPaths } from "../format/paths.ts";
import { type BackupPlan, type BackupReport, planBackup } from "./plan.ts";
import { type BackupSettingsInput, resolveBackupSettings } from "./settings.ts";
import { checkRoot } from "../format/paths.ts";
import { listNames, missingPermissions } from "../io/names.ts";
import { checkKnownCategories, knownCategories } from "./categories.ts";
import type { BackupProgress } from "./progress.ts";
import { applyBackupPlan, stepIn } from "./apply.ts";
import { backupHosts, type HostsOptions, reopenAfter, resolveHosts } from "./hosts.ts";

/** Options of {@linkcode checkAndBackupLogs}. */
export interface BackupOptions extends BackupSettingsInput, HostsOptions {
  /** The log root, or with `hosts` or `allHosts` the central root. @default "logs" */
  root?: string;
  /** The clock, read once per call. @default () => new Date() */
  now?: () => Date;
  /**
   * Called as a long step (compressing an archive) goes on, with the bytes done and in all;
   * the command line uses it for its progress line. @default undefined
   */
  onProgress?: (progress: BackupProgress) => void;
}

/**
 * Creates the log root with its `backup_logs` and `dates` folders where missing. Idempotent.
 * @param options `root`: the log root (default `"logs"`).
 * @returns A promise that resolves once the folders exist.
 * @throws {LogFileError} If a folder cannot be created; `error.path` names it.
 * @example
 * ```ts
 * import { ensureDirs } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * await ensureDirs({ root });
 * assert.ok((await Deno.stat(`${root}/backup_logs`)).isDirectory);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function ensureDirs(
  options: { root?: string } = {},
): Promise<void> {
  const { root = "logs" } = options;
  checkRoot(root);
  const paths = logPaths(root);
  await stepIn("Cannot create log folder", root, () => makeDir(root), root);
  for (const dir of [paths.backupDir, paths.datesDir]) {
    await stepIn("Cannot create log folder", dir, () => makePlainDir(dir), root);
  }
}

type Settings = ReturnType<typeof resolveBackupSettings>;

// Checks the options, Deno's permissions on the root, and that every category is known, before
// anything is created.
async function prepare(
  options: BackupOptions,
  write: boolean,
): Promise<{ paths: LogPaths<string>; settings: Settings }> {
  const { root = "logs" } = options;
  checkRoot(root);
  const settings = resolveBackupSettings(options);
  const paths = logPaths(root, { categories: settings.categories });
  const missing = missingPermissions(root, write);
  if (missing.length > 0) {
    const action = write ? "Cannot back up log root" : "Cannot read log root";
    throw new LogFileError(
      `${action} ${q(root)}: Deno has no permission for it; run with ${missing.join(" ")}`,
      root,
    );
  }
  const list = (dir: string) => readAtRoot("Cannot list", dir, root, () => listNames(dir));
  const known = knownCategories(await list(root), await list(paths.backupDir));
  checkKnownCategories(settings.categories, known, settings.createCategories);
  return { paths, settings };
}

async function readAtRoot<T>(
  action: string,
  path: string,
  root: string,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw fileError(action, path, error, root);
  }
}

/**
 * Plans a backup without changing anything: what `checkAndBackupLogs` would do now.
 * @param options The same options as {@linkcode checkAndBackupLogs}.
 * @returns The plan, with its report (`dryRun: true`; `held` is empty: whether a writer would
 * still hold an archive is only known when the backup runs).
 * @example What a forced backup would move
 * ```ts
 * import { logToLogin, previewBackup } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * await logToLogin("alice logged in", { root });
 * const plan = await previewBackup({ root, force: true });
 * assert.equal(plan.moves.length, 1);
 * assert.equal(await Deno.readTextFile(`${root}/login_logs.txt`) !== "", true); // untouched
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function previewBackup(
  options: BackupOptions = {},
): Promise<BackupPlan> {
  if (options.hosts !== undefined || options.allHosts) {
    throw new RangeError("Cannot preview a hosts backup as one plan: use previewHostsBackup");
  }
  const { paths, settings } = await prepare(options, false);
  const at = (options.now ?? (() => new Date()))();
  const state = await readBackupState(paths);
  const plan = planBackup({ paths, state, at, ...settings });
  plan.report.dryRun = true;
  return plan;
}

/**
 * Plans a backup of each host folder of a central root without changing anything.
 * @param options The same options as {@linkcode checkAndBackupLogs}, with `hosts` or `allHosts`.
 * @returns Each host's plan, by host name.
 * @example
 * ```ts
 * import { logTo, previewHostsBackup } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * await logTo("server", "boot", { root: `${root}/app1` });
 * const plans = await previewHostsBackup({ root, allHosts: true, force: true });
 * assert.deepEqual(Object.keys(plans), ["app1"]);
 * assert.equal(plans.app1!.moves.length, 1);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function previewHostsBackup(
  options: BackupOptions,
): Promise<Record<string, BackupPlan>> {
  const hosts = await resolveHosts(options) ?? [];
  const one = { ...options, hosts: undefined, allHosts: undefined, reopenPidFile: undefined };
  const plans: Record<string, BackupPlan> = {};
  for (const host of hosts) {
    plans[host] = await previewBackup({ ...one, root: join(options.root ?? "logs", host) });
  }
  return plans;
}

/**
 * Backs the log files up when due: each non-empty category file moves into `backup_logs` as
 * `<category>_logs_<YYYY-MM-DD_HH-MM-SS>.txt` (`.txt.gz` with `compress`), every category file
 * is left existing and empty, and `backup_date.txt` records the time. On the first run it only
 * records the time. Safe to run from several processes at once (an exclusive lock under
 * `dates/`), and after a crash the next run finishes the job.
 * @param options `root`, `now`, `intervalDays` (default 30), `force`, `keep`, `maxAgeDays`,
 * `compress`, `delayCompress`, `maxBytes`, `categories`; for a central root (`<root>/<host>/`),
 * `hosts` or `allHosts` (each host folder backed up as a log root, under one lock, one report
 * with `hosts`), and `reopenPidFile` (SIGHUP to that process once files have moved).
 * @returns What was done.
 * @throws {RangeError} If an option is out of range.
 * @throws {LogFileError} If a file cannot be read or written; nothing is half-moved, and the
 * state file is only written once every file has been archived.
 * @example First run, then a forced backup
 * ```ts
 * import { checkAndBackupLogs, logToLogin } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * assert.equal((await checkAndBackupLogs({ root })).reason, "first-run");
 * await logToLogin("alice logged in", { root });
 * const report = await checkAndBackupLogs({ root, force: true });
 * assert.equal(report.archived.length, 1);
 * assert.equal(await Deno.readTextFile(`${root}/login_logs.txt`), "");
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function checkAndBackupLogs(
  options: BackupOptions = {},
): Promise<BackupReport> {
  const hosts = await resolveHosts(options);
  if (hosts === undefined) return await reopenAfter(await backupRoot(options), options);
  const one = { ...options, hosts: undefined, allHosts: undefined, reopenPidFile: undefined };
  return await backupHosts(options, hosts, (root) => backupRoot({ ...one, root }));
}

async function backupRoot(options: BackupOptions): Promise<BackupReport> {
  const { paths, settings } = await prepare(options, true);
  const { root, datesDir, backupDir } = paths;
  await stepIn("Cannot create log folder", root, () => makeDir(root), root);
  // dates/ first: when it is not a plain folder, the backup refuses before creating anything.
  await stepIn("Cannot lock", datesDir, () => makePlainDir(datesDir), root);
  // A backup_logs that is not a plain folder is reported by readBackupState, and left alone.
  await makePlainDir(backupDir).catch((error) => {
    if (!(error instanceof UnsafeEntryError)) {
      throw fileError("Cannot create log folder", backupDir, error, root);
    }
  });
  let lock: AsyncDisposable;
  try {
    lock = await lockExclusive(paths.lockFile);
  } catch (error) {
    throw fileError("Cannot lock", paths.lockFile, error, paths.root);
  }
  await using _ = lock;
  const at = (options.now ?? (() => new Date()))();
  const state = await readBackupState(paths);
  const plan = planBackup({ paths, state, at, ...settings });
  return await applyBackupPlan(plan, paths, options.onProgress);
}
