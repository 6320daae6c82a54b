/**
 * The `logs` command's flags, read into what to do. Pure (the clock is passed in).
 * @module
 */
import { parseArgs } from "node:util";
import { parseTimeArg } from "../format/time_arg.ts";
import { CATEGORY_PATTERN, LOG_CATEGORIES } from "../format/paths.ts";
import type { LogFilter } from "./filter.ts";
import { formatUsageError, joinedFlagValues } from "../cli/args.ts";

/** The usage text printed by `--help`. */
export const LOGS_USAGE = `Usage: deno task logs [CATEGORY...] [options]
       deno run --allow-read=DIR logs.ts --root DIR [CATEGORY...] [options]

Prints log records from the live files and the archives: by default the newest 100, oldest first.

Options:
  --root DIR            log root (default: logs)
  --hosts LIST          the root is a central root: read these host folders
                        (comma-separated, e.g. app1,app2), merged by time
  --since T             records at or after T
  --until T             records before T
                        T: RFC 3339, YYYY-MM-DD, "YYYY-MM-DD HH:MM[:SS]", now, today,
                        yesterday, or -90s, -15m, -2h, -7d
  --grep TEXT           entries containing TEXT
  --regex RE            entries matching the regular expression RE
  -i                    ignore case in --grep and --regex
  -n N                  the newest N records (default: 100)
  --all                 every matching record
  --reverse             newest first
  --no-archives         only the live files, not backup_logs/
  --json                JSON Lines: {"time","category","entry","cursor"}, and "host"
                        with --hosts
  --follow              print the last N, then new records as they come, until Ctrl-C
  --count-by UNIT       counts per minute, hour or day and category, with a bar
                        (default range: the last 60 minutes, 24 hours or 30 days)
  -h, --help            show this help

Categories: console, login, server, users, or any name matching ${CATEGORY_PATTERN.source}.
Exit status: 0 done (even when nothing matched), 1 file error, 2 bad usage.`;

/** What the command line asks for. */
export type LogsCommand =
  | { kind: "help" }
  | { kind: "error"; message: string }
  | {
    kind: "read" | "follow" | "count";
    filter: LogFilter;
    limit: number;
    newestFirst: boolean;
    json: boolean;
    countBy: "minute" | "hour" | "day";
  };

const VALUE_FLAGS = new Set([
  "--root",
  "--hosts",
  "--since",
  "--until",
  "--grep",
  "--regex",
  "-n",
  "--count-by",
]);

const FLAGS = {
  root: { type: "string" },
  hosts: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  grep: { type: "string" },
  regex: { type: "string" },
  i: { type: "boolean", short: "i" },
  n: { type: "string", short: "n" },
  all: { type: "boolean" },
  reverse: { type: "boolean" },
  "no-archives": { type: "boolean" },
  json: { type: "boolean" },
  follow: { type: "boolean" },
  "count-by": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseFlags>["values"];

function parseFlags(args: string[]) {
  return parseArgs({ args, strict: true, allowPositionals: true, options: FLAGS });
}

function limitOf(values: Values): number {
  if (values.all && values.n !== undefined) {
    throw new RangeError("Conflicting options -n and --all: give one of them");
  }
  if (values.all) return Infinity;
  if (values.n === undefined) return 100;
  if (/^\d+$/.test(values.n) && Number(values.n) > 0) return Number(values.n);
  throw new RangeError(
    `Invalid value for -n: ${JSON.stringify(values.n)} is not a positive whole number`,
  );
}

function regexOf(values: Values): RegExp | undefined {
  if (values.regex === undefined) return undefined;
  try {
    return new RegExp(values.regex, values.i ? "iu" : "u");
  } catch (error) {
    throw new RangeError(
      `Invalid value for --regex: ${JSON.stringify(values.regex)} is not a regular expression (${
        (error as Error).message
      })`,
    );
  }
}

const COUNT_UNITS = ["minute", "hour", "day"] as const;
const COUNT_RANGE: Record<string, string> = { minute: "-60m", hour: "-24h", day: "-30d" };

function modeOf(values: Values): "read" | "follow" | "count" {
  const count = values["count-by"];
  if (count !== undefined && !(COUNT_UNITS as readonly string[]).includes(count)) {
    throw new RangeError(
      `Invalid value for --count-by: ${JSON.stringify(count)}; use minute, hour or day`,
    );
  }
  if (values.follow && count !== undefined) {
    throw new RangeError("Conflicting options --follow and --count-by: give one of them");
  }
  if (values.follow && (values.reverse || values.all)) {
    throw new RangeError(
      `Conflicting options --follow and --${
        values.all ? "all" : "reverse"
      }: follow prints oldest first, the last N to start`,
    );
  }
  return values.follow ? "follow" : count !== undefined ? "count" : "read";
}

function toCommand(values: Values, positionals: string[], now: Date): LogsCommand {
  if (values.root === "") throw new RangeError("Invalid value for --root: give a folder path");
  const mode = modeOf(values);
  const countBy = (values["count-by"] ?? "hour") as "minute" | "hour" | "day";
  const since = values.since ?? (mode === "count" ? COUNT_RANGE[countBy] : undefined);
  const until = values.until ?? (mode === "count" ? "now" : undefined);
  const filter: LogFilter = {
    root: values.root ?? "logs",
    categories: positionals.length ? positionals : LOG_CATEGORIES,
    since: since === undefined ? undefined : parseTimeArg(since, now),
    until: until === undefined ? undefined : parseTimeArg(until, now),
    contains: values.grep,
    match: regexOf(values),
    ignoreCase: values.i ?? false,
    archives: !values["no-archives"],
    ...(values.hosts === undefined ? {} : { hosts: values.hosts.split(",").map((h) => h.trim()) }),
  };
  for (const category of positionals) {
    if (!CATEGORY_PATTERN.test(category)) {
      throw new RangeError(
        `Invalid category ${
          JSON.stringify(category)
        }: use console, login, server, users or another name matching ${CATEGORY_PATTERN.source}`,
      );
    }
  }
  const limit = limitOf(values);
  return {
    kind: mode,
    filter,
    limit,
    newestFirst: values.reverse ?? false,
    json: values.json ?? false,
    countBy,
  };
}

/**
 * Reads the `logs` command's arguments.
 * @param args The arguments after the script name.
 * @param now The current time, for relative times (`-2h`).
 * @returns What to do: print help, report a usage error (exit 2), or read, follow or count.
 */
export function parseLogsArgs(args: readonly string[], now: Date): LogsCommand {
  try {
    // `--since -2h` becomes `--since=-2h`: a value may start with a dash.
    const { values, positionals } = parseFlags(joinedFlagValues(args, VALUE_FLAGS));
    if (values.help) return { kind: "help" };
    return toCommand(values, positionals, now);
  } catch (error) {
    return { kind: "error", message: formatUsageError(error) };
  }
}
