/**
 * What the four commands share on their command lines: joining a flag with its value, node:util's
 * parse errors in our words, refusing a flag given twice, and the exit status an error maps to.
 * Pure, but for {@linkcode printExit}, the one console write. Internal.
 * @module
 */
import { LogFileError } from "../errors.ts";

/** Options of {@linkcode joinedFlagValues}. */
export interface FlagValuesOptions {
  /** Refuse a value starting with `--` (it is the next flag, not a value). @default false */
  refuseFlagValues?: boolean;
}

/**
 * Joins each value flag with the argument after it (`--since -2h` becomes `--since=-2h`, `-n 5`
 * becomes `-n5`), so that a value may start with a dash.
 * @param args The arguments after the script name.
 * @param valueFlags The flags that take a value, as written (`--root`, `-n`).
 * @param options `refuseFlagValues`.
 * @returns The arguments, each value flag joined with its value.
 * @throws {RangeError} If a value flag is last (or, with `refuseFlagValues`, followed by `--x`).
 * @example
 * ```ts
 * import { joinedFlagValues } from "./args.ts";
 * import assert from "node:assert/strict";
 * const flags = new Set(["--since", "-n"]);
 * assert.deepEqual(joinedFlagValues(["--since", "-2h", "-n", "5"], flags), ["--since=-2h", "-n5"]);
 * ```
 */
export function joinedFlagValues(
  args: readonly string[],
  valueFlags: ReadonlySet<string>,
  options: FlagValuesOptions = {},
): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!valueFlags.has(arg)) {
      joined.push(arg);
      continue;
    }
    const value = args[++i];
    if (value === undefined || (options.refuseFlagValues && value.startsWith("--"))) {
      throw new RangeError(`Missing value for ${arg}: write ${arg} followed by its value`);
    }
    joined.push(arg.startsWith("--") ? `${arg}=${value}` : `${arg}${value}`);
  }
  return joined;
}

/**
 * Refuses a flag given twice: it is a mistake (which one was meant?), not "the last one wins".
 * `-h` counts as `--help`; write value flags joined (`--days=5`).
 * @param args The arguments, value flags joined with their values.
 * @returns `args`, unchanged.
 * @throws {RangeError} If a flag is given twice.
 * @example
 * ```ts
 * import { uniqueFlags } from "./args.ts";
 * import assert from "node:assert/strict";
 * assert.throws(() => uniqueFlags(["-h", "--help"]), /"--help" given twice/);
 * ```
 */
export function uniqueFlags(args: string[]): string[] {
  const seen = new Set<string>();
  for (const arg of args) {
    if (!arg.startsWith("-")) continue;
    const flag = arg === "-h" ? "--help" : arg.replace(/=.*$/s, "");
    if (seen.has(flag)) {
      throw new RangeError(`Option ${JSON.stringify(flag)} given twice: give it once`);
    }
    seen.add(flag);
  }
  return args;
}

/** Options of {@linkcode formatUsageError}: a command's own words. */
export interface UsageErrorOptions {
  /** What follows `Unexpected argument "x": `. @default undefined: node:util's first line */
  positional?: string;
  /** Words for a flag given a value it does not take (`"no-value"`), or none (`"missing"`).
   * @default undefined: node:util's first line */
  invalidValue?: "no-value" | "missing";
}

/**
 * Words an error thrown while reading a command line as one line: node:util's wording for the
 * usual mistakes in ours, any other error's first line.
 * @param error What `parseArgs` (or the command's own checks) threw.
 * @param options `positional`, `invalidValue`.
 * @returns One line, without the `; run with --help for usage` hint.
 * @example
 * ```ts
 * import { formatUsageError } from "./args.ts";
 * import assert from "node:assert/strict";
 * const error = Object.assign(new TypeError("Unknown option '--x'"), {
 *   code: "ERR_PARSE_ARGS_UNKNOWN_OPTION",
 * });
 * assert.equal(formatUsageError(error), 'Unknown option "--x": check its spelling');
 * ```
 */
