/**
 * The backup: read the disk, plan, apply. Composition only: decisions live in `plan.ts`,
 * disk access in `io.ts`.
 * @module
 */
import { fileError } from "./errors.ts";
import {
  gzipFile,
  isUnused,
  lockExclusive,
  makeDir,
  readBackupState,
  removeFile,
  renameNoClobber,
  touchFile,
  writeFileAtomic,
} from "./io.ts";
import { type LogPaths, logPaths } from "./paths.ts";
import { type BackupPlan, type BackupReport, planBackup } from "./plan.ts";
import { type BackupSettingsInput, resolveBackupSettings } from "./settings.ts";
import { checkRoot } from "./log.ts";
import { RECHECK_MS, releaseFiles } from "./writer.ts";

/** Options of {@linkcode checkAndBackupLogs}. */
export interface BackupOptions extends BackupSettingsInput {
  /** The log root. @default "logs" */
  root?: string;
  /** The clock, read once per call. @default () => new Date() */
  now?: () => Date;
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
  for (const dir of [paths.root, paths.backupDir, paths.datesDir]) {
    await stepIn(
      "Cannot create log folder",
      dir,
      () => makeDir(dir),
      paths.root,
    );
  }
}

function prepare(
  options: BackupOptions,
): {
  paths: LogPaths<string>;
  settings: ReturnType<typeof resolveBackupSettings>;
} {
  const { root = "logs" } = options;
  checkRoot(root);
  const settings = resolveBackupSettings(options);
  return {
    paths: logPaths(root, { categories: settings.categories }),
    settings,
  };
}

/**
 * Plans a backup without changing anything: what `checkAndBackupLogs` would do now.
 * @param options The same options as {@linkcode checkAndBackupLogs}.
 * @returns The plan, with its report.
 */
export async function previewBackup(
  options: BackupOptions = {},
): Promise<BackupPlan> {
  const { paths, settings } = prepare(options);
  const at = (options.now ?? (() => new Date()))();
  const state = await readBackupState(paths);
  return planBackup({ paths, state, at, ...settings });
}

/**
 * Backs the log files up when due: each non-empty category file moves into `backup_logs` as
 * `<category>_logs_<YYYY-MM-DD_HH-MM-SS>.txt` (`.txt.gz` with `compress`), every category file
 * is left existing and empty, and `backup_date.txt` records the time. On the first run it only
 * records the time. Safe to run from several processes at once (an exclusive lock under
 * `dates/`), and after a crash the next run finishes the job.
 * @param options `root`, `now`, `intervalDays` (default 30), `force`, `keep`, `maxAgeDays`,
 * `compress`, `maxBytes`, `categories`.
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
  const { paths, settings } = prepare(options);
  await ensureDirs({ root: paths.root });
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
  await applyBackupPlan(plan, paths);
  return plan.report;
}

// Waits a little for writers in other processes to notice a rename and let go of the file.
async function waitUnused(path: string): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await isUnused(path)) return true;
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
  }
  return false;
}

/**
 * Carries out a plan in crash-safe order: finish cut-short moves, move, recreate, compress, record
 * the time, delete. A crash between any two steps loses nothing; the next run finishes the job.
 * Archives that a writer still holds open are left plain, for the next run.
 * @param plan The plan from `planBackup`.
 * @param paths The paths the plan was made for.
 */
export async function applyBackupPlan(
  plan: BackupPlan,
  paths: LogPaths<string>,
): Promise<void> {
  const step = (action: string, path: string, effect: () => Promise<void>) =>
    stepIn(action, path, effect, paths.root);
  for (const path of plan.unlink) {
    await step(
      "Cannot finish archiving log file",
      path,
      () => removeFile(path),
    );
  }
  for (const { from, to } of plan.moves) {
    await step(
      "Cannot archive log file",
      from,
      () => renameNoClobber(from, to),
    );
  }
  releaseFiles([...plan.unlink, ...plan.moves.map((move) => move.from)]);
  for (const path of plan.touch) {
    await step("Cannot create log file", path, () => touchFile(path));
  }
  for (const { source, dest } of plan.compress) {
    if (!(await waitUnused(source))) continue;
    await step("Cannot compress archive", source, async () => {
      try {
        await gzipFile(source, dest);
      } catch (error) {
        await removeFile(`${dest}.tmp`).catch(() => {});
        throw error;
      }
      await removeFile(source);
    });
  }
  if (plan.state !== null) {
    const text = plan.state;
    await step(
      "Cannot record the backup time in",
      paths.backupDateFile,
      () => writeFileAtomic(paths.backupDateFile, text),
    );
  }
  for (const path of plan.remove) {
    if (await waitUnused(path)) {
      await step("Cannot delete archive", path, () => removeFile(path));
    }
  }
}
