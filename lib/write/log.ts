/**
 * Logging: one event, one line `<timestamp> - <entry>`, into a file or a category's file.
 * @module
 */
import { escapeEntry } from "../format/escape.ts";
import { formatTimestamp } from "../format/time.ts";
import { categoryFile, checkRoot } from "../format/paths.ts";
import { enqueueWrite } from "./writer.ts";

/**
 * The longest entry written whole, in UTF-16 code units; a longer one is cut (see
 * {@linkcode cutEntry}).
 * @example
 * ```ts
 * import { MAX_ENTRY_LENGTH } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.equal(MAX_ENTRY_LENGTH, 65_536);
 * ```
 */
export const MAX_ENTRY_LENGTH = 65_536;

/** Options of {@linkcode logEvent}. */
export interface LogEventOptions {
  /**
   * The clock, read once per call.
   * @default () => new Date()
   */
  now?: () => Date;
  /**
   * Entries longer than this many UTF-16 code units are cut and end with `…[cut N chars]`;
   * `Infinity` writes every entry whole.
   * @default MAX_ENTRY_LENGTH (65,536)
   */
  maxEntryLength?: number;
}

function checkMaxEntryLength(max: unknown): void {
  if (max === Infinity || (Number.isInteger(max) && (max as number) > 0)) return;
  throw new RangeError(
    `Invalid maxEntryLength ${
      typeof max === "string" ? JSON.stringify(max) : String(max)
    }: maxEntryLength must be a positive whole number or Infinity`,
  );
}

/**
 * Cuts an entry longer than `max` UTF-16 code units, never inside a surrogate pair, and marks
 * the cut: `…[cut N chars]`, N being how many code units were left out.
 * @param entry The event text.
 * @param max The longest entry kept whole; `Infinity` keeps every entry.
 * @returns The entry, cut or as it was.
 * @throws {RangeError} If `max` is not a positive whole number or `Infinity`.
 * @example
 * ```ts
 * import { cutEntry } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.equal(cutEntry("abcdef", 4), "abcd…[cut 2 chars]");
 * assert.equal(cutEntry("abc", 4), "abc");
 * ```
 */
export function cutEntry(entry: string, max: number): string {
  if (max !== MAX_ENTRY_LENGTH) checkMaxEntryLength(max);
  if (entry.length <= max) return entry;
  const code = entry.charCodeAt(max - 1);
  const kept = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return `${entry.slice(0, kept)}…[cut ${entry.length - kept} chars]`;
}

/** Options of the category helpers such as {@linkcode logToLogin}. */
export interface CategoryLogOptions extends LogEventOptions {
  /**
   * The log root.
   * @default "logs"
   */
  root?: string;
}

/**
 * Formats one log line: `<timestamp> - <escaped entry>\n`.
 * @param at The time of the event.
 * @param entry The event text; escaped with `escapeEntry`.
 * @returns The line, ending in `\n`.
 * @example
 * ```ts
 * import { formatLine } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.match(formatLine(new Date(0), "a\nb"), /^\d{4}-\d\d-\d\dT[\d:.]+[+-]\d\d:\d\d - a\\nb\n$/);
 * ```
 */
export function formatLine(at: Date, entry: string): string {
  return `${formatTimestamp(at)} - ${escapeEntry(entry)}\n`;
}

