/**
 * backup.ts, the command: real subprocesses with `-R=<root> -W=<root>`, asserting the exit code,
 * stdout and the single stderr line; plus `main()` imported directly.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { BACKUP_USAGE } from "../../mod.ts";
import { main } from "../../backup.ts";
import { runBackup, tempRoot } from "../helpers.ts";
import {
  archiveNames,
  categoryTexts,
  DAY_MS,
  layOut,
  listTree,
  readState,
  rfc3339,
  snapshot,
} from "./archive_helpers.ts";

const OLD = "2026-10-20T08:00:00Z";
const TIME = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d`;
const ARCHIVE_STAMP = String.raw`\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d`;
const EMPTY_FILES = { console: "", login: "", server: "", users: "" };

const backup = runBackup;

const esc = (text: string): string => RegExp.escape(text);

/** A recorded time that is certainly not due yet: one hour ago. */
function recentState(): Date {
  return new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000);
}

Deno.test("backup.ts first run exits 0, says First run and creates the layout", async () => {
  await using tmp = await tempRoot();
  const result = await backup(tmp.root);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  assert.match(
    result.stdout,
    new RegExp(
      `^First run: recorded the time, archived nothing \\(last backup none, next due ${TIME}\\)\\n$`,
    ),
  );
  assert.deepEqual(await listTree(tmp.root), [
    "backup_logs/",
    "console_logs.txt",
    "dates/",
    "dates/backup.lock",
    "dates/backup_date.txt",
    "login_logs.txt",
    "server_logs.txt",
    "users_logs.txt",
  ]);
  assert.match(await readState(tmp.root), new RegExp(`^${TIME}\\n$`));
});

Deno.test("backup.ts exits 0 and says Not due when the interval has not passed", async () => {
  await using tmp = await tempRoot();
  const last = recentState();
  await layOut(tmp.root, { state: last.toISOString(), files: { "login_logs.txt": "l1\n" } });
  const before = await snapshot(tmp.root);
  const result = await backup(tmp.root);
  assert.deepEqual(result, {
    code: 0,
    stdout: `Not due (last backup ${rfc3339(last)}, next due ${
      rfc3339(new Date(last.getTime() + 30 * DAY_MS))
    })\n`,
    stderr: "",
  });
  assert.deepEqual(
    (await snapshot(tmp.root)).filter(([path]) => path !== "dates/backup.lock"),
    before,
  );
});

Deno.test("backup.ts --force archives each non-empty file and prints its path", async () => {
  await using tmp = await tempRoot();
  const last = recentState();
  await layOut(tmp.root, {
    state: last.toISOString(),
    files: { "login_logs.txt": "l1\nl2\n", "users_logs.txt": "" },
  });
  const result = await backup(tmp.root, ["--force"]);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  const dir = join(tmp.root, "backup_logs");
  const match = new RegExp(
    `^Backed up: forced \\(last backup ${esc(rfc3339(last))}, next due ${TIME}\\)\\n` +
      `archived ${esc(dir)}/(login_logs_${ARCHIVE_STAMP}\\.txt)\\n$`,
  ).exec(result.stdout);
  assert.ok(match, result.stdout);
  assert.deepEqual(await archiveNames(tmp.root), [match[1]]);
  assert.equal(await Deno.readTextFile(join(dir, match[1]!)), "l1\nl2\n");
  assert.deepEqual(await categoryTexts(tmp.root), EMPTY_FILES);
});

Deno.test("backup.ts --json prints the report as one JSON object", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: OLD, files: { "server_logs.txt": "s1\n" } });
  const result = await backup(tmp.root, ["--json"]);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(report), [
    "performed",
    "reason",
    "dryRun",
    "lastBackup",
    "nextBackup",
    "archived",
    "compressed",
    "held",
    "deleted",
    "problems",
  ]);
  assert.equal(report.performed, true);
  assert.equal(report.reason, "due");
  assert.equal(report.lastBackup, rfc3339(new Date(OLD)));
  assert.match(report.nextBackup, new RegExp(`^${TIME}$`));
  assert.equal(report.archived.length, 1);
  assert.match(
    report.archived[0],
    new RegExp(`^${esc(join(tmp.root, "backup_logs"))}/server_logs_${ARCHIVE_STAMP}\\.txt$`),
  );
  assert.equal(await Deno.readTextFile(report.archived[0]), "s1\n");
  assert.deepEqual(report.deleted, []);
});

