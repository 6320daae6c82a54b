/**
 * Configure once: the logging functions bound to one root and one set of settings.
 * @module
 */
import { type BackupOptions, checkAndBackupLogs } from "./backup/archive.ts";
import { type LogPaths, logPaths } from "./format/paths.ts";
import type { BackupReport } from "./backup/plan.ts";
import { cutEntry, logTo } from "./write/log.ts";
import { checkRoot } from "./format/paths.ts";
import { type BackupSchedule, scheduleBackups, type ScheduleOptions } from "./backup/schedule.ts";
import { resolveBackupSettings } from "./backup/settings.ts";

/** Options of {@linkcode createLogs}: the backup's, plus `maxEntryLength` for the writes. */
export interface CreateLogsOptions extends BackupOptions {
  /**
   * Entries longer than this many UTF-16 code units are cut; `Infinity` writes them whole.
   * @default 65536
   */
  maxEntryLength?: number;
}

/** The logging functions of one log root, from {@linkcode createLogs}. */
export interface Logs {
  /** Every path under the root. */
  readonly paths: LogPaths<string>;
  /** Appends to `login_logs.txt`. */
  login(entry: string): Promise<void>;
  /** Appends to `server_logs.txt`. */
  work(entry: string): Promise<void>;
  /** Appends to `console_logs.txt`. */
  console(entry: string): Promise<void>;
  /** Appends to `users_logs.txt`. */
  users(entry: string): Promise<void>;
  /** Appends to the file of any category. */
  to(category: string, entry: string): Promise<void>;
  /** Runs `checkAndBackupLogs` with these settings, plus any overrides. */
  backup(overrides?: BackupOptions): Promise<BackupReport>;
  /** Runs `scheduleBackups` with these settings, plus any overrides. */
  schedule(overrides?: ScheduleOptions): BackupSchedule;
}

/**
 * Binds the logging functions to one root and one set of backup settings, checked now.
 * @param options `root` (default `"logs"`), `now`, `maxEntryLength` (default 65,536), and the
 * options of `checkAndBackupLogs`.
 * @returns The bound functions.
 * @throws {TypeError} If `root` is empty.
 * @throws {RangeError} If a backup option or a category is not valid.
 * @example
 * ```ts
 * import { createLogs } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const logs = createLogs({ root: await Deno.makeTempDir(), keep: 12, compress: true });
 * await logs.login("alice logged in");
 * await logs.to("billing", "invoice 7 paid");
 * assert.match(await Deno.readTextFile(`${logs.paths.root}/login_logs.txt`), / - alice logged in\n$/);
 * await Deno.remove(logs.paths.root, { recursive: true });
 * ```
 */
export function createLogs(options: CreateLogsOptions = {}): Logs {
  const { root = "logs", now, maxEntryLength, ...backup } = options;
  checkRoot(root);
  const { categories } = resolveBackupSettings(options);
  if (maxEntryLength !== undefined) cutEntry("", maxEntryLength); // checks it now
  const write = { root, now, maxEntryLength };
  return {
    paths: logPaths(root, { categories }),
    login: (entry) => logTo("login", entry, write),
    work: (entry) => logTo("server", entry, write),
    console: (entry) => logTo("console", entry, write),
    users: (entry) => logTo("users", entry, write),
    to: (category, entry) => logTo(category, entry, write),
    backup: (overrides) => checkAndBackupLogs({ root, now, ...backup, ...overrides }),
    schedule: (overrides) => scheduleBackups({ root, now, ...backup, ...overrides }),
  };
}
