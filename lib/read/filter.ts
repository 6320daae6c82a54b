/**
 * The readers' shared options, checked once and compiled into what the scan needs: time bounds
 * in ms, the raw bytes to search for, and the test on the unescaped entry. Pure.
 * @module
 */
import { checkCategory, checkRoot, LOG_CATEGORIES } from "../format/paths.ts";
import { escapeEntry } from "../format/escape.ts";

/** What to read: the root, the categories, a time range and a text filter. */
export interface LogFilter {
  /** The log root. @default "logs" */
  root?: string;
  /** The categories to read; each must match `CATEGORY_PATTERN`. @default LOG_CATEGORIES */
  categories?: readonly string[];
  /** Only records at or after this instant. */
  since?: Date;
  /** Only records before this instant. */
  until?: Date;
  /** Only entries containing this text (the unescaped entry). */
  contains?: string;
  /** Only entries this expression matches (tested on the unescaped entry). */
  match?: RegExp;
  /** Whether `contains` ignores case. @default false */
  ignoreCase?: boolean;
  /** Whether to read `backup_logs/` too (`.txt` and `.txt.gz`). @default true */
  archives?: boolean;
  /**
   * The root is a central root (`<root>/<host>/`, one log root per server): read these host
   * folders and merge them. Each name must match `HOST_PATTERN`; a missing folder reads as
   * empty, a link is refused. @default undefined (the root is one log root)
   */
  hosts?: readonly string[];
}

/** A filter checked and ready for the scan. */
export interface CompiledFilter {
  /** The log root. */
  root: string;
  /** The categories, in the order given. */
  categories: readonly string[];
  /** `since` in ms, `-Infinity` without. */
  since: number;
  /** `until` in ms, `Infinity` without. */
  until: number;
  /** Whether the archives are read. */
  archives: boolean;
  /** The bytes every matching line holds, for a raw search; `null` when there is no shortcut. */
  needle: Uint8Array | null;
  /** The test on the unescaped entry; `null` accepts every entry. */
  test: ((entry: string) => boolean) | null;
}

/** How far out of time order the lines of one file may be (several writers, clock steps). */
export const TIME_SLACK_MS = 5 * 60_000;

function checkDate(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.getTime();
  throw new TypeError(`Invalid ${name}: expected a valid Date, got ${String(value)}`);
}

function textTest(filter: LogFilter): ((entry: string) => boolean) | null {
  const { contains, match, ignoreCase = false } = filter;
  if (contains !== undefined && typeof contains !== "string") {
    throw new TypeError(`Invalid contains: expected a string, got ${typeof contains}`);
  }
  if (match !== undefined && !(match instanceof RegExp)) {
    throw new TypeError(`Invalid match: expected a RegExp, got ${typeof match}`);
  }
  // A global or sticky expression keeps state between tests: use a stateless copy.
  const re = match && new RegExp(match.source, match.flags.replace(/[gy]/g, ""));
  const lower = ignoreCase && contains ? contains.toLowerCase() : contains;
  const hasText = contains !== undefined && contains !== "";
  if (!hasText && !re) return null;
  return (entry) =>
    (!hasText || (ignoreCase ? entry.toLowerCase() : entry).includes(lower!)) &&
    (!re || re.test(entry));
}

// The escaped needle, when searching the raw bytes for it finds every matching line: the case
// must be exact, and the text must look the same escaped (else older, unescaped lines differ).
function rawNeedle(filter: LogFilter): Uint8Array | null {
  const { contains, ignoreCase } = filter;
  if (!contains || (ignoreCase && contains.toLowerCase() !== contains.toUpperCase())) return null;
  if (escapeEntry(contains) !== contains) return null;
  return new TextEncoder().encode(contains);
}

/**
 * Checks a filter and compiles it.
 * @throws {TypeError} For a value of the wrong type or a bad root.
 * @throws {RangeError} For a category name that is not valid.
 */
export function compileFilter(filter: LogFilter): CompiledFilter {
  const { root = "logs", categories = LOG_CATEGORIES, archives = true } = filter;
  checkRoot(root);
  if (!Array.isArray(categories)) {
    throw new TypeError("Invalid categories: expected an array of category names");
  }
  categories.forEach(checkCategory);
  return {
    root,
    categories: [...new Set(categories)],
    since: checkDate("since", filter.since) ?? -Infinity,
    until: checkDate("until", filter.until) ?? Infinity,
    archives: archives !== false,
    needle: rawNeedle(filter),
    test: textTest(filter),
  };
}
