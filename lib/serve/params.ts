/**
 * Reads the query string of the handler's API routes into reader options. Pure: the clock is
 * passed in. Anything wrong throws a {@linkcode BadRequestError} whose message says what is
 * wrong and the accepted forms.
 * @module
 */
import { parseTimeArg } from "../format/time_arg.ts";
import { BadRequestError } from "./http.ts";

/** The filter part of a query, in the shape of the readers' `LogFilter`. */
export interface QueryFilter {
  /** The chosen categories; all of the handler's when the query names none. */
  categories: string[];
  /** Inclusive start. */
  since?: Date;
  /** Exclusive end. */
  until?: Date;
  /** A literal the entry must contain (`q`). */
  contains?: string;
  /** A pattern the entry must match (`regex`). */
  match?: RegExp;
  /** Whether `q` (and `regex`) ignore case. */
  ignoreCase?: boolean;
}

/** What the parsers need besides the query. */
export interface ParseContext {
  /** The categories the handler serves. */
  categories: readonly string[];
  /** The instant relative times (`-2h`, `today`) are read against. */
  now: Date;
}

const FILTER_NAMES = ["category", "since", "until", "q", "regex", "ignoreCase"];

/** Throws unless every parameter is one of `names`; each but `category` at most once. */
export function checkNames(params: URLSearchParams, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (!names.includes(name)) {
      throw new BadRequestError(
        `Unknown parameter "${name}": this route takes ${names.join(", ")}`,
      );
    }
    if (seen.has(name) && name !== "category") {
      throw new BadRequestError(`Parameter "${name}" is given twice: give it once`);
    }
    seen.add(name);
  }
}

function parseCategories(params: URLSearchParams, known: readonly string[]): string[] {
  const named = params.getAll("category").flatMap((value) => value.split(","))
    .map((name) => name.trim()).filter((name) => name !== "");
  for (const name of named) {
    if (!known.includes(name)) {
      throw new BadRequestError(
        `Unknown category ${JSON.stringify(name)}: choose from ${known.join(", ")}`,
      );
    }
  }
  return named.length === 0 ? [...known] : [...new Set(named)];
}

function parseTime(params: URLSearchParams, name: string, now: Date): Date | undefined {
  const text = params.get(name);
  if (text === null || text === "") return undefined;
  try {
    return parseTimeArg(text, now);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new BadRequestError(`Invalid "${name}": ${why}`);
  }
}

/** Reads `1`/`true` and `0`/`false`; absent or empty is `undefined`. */
export function parseFlag(params: URLSearchParams, name: string): boolean | undefined {
  const text = params.get(name);
  if (text === null || text === "") return undefined;
  if (text === "1" || text === "true") return true;
  if (text === "0" || text === "false") return false;
  throw new BadRequestError(`Invalid "${name}" ${JSON.stringify(text)}: use 1 or 0`);
}

function parseRegex(params: URLSearchParams, ignoreCase: boolean): RegExp | undefined {
  const source = params.get("regex");
  if (source === null || source === "") return undefined;
  try {
    return new RegExp(source, ignoreCase ? "iu" : "u");
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new BadRequestError(
      `Invalid regex ${JSON.stringify(source)}: ${why}; write a JavaScript regular expression, ` +
        "or search for a literal with q=",
    );
  }
}

/** Reads `category`, `since`, `until`, `q`, `regex` and `ignoreCase`. */
export function parseFilter(params: URLSearchParams, context: ParseContext): QueryFilter {
  const ignoreCase = parseFlag(params, "ignoreCase") ?? false;
  const filter: QueryFilter = { categories: parseCategories(params, context.categories) };
  const since = parseTime(params, "since", context.now);
  const until = parseTime(params, "until", context.now);
  if (since && until && since.getTime() > until.getTime()) {
    throw new BadRequestError(
      `Invalid range: "since" (${since.toISOString()}) is after "until" (${until.toISOString()}); ` +
        "swap them",
    );
  }
  if (since) filter.since = since;
  if (until) filter.until = until;
  const q = params.get("q");
  if (q) filter.contains = q;
  const match = parseRegex(params, ignoreCase);
  if (match) filter.match = match;
  if (ignoreCase) filter.ignoreCase = true;
  return filter;
}

/** The names the filter takes, for route parsers that add their own. */
export const FILTER_PARAMS: readonly string[] = FILTER_NAMES;
