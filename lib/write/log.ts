/**
 * Logging: one event, one line `<timestamp> - <entry>`, into a file or a category's file.
 * @module
 */
import { escapeEntry } from "../format/escape.ts";
import { formatTimestamp } from "../format/time.ts";
import { categoryFile, checkRoot } from "../format/paths.ts";
import { enqueueWrite } from "./writer.ts";

/** Options of {@linkcode logEvent}. */
export interface LogEventOptions {
  /**
   * The clock, read once per call.
   * @default () => new Date()
   */
  now?: () => Date;
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
 * @param options `now`: the clock (default `() => new Date()`).
 * @returns A promise that resolves once the line has been handed to the operating system.
 * @throws {TypeError} If `entry` is not a string or `filePath` is empty (the promise rejects).
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
    return enqueueWrite(
      filePath,
      formatLine(options?.now ? options.now() : new Date(), entry),
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
 * @param options `root` (default `"logs"`) and `now`.
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
 * @param options `root` (default `"logs"`) and `now`.
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
 * @param options `root` (default `"logs"`) and `now`.
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
 * @param options `root` (default `"logs"`) and `now`.
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
 * @param options `root` (default `"logs"`) and `now`.
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
