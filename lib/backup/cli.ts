/**
 * The backup command's words: reading its flags and writing its output. Pure.
 * @module
 */
import { parseArgs } from "node:util";
import type { BackupOptions } from "./archive.ts";
import type { BackupPlan, BackupReport } from "./plan.ts";
import { formatTimestamp } from "../format/time.ts";
import { parseSize } from "./settings.ts";
import { LOG_CATEGORIES } from "../format/paths.ts";
import { formatUsageError, joinedFlagValues, uniqueFlags } from "../cli/args.ts";

/**
 * The usage text printed by `--help`.
 * @example
 * ```ts
 * import { BACKUP_USAGE } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.match(BACKUP_USAGE, /--keep N/);
 * ```
 */
export const BACKUP_USAGE = `Usage: deno task backup [options]
       deno run -R=DIR -W=DIR backup.ts --root DIR [options]

Archives the log files when a backup is due (every 30 days by default).

Options (each at most once):
  --root DIR            log root (default: logs)
  --days N              days between backups (default: 30)
  --force               back up now, due or not
  --dry-run             print what would be done; change nothing
  --json                print the report as JSON
  --keep N              keep the newest N archives per category
  --max-age-days N      delete archives older than N days
  --compress            gzip archives (.txt.gz)
  --max-bytes SIZE      also back up once a log file reaches SIZE (500KB, 10MB, 1GiB)
  --categories LIST     comma-separated categories (default: console,login,server,users);
                        each must have a log file or an archive, or be one of the four
  --create-category LIST
                        also back up these new categories, which have no file yet
  --delay-compress      with --compress, compress each archive at the next run
                        (a writer such as rsyslog may still be finishing it)
  --hosts LIST          the root is a central root: back up these host folders
                        (comma-separated), each a log root, under one lock
  --all-hosts           the root is a central root: back up every host folder
  --reopen-pidfile FILE after moving files, send SIGHUP to the process in FILE
                        (rsyslogd -i FILE); needs --allow-run=kill
  -h, --help            show this help

Exit status: 0 done or not due, 1 file error or an entry skipped (one stderr line
each), 2 bad usage.`;

/** What the command line asks for. */
export type BackupCommand =
  | { kind: "help" }
  | { kind: "error"; message: string }
  | { kind: "run"; options: BackupOptions; dryRun: boolean; json: boolean };

const EXAMPLES: Record<string, string> = {
  "--days": "30",
  "--keep": "12",
  "--max-age-days": "365",
};

