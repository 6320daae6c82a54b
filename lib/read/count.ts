/**
 * `countLogs`: how many records fall in each time bucket, per category, for a chart.
 * @module
 */
import { findLogFiles } from "./files.ts";
import { compileFilter, type LogFilter } from "./filter.ts";
import { inRange, open } from "./category.ts";
import { scanTimes } from "./file_scan.ts";
import type { LogFileRef } from "./files.ts";
import type { CompiledFilter } from "./filter.ts";
import { bucketIndex, bucketMs, bucketStarts, type BucketWidth } from "./buckets.ts";
import { hostRoots } from "./hosts.ts";

/** Options of {@linkcode countLogs}. */
export interface CountLogsOptions extends LogFilter {
  /** The bucket width: local calendar minutes, hours or days, or a number of ms from the epoch. */
  every: BucketWidth;
  /** Stops the count (it then rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** One bucket of a count. */
export interface CountBucket {
  /** Its start. */
  start: Date;
  /** Records in it, all categories. */
  total: number;
  /** Records in it per category (every category asked for, zeros included). */
  counts: Record<string, number>;
  /** With `hosts`: records in it per host (every host asked for, zeros included). */
  byHost?: Record<string, number>;
}

/** What {@linkcode countLogs} returns. */
export interface LogCounts {
  /** The nominal bucket width in ms (a local day can be 23 or 25 hours). */
  every: number;
  /** Every bucket from `since` to `until`, empty ones with zeros. */
  buckets: CountBucket[];
}

// Adds each record's bucket to `tally`, file by file, without building records.
async function tallyCategory(
  files: readonly LogFileRef[],
  ctx: { filter: CompiledFilter; signal?: AbortSignal },
  starts: readonly number[],
  tally: Float64Array,
): Promise<void> {
  const end = ctx.filter.until;
  let i = 0;
  const onTime = (time: number) => {
    if (time < starts[i]! || (i + 1 < starts.length ? time >= starts[i + 1]! : time >= end)) {
      i = bucketIndex(starts, end, time);
      if (i < 0) return void (i = 0);
    }
    tally[i]!++;
  };
  for (let k = 0; k < files.length; k++) {
    if (!inRange(files, k, ctx.filter.since, ctx.filter.until)) continue;
    const opened = await open(files[k]!);
    if (!opened) continue;
    try {
      const { handle, ref } = opened;
      await scanTimes({ handle, compressed: ref.compressed, archived: ref.archived }, ctx, onTime);
    } finally {
      opened.handle.close();
    }
  }
}

/**
 * Counts the records per time bucket and category, over the live files and the archives, with
 * the same filter as `readLogs`. Buckets are aligned to the local calendar for `minute`, `hour`
 * and `day` (a day across a daylight-saving change is 23 or 25 hours), and to the epoch for a
 * number of ms. Every bucket from `since` to `until` is listed, so a chart has no gaps.
 * @param options The filter, with `since` and `until` required, and `every`.
 * @returns The width and the buckets.
 * @throws {TypeError} Without `since` or `until`, or for an option of the wrong type.
 * @throws {RangeError} For a bad width or category, or more than 100,000 buckets.
 * @example Logins per hour
 * ```ts
 * import { countLogs, logToLogin } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * const at = (h: number) => () => new Date(2026, 10, 24, h, 30);
 * await logToLogin("ann logged in", { root, now: at(9) });
 * await logToLogin("bob logged in", { root, now: at(11) });
 * const { buckets } = await countLogs({
 *   root, every: "hour", since: new Date(2026, 10, 24, 9), until: new Date(2026, 10, 24, 12),
 * });
 * assert.deepEqual(buckets.map((b) => b.counts.login), [1, 0, 1]);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function countLogs(options: CountLogsOptions): Promise<LogCounts> {
  if (!(options?.since instanceof Date) || !(options.until instanceof Date)) {
    throw new TypeError("Missing since or until: countLogs needs both, as Dates");
  }
  if (options.hosts !== undefined) return await countHosts(options);
  const filter = compileFilter(options);
  const every = bucketMs(options.every);
  const starts = bucketStarts(filter.since, filter.until, options.every);
  const counts = filter.categories.map(() => new Float64Array(starts.length));
  const files = await findLogFiles(filter.root, filter.categories, filter.archives);
  for (const [c, category] of filter.categories.entries()) {
    await tallyCategory(
      files.get(category)!,
      { filter, signal: options.signal },
      starts,
      counts[c]!,
    );
  }
  options.signal?.throwIfAborted();
  return {
    every,
    buckets: starts.map((start, i) => {
      const byCategory: Record<string, number> = {};
      let total = 0;
      filter.categories.forEach((category, c) => total += byCategory[category] = counts[c]![i]!);
      return { start: new Date(start), total, counts: byCategory };
    }),
  };
}

// Each host folder counted as a log root; the buckets are the same for all, so they add up.
async function countHosts(options: CountLogsOptions): Promise<LogCounts> {
  compileFilter({ ...options, hosts: undefined }); // checks the filter before any disk access
  const roots = await hostRoots(options.root ?? "logs", options.hosts);
  const results: [string, LogCounts][] = [];
  for (const [host, root] of roots) {
    results.push([host, await countLogs({ ...options, hosts: undefined, root })]);
  }
  const [first] = results;
  return {
    every: first![1].every,
    buckets: first![1].buckets.map((bucket, i) => {
      const counts: Record<string, number> = {};
      const byHost: Record<string, number> = {};
      for (const [host, result] of results) {
        const one = result.buckets[i]!;
        byHost[host] = one.total;
        for (const [c, n] of Object.entries(one.counts)) counts[c] = (counts[c] ?? 0) + n;
      }
      const total = Object.values(byHost).reduce((a, b) => a + b, 0);
      return { start: bucket.start, total, counts, byHost };
    }),
  };
}
