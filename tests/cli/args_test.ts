/** The command lines' shared parts, as tables: joining, repeats, node:util's errors, exits. */
import assert from "node:assert/strict";
import { parseArgs } from "node:util";
import {
  errorExit,
  formatUsageError,
  joinedFlagValues,
  uniqueFlags,
  type UsageErrorOptions,
  usageExit,
} from "../../lib/cli/args.ts";
import { LogFileError } from "../../lib/errors.ts";

const VALUE_FLAGS = new Set(["--since", "--root", "-n"]);

Deno.test("joinedFlagValues joins a value flag with the next argument, even a dashed one", () => {
  const cases: [string[], boolean, string[] | string][] = [
    [["--since", "-2h"], false, ["--since=-2h"]],
    [["-n", "5", "login"], false, ["-n5", "login"]],
    [["--since=-2h", "--json"], false, ["--since=-2h", "--json"]],
    [["--root", "--json"], false, ["--root=--json"]],
    [["--root", "--json"], true, "Missing value for --root: write --root followed by its value"],
    [["--root", "-x"], true, ["--root=-x"]],
    [
      ["--json", "--since"],
      false,
      "Missing value for --since: write --since followed by its value",
    ],
  ];
  for (const [args, refuseFlagValues, expected] of cases) {
    const join = () => joinedFlagValues(args, VALUE_FLAGS, { refuseFlagValues });
    if (typeof expected === "string") assert.throws(join, new RangeError(expected));
    else assert.deepEqual(join(), expected);
  }
});

Deno.test("uniqueFlags refuses a flag given twice, -h as --help", () => {
  const cases: [string[], string | null][] = [
    [["--days=5", "--keep=3", "logs"], null],
    [["--days=5", "--days=7"], 'Option "--days" given twice: give it once'],
    [["--force", "--force"], 'Option "--force" given twice: give it once'],
    [["-h", "--help"], 'Option "--help" given twice: give it once'],
    [["--root=a=b", "--root=c"], 'Option "--root" given twice: give it once'],
  ];
  for (const [args, message] of cases) {
    if (message === null) assert.deepEqual(uniqueFlags(args), args);
    else assert.throws(() => uniqueFlags(args), new RangeError(message));
  }
});

// What node:util's parseArgs really throws for these arguments.
function parseError(args: string[]): unknown {
  try {
    parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { root: { type: "string" }, force: { type: "boolean" } },
    });
  } catch (error) {
    return error;
  }
  throw new Error(`parseArgs accepted ${JSON.stringify(args)}`);
}

Deno.test("formatUsageError words node:util's errors in each command's words", () => {
  const cases: [string[] | unknown, UsageErrorOptions, string][] = [
    [["--bogus"], {}, 'Unknown option "--bogus": check its spelling'],
    [
      ["--force=yes"],
      { invalidValue: "no-value" },
      'Invalid option "--force": it takes no value; write --force alone',
    ],
    [
      ["--root"],
      { invalidValue: "missing" },
      "Missing value for --root: write the option followed by its value",
    ],
    [
      ["logs"],
      { positional: "the viewer takes options only" },
      'Unexpected argument "logs": the viewer takes options only',
    ],
    [new RangeError("Bad value\nsecond line"), {}, "Bad value"],
    ["plain text", {}, "plain text"],
  ];
  for (const [input, options, expected] of cases) {
    const error = Array.isArray(input) ? parseError(input) : input;
    assert.equal(formatUsageError(error, options), expected);
  }
  // Without a command's words, node:util's own first line.
  assert.equal(
    formatUsageError(parseError(["logs"])),
    (parseError(["logs"]) as Error).message.split("\n")[0],
  );
});

Deno.test("usageExit and errorExit map to the exit status and the stream", () => {
  const file = new LogFileError(`Cannot read log file "x": it is a directory`, "x");
  const cases: [() => unknown, unknown][] = [
    [() => usageExit({ kind: "help" }, "Usage: x"), {
      status: 0,
      stream: "log",
      text: "Usage: x",
    }],
    [() => usageExit({ kind: "error", message: "Bad" }, "Usage: x"), {
      status: 2,
      stream: "error",
      text: "Bad; run with --help for usage",
    }],
    [() => errorExit(file), { status: 1, stream: "error", text: file.message }],
    [() => errorExit(new RangeError("Bad")), {
      status: 2,
      stream: "error",
      text: "Bad; run with --help for usage",
    }],
    [() => errorExit(new TypeError("Bad")), {
      status: 2,
      stream: "error",
      text: "Bad; run with --help for usage",
    }],
    [() => errorExit(new RangeError("Bad"), { hint: false }), {
      status: 2,
      stream: "error",
      text: "Bad",
    }],
  ];
  for (const [exit, expected] of cases) assert.deepEqual(exit(), expected);
  const bug = new Error("a bug");
  assert.throws(() => errorExit(bug), (thrown) => thrown === bug);
});
