/**
 * The write path against another process: a writer kept open in one process, renames and
 * backups in another.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { checkAndBackupLogs } from "../../mod.ts";
import { isUnused } from "../../lib/io/lock.ts";
import { readLines, spawnWriter as writer, tempRoot } from "../helpers.ts";

const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d - /;

Deno.test("logEvent() in another process writes its next line to the fresh file after a backup", async () => {
  await using tmp = await tempRoot();
  const file = join(tmp.root, "server_logs.txt");
  await using w = writer(file, [`-R=${tmp.root}`, `-W=${tmp.root}`]);
  assert.equal(await w.send("before"), "ok before");
  await checkAndBackupLogs({ root: tmp.root, now: () => new Date("2026-01-01T00:00:00Z") });
  const report = await checkAndBackupLogs({ root: tmp.root, force: true });
  await new Promise((resolve) => setTimeout(resolve, 5)); // a later millisecond than the rename
  assert.equal(await w.send("after"), "ok after");
  const fresh = await readLines(file);
  assert.equal(fresh.length, 1);
  assert.match(fresh[0]!, LINE);
  assert.ok(fresh[0]!.endsWith(" - after"));
  const archived = await readLines(report.archived[0]!);
  assert.deepEqual(archived.map((line) => line.replace(LINE, "")), ["before"]);
});

Deno.test("logEvent() that cannot check its file leaves no file open and no lock behind", async () => {
  await using tmp = await tempRoot();
  const file = join(tmp.root, "server_logs.txt");
  await using w = writer(file, [`-W=${tmp.root}`]); // no read permission: the identity check fails
  for (let i = 0; i < 20; i++) {
    assert.match(
      await w.send(`x${i}`),
      /^error Cannot append to log file ".*server_logs\.txt": Deno has no permission for it; run with --allow-read=/,
    );
  }
  assert.equal(await isUnused(file), true);
});
