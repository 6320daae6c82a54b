// Issue 7, rows 7 to 9: FIFOs, devices and oversized files planted inside the root. The backup
// runs in a subprocess with -R=$R -W=$R under a timeout and an RSS ceiling; it must neither
// hang nor grow, and nothing outside the root may change.
import assert from "node:assert/strict";
import { join } from "node:path";
import { tempRoot } from "../helpers.ts";
import {
  archiveName,
  assertBounded,
  assertLinesIntact,
  mkfifo,
  runBackup,
  seededRoot,
  victimFolder,
} from "../safety_helpers.ts";

const q = JSON.stringify;

Deno.test("safety row 7: FIFOs at a category path, the state file and an archive never block", async () => {
  const archive = archiveName("login", "2026-01-01");
  const cases: [string, string[]][] = [
    ["login_logs.txt", ["--force"]],
    ["login_logs.txt", ["--force", "--dry-run"]],
    ["dates/backup_date.txt", []],
    ["dates/backup_date.txt", ["--dry-run"]],
    [`backup_logs/${archive}`, ["--compress"]],
    [`backup_logs/${archive}`, ["--keep", "1"]],
    [`backup_logs/${archive}.gz`, ["--keep", "1"]],
  ];
  for (const [name, flags] of cases) {
    await using tmp = await tempRoot();
    await using out = await victimFolder();
    const acked = await seededRoot(tmp.root);
    // An older archive of login, so that --keep 1 has one to choose from.
    const older = join(tmp.root, "backup_logs", archiveName("login", "2025-01-01"));
    await Deno.writeTextFile(older, "2025-01-01T00:00:00.000+00:00 - old line\n");
    await Deno.remove(join(tmp.root, name)).catch(() => {}); // the state file is there
    await mkfifo(join(tmp.root, name));
    const before = await out.snapshot();
    const run = await runBackup(tmp.root, flags);
    const label = `${name} ${flags.join(" ")}`;
    assertBounded(run, label);
    assert.equal(run.code, 1, label);
    assert.equal(
      run.stderr,
      `Skipped ${q(join(tmp.root, name))}: it is a named pipe (FIFO); remove it\n`,
      label,
    );
    assert.ok((await Deno.lstat(join(tmp.root, name))).isFifo, `${label}: the FIFO is left`);
    assert.deepEqual(await out.snapshot(), before, label);
    await assertLinesIntact(tmp.root, acked);
  }
});

Deno.test("safety row 8: a state file linked to /dev/zero is refused without reading it", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const acked = await seededRoot(tmp.root);
  const state = join(tmp.root, "dates", "backup_date.txt");
  await Deno.remove(state);
  await Deno.symlink("/dev/zero", state);
  const before = await out.snapshot();
  const run = await runBackup(tmp.root);
  assertBounded(run, "backup");
  assert.equal(run.code, 1);
  assert.equal(run.stderr, `Skipped ${q(state)}: it is a symbolic link; remove it\n`);
  assert.ok((await Deno.lstat(state)).isSymlink);
  assert.deepEqual(await out.snapshot(), before);
  await assertLinesIntact(tmp.root, acked);
});

Deno.test("safety row 8: a 3 GiB sparse state file reads as unreadable after 4 KiB", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const acked = await seededRoot(tmp.root);
  const state = join(tmp.root, "dates", "backup_date.txt");
  {
    await using file = await Deno.open(state, { write: true, truncate: true });
    await file.truncate(3 * 2 ** 30);
  }
  const before = await out.snapshot();
  for (let run = 0; run < 2; run++) {
    const result = await runBackup(tmp.root);
    assertBounded(result, `backup ${run}`);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      run === 0 ? /^Backed up: backup_date\.txt was unreadable/ : /^Not due/,
    );
  }
  assert.ok((await Deno.stat(state)).size < 100);
  assert.deepEqual(await out.snapshot(), before);
  await assertLinesIntact(tmp.root, acked);
});

Deno.test("safety row 9: an archive name linked to /dev/zero is never compressed", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const acked = await seededRoot(tmp.root);
  const archive = join(tmp.root, "backup_logs", archiveName("login", "2026-01-01"));
  await Deno.symlink("/dev/zero", archive);
  const before = await out.snapshot();
  const run = await runBackup(tmp.root, ["--compress"]);
  assertBounded(run, "backup");
  assert.equal(run.code, 1);
  assert.equal(run.stderr, `Skipped ${q(archive)}: it is a symbolic link; remove it\n`);
  await assert.rejects(Deno.lstat(`${archive}.gz`), Deno.errors.NotFound);
  await assert.rejects(Deno.lstat(`${archive}.gz.tmp`), Deno.errors.NotFound);
  assert.deepEqual(await out.snapshot(), before);
  await assertLinesIntact(tmp.root, acked);
});
