/**
 * The backup: read the disk, plan, apply. Composition only: decisions live in `plan.ts`,
 * disk access in `io.ts`.
 * @module
 */
import { join } from "node:path";
import { describeCause, fileError, LogFileError } from "../errors.ts";

const q = JSON.stringify;
import {
  makeDir,
  makePlainDir,
  removeFile,
  removeRegularFile,
  renameNoClobber,
  touchFile,
  writeFileAtomic,
} from "../io/files.ts";
import { gzipFile, isSameGzip } from "../io/gzip.ts";
import { describeUnsafe, UnsafeEntryError } from "../io/entries.ts";
import type { BackupProblem } from "../io/state.ts";
import { isUnused, lockExclusive } from "../io/lock.ts";
import { readBackupState } from "../io/state.ts";
import { type LogPaths, logPaths } from "../format/paths.ts";
import { type BackupPlan, type BackupReport, planBackup } from "./plan.ts";
import { type BackupSettingsInput, resolveBackupSettings } from "./settings.ts";
import { checkRoot } from "../format/paths.ts";
import { releaseRenamedFiles } from "../write/writer.ts";
import { listNames, missingPermissions } from "../io/names.ts";
import { checkKnownCategories, knownCategories } from "./categories.ts";
import type { BackupProgress } from "./progress.ts";
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

async function stepIn(
  action: string,
  path: string,
  effect: () => Promise<void>,
  root: string,
): Promise<void> {
  try {
    await effect();
  } catch (error) {
    throw fileError(action, path, error, root);
  }
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

type Step = (action: string, path: string, effect: () => Promise<void>) => Promise<void>;

// Runs one entry's effect; an entry that is not what it must be (a link, a FIFO…) is reported
// in `problems` and left untouched, and the backup carries on. Other failures throw.
async function unlessUnsafe(
  problems: BackupProblem[],
  effect: () => Promise<void>,
): Promise<boolean> {
  try {
    await effect();
    return true;
  } catch (error) {
    const cause = error instanceof LogFileError ? error.cause : error;
    if (!(cause instanceof UnsafeEntryError)) throw error;
    problems.push({ path: cause.path, problem: describeUnsafe(cause.reason) });
    return false;
  }
}

/** How long a backup waits, in all, for writers in other processes to let go of archives. */
const HOLD_WAIT_MS = 3000;
const HOLD_POLL_MS = 50;

// Whether writers in other processes have let go of `path`, waiting for them until the run's
// shared deadline (set when the first held archive is met). A writer releases a renamed file
// at its next line or after a second idle, so one run normally finishes the job.
async function isReleased(
  path: string,
  step: Step,
  wait: { deadline?: number },
): Promise<boolean> {
  for (;;) {
    let free = false;
    await step("Cannot check archive", path, async () => void (free = await isUnused(path)));
    if (free) return true;
    wait.deadline ??= Date.now() + HOLD_WAIT_MS;
    if (Date.now() >= wait.deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, HOLD_POLL_MS));
  }
}

async function archiveFiles(
  plan: BackupPlan,
  step: Step,
  root: string,
  problems: BackupProblem[],
): Promise<Set<string>> {
  for (const path of plan.unlink) {
    await step("Cannot finish archiving log file", path, () => removeFile(path));
  }
  const skipped = new Set<string>();
  for (const { from, to } of plan.moves) {
    const moved = await unlessUnsafe(problems, () =>
      renameNoClobber(from, to).catch((error) => {
        if (error instanceof UnsafeEntryError) throw error;
        const why = describeCause(to, error, root);
        throw new LogFileError(`Cannot archive log file ${q(from)} as ${q(to)}: ${why}`, from, {
          cause: error,
        });
      }));
    if (!moved) skipped.add(to);
  }
  releaseRenamedFiles();
  for (const path of plan.touch) await step("Cannot create log file", path, () => touchFile(path));
  return skipped;
}

// The bytes of one step, for `onProgress`.
function progressOf(
  onProgress: ((progress: BackupProgress) => void) | undefined,
  step: BackupProgress["step"],
  path: string,
): ((done: number, total: number) => void) | undefined {
  return onProgress && ((done, total) => onProgress({ step, path, done, total }));
}

