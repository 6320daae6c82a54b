/** Fixtures of the planBackup() tests: hand-built states around one instant, no disk. */
import type { BackupState, FileInfo } from "../../lib/io/state.ts";
import { logPaths } from "../../lib/format/paths.ts";
import { type BackupPlan, type BackupSettings, planBackup } from "../../lib/backup/plan.ts";

/** One day in ms. */
export const DAY = 86_400_000;
/** The time of the planned backup, as a local time. */
export const AT = new Date(2026, 10, 24, 14, 5, 9, 42);
/** The paths under the root `/r`. */
export const PATHS = logPaths("/r");
/** The four category files under `/r`. */
export const ALL = [
  "/r/console_logs.txt",
  "/r/login_logs.txt",
  "/r/server_logs.txt",
  "/r/users_logs.txt",
];

/** AT moved by `ms`. */
export const shift = (ms: number): Date => new Date(AT.getTime() + ms);
/** A category file of `size` bytes. */
export const file = (size: number, nlink = 1): FileInfo => ({ size, ino: 7, nlink });

/** A state whose last backup was `lastMs` ms before AT (null: none), with four non-empty files. */
export function state(lastMs: number | null, overrides: Partial<BackupState> = {}): BackupState {
  return {
    stateText: lastMs === null ? null : `${shift(-lastMs).toISOString()}\n`,
    files: { console: file(10), login: file(20), server: file(30), users: file(40) },
    archives: [],
    linked: {},
    ...overrides,
  };
}

/** planBackup() at AT on `/r`, every 30 days, with these settings. */
export function plan(input: BackupState, settings: Partial<BackupSettings> = {}): BackupPlan {
  return planBackup({
    paths: PATHS,
    state: input,
    at: AT,
    intervalDays: 30,
    force: false,
    compress: false,
    ...settings,
  });
}
