/**
 * Time buckets for counts: aligned to the local calendar (minute, hour, day) or to the epoch (a
 * number of ms). Pure (local time is the process's time zone).
 * @module
 */

/** A bucket width: a calendar unit, or a number of milliseconds. */
export type BucketWidth = "minute" | "hour" | "day" | number;

/** The most buckets one count may ask for. */
export const MAX_BUCKETS = 100_000;

const NOMINAL: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The nominal width in ms: 60,000, 3,600,000, 86,400,000, or the number given. */
export function bucketMs(every: BucketWidth): number {
  if (typeof every === "number") {
    if (Number.isSafeInteger(every) && every > 0) return every;
    throw new RangeError(`Invalid bucket width ${every}: use a positive whole number of ms`);
  }
  const ms = NOMINAL[every as string];
  if (ms) return ms;
  throw new RangeError(
    `Invalid bucket width ${JSON.stringify(every)}: use "minute", "hour", "day" or a number of ms`,
  );
}

function floorLocal(ms: number, every: "minute" | "hour" | "day"): number {
  const date = new Date(ms);
  if (every === "minute") date.setSeconds(0, 0);
  else if (every === "hour") date.setMinutes(0, 0, 0);
  else date.setHours(0, 0, 0, 0);
  return date.getTime();
}

function nextLocal(start: number, every: "minute" | "hour" | "day"): number {
  if (every !== "day") return start + NOMINAL[every]!;
  const date = new Date(start);
  date.setDate(date.getDate() + 1);
  date.setHours(0, 0, 0, 0); // 23 or 25 hours across a daylight-saving change
  return date.getTime();
}

/**
 * The start of every bucket that overlaps `[since, until)`, in order.
 * @throws {RangeError} For a bad width, or more than {@linkcode MAX_BUCKETS} buckets.
 */
export function bucketStarts(since: number, until: number, every: BucketWidth): number[] {
  const width = bucketMs(every);
  const starts: number[] = [];
  if (!(since < until)) return starts;
  let start = typeof every === "number"
    ? Math.floor(since / width) * width
    : floorLocal(since, every);
  while (start < until) {
    starts.push(start);
    if (starts.length > MAX_BUCKETS) {
      throw new RangeError(
        `Too many buckets: more than ${MAX_BUCKETS} of ${width} ms from since to until; use a wider bucket or a shorter range`,
      );
    }
    start = typeof every === "number" ? start + width : nextLocal(start, every);
  }
  return starts;
}

/** The index of the bucket holding `time`, or -1 outside them all. */
export function bucketIndex(starts: readonly number[], end: number, time: number): number {
  if (time < starts[0]! || time >= end) return -1;
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= time) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
