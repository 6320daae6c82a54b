/**
 * Reading one log line back: the time and the entry. Pure (local times use the process's time
 * zone, for the lines older Python deployments wrote).
 * @module
 */
import { unescapeEntry } from "./escape.ts";
import { parseBackupDate } from "./time.ts";

/** One line read back. */
export interface ParsedLine {
  /** The instant at the start of the line. */
  time: Date;
  /** The entry, unescaped (or as written, for the older Python lines). */
  entry: string;
}

// Ours: RFC 3339 with an offset (or Z). Python's: a space, at most 6 fraction digits, no offset.
const OURS = /^(\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:[Zz]|[+-]\d\d:\d\d)) - /;
const PYTHON = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?) - /;

/**
 * Reads one log line (without its `\n`): this module's `<RFC 3339 with offset> - <escaped entry>`,
 * or the `YYYY-MM-DD HH:MM:SS[.ffffff] - entry` lines that older Python deployments wrote (local
 * time, the entry taken as it is).
 * @param line The line, without the line break.
 * @returns The time and the unescaped entry, or `null` for anything else (a torn line, a bad
 * escape, no time). It never throws.
 * @example
 * ```ts
 * import { parseLogLine } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const parsed = parseLogLine("2026-11-24T14:05:09.042+01:00 - a\\nb");
 * assert.equal(parsed?.time.toISOString(), "2026-11-24T13:05:09.042Z");
 * assert.equal(parsed?.entry, "a\nb");
 * assert.equal(parseLogLine("2026-11-24T14:05"), null);
 * ```
 */
export function parseLogLine(line: string): ParsedLine | null {
  if (typeof line !== "string") return null;
  const ours = OURS.exec(line);
  if (ours) {
    const time = parseBackupDate(ours[1]!);
    if (!time) return null;
    try {
      return { time, entry: unescapeEntry(line.slice(ours[0].length)) };
    } catch {
      return null;
    }
  }
  const python = PYTHON.exec(line);
  const time = python ? parseBackupDate(python[1]!) : null;
  return time ? { time, entry: line.slice(python![0].length) } : null;
}

const ZERO = 48;
// Byte positions in `2026-11-24T14:05:09.042+01:00 - `.
const STAMP_LENGTH = 29;
const ENTRY_START = 32;

function digits(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = bytes[i]! - ZERO;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Reads line times from bytes, remembering the last minute seen: lines of the same minute and
 * offset cost a byte compare and two small digit reads. One per scan; not shared.
 */
export class LineClock {
  // The minute and offset of the last line learnt, as 32-bit words: bytes 0-15 and 23-28.
  #k0 = -1;
  #k1 = -1;
  #k2 = -1;
  #k3 = -1;
  #k4 = -1;
  #k5 = -1;
  #minuteMs = NaN;
  #bytes: Uint8Array | null = null;
  #data: DataView | null = null;
  readonly #decoder = new TextDecoder();

  #view(bytes: Uint8Array): DataView {
    if (this.#bytes !== bytes) {
      this.#bytes = bytes;
      this.#data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return this.#data!;
  }

  /**
   * The time of the line `bytes[start, end)` in ms, and where its entry starts; `NaN` when the
   * line is not in this module's exact format (then use {@linkcode parseLogLine} on the text).
   */
  timeOf(bytes: Uint8Array, start: number, end: number): number {
    if (end - start < ENTRY_START || bytes[start + STAMP_LENGTH] !== 32) return NaN;
    if (bytes[start + 30] !== 45 || bytes[start + 31] !== 32 || bytes[start + 19] !== 46) {
      return NaN;
    }
    const data = this.#view(bytes);
    if (
      data.getUint32(start) !== this.#k0 || data.getUint32(start + 4) !== this.#k1 ||
      data.getUint32(start + 8) !== this.#k2 || data.getUint32(start + 12) !== this.#k3 ||
      data.getUint32(start + 23) !== this.#k4 || data.getUint16(start + 27) !== this.#k5
    ) {
      if (!this.#learn(bytes, start, data)) return NaN;
    }
    const seconds = digits(bytes, start + 17, 2);
    const ms = digits(bytes, start + 20, 3);
    if (!(seconds < 60) || !(ms >= 0)) return NaN;
    return this.#minuteMs + seconds * 1000 + ms;
  }

  #learn(bytes: Uint8Array, start: number, data: DataView): boolean {
    const head = this.#decoder.decode(bytes.subarray(start, start + STAMP_LENGTH));
    const date = parseBackupDate(head.slice(0, 16) + ":00.000" + head.slice(23));
    this.#k0 = -1; // learnt only when valid
    if (!date || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/.test(head)) return false;
    this.#k0 = data.getUint32(start);
    this.#k1 = data.getUint32(start + 4);
    this.#k2 = data.getUint32(start + 8);
    this.#k3 = data.getUint32(start + 12);
    this.#k4 = data.getUint32(start + 23);
    this.#k5 = data.getUint16(start + 27);
    this.#minuteMs = date.getTime();
    return true;
  }
}

/** Where the entry starts in a line that {@linkcode LineClock} read. */
export const FAST_ENTRY_START = ENTRY_START;
