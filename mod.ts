/**
 * Event logs by category in plain files, archived every 30 days.
 *
 * One file per category under a log root (`logs` by default): `console_logs.txt`,
 * `login_logs.txt`, `server_logs.txt`, `users_logs.txt`. Each event is one line
 * `<RFC 3339 local time> - <escaped entry>`. `checkAndBackupLogs` (or `deno task backup` from
 * cron) moves the files into `backup_logs/` when a backup is due.
 *
 * @example Quick start
 * ```ts
 * import { checkAndBackupLogs, logToLogin, logToWork } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir(); // your app would use the default, "logs"
 * await logToLogin("alice logged in", { root });
 * await logToWork("worker 3 restarted", { root });
 * const report = await checkAndBackupLogs({ root });
 * assert.equal(report.reason, "first-run");
 * await Deno.remove(root, { recursive: true });
 * ```
 * @module
 */
export {
  CATEGORY_PATTERN,
  categoryFile,
  LOG_CATEGORIES,
  LOG_FILES,
  logPaths,
} from "./lib/format/paths.ts";
export type { LogCategory, LogPaths, LogPathsOptions } from "./lib/format/paths.ts";
export { escapeEntry, unescapeEntry } from "./lib/format/escape.ts";
export { formatArchiveStamp, formatTimestamp, parseBackupDate } from "./lib/format/time.ts";
export {
  cutEntry,
  formatLine,
  logEvent,
  logTo,
  logToConsole,
  logToLogin,
  logToUsers,
  logToWork,
  MAX_ENTRY_LENGTH,
} from "./lib/write/log.ts";
export type { CategoryLogOptions, LogEventOptions } from "./lib/write/log.ts";
export {
  checkAndBackupLogs,
  ensureDirs,
  previewBackup,
  previewHostsBackup,
} from "./lib/backup/archive.ts";
export { HOSTS_LOCK } from "./lib/backup/hosts.ts";
export type { HostsOptions } from "./lib/backup/hosts.ts";
export type { BackupOptions } from "./lib/backup/archive.ts";
export { isBackupDue } from "./lib/backup/plan.ts";
export type { BackupPlan, BackupReason, BackupReport } from "./lib/backup/plan.ts";
export type { BackupProgress } from "./lib/backup/progress.ts";
export { archiveName } from "./lib/format/archives.ts";
export { parseSize } from "./lib/backup/settings.ts";
export type { BackupSettingsInput } from "./lib/backup/settings.ts";
export { BACKUP_USAGE, parseBackupArgs } from "./lib/backup/cli.ts";
export type { BackupCommand } from "./lib/backup/cli.ts";
export { LogFileError } from "./lib/errors.ts";
export type { BackupProblem } from "./lib/io/state.ts";
export { scheduleBackups } from "./lib/backup/schedule.ts";
export type { BackupSchedule, ScheduleOptions } from "./lib/backup/schedule.ts";
export { createLogs } from "./lib/create.ts";
export { parseLogLine } from "./lib/format/line.ts";
export type { ParsedLine } from "./lib/format/line.ts";
export { parseTimeArg } from "./lib/format/time_arg.ts";
export { readLogs } from "./lib/read/query.ts";
export type { LogRecord, MalformedLine, ReadLogsOptions } from "./lib/read/query.ts";
export type { LogFilter } from "./lib/read/filter.ts";
export { followLogs } from "./lib/read/follow.ts";
export type { FollowLogsOptions } from "./lib/read/follow.ts";
export { countLogs } from "./lib/read/count.ts";
export type { CountBucket, CountLogsOptions, LogCounts } from "./lib/read/count.ts";
export type { BucketWidth } from "./lib/read/buckets.ts";
export { listLogFiles } from "./lib/read/files.ts";
export type { LogFileInfo } from "./lib/read/files.ts";
export type { CreateLogsOptions, Logs } from "./lib/create.ts";
export { checkHostName, HOST_PATTERN } from "./lib/format/hosts.ts";
export { DEFAULT_RELP_PORT, DEFAULT_TCP_PORT, rsyslogConfig } from "./lib/ship/rsyslog_config.ts";
export type { RsyslogConfigOptions } from "./lib/ship/rsyslog_config.ts";
export { parseRsyslogConfigArgs, RSYSLOG_CONFIG_USAGE } from "./lib/ship/cli.ts";
export type { RsyslogConfigCommand } from "./lib/ship/cli.ts";
export { createLogsHandler } from "./lib/serve/handler.ts";
export type { LogsHandlerOptions } from "./lib/serve/handler.ts";
