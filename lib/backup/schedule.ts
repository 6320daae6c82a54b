/**
 * Backups from inside a long-running server: a check at start, then one every hour.
 * @module
 */
import { type BackupOptions, checkAndBackupLogs } from "./archive.ts";
import type { BackupReport } from "./plan.ts";
import { checkRoot } from "../format/paths.ts";
import { resolveBackupSettings } from "./settings.ts";

/** The longest delay `setTimeout` takes before it overflows and fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Options of {@linkcode scheduleBackups}. */
export interface ScheduleOptions extends BackupOptions {
  /** Time between checks in ms; the backup runs only when due. @default 3_600_000 (1 hour) */
  everyMs?: number;
  /** Called with each failed check's error; the next check runs as usual. @default console.error */
  onError?: (error: unknown) => void;
  /** Called with each check's report. @default undefined */
  onReport?: (report: BackupReport) => void;
}

/** A running schedule. */
export interface BackupSchedule extends AsyncDisposable {
  /** Stops the schedule and waits for a check under way to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `checkAndBackupLogs` now and then every `everyMs` (an hour by default), one check at a
 * time. Timers never exceed `everyMs` and do not keep the process alive. A failed check goes to
 * `onError` and the schedule goes on.
 * @param options The backup options, plus `everyMs`, `onError`, `onReport`.
 * @returns The schedule; `stop()` it, or declare it with `await using`.
 * @throws {RangeError} If `everyMs` is not between 1 and 2147483647, or a backup option is
 * out of range.
 * @example Check every hour for the life of the server
 * ```ts
 * import { scheduleBackups } from "@panel/logging";
 * const root = await Deno.makeTempDir();
 * {
 *   await using _schedule = scheduleBackups({ root, onError: (error) => console.error(error) });
 * }
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export function scheduleBackups(options: ScheduleOptions = {}): BackupSchedule {
  const { everyMs = 3_600_000, onError = console.error, onReport, ...backup } = options;
  if (!(Number.isInteger(everyMs) && everyMs >= 1 && everyMs <= MAX_TIMER_MS)) {
    throw new RangeError(
      `Invalid everyMs ${everyMs}: everyMs must be a whole number from 1 to ${MAX_TIMER_MS}`,
    );
  }
  checkRoot(backup.root ?? "logs");
  resolveBackupSettings(backup); // bad options throw now, not at every tick
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  // A callback that throws must not end the process: its error goes nowhere.
  const report = (error: unknown): void => {
    try {
      onError(error);
    } catch { /* the callback's own failure */ }
  };
  const tick = (): void => {
    timer = undefined;
    running = checkAndBackupLogs(backup).then(onReport).catch(report).finally(() => {
      if (stopped) return;
      const next = setTimeout(tick, everyMs);
      Deno.unrefTimer(next);
      timer = next;
    });
  };
  tick();
  const stop = async (): Promise<void> => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
  return { stop, [Symbol.asyncDispose]: stop };
}
