/** followLogs: across backups with a writer in another process, cursors, backlog, the end. */
import assert from "node:assert/strict";
import { followLogs } from "../../lib/read/follow.ts";
import { readLogs } from "../../lib/read/query.ts";
import { checkAndBackupLogs } from "../../lib/backup/archive.ts";
import { logTo } from "../../lib/write/log.ts";
import { repoPath, tempRoot } from "../helpers.ts";

Deno.test("followLogs: every line exactly once, in order, across 20 backups while another process logs 50,000 lines", async () => {
  await using tmp = await tempRoot();
  const root = tmp.root;
  await checkAndBackupLogs({ root }); // first run
  const controller = new AbortController();
  const follow = followLogs({ root, pollMs: 25, signal: controller.signal });
  const seen: { category: string; n: number }[] = [];
  const reading = (async () => {
    for await (const record of follow) {
      seen.push({ category: record.category, n: Number(record.entry.slice(5)) });
      if (seen.length === 50_000) break;
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 100)); // the follower holds its start
  const writer = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      `-R=${root}`,
      `-W=${root}`,
      repoPath("tests/fixtures/paced_writer.ts"),
      root,
      "50000",
      "100",
      "4",
    ],
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  let backups = 0;
  let done = false;
  const exited = writer.status.then((status) => (done = true, status));
  while (backups < 20) {
    await new Promise((resolve) => setTimeout(resolve, done ? 5 : 90));
    const report = await checkAndBackupLogs({ root, force: true, compress: backups % 2 === 1 });
    assert.equal(report.performed, true);
    backups++;
  }
  assert.equal((await exited).code, 0);
  const timeout = setTimeout(() => controller.abort(), 60_000);
  await reading;
  clearTimeout(timeout);
  controller.abort();
  assert.equal(seen.length, 50_000, "every line");
  const counted = new Map<number, number>();
  for (const { n } of seen) counted.set(n, (counted.get(n) ?? 0) + 1);
  const twice = [...counted].filter(([, c]) => c > 1).map(([n]) => n);
  assert.deepEqual(twice, [], "no line twice");
  const last: Record<string, number> = {};
  for (const { category, n } of seen) {
    assert.ok(n > (last[category] ?? -1), `line ${n} after line ${last[category]} in ${category}`);
    assert.equal(category, ["console", "login", "server", "users"][n % 4]);
    last[category] = n;
  }
  const archives = [...Deno.readDirSync(`${root}/backup_logs`)].map((e) => e.name);
  assert.ok(archives.some((name) => name.endsWith(".txt.gz")), "some archives compressed");
});

Deno.test("followLogs: backlog first, oldest of them first, then new records; a cursor resumes exactly", async () => {
  await using tmp = await tempRoot();
  let tick = Date.UTC(2026, 10, 24, 10);
  const root = tmp.root;
  const log = (category: string, entry: string) =>
    logTo(category, entry, { root, now: () => new Date(tick += 1000) });
  for (let i = 0; i < 5; i++) await log(i % 2 ? "login" : "server", `old ${i}`);
  const controller = new AbortController();
  const follow = followLogs({ root, backlog: 3, pollMs: 10, signal: controller.signal });
  const take = async (n: number) => {
    const out = [];
    for (let i = 0; i < n; i++) out.push((await follow.next()).value!);
    return out;
  };
  const backlog = await take(3);
  assert.deepEqual(backlog.map((r) => r.entry), ["old 2", "old 3", "old 4"]);
  await log("login", "new 0");
  await checkAndBackupLogs({ root, force: true, compress: true });
  await log("server", "new 1");
  const fresh = await take(2);
  assert.deepEqual(fresh.map((r) => r.entry), ["new 0", "new 1"]);
  controller.abort();
  assert.equal((await follow.next()).done, true);

  // Resume after "old 3" from the backlog, and after "new 0", with a backup in between.
  await log("users", "new 2");
  for (
    const [from, expected] of [[backlog[1]!, ["old 4", "new 0", "new 1", "new 2"]], [fresh[0]!, [
      "new 1",
      "new 2",
    ]]] as const
  ) {
    const again = new AbortController();
    const resumed = followLogs({ root, cursor: from.cursor, pollMs: 10, signal: again.signal });
    const got = [];
    for (let i = 0; i < expected.length; i++) got.push((await resumed.next()).value!.entry);
    assert.deepEqual(got, expected);
    await log("console", "later");
    assert.equal((await resumed.next()).value!.entry, "later");
    again.abort();
    await resumed.return?.(undefined);
  }
  // A follow cursor pages on in readLogs too.
  const rest = await Array.fromAsync(readLogs({ root, order: "oldest", cursor: fresh[0]!.cursor }));
  assert.deepEqual(rest.map((r) => r.entry), ["new 1", "new 2", "later", "later"]);
});

Deno.test("followLogs: a consumer that stops ends it; bad options throw at once", async () => {
  await using tmp = await tempRoot();
  await logTo("login", "x", { root: tmp.root });
  for await (const record of followLogs({ root: tmp.root, backlog: 1, pollMs: 5 })) {
    assert.equal(record.entry, "x");
    break;
  }
  assert.throws(() => followLogs({ backlog: -1 }), {
    name: "RangeError",
    message: /^Invalid backlog -1/,
  });
  assert.throws(() => followLogs({ pollMs: 0 }), {
    name: "RangeError",
    message: /^Invalid pollMs 0/,
  });
  assert.throws(() => followLogs({ cursor: "x" }), RangeError);
  assert.throws(() => followLogs({ categories: ["A"] }), RangeError);
});
