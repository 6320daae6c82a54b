/**
 * Applying a backup plan: move, recreate, compress and verify, record the time, delete, in an
 * order where a crash between any two steps loses nothing. Entries that are not what they should
 * be are reported as problems and left alone.
 * @module
 */
import { describeCause, fileError, LogFileError } from "../errors.ts";

const q = JSON.stringify;
import {
  removeFile,
  removeRegularFile,
  renameNoClobber,
  touchFile,
  writeFileAtomic,
} from "../io/files.ts";
import { gzipFile, isSameGzip } from "../io/gzip.ts";
import { describeUnsafe, UnsafeEntryError } from "../io/entries.ts";
import type { BackupProblem } from "../io/state.ts";
import { isUnused } from "../io/lock.ts";
import type { LogPaths } from "../format/paths.ts";
import type { BackupPlan, BackupReport } from "./plan.ts";
import { releaseRenamedFiles } from "../write/writer.ts";
import type { BackupProgress } from "./progress.ts";

/** Runs one effect, turning its failure into a `LogFileError` that names the path. */
export async function stepIn(
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
