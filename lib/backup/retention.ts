/**
 * Retention (`keep`, `maxAgeDays`): which archives a backup deletes. Pure.
 * @module
 */
import type { ArchiveEntry } from "../format/archives.ts";

const DAY_MS = 86_400_000;

/** Options of {@linkcode planRetention}. */
export interface RetentionOptions {
  /** Archives kept per category, the newest; `undefined` keeps all. */
  keep?: number;
  /** Archives older than this many days are deleted; `undefined` keeps all. */
  maxAgeDays?: number;
}

/**
 * Picks the archives to delete: per category, all but the newest `keep`, and those older than
 * `maxAgeDays` before `at`.
 * @param archives Every archive, including the ones this backup creates.
 * @param at The backup time.
 * @param options `keep` and `maxAgeDays`.
 * @returns The archives to delete.
 */
export function planRetention(
  archives: readonly ArchiveEntry[],
  at: Date,
  options: RetentionOptions,
): ArchiveEntry[] {
  const { keep, maxAgeDays } = options;
  const cutoff = maxAgeDays === undefined ? -Infinity : at.getTime() - maxAgeDays * DAY_MS;
  const seen = new Map<string, number>();
  const doomed: ArchiveEntry[] = [];
  for (const entry of [...archives].reverse()) {
    const rank = (seen.get(entry.category) ?? 0) + 1;
    seen.set(entry.category, rank);
    if ((keep !== undefined && rank > keep) || entry.at.getTime() < cutoff) {
      doomed.push(entry);
    }
  }
  return doomed.reverse();
}
