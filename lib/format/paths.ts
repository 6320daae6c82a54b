/**
 * Where everything lives under a log root: category files, archives, state.
 * Pure: no disk access.
 * @module
 */
import { join } from "node:path";

/**
 * The four built-in categories, one log file each.
 * @example
 * ```ts
 * import { LOG_CATEGORIES } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.deepEqual(LOG_CATEGORIES, ["console", "login", "server", "users"]);
 * ```
 */
export const LOG_CATEGORIES = ["console", "login", "server", "users"] as const;

/** A built-in category name. */
export type LogCategory = typeof LOG_CATEGORIES[number];

/**
 * What a category name must look like: lowercase, digits, `_` and `-`, at most 64 characters.
 * @example
 * ```ts
 * import { CATEGORY_PATTERN } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.ok(CATEGORY_PATTERN.test("billing_eu-2"));
 * assert.ok(!CATEGORY_PATTERN.test("../x"));
 * ```
 */
export const CATEGORY_PATTERN: RegExp = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Every path under one log root. */
export interface LogPaths<C extends string = LogCategory> {
  /** The log root itself. */
  root: string;
  /** The folder the archives go to: `<root>/backup_logs`. */
  backupDir: string;
  /** The folder of the state files: `<root>/dates`. */
  datesDir: string;
  /** The time of the last backup: `<root>/dates/backup_date.txt`. */
  backupDateFile: string;
  /** The lock a backup holds while it runs: `<root>/dates/backup.lock`. */
  lockFile: string;
  /** One log file per category: `<root>/<category>_logs.txt`. */
  files: Record<C, string>;
}

/** Options of {@linkcode logPaths}. */
export interface LogPathsOptions<C extends string> {
  /**
   * The categories to list in `files`; each must match {@linkcode CATEGORY_PATTERN}.
   * @default LOG_CATEGORIES
   */
  categories?: readonly C[];
}

/**
 * Lists every path under a log root.
 * @param root The log root.
 * @param options `categories`: the categories to name files for.
 * @returns The paths; nothing is created.
 * @throws {RangeError} If a category name is not valid.
 * @example The default layout
 * ```ts
 * import { logPaths } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const paths = logPaths("/srv/logs");
 * assert.equal(paths.files.login, "/srv/logs/login_logs.txt");
 * assert.equal(paths.backupDateFile, "/srv/logs/dates/backup_date.txt");
 * ```
 */
export function logPaths<C extends string = LogCategory>(
  root = "logs",
  options: LogPathsOptions<C> = {},
): LogPaths<C> {
  const categories = options.categories ??
    (LOG_CATEGORIES as readonly string[] as readonly C[]);
  const files = {} as Record<C, string>;
  for (const category of categories) {
    files[category] = categoryFile(root, category);
  }
  const datesDir = join(root, "dates");
  return {
    root,
    backupDir: join(root, "backup_logs"),
    datesDir,
    backupDateFile: join(datesDir, "backup_date.txt"),
    lockFile: join(datesDir, "backup.lock"),
    files,
  };
}

/**
 * The log file of one category: `<root>/<category>_logs.txt`.
 * @param root The log root.
 * @param category The category; must match {@linkcode CATEGORY_PATTERN}.
 * @returns The file's path.
 * @throws {RangeError} If the category name is not valid.
 * @example A custom category
 * ```ts
 * import { categoryFile } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.equal(categoryFile("logs", "billing"), "logs/billing_logs.txt");
 * assert.throws(() => categoryFile("logs", "../x"), RangeError);
 * ```
 */
export function categoryFile(root: string, category: string): string {
  checkCategory(category);
  return join(root, `${category}_logs.txt`);
}

/**
 * Checks a category name against {@linkcode CATEGORY_PATTERN}.
 * @param category The name to check.
 * @throws {RangeError} If it does not match; the message quotes it.
 */
export function checkCategory(category: string): void {
  if (typeof category === "string" && CATEGORY_PATTERN.test(category)) return;
  throw new RangeError(
    `Invalid log category ${
      JSON.stringify(category)
    }: use 1 to 64 characters from a-z, 0-9, "_" and "-", starting with a letter or digit`,
  );
}

/**
 * The default log files, `logPaths().files`.
 * @example
 * ```ts
 * import { LOG_FILES } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.equal(LOG_FILES.server, "logs/server_logs.txt");
 * ```
 */
export const LOG_FILES: Record<LogCategory, string> = logPaths().files;

/**
 * Checks a log root option.
 * @param root The value given as `root`.
 * @throws {TypeError} If it is not a non-empty string.
 */
export function checkRoot(root: unknown): void {
  if (typeof root === "string" && root !== "") return;
  const rule = 'root must be a non-empty folder path, e.g. "logs"';
  if (typeof root === "string") throw new TypeError(`Invalid log root "": ${rule}`);
  const kind = root === null || root === undefined
    ? String(root)
    : Array.isArray(root)
    ? "an array"
    : typeof root === "object"
    ? "an object"
    : `a ${typeof root}`;
  throw new TypeError(`Invalid log root: ${rule}, got ${kind}`);
}
