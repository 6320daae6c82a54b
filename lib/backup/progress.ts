/**
 * Progress of a long backup step (compressing, verifying) as one updating terminal line: shown
 * only once the step has taken more than a delay, at most ten times a second. Pure: the clock
 * and the output are given.
 * @module
 */

/** How far a long step of a backup has come, as given to `onProgress`. */
export interface BackupProgress {
  /** The step: `compress` writes a `.gz`, `verify` reads it back before the plain one goes. */
  step: "compress" | "verify";
  /** The archive being worked on. */
  path: string;
  /** Bytes done so far. */
  done: number;
  /** Bytes in all. */
  total: number;
}

const VERBS: Record<BackupProgress["step"], string> = {
  compress: "compressing",
  verify: "verifying",
};

function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let unit = 0;
  while (bytes >= 1024 && unit < units.length - 1) bytes /= 1024, unit++;
  return unit === 0 ? `${bytes} B` : `${bytes.toFixed(1)} ${units[unit]}`;
}

/**
 * Formats progress for people: `compressing <path>: 512.0 MiB of 1.0 GiB (50%)`.
 * @param progress The step, the path and the bytes.
 * @returns One line, without a line break.
 */
export function formatProgress(progress: BackupProgress): string {
  const { step, path, done, total } = progress;
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  return `${VERBS[step]} ${path}: ${formatBytes(done)} of ${formatBytes(total)} (${percent}%)`;
}

/** Options of {@linkcode progressLine}. */
export interface ProgressLineOptions {
  /** Writes text to the terminal. */
  write: (text: string) => void;
  /** The clock, in ms. @default Date.now */
  now?: () => number;
  /** How long a step runs before its progress is shown, in ms. @default 1000 */
  delayMs?: number;
}

/**
 * An `onProgress` callback that keeps one updating line (`\r`, erase to the end of the line)
 * for a step that takes more than `delayMs`, and ends it with a line break when the step is done.
 * @param options Where to write, the clock and the delay.
 * @returns The callback, and `end()` to close a line left open by a step that failed.
 */
export function progressLine(
  options: ProgressLineOptions,
): { onProgress: (progress: BackupProgress) => void; end: () => void } {
  const { write, now = Date.now, delayMs = 1000 } = options;
  let key = "";
  let startedAt = 0;
  let shownAt: number | null = null;
  let finished = false;
  const end = (): void => {
    if (shownAt !== null) write("\n");
    shownAt = null;
  };
  const onProgress = (progress: BackupProgress): void => {
    const at = now();
    const stepKey = `${progress.step} ${progress.path}`;
    if (stepKey !== key) {
      end();
      [key, startedAt, finished] = [stepKey, at, false];
    }
    if (finished || at - startedAt < delayMs) return;
    finished = progress.done >= progress.total;
    if (shownAt !== null && at - shownAt < 100 && !finished) return;
    write(`\r${formatProgress(progress)}\x1b[K`);
    shownAt = at;
    if (finished) end();
  };
  return { onProgress, end };
}