// A positive number given as text: digits, an optional fraction and exponent.
function number(flag: string, text: string | undefined, whole = false): number | undefined {
  if (text === undefined) return undefined;
  const value = /^(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
  const kind = whole ? "a positive whole number" : "a positive number";
  const found = Number.isNaN(value)
    ? "it is not a number"
    : !Number.isFinite(value)
    ? "it is too large: as a number it is infinite"
    : value <= 0
    ? "it is not above zero"
    : whole && !Number.isInteger(value)
    ? "it is not a whole number"
    : "";
  if (found === "") return value;
  throw new RangeError(
    `Invalid value for ${flag} ${JSON.stringify(text)}: ${found}; give ${kind}, e.g. "${
      EXAMPLES[flag]
    }"`,
  );
}

const VALUE_FLAGS = new Set([
  "--root",
  "--days",
  "--keep",
  "--max-age-days",
  "--max-bytes",
  "--categories",
  "--create-category",
  "--hosts",
  "--reopen-pidfile",
]);

// node:util's wording for the mistakes people make, in ours.
const USAGE_WORDS = {
  invalidValue: "no-value",
  positional: "the backup takes options only; give the root as --root DIR",
} as const;

// `--days -1` becomes `--days=-1`, so that a value starting with a dash gets our one-line error
// instead of node:util's three-line ambiguity message; a flag given twice is refused.
function joinValues(args: readonly string[]): string[] {
  return uniqueFlags(joinedFlagValues(args, VALUE_FLAGS, { refuseFlagValues: true }));
}

/**
 * Reads the backup command's flags.
 * @param args The arguments after the script name.
 * @returns What to do: print help, report a usage error (exit 2), or run with these options.
 * @example
 * ```ts
 * import { parseBackupArgs } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const command = parseBackupArgs(["--root", "/srv/logs", "--days", "7"]);
 * assert.equal(command.kind === "run" && command.options.intervalDays, 7);
 * assert.equal(parseBackupArgs(["--bogus"]).kind, "error");
 * ```
 */
export function parseBackupArgs(args: readonly string[]): BackupCommand {
  try {
    const { values } = parseFlags(joinValues(args));
    if (values.help) return { kind: "help" };
    const dryRun = values["dry-run"] ?? false;
    return { kind: "run", options: toOptions(values), dryRun, json: values.json ?? false };
  } catch (error) {
    return { kind: "error", message: formatUsageError(error, USAGE_WORDS) };
  }
}

const FLAGS = {
  root: { type: "string" },
  days: { type: "string" },
  force: { type: "boolean" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  keep: { type: "string" },
  "max-age-days": { type: "string" },
  compress: { type: "boolean" },
  "max-bytes": { type: "string" },
  categories: { type: "string" },
  "create-category": { type: "string" },
  "delay-compress": { type: "boolean" },
  hosts: { type: "string" },
  "all-hosts": { type: "boolean" },
  "reopen-pidfile": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseFlags(args: string[]) {
  return parseArgs({ args, strict: true, allowPositionals: false, options: FLAGS });
}

function hostOptions(values: ReturnType<typeof parseFlags>["values"]): Partial<BackupOptions> {
  const options: Partial<BackupOptions> = {};
  if (values["delay-compress"]) options.delayCompress = true;
  if (values.hosts !== undefined) options.hosts = values.hosts.split(",").map((h) => h.trim());
  if (values["all-hosts"]) options.allHosts = true;
  if (values["reopen-pidfile"] !== undefined) options.reopenPidFile = values["reopen-pidfile"];
  if (options.reopenPidFile === "") {
    throw new RangeError(
      'Invalid value for --reopen-pidfile "": give the pid file rsyslogd -i writes',
    );
  }
  return options;
}

function toOptions(values: ReturnType<typeof parseFlags>["values"]): BackupOptions {
  if (values.root === "") {
    throw new RangeError('Invalid value for --root "": give a folder path, e.g. "/srv/logs"');
  }
  const list = (text: string | undefined) => text?.split(",").map((name) => name.trim());
  const created = list(values["create-category"]);
  const listed = list(values.categories);
  const categories = created === undefined
    ? listed
    : [...new Set([...(listed ?? LOG_CATEGORIES), ...created])];
  return {
    root: values.root ?? "logs",
    intervalDays: number("--days", values.days),
    force: values.force ?? false,
    keep: number("--keep", values.keep, true),
    maxAgeDays: number("--max-age-days", values["max-age-days"]),
    compress: values.compress ?? false,
    maxBytes: values["max-bytes"] === undefined ? undefined : parseSize(values["max-bytes"]),
    categories,
    ...(created === undefined ? {} : { createCategories: created }),
    ...hostOptions(values),
  };
}

const REASONS: Record<BackupReport["reason"], string> = {
  "first-run": "First run: recorded the time, archived nothing",
  "not-due": "Not due",
  due: "Backed up: due",
  forced: "Backed up: forced",
  "state-unreadable": "Backed up: backup_date.txt was unreadable",
  size: "Backed up: a log file reached --max-bytes",
};

const DRY_REASONS: Record<BackupReport["reason"], string> = {
  "first-run": "first run, would record the time and archive nothing",
  "not-due": "not due",
  due: "due, would back up",
  forced: "forced, would back up",
  "state-unreadable": "backup_date.txt is unreadable, would back up",
  size: "a log file reached --max-bytes, would back up",
};

function formatTimes(report: BackupReport): string {
  const last = report.lastBackup ? formatTimestamp(report.lastBackup) : "none";
  return `(last backup ${last}, next due ${formatTimestamp(report.nextBackup)})`;
}

/**
 * Formats a report for people: a headline, then one sentence per archive created, compressed,
 * left plain or deleted.
 * @param report What `checkAndBackupLogs` returned.
 * @returns The text, ending without a newline.
 */
export function formatReport(report: BackupReport): string {
  const archived = new Set(report.archived);
  return [
    `${REASONS[report.reason]} ${formatTimes(report)}`,
    ...report.archived.map((path) => `archived ${path}`),
    ...report.compressed.filter((path) => !archived.has(path))
      .map((path) => `compressed ${path}, an archive an earlier run had left plain`),
    ...report.held.map((path) =>
      `left ${path} plain: a writer still had it open after 3 s; the next run finishes it`
    ),
    ...report.deleted.map((path) => `deleted ${path}`),
    ...(report.signalled === undefined ? [] : [`sent SIGHUP to process ${report.signalled}`]),
  ].join("\n");
}

/**
 * Formats the problems of a report for stderr: one line per entry left untouched.
 * @param report What `checkAndBackupLogs` or `previewBackup` returned.
 * @returns One line per problem, e.g. `Skipped "logs/login_logs.txt": it is a symbolic link;
 * remove it`.
 */
export function formatProblems(report: BackupReport): string[] {
  return report.problems.map(({ path, problem }) => `Skipped ${JSON.stringify(path)}: ${problem}`);
}

/**
 * Formats a report as JSON, dates as RFC 3339 local times.
 * @param report What `checkAndBackupLogs` returned.
 * @returns One JSON object.
 */
export function formatReportJson(report: BackupReport): string {
  return JSON.stringify(reportForJson(report), null, 2);
}

function reportForJson(report: BackupReport): Record<string, unknown> {
  const date = (d: Date | null): string | null => d && formatTimestamp(d);
  const hosts = report.hosts && Object.fromEntries(
    Object.entries(report.hosts).map(([host, one]) => [host, reportForJson(one)]),
  );
  return {
    ...report,
    lastBackup: date(report.lastBackup),
    nextBackup: date(report.nextBackup),
    ...(hosts ? { hosts } : {}),
  };
}

/**
 * Formats a plan for `--dry-run`: a headline, then each step the backup would take.
 * @param plan What `previewBackup` returned.
 * @returns The text, ending without a newline.
 */
export function formatPlan(plan: BackupPlan): string {
  return [
    `Dry run, nothing changed: ${DRY_REASONS[plan.report.reason]} ${formatTimes(plan.report)}`,
    ...plan.unlink.map((path) => `would finish moving ${path}`),
    ...plan.moves.map(({ from, to }) => `would move ${from} -> ${to}`),
    ...plan.compress.map(({ source, dest }) => `would compress ${source} -> ${dest}`),
    ...plan.verify.map(({ source, dest }) =>
      `would delete ${source} once ${dest} reads back equal (compressing it again if not)`
    ),
    ...(plan.state === null ? [] : [`would record ${plan.state.trim()}`]),
    ...plan.remove.map((path) => `would delete ${path}`),
  ].join("\n");
}
