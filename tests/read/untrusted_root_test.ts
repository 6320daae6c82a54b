/** Readers inside an untrusted root: links and FIFOs are never followed or opened. */
import assert from "node:assert/strict";
import { readLogs } from "../../lib/read/query.ts";
import { listLogFiles } from "../../lib/read/files.ts";
import { countLogs } from "../../lib/read/count.ts";
import { tempRoot } from "../helpers.ts";
import { lineSeries, linesText, writeArchive, writeLive } from "./read_helpers.ts";

const T0 = new Date("2026-11-24T10:00:00Z");
const SECRET = linesText(lineSeries("SECRET root:x:0", 3, T0));

async function mkfifo(path: string): Promise<void> {
  const { success } = await new Deno.Command("mkfifo", { args: [path] }).output();
  assert.ok(success, `mkfifo ${path}`);
}

Deno.test("readers: planted links and FIFOs in the root leak nothing and block nothing", async () => {
  await using tmp = await tempRoot();
  await using outside = await tempRoot();
  const root = `${tmp.root}/logs`;
  await Deno.mkdir(root);
  // A secret the log readers must never show, in a file that looks like a log.
  await Deno.writeTextFile(`${outside.root}/shadow`, SECRET);
  await Deno.mkdir(`${outside.root}/archives`);
  await Deno.writeTextFile(`${outside.root}/archives/users_logs_2026-11-01_00-00-00.txt`, SECRET);
  await Deno.symlink(`${outside.root}/shadow`, `${root}/login_logs.txt`);
  await mkfifo(`${root}/server_logs.txt`);
  await writeLive(root, "console", lineSeries("console ok", 2, T0));
  await writeArchive(
    root,
    "console",
    new Date(T0.getTime() - 1000),
    lineSeries("archived ok", 1, T0),
  );
  await Deno.symlink(
    `${outside.root}/shadow`,
    `${root}/backup_logs/login_logs_2026-11-01_00-00-00.txt`,
  );
  await mkfifo(`${root}/backup_logs/server_logs_2026-11-01_00-00-00.txt.gz`);
  const all = await Array.fromAsync(readLogs({ root, order: "oldest" }));
  assert.deepEqual(all.map((r) => r.entry), ["archived ok 0", "console ok 0", "console ok 1"]);
  const files = await listLogFiles({ root });
  assert.deepEqual(files.map((f) => f.path.slice(root.length)), [
    "/backup_logs/console_logs_2026-11-24_09-59-59.txt".replace(
      "09-59-59",
      stamp(T0.getTime() - 1000),
    ),
    "/console_logs.txt",
  ]);
  const { buckets } = await countLogs({
    root,
    every: "day",
    since: new Date(0),
    until: new Date(T0.getTime() + 86_400_000),
  });
  assert.equal(buckets.reduce((sum, b) => sum + b.total, 0), 3);
  // The archive folder itself replaced by a link to a folder of look-alike archives.
  await Deno.remove(`${root}/backup_logs`, { recursive: true });
  await Deno.symlink(`${outside.root}/archives`, `${root}/backup_logs`);
  const again = await Array.fromAsync(readLogs({ root }));
  assert.deepEqual(again.map((r) => r.entry), ["console ok 1", "console ok 0"]);
  // The root itself, given by the operator, may be a link.
  await Deno.symlink(root, `${tmp.root}/link`);
  assert.equal((await Array.fromAsync(readLogs({ root: `${tmp.root}/link` }))).length, 2);
});

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
}

Deno.test("readers: a folder where a log file should be is skipped", async () => {
  await using tmp = await tempRoot();
  await Deno.mkdir(`${tmp.root}/login_logs.txt`);
  await writeLive(tmp.root, "users", lineSeries("u", 1, T0));
  assert.deepEqual((await Array.fromAsync(readLogs({ root: tmp.root }))).map((r) => r.entry), [
    "u 0",
  ]);
});
