/**
 * The time arguments of the readers (`--since`, `--until`, `?since=`): absolute, calendar words
 * and relative offsets. Pure (local times use the process's time zone).
 * @module
 */
import { parseBackupDate } from "./time.ts";

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const RELATIVE = /^-(\d{1,9})([smhd])$/;
const DAY = /^\d{4}-\d\d-\d\d$/;
const NO_SECONDS = /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d$/;
const WITH_SECONDS = /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:[Zz]|[+-]\d\d:\d\d)?$/;

/** The forms {@linkcode parseTimeArg} accepts, as its error message lists them. */
const FORMS =
  'use RFC 3339 ("2026-11-24T14:05:09+01:00"), "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" (local time), "now", "today", "yesterday", or a relative time ("-90s", "-15m", "-2h", "-7d")';

function localMidnight(now: Date, daysBack: number): Date {
  const date = new Date(now.getTime());
  date.setHours(0, 0, 0, 0);
  if (daysBack) {
    date.setDate(date.getDate() - daysBack);
    date.setHours(0, 0, 0, 0); // a day-saving change at midnight moves the hour
  }
  return date;
}

function parseAbsolute(text: string): Date | null {
  if (DAY.test(text)) return parseBackupDate(`${text} 00:00:00`);
  if (NO_SECONDS.test(text)) return parseBackupDate(`${text}:00`);
  return WITH_SECONDS.test(text) ? parseBackupDate(text) : null;
}

/**
 * Reads a time argument: RFC 3339; `YYYY-MM-DD` (local midnight); `YYYY-MM-DD HH:MM[:SS]` (local
 * time); `now`, `today` (local midnight), `yesterday` (the local midnight before); or a time
 * before `now`: `-90s`, `-15m`, `-2h`, `-7d` (a day is 24 hours).
 * @param text The argument, e.g. `-2h`; surrounding white space is ignored.
 * @param now The current time, for the relative forms.
 * @returns The instant.
 * @throws {RangeError} If `text` is none of these; the message lists the accepted forms.
 * @example
 * ```ts
 * import { parseTimeArg } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const now = new Date("2026-11-24T14:00:00Z");
 * assert.equal(parseTimeArg("-2h", now).toISOString(), "2026-11-24T12:00:00.000Z");
 * assert.equal(parseTimeArg("2026-11-24T14:05:09+01:00", now).toISOString(), "2026-11-24T13:05:09.000Z");
 * assert.throws(() => parseTimeArg("last week", now), RangeError);
 * ```
 */
export function parseTimeArg(text: string, now: Date): Date {
  const trimmed = typeof text === "string" ? text.trim() : "";
  const relative = RELATIVE.exec(trimmed);
  let date: Date | null = null;
  if (relative) {
    date = new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]!]!);
  } else if (trimmed === "now") date = new Date(now.getTime());
  else if (trimmed === "today") date = localMidnight(now, 0);
  else if (trimmed === "yesterday") date = localMidnight(now, 1);
  else date = parseAbsolute(trimmed);
  if (date && !Number.isNaN(date.getTime())) return date;
  throw new RangeError(`Invalid time ${JSON.stringify(text)}: ${FORMS}`);
}
