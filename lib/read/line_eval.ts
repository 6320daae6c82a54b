/**
 * Turning one line's bytes into a record, or deciding it is skipped or malformed. Pure.
 * @module
 */
import { FAST_ENTRY_START, type LineClock, parseLogLine } from "../format/line.ts";
import { unescapeEntry } from "../format/escape.ts";
import type { CompiledFilter } from "./filter.ts";

/** A line read back: its time in ms, and its entry when it passes the filter (else `null`). */
export interface LineValue {
  /** The time in ms. */
  time: number;
  /** The unescaped entry, or `null` when the filter rejects the line. */
  entry: string | null;
}

const decoder = new TextDecoder();

/**
 * Reads the line `bytes[start, end)` (without its `\n`) against a filter.
 * @returns The time and the entry (`null` when filtered out), or `null` when malformed.
 */
export function evaluateLine(
  bytes: Uint8Array,
  start: number,
  end: number,
  clock: LineClock,
  filter: CompiledFilter,
): LineValue | null {
  let time = clock.timeOf(bytes, start, end);
  let entry: string;
  if (time === time) {
    if (time < filter.since || time >= filter.until) return { time, entry: null };
    try {
      entry = unescapeEntry(decoder.decode(bytes.subarray(start + FAST_ENTRY_START, end)));
    } catch {
      return null;
    }
  } else {
    const parsed = parseLogLine(decoder.decode(bytes.subarray(start, end)));
    if (!parsed) return null;
    time = parsed.time.getTime();
    entry = parsed.entry;
    if (time < filter.since || time >= filter.until) return { time, entry: null };
  }
  return { time, entry: filter.test && !filter.test(entry) ? null : entry };
}

/** The text of a malformed line, for `onMalformed`: at most 200 characters. */
export function malformedText(bytes: Uint8Array, start: number, end: number): string {
  return decoder.decode(bytes.subarray(start, Math.min(end, start + 800))).slice(0, 200);
}
