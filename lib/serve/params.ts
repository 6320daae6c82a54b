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
  /** The chosen hosts of a central root; all of the handler's when the query names none. */
  hosts?: string[];
}

/** What the parsers need besides the query. */
export interface ParseContext {
  /** The categories the handler serves. */
  categories: readonly string[];
  /** The instant relative times (`-2h`, `today`) are read against. */
  now: Date;
  /** The hosts the handler serves when its root is a central root. */
  hosts?: readonly string[];
}

const FILTER_NAMES = ["category", "host", "since", "until", "q", "regex", "ignoreCase"];
const REPEATABLE = ["category", "host"];

/** Throws unless every parameter is one of `names`; each but `category` and `host` at most once. */
export function checkNames(params: URLSearchParams, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (!names.includes(name)) {
      throw new BadRequestError(
        `Unknown parameter "${name}": this route takes ${names.join(", ")}`,
      );
    }
    if (seen.has(name) && !REPEATABLE.includes(name)) {
      throw new BadRequestError(`Parameter "${name}" is given twice: give it once`);
    }
    seen.add(name);
  }
}

// The values of a repeatable parameter (`category`, `host`), each one of `known`; all when none.
function parseChoices(params: URLSearchParams, name: string, known: readonly string[]): string[] {
  const named = params.getAll(name).flatMap((value) => value.split(","))
    .map((value) => value.trim()).filter((value) => value !== "");
  for (const value of named) {
    if (!known.includes(value)) {
      throw new BadRequestError(
        `Unknown ${name} ${JSON.stringify(value)}: choose from ${known.join(", ")}`,
      );
    }
  }
  return named.length === 0 ? [...known] : [...new Set(named)];
}

/** Reads `host`: the chosen hosts, or all of them; `undefined` when the handler has none. */
export function parseHosts(
  params: URLSearchParams,
  known?: readonly string[],
): string[] | undefined {
  if (known !== undefined) return parseChoices(params, "host", known);
  if (params.has("host")) {
    throw new BadRequestError(
      'Unknown parameter "host": this server reads one log root, not a central root of hosts',
    );
  }
  return undefined;
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

/** Reads `category`, `host`, `since`, `until`, `q`, `regex` and `ignoreCase`. */
export function parseFilter(params: URLSearchParams, context: ParseContext): QueryFilter {
  const ignoreCase = parseFlag(params, "ignoreCase") ?? false;
  const filter: QueryFilter = { categories: parseChoices(params, "category", context.categories) };
  const hosts = parseHosts(params, context.hosts);
  if (hosts) filter.hosts = hosts;
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