// Compresses `source` into `dest` (replacing a damaged `dest`), reads `dest` back whole and
// removes `source` only if it is equal.
async function compress(
  source: string,
  dest: string,
  onProgress?: (progress: BackupProgress) => void,
): Promise<void> {
  try {
    await gzipFile(source, dest, progressOf(onProgress, "compress", source));
  } catch (error) {
    await removeFile(`${dest}.tmp`).catch(() => {});
    throw error;
  }
  if (!(await isSameGzip(dest, source, progressOf(onProgress, "verify", dest)))) {
    throw new Error(
      `the compressed copy "${dest}" does not read back equal; the plain archive is kept`,
    );
  }
  await removeRegularFile(source);
}

// A plain archive beside its `.gz`: removed once the `.gz` reads back equal; a damaged `.gz` is
// replaced by a fresh compression first.
async function finishCompression(
  source: string,
  dest: string,
  onProgress?: (progress: BackupProgress) => void,
): Promise<void> {
  const verify = progressOf(onProgress, "verify", dest);
  if (await isSameGzip(dest, source, verify)) await removeRegularFile(source);
  else await compress(source, dest, onProgress);
}

/**
 * Carries out a plan in crash-safe order: finish cut-short moves, move, recreate, compress, record
 * the time, delete. A crash between any two steps loses nothing; the next run finishes the job.
 * Archives that a writer in another process still holds open after {@linkcode HOLD_WAIT_MS} are
 * left plain and kept, for the next run, and reported in `held`.
 * @param plan The plan from `planBackup`.
 * @param paths The paths the plan was made for.
 * @param onProgress Called as a compression goes on.
 * @returns The plan's report, less what was left for the next run.
 */
export async function applyBackupPlan(
  plan: BackupPlan,
  paths: LogPaths<string>,
  onProgress?: (progress: BackupProgress) => void,
): Promise<BackupReport> {
  const step: Step = (action, path, effect) => stepIn(action, path, effect, paths.root);
  const wait = {};
  const problems = [...plan.report.problems];
  const notMoved = await archiveFiles(plan, step, paths.root, problems);
  const held = new Set<string>(), refused = new Set<string>();
  // One archive's step: held by a writer, refused (not a regular file), or done.
  const each = async (path: string, action: string, effect: () => Promise<void>) => {
    if (notMoved.has(path)) return;
    const done = await unlessUnsafe(problems, async () => {
      if (!(await isReleased(path, step, wait))) held.add(path);
      else await step(action, path, effect);
    });
    if (!done) refused.add(path);
  };
  for (const { source, dest } of plan.compress) {
    await each(source, "Cannot compress archive", () => compress(source, dest, onProgress));
  }
  for (const { source, dest } of plan.verify) {
    const finish = () => finishCompression(source, dest, onProgress);
    await each(source, "Cannot finish compressing archive", finish);
  }
  const state = plan.state;
  if (state !== null) {
    const file = paths.backupDateFile;
    await step("Cannot record the backup time in", file, () => writeFileAtomic(file, state));
  }
  for (const path of plan.remove) {
    const remove = path.endsWith(".tmp") ? removeFile : removeRegularFile;
    await each(path, "Cannot delete archive", () => remove(path));
  }
  return heldBack({ ...plan.report, problems }, held, refused, notMoved);
}

// The report less what was not done: a held archive stays plain and is not deleted; a refused
// one is not compressed or deleted; a category file not moved is not archived.
function heldBack(
  report: BackupReport,
  held: Set<string>,
  refused: Set<string>,
  notMoved: Set<string>,
): BackupReport {
  const plain = (path: string): string => path.replace(/\.gz$/, "");
  const kept = (path: string): boolean => held.has(path) || refused.has(path);
  return {
    ...report,
    archived: report.archived.filter((path) => !notMoved.has(plain(path)))
      .map((path) => kept(plain(path)) ? plain(path) : path),
    compressed: report.compressed.filter((path) =>
      !kept(plain(path)) && !notMoved.has(plain(path))
    ),
    held: [...held],
    deleted: report.deleted.filter((path) => !kept(path)),
  };
}
