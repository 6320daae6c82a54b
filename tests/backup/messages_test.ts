/**
 * The backup command's messages, as a user sees them: real subprocesses, exit codes and the one
 * stderr line; values in double quotes; a repeated flag refused; a missing Deno flag named.
 */
import assert from "node:assert/strict";
import { checkAndBackupLogs, logTo } from "../../mod.ts";
import { repoPath, runDeno, tempRoot } from "../helpers.ts";
import { layOut, listTree } from "./archive_helpers.ts";

const USAGE = "; run with --help for usage\n";

Deno.test("backup.ts exits 2 with one quoted message for each bad flag value", async () => {
  await using tmp = await tempRoot();
  const cases: [string[], string][] = [
    [
      ["--days", "1e400"],
      'Invalid value for --days "1e400": it is too large: as a number it is infinite; give a positive number, e.g. "30"',
    ],
    [
      ["--keep", "1.5"],
      'Invalid value for --keep "1.5": it is not a whole number; give a positive whole number, e.g. "12"',
    ],
    [["--dry-run=true"], 'Invalid option "--dry-run": it takes no value; write --dry-run alone'],
    [["--days", "5", "--days", "7"], 'Option "--days" given twice: give it once'],
    [["--compress", "--keep", "3", "--compress"], 'Option "--compress" given twice: give it once'],
  ];
  for (const [args, message] of cases) {
    const result = await runDeno([
      "run",
      `-R=${tmp.root}`,
      `-W=${tmp.root}`,
      repoPath("backup.ts"),
      "--root",
      tmp.root,
      ...args,
    ]);
    assert.deepEqual(result, { code: 2, stdout: "", stderr: `${message}${USAGE}` }, args.join(" "));
  }
  assert.deepEqual(await listTree(tmp.root), []);
});

Deno.test("backup.ts with -R but no -W names the missing flag, not the folder that exists", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: "2026-11-01T00:00:00Z\n" });
  const result = await runDeno([
    "run",
    `-R=${tmp.root}`,
    repoPath("backup.ts"),
    "--root",
    tmp.root,
  ]);
  assert.deepEqual(result, {
    code: 1,
    stdout: "",
    stderr: `Cannot back up log root ${
      JSON.stringify(tmp.root)
    }: Deno has no permission for it; run with --allow-write=${tmp.root}\n`,
  });
  const dry = await runDeno([
    "run",
    `-R=${tmp.root}`,
    repoPath("backup.ts"),
    "--root",
    tmp.root,
    "--dry-run",
  ]);
  assert.equal(dry.code, 0, dry.stderr); // a dry run only reads
});

Deno.test("checkAndBackupLogs() and logTo() name the type of a root that is not a string", async () => {
  for (
    const [root, kind] of [[42, "a number"], [["logs"], "an array"], [{}, "an object"]] as const
  ) {
    const message =
      `Invalid log root: root must be a non-empty folder path, e.g. "logs", got ${kind}`;
    // @ts-expect-error: not a string
    await assert.rejects(checkAndBackupLogs({ root }), { name: "TypeError", message });
    // @ts-expect-error: not a string
    await assert.rejects(logTo("login", "x", { root }), { name: "TypeError", message });
  }
});

Deno.test("checkAndBackupLogs() says an infinite intervalDays is infinite", async () => {
  await assert.rejects(checkAndBackupLogs({ root: "logs", intervalDays: Infinity }), {
    name: "RangeError",
    message: "Invalid intervalDays Infinity: intervalDays must be a positive finite number, " +
      "not infinite",
  });
});