export function formatUsageError(error: unknown, options: UsageErrorOptions = {}): string {
  const { code, message } = error as { code?: string; message?: string };
  const quoted = /'([^']*)'/.exec(message ?? "")?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    return `Unknown option ${JSON.stringify(quoted)}: check its spelling`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    if (options.invalidValue === "no-value" && quoted !== undefined) {
      return `Invalid option ${JSON.stringify(quoted)}: it takes no value; write ${quoted} alone`;
    }
    if (options.invalidValue === "missing") {
      return `Missing value for ${/--[a-z-]+/.exec(message ?? "")?.[0] ?? "an option"}: ` +
        `write the option followed by its value`;
    }
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" && options.positional !== undefined) {
    return `Unexpected argument ${JSON.stringify(quoted)}: ${options.positional}`;
  }
  return (message ?? String(error)).split("\n")[0]!;
}

/** How an entry point ends: a line for stdout (`log`) or stderr (`error`), and an exit status. */
export interface CommandExit {
  /** The exit status: 0 done, 1 file error, 2 bad usage. */
  status: number;
  /** Where the text goes: `console.log` or `console.error`. */
  stream: "log" | "error";
  /** The text to print. */
  text: string;
}

/**
 * How an entry point ends when its command line asks for help or is wrong. Pure.
 * @param command What the command's parser returned.
 * @param usage The command's usage text.
 * @returns The usage on stdout with status 0, the error with its hint on stderr with status 2.
 * @example
 * ```ts
 * import { usageExit } from "./args.ts";
 * import assert from "node:assert/strict";
 * const exit = usageExit({ kind: "error", message: "Bad" }, "Usage");
 * assert.deepEqual(exit, { status: 2, stream: "error", text: "Bad; run with --help for usage" });
 * ```
 */
export function usageExit(
  command: { kind: "help" } | { kind: "error"; message: string },
  usage: string,
): CommandExit {
  return command.kind === "help"
    ? { status: 0, stream: "log", text: usage }
    : { status: 2, stream: "error", text: `${command.message}; run with --help for usage` };
}

/** Options of {@linkcode errorExit}. */
export interface ErrorExitOptions {
  /** Add `; run with --help for usage` to a `RangeError` or `TypeError`. @default true */
  hint?: boolean;
}

/**
 * How an entry point ends on an error: a `LogFileError` exits 1, a `RangeError` or `TypeError`
 * (a value the command cannot use) 2, each with its message on stderr.
 * @param error What the command threw.
 * @param options `hint`.
 * @returns The exit.
 * @throws {unknown} `error` itself, when it is none of these: a bug, not a usage error.
 * @example
 * ```ts
 * import { errorExit } from "./args.ts";
 * import assert from "node:assert/strict";
 * assert.equal(errorExit(new RangeError("Bad")).text, "Bad; run with --help for usage");
 * assert.throws(() => errorExit(new Error("bug")), /bug/);
 * ```
 */
export function errorExit(error: unknown, options: ErrorExitOptions = {}): CommandExit {
  if (error instanceof LogFileError) return { status: 1, stream: "error", text: error.message };
  if (error instanceof RangeError || error instanceof TypeError) {
    const hint = options.hint ?? true ? "; run with --help for usage" : "";
    return { status: 2, stream: "error", text: `${error.message}${hint}` };
  }
  throw error;
}

/**
 * Prints an exit's text on its stream.
 * @param exit What {@linkcode usageExit} or {@linkcode errorExit} returned.
 * @returns The exit status.
 * @example
 * ```ts
 * import { printExit } from "./args.ts";
 * if (printExit({ status: 0, stream: "log", text: "Usage: …" }) !== 0) throw new Error("status");
 * ```
 */
export function printExit(exit: CommandExit): number {
  console[exit.stream](exit.text);
  return exit.status;
}
