/** The backup command's flags: parseBackupArgs() on argument lists. */
import assert from "node:assert/strict";
import { parseBackupArgs } from "../../lib/backup/cli.ts";

const DEFAULTS = {
  root: "logs",
  intervalDays: undefined,
  force: false,
  keep: undefined,
  maxAgeDays: undefined,
  compress: false,
  maxBytes: undefined,
  categories: undefined,
};

Deno.test("parseBackupArgs() with no flags runs with the defaults", () => {
  assert.deepEqual(parseBackupArgs([]), {
    kind: "run",
    options: DEFAULTS,
    dryRun: false,
    json: false,
  });
});

Deno.test("parseBackupArgs() reads every flag", () => {
  const args = ["--root", "/srv/logs", "--days", "7.5", "--force", "--dry-run", "--json"];
  args.push("--keep", "3", "--max-age-days", "90", "--compress", "--max-bytes", "10MB");
  args.push("--categories", " login , billing");
  assert.deepEqual(parseBackupArgs(args), {
    kind: "run",
    options: {
      root: "/srv/logs",
      intervalDays: 7.5,
      force: true,
      keep: 3,
      maxAgeDays: 90,
      compress: true,
      maxBytes: 10_000_000,
      categories: ["login", "billing"],
    },
    dryRun: true,
    json: true,
  });
});

Deno.test("parseBackupArgs() reads the --flag=VALUE form", () => {
  assert.deepEqual(parseBackupArgs(["--root=/srv/logs", "--days=7", "--max-bytes=1GiB"]), {
    kind: "run",
    options: { ...DEFAULTS, root: "/srv/logs", intervalDays: 7, maxBytes: 1_073_741_824 },
    dryRun: false,
    json: false,
  });
});

Deno.test("parseBackupArgs() returns help for --help and -h", () => {
  assert.deepEqual(parseBackupArgs(["--help"]), { kind: "help" });
  assert.deepEqual(parseBackupArgs(["-h"]), { kind: "help" });
  assert.deepEqual(parseBackupArgs(["--force", "-h", "--days", "7"]), { kind: "help" });
});

const ERRORS: [string[], RegExp][] = [
  [["--bogus"], /^Unknown option "--bogus": check its spelling$/],
  [["-x"], /^Unknown option "-x": check its spelling$/],
  [["logs"], /^Unexpected argument "logs": .*--root DIR$/],
  [["--force=yes"], /^Invalid option "--force": it takes no value; write --force alone$/],
  [["--dry-run=true"], /^Invalid option "--dry-run": it takes no value; write --dry-run alone$/],
  [
    ["--days", "abc"],
    /^Invalid value for --days "abc": it is not a number; give a positive number, e\.g\. "30"$/,
  ],
  [
    ["--days", "0"],
    /^Invalid value for --days "0": it is not above zero; give a positive number, e\.g\. "30"$/,
  ],
  [["--days", "-1"], /^Invalid value for --days "-1": it is not a number; /],
  [["--days", " "], /^Invalid value for --days " ": it is not a number; /],
  [["--days", "0x10"], /^Invalid value for --days "0x10": it is not a number; /],
  [["--days", "Infinity"], /^Invalid value for --days "Infinity": it is not a number; /],
  [
    ["--days", "1e400"],
    /^Invalid value for --days "1e400": it is too large: as a number it is infinite; give a positive number, e\.g\. "30"$/,
  ],
  [["--days"], /^Missing value for --days: write --days followed by its value$/],
  [["--days", "--force"], /^Missing value for --days: /],
  [["--days", "5", "--days", "7"], /^Option "--days" given twice: give it once$/],
  [["--days=5", "--days", "7"], /^Option "--days" given twice: give it once$/],
  [["--force", "--force"], /^Option "--force" given twice: give it once$/],
  [["-h", "--help"], /^Option "--help" given twice: give it once$/],
  [
    ["--keep", "1.5"],
    /^Invalid value for --keep "1\.5": it is not a whole number; give a positive whole number, e\.g\. "12"$/,
  ],
  [
    ["--keep", "0"],
    /^Invalid value for --keep "0": it is not above zero; give a positive whole number, e\.g\. "12"$/,
  ],
  [
    ["--max-age-days", "0"],
    /^Invalid value for --max-age-days "0": it is not above zero; give a positive number, e\.g\. "365"$/,
  ],
  [["--max-bytes", "10XB"], /^Invalid size "10XB": /],
  [["--root", ""], /^Invalid value for --root "": give a folder path, e\.g\. "\/srv\/logs"$/],
  [["--root"], /^Missing value for --root: /],
];

for (const [args, message] of ERRORS) {
  Deno.test(`parseBackupArgs() returns an error for ${JSON.stringify(args)}`, () => {
    const command = parseBackupArgs(args);
    assert.equal(command.kind, "error");
    assert.match(command.kind === "error" ? command.message : "", message);
  });
}
