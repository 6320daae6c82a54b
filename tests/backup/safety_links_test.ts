// Issue 7, rows 1 to 5: links planted inside the root. The backup runs as a new user would run it,
// `deno run -R=$R -W=$R backup.ts --root $R` (or with -A where the row says), in a subprocess
// under a timeout and an RSS ceiling; nothing outside the root may change.
import assert from "node:assert/strict";
import { join } from "node:path";
import { tempRoot } from "../helpers.ts";
import {
  archiveName,
  assertBounded,
  assertLinesIntact,
  linesUnder,
  runBackup,
  seededRoot,
  victimFolder,
} from "../safety_helpers.ts";

const q = JSON.stringify;

Deno.test("safety row 1: a link at dates/backup_date.txt.tmp is removed as a name, never written through", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const acked = await seededRoot(tmp.root);
  await Deno.symlink(out.victim, join(tmp.root, "dates", "backup_date.txt.tmp"));
  const before = await out.snapshot();
  const run = await runBackup(tmp.root);
  assertBounded(run, "backup");
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(await out.snapshot(), before);
  assert.match(await Deno.readTextFile(join(tmp.root, "dates", "backup_date.txt")), /^20\d\d-/);
  await assert.rejects(Deno.lstat(join(tmp.root, "dates", "backup_date.txt.tmp")));
  await assertLinesIntact(tmp.root, acked);
});

Deno.test("safety row 2: a link at an archive's .gz.tmp never receives gzip data", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const acked = await seededRoot(tmp.root);
  const plain = join(tmp.root, "backup_logs", archiveName("login", "2026-01-01"));
  await Deno.writeTextFile(plain, "2026-01-01T00:00:00.000+00:00 - archived line\n");
  await Deno.symlink(out.victim, `${plain}.gz.tmp`);
  const before = await out.snapshot();
  const run = await runBackup(tmp.root, ["--compress"]);
  assertBounded(run, "backup");
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(await out.snapshot(), before);
  assert.ok((await Deno.lstat(`${plain}.gz`)).isFile);
  await assertLinesIntact(tmp.root, [...acked, "archived line"]);
});

Deno.test("safety row 3: a category file linked to a secret is never read into an archive", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const acked = await seededRoot(tmp.root);
  const login = join(tmp.root, "login_logs.txt");
  await Deno.symlink(out.secret, login);
  const before = await out.snapshot();
  const run = await runBackup(tmp.root, ["--force", "--compress"]);
  assertBounded(run, "backup");
  assert.equal(run.code, 1);
  assert.equal(run.stderr, `Skipped ${q(login)}: it is a symbolic link; remove it\n`);
  assert.deepEqual(await out.snapshot(), before);
  assert.ok((await Deno.lstat(login)).isSymlink, "the link is left as it is");
  assert.ok(!(await linesUnder(tmp.root)).some((line) => line.includes("TOP-SECRET")));
  await assertLinesIntact(tmp.root, acked);
});

Deno.test("safety row 4: backup_logs linked elsewhere is left alone, --keep deletes nothing there", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const acked = await seededRoot(tmp.root);
  const backupDir = join(tmp.root, "backup_logs");
  await Deno.remove(backupDir);
  await Deno.symlink(out.dir, backupDir);
  const before = await out.snapshot();
  const run = await runBackup(tmp.root, ["--force", "--compress", "--keep", "1"]);
  assertBounded(run, "backup");
  assert.equal(run.code, 1);
  assert.equal(run.stderr, `Skipped ${q(backupDir)}: it is a symbolic link; remove it\n`);
  assert.deepEqual(await out.snapshot(), before);
  await assertLinesIntact(tmp.root, acked);
});

Deno.test("safety row 4: dates linked elsewhere: the backup refuses to lock and touches nothing", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const acked = await seededRoot(tmp.root);
  const dates = join(tmp.root, "dates");
  await Deno.remove(dates, { recursive: true });
  await Deno.symlink(out.dir, dates);
  const before = await out.snapshot();
  const run = await runBackup(tmp.root, ["--force", "--keep", "1"]);
  assertBounded(run, "backup");
  assert.equal(run.code, 1);
  assert.equal(run.stderr, `Cannot lock ${q(dates)}: it is a symbolic link; remove it\n`);
  assert.deepEqual(await out.snapshot(), before);
  await assertLinesIntact(tmp.root, acked);
  assert.deepEqual([...Deno.readDirSync(join(tmp.root, "backup_logs"))], []);
});

Deno.test("safety row 5: dangling links at the lock and at a category path create nothing (-A)", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const acked = await seededRoot(tmp.root);
  const lock = join(tmp.root, "dates", "backup.lock");
  await Deno.symlink(join(out.dir, "created-lock"), lock);
  const before = await out.snapshot();
  const refused = await runBackup(tmp.root, ["--force"], ["-A"]);
  assertBounded(refused, "backup");
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr, `Cannot lock ${q(lock)}: it is a symbolic link; remove it\n`);
  await Deno.remove(lock);
  const login = join(tmp.root, "login_logs.txt");
  await Deno.symlink(join(out.dir, "created-log"), login);
  const skipped = await runBackup(tmp.root, ["--force"], ["-A"]);
  assertBounded(skipped, "backup");
  assert.equal(skipped.code, 1);
  assert.equal(skipped.stderr, `Skipped ${q(login)}: it is a symbolic link; remove it\n`);
  assert.deepEqual(await out.snapshot(), before);
  await assertLinesIntact(tmp.root, acked);
});