Deno.test("backup.ts --dry-run prints the plan and changes nothing", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, {
    state: OLD,
    files: {
      "login_logs.txt": "l1\n",
      "backup_logs/users_logs_2026-01-01_00-00-00.txt": "u-old\n",
      "backup_logs/users_logs_2026-01-02_00-00-00.txt.gz.tmp": "half",
    },
  });
  const before = await snapshot(tmp.root);
  const result = await backup(tmp.root, ["--dry-run", "--compress", "--keep", "1"]);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  const login = join(tmp.root, "login_logs.txt");
  const dir = join(tmp.root, "backup_logs");
  assert.match(
    result.stdout,
    new RegExp(
      `^Dry run, nothing changed: due, would back up \\(last backup ${
        esc(rfc3339(new Date(OLD)))
      }` +
        `, next due ${TIME}\\)\\n` +
        `would move ${esc(login)} -> ${esc(dir)}/login_logs_${ARCHIVE_STAMP}\\.txt\\n` +
        `would compress ${esc(dir)}/users_logs_2026-01-01_00-00-00\\.txt -> ` +
        `${esc(dir)}/users_logs_2026-01-01_00-00-00\\.txt\\.gz\\n` +
        `would compress ${esc(dir)}/login_logs_${ARCHIVE_STAMP}\\.txt -> ` +
        `${esc(dir)}/login_logs_${ARCHIVE_STAMP}\\.txt\\.gz\\n` +
        `would record ${TIME}\\n` +
        `would delete ${esc(dir)}/users_logs_2026-01-02_00-00-00\\.txt\\.gz\\.tmp\\n$`,
    ),
  );
  assert.deepEqual(await snapshot(tmp.root), before);
});

Deno.test("backup.ts --dry-run on an empty root creates nothing", async () => {
  await using tmp = await tempRoot();
  const result = await backup(tmp.root, ["--dry-run"]);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  assert.match(
    result.stdout,
    /^Dry run, nothing changed: first run, would record the time and archive nothing \(/,
  );
  assert.deepEqual(await listTree(tmp.root), []);
});

Deno.test("backup.ts --help exits 0 and prints the usage", async () => {
  await using tmp = await tempRoot();
  for (const flag of ["--help", "-h"]) {
    const result = await backup(tmp.root, [flag]);
    assert.deepEqual(result, { code: 0, stdout: `${BACKUP_USAGE}\n`, stderr: "" });
    assert.match(result.stdout, /^Usage: /);
  }
  assert.deepEqual(await listTree(tmp.root), []);
});

Deno.test("backup.ts exits 2 with one stderr line on bad usage, touching nothing", async () => {
  const cases: [string[], RegExp][] = [
    [["--bogus"], /^Unknown option "--bogus": check its spelling; run with --help for usage$/],
    [
      ["--days", "0"],
      /^Invalid value for --days "0": it is not above zero; give a positive number, e\.g\. "30"; run with --help for usage$/,
    ],
    [["--days", "abc"], /^Invalid value for --days "abc": it is not a number; /],
    [
      ["--keep", "x"],
      /^Invalid value for --keep "x": it is not a number; give a positive whole number, e\.g\. "12"; run with --help for usage$/,
    ],
    [
      ["--keep", "1.5"],
      /^Invalid value for --keep "1\.5": it is not a whole number; give a positive whole number, e\.g\. "12"; run with --help for usage$/,
    ],
    [["--max-age-days=-1"], /^Invalid value for --max-age-days "-1": it is not a number; /],
    [
      ["--max-bytes", "10XB"],
      /^Invalid size "10XB": give a number above zero .*; run with --help for usage$/,
    ],
    [
      ["--categories", "login,../x"],
      /^Invalid log category "\.\.\/x": .*; run with --help for usage$/,
    ],
    [["extra"], /; run with --help for usage$/],
  ];
  await using tmp = await tempRoot();
  for (const [args, message] of cases) {
    const result = await backup(tmp.root, args);
    assert.equal(result.code, 2, args.join(" "));
    assert.equal(result.stdout, "", args.join(" "));
    const lines = result.stderr.split("\n");
    assert.equal(lines.length, 2, result.stderr);
    assert.equal(lines[1], "");
    assert.match(lines[0]!, message);
    assert.deepEqual(await listTree(tmp.root), [], args.join(" "));
  }
});

Deno.test("backup.ts exits 2 with one stderr line for a negative number after a space", async () => {
  await using tmp = await tempRoot();
  for (const args of [["--days", "-1"], ["--max-age-days", "-1"]]) {
    const result = await backup(tmp.root, args);
    assert.equal(result.code, 2, args.join(" "));
    assert.equal(result.stdout, "");
    assert.deepEqual(result.stderr.split("\n").length, 2, result.stderr);
    assert.match(result.stderr, /; run with --help for usage\n$/);
  }
});

Deno.test("backup.ts exits 1 naming the root and the flag to add when Deno lacks permission", async () => {
  await using target = await tempRoot();
  await using other = await tempRoot();
  const result = await backup(target.root, [], other.root);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, "");
  assert.equal(
    result.stderr,
    `Cannot back up log root ${JSON.stringify(target.root)}: Deno has no permission for it; ` +
      `run with --allow-read=${target.root} --allow-write=${target.root}\n`,
  );
  assert.match(result.stderr, /--allow-write/);
  assert.deepEqual(await listTree(target.root), []);
  assert.deepEqual(await listTree(other.root), []);
});