/**
 * Appends one line `<timestamp> - <entry>` to `filePath`, creating the file and missing folders.
 * Calls for the same path land in call order; concurrent calls share one write.
 * Requires `--allow-read` and `--allow-write` on the log folder.
 * @param filePath The log file.
 * @param entry The event text; line breaks and control characters are escaped.
 * @param options `now`: the clock (default `() => new Date()`); `maxEntryLength` (default
 * 65,536): longer entries are cut, ending with `…[cut N chars]`.
 * @returns A promise that resolves once the line has been handed to the operating system.
 * @throws {TypeError} If `entry` is not a string or `filePath` is empty (the promise rejects).
 * @throws {RangeError} If `maxEntryLength` is not a positive whole number or `Infinity`.
 * @throws {LogFileError} If the file cannot be written; `error.path` names it.
 * @example Append a line with a fixed clock
 * ```ts
 * import { logEvent } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * await logEvent(`${root}/server_logs.txt`, "boot", { now: () => new Date(0) });
 * assert.match(await Deno.readTextFile(`${root}/server_logs.txt`), / - boot\n$/);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export function logEvent(
  filePath: string,
  entry: string,
  options?: LogEventOptions,
): Promise<void> {
  try {
    if (typeof filePath !== "string" || filePath === "") {
      throw new TypeError(
        `Cannot log event: filePath must be a non-empty string, got ${describe(filePath)}`,
      );
    }
    if (typeof entry !== "string") {
      throw new TypeError(
        `Cannot log event to ${JSON.stringify(filePath)}: entry must be a string, got ${
          describe(entry)
        }`,
      );
    }
    const max = options?.maxEntryLength ?? MAX_ENTRY_LENGTH;
    return enqueueWrite(
      filePath,
      formatLine(options?.now ? options.now() : new Date(), cutEntry(entry, max)),
    );
  } catch (error) {
    return Promise.reject(error);
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

/**
 * Appends a line to the log file of any category: `<root>/<category>_logs.txt`.
 * @param category The category; must match `CATEGORY_PATTERN`.
 * @param entry The event text.
 * @param options `root` (default `"logs"`), `now` and `maxEntryLength`.
 * @returns A promise that resolves once the line has been handed to the operating system.
 * @throws {RangeError} If `category` is not a valid name (the promise rejects; nothing is written).
 * @example
 * ```ts
 * import { logTo } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * await logTo("billing", "invoice 7 paid", { root });
 * assert.match(await Deno.readTextFile(`${root}/billing_logs.txt`), / - invoice 7 paid\n$/);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export function logTo(
  category: string,
  entry: string,
  options: CategoryLogOptions = {},
): Promise<void> {
  const root = options.root ?? "logs";
  let path: string;
  try {
    checkRoot(root);
    path = categoryFile(root, category); // checks the category name
  } catch (error) {
    return Promise.reject(error);
  }
  return logEvent(path, entry, options);
}

/**
 * Appends a line to `<root>/login_logs.txt`: authorization events.
 * @param entry The event text.
 * @param options `root` (default `"logs"`), `now` and `maxEntryLength`.
 * @returns A promise that resolves once the line has been handed to the operating system.
 * @example
 * ```ts
 * import { logToLogin } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * await logToLogin("user alice logged in", { root });
 * assert.match(await Deno.readTextFile(`${root}/login_logs.txt`), / - user alice logged in\n$/);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export function logToLogin(
  entry: string,
  options?: CategoryLogOptions,
): Promise<void> {
  return logTo("login", entry, options);
}

/**
 * Appends a line to `<root>/server_logs.txt`: server and system events (`server_logs.txt`).
 * @param entry The event text.
 * @param options `root` (default `"logs"`), `now` and `maxEntryLength`.
 * @returns A promise that resolves once the line has been handed to the operating system.
 * @example
 * ```ts
 * import { logToWork } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * await logToWork("worker 3 restarted", { root });
 * assert.match(await Deno.readTextFile(`${root}/server_logs.txt`), / - worker 3 restarted\n$/);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export function logToWork(
  entry: string,
  options?: CategoryLogOptions,
): Promise<void> {
  return logTo("server", entry, options);
}

/**
 * Appends a line to `<root>/console_logs.txt`: console messages.
 * @param entry The event text.
 * @param options `root` (default `"logs"`), `now` and `maxEntryLength`.
 * @returns A promise that resolves once the line has been handed to the operating system.
 * @example
 * ```ts
 * import { logToConsole } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * await logToConsole("health check ok", { root });
 * assert.match(await Deno.readTextFile(`${root}/console_logs.txt`), / - health check ok\n$/);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export function logToConsole(
  entry: string,
  options?: CategoryLogOptions,
): Promise<void> {
  return logTo("console", entry, options);
}

/**
 * Appends a line to `<root>/users_logs.txt`: user actions.
 * @param entry The event text.
 * @param options `root` (default `"logs"`), `now` and `maxEntryLength`.
 * @returns A promise that resolves once the line has been handed to the operating system.
 * @example
 * ```ts
 * import { logToUsers } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * await logToUsers("alice exported report 12", { root });
 * assert.match(await Deno.readTextFile(`${root}/users_logs.txt`), / - alice exported report 12\n$/);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export function logToUsers(
  entry: string,
  options?: CategoryLogOptions,
): Promise<void> {
  return logTo("users", entry, options);
}
