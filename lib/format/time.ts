/**
 * Timestamps: the RFC 3339 local time on each line and in `backup_date.txt`, the stamp in
 * archive names, and reading back what older deployments wrote. Pure (local time is the
 * process's time zone).
 * @module
 */

const pad2 = (n: number): string => (n < 10 ? "0" : "") + n;
const pad3 = (n: number): string => (n < 10 ? "00" : n < 100 ? "0" : "") + n;

// The offset in whole minutes (RFC 3339 has no seconds: the offset of a zone that had some,
// such as Africa/Monrovia until 1972, is rounded), and the local wall time that goes with it,
// so that the text names the exact instant.
function offsetMinutes(date: Date): number {
  return -Math.round(date.getTimezoneOffset());
}

function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

// The local wall time as a Date whose UTC fields are the local fields.
function wallClock(date: Date): Date {
  return new Date(date.getTime() + offsetMinutes(date) * 60_000);
}

function formatDate(wall: Date): string {
  return `${String(wall.getUTCFullYear()).padStart(4, "0")}-${pad2(wall.getUTCMonth() + 1)}-${
    pad2(wall.getUTCDate())
  }`;
}

// The part of a timestamp that stays the same for a whole second (offsets change on whole
// seconds), kept for the one second last formatted: the hot path pays for it once a second.
let cachedSecond = NaN;
let cachedHead = "";
let cachedOffset = "";

/**
 * Formats an instant as local RFC 3339 with milliseconds and a numeric offset, as written at
 * the start of each log line and in `backup_date.txt`.
 * @param date The instant.
 * @returns For example `2026-11-24T14:05:09.042+01:00`; UTC is `+00:00`.
 * @throws {RangeError} If `date` is an invalid Date.
 * @example In a process whose time zone is UTC
 * ```ts ignore
 * import { formatTimestamp } from "@panel/logging";
 * formatTimestamp(new Date(Date.UTC(2026, 10, 24, 13, 5, 9, 42))); // "2026-11-24T13:05:09.042+00:00"
 * ```
 */
export function formatTimestamp(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) {
    throw new RangeError(
      "Cannot format timestamp: the clock returned an invalid Date; make `now` return a valid Date",
    );
  }
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    const wall = wallClock(date);
    cachedHead = `${formatDate(wall)}T${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}:${
      pad2(wall.getUTCSeconds())
    }.`;
    cachedOffset = formatOffset(offsetMinutes(date));
    cachedSecond = second;
  }
  return cachedHead + pad3(ms - second * 1000) + cachedOffset;
}

/**
 * Formats an instant as the local-time stamp used in archive names.
 * @param date The instant.
 * @returns `YYYY-MM-DD_HH-MM-SS`, for example `2026-11-24_14-05-09`.
 * @example
 * ```ts
 * import { formatArchiveStamp } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.equal(formatArchiveStamp(new Date(2026, 10, 24, 14, 5, 9)), "2026-11-24_14-05-09");
 * ```
 */
export function formatArchiveStamp(date: Date): string {
  const wall = wallClock(date);
  return `${formatDate(wall)}_${pad2(wall.getUTCHours())}-${pad2(wall.getUTCMinutes())}-${
    pad2(wall.getUTCSeconds())
  }`;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))?$/;
const ARCHIVE_STAMP = /^(\d{4})-(\d{2})-(\d{2})_(\d{2})-(\d{2})-(\d{2})$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1] ?? 0;
}

function buildDate(
  fields: number[],
  offsetMinutes: number | null,
): Date | null {
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0] = fields;
  if (
    mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 ||
    s > 59
  ) return null;
  const date = new Date(0);
  if (offsetMinutes === null) {
    date.setFullYear(y, mo - 1, d);
    date.setHours(h, mi, s, ms);
  } else {
    date.setUTCFullYear(y, mo - 1, d);
    date.setUTCHours(h, mi - offsetMinutes, s, ms);
  }
  return date;
}

/**
 * Reads the time in `backup_date.txt`: RFC 3339 (`2026-11-24T14:05:09.042+01:00`, `…Z`), or the
 * local times that Python deployments of the panel write (`2026-11-24 14:05:09` and
 * `2026-11-24 14:05:09.123456`). Surrounding white space is ignored.
 * @param text The file's content.
 * @returns The instant, or `null` when the text is none of these (a reason, not an error).
 * @example
 * ```ts
 * import { parseBackupDate } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.equal(parseBackupDate("2026-11-24T14:05:09.042+01:00\n")?.toISOString(), "2026-11-24T13:05:09.042Z");
 * assert.equal(parseBackupDate("yesterday"), null);
 * ```
 */
export function parseBackupDate(text: string): Date | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const fields = m.slice(1, 7).map(Number);
  fields.push(Number((m[7] ?? "").padEnd(3, "0").slice(0, 3))); // milliseconds, truncated
  if (m[8]) return buildDate(fields, 0);
  if (!m[9]) return buildDate(fields, null);
  const oh = Number(m[10]), om = Number(m[11]);
  if (oh > 23 || om > 59) return null;
  return buildDate(fields, (m[9] === "-" ? -1 : 1) * (oh * 60 + om));
}

/**
 * Reads the stamp of an archive name back as a local time.
 * @param stamp `YYYY-MM-DD_HH-MM-SS`, as {@linkcode formatArchiveStamp} writes it.
 * @returns The instant, or `null` if `stamp` is not of that form.
 */
export function parseArchiveStamp(stamp: string): Date | null {
  const m = ARCHIVE_STAMP.exec(stamp);
  return m ? buildDate(m.slice(1, 7).map(Number), null) : null;
}
