// Issue 7, rows 11 and 12 and the swapping trial: a damaged .gz never costs the plain archive,
// a clock a year ahead never empties the archive folder, and an attacker swapping a category
// file for a link while backups run reaches nothing outside the root.
import assert from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { repoPath, tempRoot } from "../helpers.ts";
import {
  archiveName,
  assertBounded,
  assertLinesIntact,
  linesUnder,
  runBackup,
  runBackupAt,
  seededRoot,
  victimFolder,
} from "../safety_helpers.ts";

const ARCHIVED = "2026-01-01T00:00:00.000+00:00 - archived line\n".repeat(200);

async function gunzipText(path: string): Promise<string> {
  using file = await Deno.open(path);
  return await new Response(file.readable.pipeThrough(new DecompressionStream("gzip"))).text();
}

Deno.test("safety row 11: a plain archive beside a truncated or garbage .gz is kept until a good .gz reads back equal", async () => {
  const damaged: [string, (gz: Uint8Array) => Uint8Array][] = [
    ["truncated", (gz) => gz.subarray(0, gz.length >> 1)],
    ["garbage", (gz) => gz.map((_, i) => (i * 131) & 0xff)],
    ["junk after the end", (gz) => new Uint8Array([...gz, ...gz])],
  ];
  for (const [label, damage] of damaged) {
    await using tmp = await tempRoot();
    await using out = await victimFolder();
    const acked = await seededRoot(tmp.root);
    await Deno.writeTextFile(join(tmp.root, "dates", "backup_date.txt"), new Date().toISOString());
    const plain = join(tmp.root, "backup_logs", archiveName("login", "2026-01-01"));
    await Deno.writeTextFile(plain, ARCHIVED);
    await Deno.writeFile(`${plain}.gz`, damage(gzipSync(new TextEncoder().encode(ARCHIVED))));
    const before = await out.snapshot();
    const run = await runBackup(tmp.root, ["--json"]);
    assertBounded(run, label);
    assert.equal(run.code, 0, `${label}: ${run.stderr}`);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.deleted, [plain], label);
    assert.deepEqual(report.compressed, [`${plain}.gz`], label);
    await assert.rejects(Deno.lstat(plain), Deno.errors.NotFound);
    assert.equal(await gunzipText(`${plain}.gz`), ARCHIVED, label);
    assert.deepEqual(await out.snapshot(), before, label);
    await assertLinesIntact(tmp.root, acked);
  }
});

Deno.test("safety row 12: a clock a year ahead with maxAgeDays 180 keeps the newest archive of each category", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const acked = await seededRoot(tmp.root);
  const dir = join(tmp.root, "backup_logs");
  const names = [
    archiveName("login", "2026-09-01"),
    archiveName("login", "2026-10-01"),
    archiveName("server", "2026-10-15"),
  ];
  for (const name of names) {
    await Deno.writeTextFile(join(dir, name), `2026-10-01T00:00:00.000+00:00 - in ${name}\n`);
  }
  const before = await out.snapshot();
  const ahead = await runBackupAt(tmp.root, "2027-11-01T12:00:00Z", { maxAgeDays: 180 });
  assertBounded(ahead.run, "backup a year ahead");
  assert.equal(ahead.run.code, 0, ahead.run.stderr);
  assert.deepEqual(ahead.report?.deleted, [join(dir, names[0]!)]);
  const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assert.ok(left.includes(names[1]!) && left.includes(names[2]!), `kept: ${left}`);
  // Back to the real time: the archive stamped in the future counts as age 0 and stays.
  const back = await runBackupAt(tmp.root, "2026-11-01T12:00:00Z", {
    maxAgeDays: 180,
    force: true,
  });
  assertBounded(back.run, "backup back in time");
  assert.deepEqual(back.report?.deleted, []);
  assert.deepEqual(await out.snapshot(), before);
  await assertLinesIntact(tmp.root, [...acked, `in ${names[1]}`, `in ${names[2]}`]);
});

Deno.test("safety trial: an attacker swapping a category file for a link while backups run reaches nothing outside", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const acked = await seededRoot(tmp.root);
  const before = await out.snapshot();
  const attacker = new Deno.Command("sh", {
    args: [repoPath("tests/fixtures/swap_attacker.sh"), tmp.root, out.secret],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    for (let round = 0; round < 12; round++) {
      const flags = ["--force", "--keep", "2", ...(round % 2 ? ["--compress"] : [])];
      const run = await runBackup(tmp.root, flags);
      assertBounded(run, `backup ${round}`);
      assert.ok(run.code === 0 || run.code === 1, `backup ${round}: ${run.stderr}`);
      assert.match(run.stderr, /^(Skipped "[^"]+": [^\n]+\n)*$/, `backup ${round}`);
    }
  } finally {
    await Deno.writeTextFile(join(tmp.root, "stop"), "");
    await attacker.status;
  }
  assert.deepEqual(await out.snapshot(), before);
  const lines = await linesUnder(tmp.root);
  assert.ok(!lines.some((line) => line.includes("TOP-SECRET")), "the secret reached an archive");
  await assertLinesIntact(tmp.root, acked);
});
