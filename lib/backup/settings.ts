/**
 * Checking backup options once, with errors that say what to pass instead. Pure.
 * @module
 */
import { checkCategory, LOG_CATEGORIES } from "../format/paths.ts";
import type { BackupSettings } from "./plan.ts";

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * Reads a size such as `500KB`, `10MB` or `1GiB`: KB, MB, GB, TB are powers of 1000, KiB, MiB,
 * GiB, TiB powers of 1024, and a bare number is bytes. Letter case does not matter.
 * @param text The size.
 * @returns The number of bytes, rounded down.
 * @throws {RangeError} If `text` is not such a size, or is not above zero.
 * @example
 * ```ts
 * import { parseSize } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.equal(parseSize("10MB"), 10_000_000);
 * assert.equal(parseSize("1GiB"), 1_073_741_824);
 * ```
 */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(text));
  const unit = UNITS[m?.[2]?.toLowerCase() ?? "?"];
  const bytes = m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : NaN;
  if (bytes >= 1) return bytes;
  throw new RangeError(
    `Invalid size ${
      JSON.stringify(text)
    }: give a number above zero with an optional unit B, KB, MB, GB, TB, KiB, MiB, GiB or TiB, e.g. "10MB"`,
  );
}

/** The backup options as a caller may give them. */
export interface BackupSettingsInput {
  /** Days between backups. @default 30 */
  intervalDays?: number;
  /** Back up now, due or not. @default false */
  force?: boolean;
  /** Compress archives with gzip. @default false */
  compress?: boolean;
  /**
   * With `compress`: leave the archive this run creates plain and compress it at the next run,
   * as logrotate's `delaycompress` does, for a writer (rsyslog) that may still be finishing it.
   * @default false
   */
  delayCompress?: boolean;
  /** Archives kept per category. @default undefined (all) */
  keep?: number;
  /** Delete archives older than this many days. @default undefined (never) */
  maxAgeDays?: number;
  /** Back up when a category file reaches this size: bytes, or a text such as `"10MB"`. @default undefined */
  maxBytes?: number | string;
  /**
   * The categories to back up. Each must have a log file or an archive, or be one of the four
   * built-in ones, unless `createCategories` allows it: a typo is refused, not created.
   * @default LOG_CATEGORIES
   */
  categories?: readonly string[];
  /**
   * Allows categories in `categories` that have no log file and no archive yet: `true` for
   * any, or the names to allow.
   * @default false
   */
  createCategories?: boolean | readonly string[];
}

function positive(name: string, value: unknown, integer: boolean): void {
  if (value === undefined) return;
  if (typeof value !== "number") {
    throw new TypeError(
      `Invalid ${name} ${JSON.stringify(value)}: ${name} must be a number, not a ${typeof value}`,
    );
  }
  if (Number.isFinite(value) && value > 0 && (!integer || Number.isInteger(value))) return;
  const kind = integer ? "a positive whole number" : "a positive finite number";
  const found = Number.isFinite(value) || Number.isNaN(value) ? "" : ", not infinite";
  throw new RangeError(`Invalid ${name} ${value}: ${name} must be ${kind}${found}`);
}

function sizeOption(text: string): number {
  try {
    return parseSize(text);
  } catch (error) {
    const why = (error as Error).message.replace(/^[^:]*: /, "");
    throw new RangeError(`Invalid maxBytes ${JSON.stringify(text)}: ${why}`);
  }
}

function createOption(value: unknown): boolean | string[] {
  if (value === undefined) return false;
  if (typeof value === "boolean") return value;
  if (Array.isArray(value) && value.every((name) => typeof name === "string")) return [...value];
  throw new TypeError(
    `Invalid createCategories ${
      JSON.stringify(value)
    }: give true, false or an array of names, e.g. ["billing"]`,
  );
}

/**
 * Checks backup options and fills in the defaults.
 * @param input The options given.
 * @returns The settings and the categories.
 * @throws {RangeError} If `intervalDays`, `keep`, `maxAgeDays` or `maxBytes` is out of range, or
 * a category name is not valid; the message names the option.
 */
export function resolveBackupSettings(
  input: BackupSettingsInput,
): BackupSettings & { categories: string[]; createCategories: boolean | string[] } {
  const { intervalDays = 30, keep, maxAgeDays } = input;
  positive("intervalDays", intervalDays, false);
  positive("keep", keep, true);
  positive("maxAgeDays", maxAgeDays, false);
  const maxBytes = typeof input.maxBytes === "string" ? sizeOption(input.maxBytes) : input.maxBytes;
  positive("maxBytes", maxBytes, true);
  if (input.categories !== undefined && !Array.isArray(input.categories)) {
    throw new TypeError(
      `Invalid categories ${
        JSON.stringify(input.categories)
      }: give an array of names, e.g. ["login", "billing"]`,
    );
  }
  const categories = [...(input.categories ?? LOG_CATEGORIES)];
  categories.forEach(checkCategory);
  if (categories.length === 0) {
    throw new RangeError("Invalid categories []: name at least one category");
  }
  return {
    intervalDays,
    createCategories: createOption(input.createCategories),
    force: input.force ?? false,
    compress: input.compress ?? false,
    ...(input.delayCompress ? { delayCompress: true } : {}),
    keep,
    maxAgeDays,
    maxBytes,
    categories,
  };
}
