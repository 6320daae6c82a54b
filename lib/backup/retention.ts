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
  /**
   * Archives older than this many days are deleted, save the newest of each category among those
   * `fresh` leaves out; `undefined` keeps all.
   */
  maxAgeDays?: number;
  /** The archives this backup creates or completes (by `base`): counted, never deleted. */
  fresh?: ReadonlySet<string>;
}

/**
 * Picks the archives to delete: per category, all but the newest `keep`, and those older than
 * `maxAgeDays` before `at`. A floor against a clock that jumped ahead: `maxAgeDays` never deletes
 * the newest archive of a category that this backup did not create, and an archive stamped in
 * the future counts as age 0. `fresh` archives are never deleted.
 * @param archives Every archive, including the ones this backup creates.
 * @param at The backup time.
 * @param options `keep`, `maxAgeDays` and `fresh`.
 * @returns The archives to delete.
 */
export function planRetention(
  archives: readonly ArchiveEntry[],
  at: Date,
  options: RetentionOptions,
): ArchiveEntry[] {
  const { keep, maxAgeDays, fresh = new Set<string>() } = options;
  const cutoff = maxAgeDays === undefined ? -Infinity : at.getTime() - maxAgeDays * DAY_MS;
  const seen = new Map<string, number>();
  const floored = new Set<string>(); // categories whose newest earlier archive was met
  const doomed: ArchiveEntry[] = [];
  for (const entry of [...archives].reverse()) {
    const rank = (seen.get(entry.category) ?? 0) + 1;
    seen.set(entry.category, rank);
    if (fresh.has(entry.base)) continue;
    const newest = !floored.has(entry.category);
    floored.add(entry.category);
    const age = Math.max(0, at.getTime() - entry.at.getTime()); // the future counts as age 0
    const old = !newest && at.getTime() - age < cutoff;
    if ((keep !== undefined && rank > keep) || old) doomed.push(entry);
  }
  return doomed.reverse();
}
