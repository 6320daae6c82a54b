/**
 * The report tells everything a run did (compressed, held, dryRun), and one run finishes the job
 * with an idle writer in another process: real subprocesses for the command, the writer and the
 * process that holds a file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { checkAndBackupLogs, previewBackup } from "../../mod.ts";
import { repoPath, runBackup, spawnWriter, tempRoot } from "../helpers.ts";
import { archiveNames, layOut } from "./archive_helpers.ts";

const OLD_ARCHIVE = "login_logs_2026-01-01_00-00-00.txt";
const ARCHIVE = /^users_logs_\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.txt/;

/** A recorded time that is certainly not due yet: one hour ago. */
const recent = (): string => new Date(Date.now() - 3_600_000).toISOString();

const backup = runBackup;

/** A process that holds `file` open under a shared lock until disposed. */
async function holdFile(file: string): Promise<AsyncDisposable> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", `-R=${file}`, repoPath("tests/fixtures/hold_file.ts"), file],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  assert.equal((await reader.read()).value, "held\n");
  return {
    async [Symbol.asyncDispose]() {
      await child.stdin.close();
      await reader.cancel();
      await child.status;
    },
  };
}

Deno.test("backup.ts --compress on a not-due run says which archives it compressed", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: recent(), files: { [`backup_logs/${OLD_ARCHIVE}`]: "l1\n" } });
  const gz = join(tmp.root, "backup_logs", `${OLD_ARCHIVE}.gz`);
  const text = await backup(tmp.root, ["--compress"]);
  assert.equal(text.stderr, "");
  assert.equal(text.code, 0);
  assert.match(text.stdout, /^Not due \(/);
  assert.ok(
    text.stdout.endsWith(`\ncompressed ${gz}, an archive an earlier run had left plain\n`),
    text.stdout,
  );
  assert.deepEqual(await archiveNames(tmp.root), [`${OLD_ARCHIVE}.gz`]);

  await layOut(tmp.root, { files: { [`backup_logs/${OLD_ARCHIVE.replace("01_", "02_")}`]: "x" } });
  const json = JSON.parse((await backup(tmp.root, ["--compress", "--json"])).stdout);
  assert.equal(json.reason, "not-due");
  assert.equal(json.dryRun, false);
  assert.deepEqual(json.compressed, [`${gz.replace("01_", "02_")}`]);
  assert.deepEqual(json.archived, []);
});

Deno.test("checkAndBackupLogs() reports an archive a writer keeps open as held, and backup.ts says why", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: recent(), files: { "users_logs.txt": "u1\n" } });
  const live = join(tmp.root, "users_logs.txt");
  {
    await using _holder = await holdFile(live); // stays open across the rename
    const report = await checkAndBackupLogs({ root: tmp.root, force: true, compress: true });
    assert.equal(report.archived.length, 1);
    const plain = report.archived[0]!;
    assert.match(plain.split("/").pop()!, new RegExp(`${ARCHIVE.source}$`));
    assert.deepEqual(report.held, [plain]);
    assert.deepEqual(report.compressed, []);
    assert.deepEqual(await archiveNames(tmp.root), [plain.split("/").pop()]);

    const text = await backup(tmp.root, ["--compress"]);
    assert.equal(text.code, 0);
    assert.ok(
      text.stdout.endsWith(
        `\nleft ${plain} plain: a writer still had it open after 3 s; the next run finishes it\n`,
      ),
      text.stdout,
    );
  }
  const after = await checkAndBackupLogs({ root: tmp.root, compress: true });
  assert.deepEqual(after.held, []);
  assert.equal(after.compressed.length, 1);
  assert.match((await archiveNames(tmp.root))[0]!, /\.txt\.gz$/);
});

Deno.test("backup.ts --force --compress with an idle writer in another process leaves a .gz when it returns", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: recent() });
  const file = join(tmp.root, "users_logs.txt");
  await using w = spawnWriter(file, [`-R=${tmp.root}`, `-W=${tmp.root}`]);
  assert.equal(await w.send("one login"), "ok one login"); // then idle: it keeps the file open
  const result = await backup(tmp.root, ["--force", "--compress", "--json"]);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  const names = await archiveNames(tmp.root);
  assert.equal(names.length, 1);
  assert.match(names[0]!, new RegExp(`${ARCHIVE.source}\\.gz$`));
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report.held, []);
  assert.deepEqual(report.archived, [join(tmp.root, "backup_logs", names[0]!)]);
  assert.deepEqual(report.compressed, report.archived);
  assert.equal(await w.send("next login"), "ok next login");
  assert.match(await Deno.readTextFile(file), / - next login\n$/);
});

Deno.test("backup.ts --dry-run --force --json marks the report as a dry run", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: recent(), files: { "users_logs.txt": "u1\n" } });
  const result = await backup(tmp.root, ["--dry-run", "--force", "--json"]);
  assert.equal(result.code, 0);
  const report = JSON.parse(result.stdout);
  assert.equal(report.dryRun, true);
  assert.equal(report.reason, "forced");
  assert.deepEqual(await archiveNames(tmp.root), []);
  assert.equal((await previewBackup({ root: tmp.root, force: true })).report.dryRun, true);
  assert.equal((await checkAndBackupLogs({ root: tmp.root, force: true })).dryRun, false);
});
