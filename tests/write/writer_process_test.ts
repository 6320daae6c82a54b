/**
 * The write path against another process: a writer kept open in one process, renames and
 * backups in another.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { checkAndBackupLogs } from "../../mod.ts";
import { isUnused } from "../../lib/io/lock.ts";
import { readLines, repoPath, tempRoot } from "../helpers.ts";

const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d - /;

/** A writer process that logs one line per `send`, and answers once it resolved. */
function writer(file: string, permissions: string[]) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...permissions, repoPath("tests/fixtures/line_on_demand.ts"), file],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const input = child.stdin.getWriter();
  const answers = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  return {
    async send(entry: string): Promise<string> {
      await input.write(new TextEncoder().encode(`${entry}\n`));
      while (!buffered.includes("\n")) buffered += (await answers.read()).value ?? "";
      const [answer, ...rest] = buffered.split("\n");
      buffered = rest.join("\n");
      return answer!;
    },
    async [Symbol.asyncDispose]() {
      await input.close();
      await answers.cancel();
      await child.status;
    },
  };
}

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

Deno.test("checkAndBackupLogs() reports an archive that an idle writer holds as plain, and compresses it later", async () => {
  await using tmp = await tempRoot();
  const file = join(tmp.root, "users_logs.txt");
  await checkAndBackupLogs({ root: tmp.root, now: () => new Date("2026-01-01T00:00:00Z") });
  const w = writer(file, [`-R=${tmp.root}`, `-W=${tmp.root}`]);
  assert.equal(await w.send("held"), "ok held");
  const report = await checkAndBackupLogs({ root: tmp.root, force: true, compress: true });
  assert.equal(report.archived.length, 1);
  const plain = report.archived[0]!;
  assert.match(plain, /users_logs_[\d_-]+\.txt$/);
  assert.deepEqual((await readLines(plain)).map((line) => line.replace(LINE, "")), ["held"]);
  await w[Symbol.asyncDispose](); // the writer exits: it lets go of the archive
  const next = await checkAndBackupLogs({ root: tmp.root, compress: true });
  assert.equal(next.reason, "not-due");
  const names = [...Deno.readDirSync(join(tmp.root, "backup_logs"))].map((e) => e.name);
  assert.deepEqual(names, [`${plain.split("/").pop()}.gz`]);
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