Deno.test("backup.ts exits 1 naming a folder that stands in place of a category file", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: OLD, files: { "server_logs.txt": "s1\n" } });
  const login = join(tmp.root, "login_logs.txt");
  await Deno.mkdir(login);
  const result = await backup(tmp.root, ["--force"]);
  assert.deepEqual(result, {
    code: 1,
    stdout: "",
    stderr: `Cannot read ${JSON.stringify(login)}: it is a directory; move that directory away\n`,
  });
  assert.equal(await readState(tmp.root), OLD);
  assert.deepEqual(await archiveNames(tmp.root), []);
  assert.equal(await Deno.readTextFile(join(tmp.root, "server_logs.txt")), "s1\n");
});

Deno.test("backup.ts --force --compress --keep 1 prints the archive made and the one deleted", async () => {
  await using tmp = await tempRoot();
  const dir = join(tmp.root, "backup_logs");
  await layOut(tmp.root, {
    state: recentState().toISOString(),
    files: {
      "login_logs.txt": "l2\n",
      "backup_logs/login_logs_2026-01-01_00-00-00.txt": "l1\n",
    },
  });
  const result = await backup(tmp.root, ["--force", "--compress", "--keep", "1"]);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  const match = new RegExp(
    `^Backed up: forced \\(last backup ${TIME}, next due ${TIME}\\)\\n` +
      `archived ${esc(dir)}/(login_logs_${ARCHIVE_STAMP}\\.txt\\.gz)\\n` +
      `deleted ${esc(dir)}/login_logs_2026-01-01_00-00-00\\.txt\\n$`,
  ).exec(result.stdout);
  assert.ok(match, result.stdout);
  assert.deepEqual(await archiveNames(tmp.root), [match[1]]);
});

Deno.test("backup.ts --max-bytes backs up a file that reached the size", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, {
    state: recentState().toISOString(),
    files: { "server_logs.txt": "x".repeat(1024) },
  });
  const below = await backup(tmp.root, ["--max-bytes", "2KiB"]);
  assert.equal(below.code, 0);
  assert.match(below.stdout, /^Not due /);
  const result = await backup(tmp.root, ["--max-bytes", "1KiB"]);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^Backed up: a log file reached --max-bytes /);
  assert.deepEqual(
    (await archiveNames(tmp.root)).map((name) => name.replace(/\d/g, "0")),
    ["server_logs_0000-00-00_00-00-00.txt"],
  );
});

Deno.test("backup.ts --categories manages only the listed categories", async () => {
  await using tmp = await tempRoot();
  const result = await backup(tmp.root, [
    "--categories",
    "billing, audit",
    "--create-category",
    "billing,audit",
  ]);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  assert.deepEqual(await listTree(tmp.root), [
    "audit_logs.txt",
    "backup_logs/",
    "billing_logs.txt",
    "dates/",
    "dates/backup.lock",
    "dates/backup_date.txt",
  ]);
});

Deno.test("main() imported from backup.ts runs a first backup and returns 0", async () => {
  await using tmp = await tempRoot();
  const root = join(tmp.root, "logs");
  assert.equal(await main(["--root", root, "--days", "7"]), 0);
  assert.deepEqual(await categoryTexts(root), EMPTY_FILES);
  assert.match(await readState(root), new RegExp(`^${TIME}\\n$`));
  assert.equal(await main(["--root", root, "--days", "0"]), 2);
});
