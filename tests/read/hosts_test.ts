import assert from "node:assert/strict";
import { countLogs, followLogs, listLogFiles, logTo, readLogs } from "../../mod.ts";
import { tempRoot } from "../helpers.ts";

const at = (minute: number) => () => new Date(Date.UTC(2026, 10, 24, 12, minute));

// app1 logs at even minutes, app2 at odd ones: 0..9 interleaved.
async function central(root: string): Promise<void> {
  for (let minute = 0; minute < 10; minute++) {
    const host = minute % 2 ? "app2" : "app1";
    await logTo(minute % 3 ? "server" : "login", `${host} m${minute}`, {
      root: `${root}/${host}`,
      now: at(minute),
    });
  }
}

Deno.test("readLogs({ hosts }): host folders merged by time, each record with its host", async () => {
  await using tmp = await tempRoot();
  await central(tmp.root);
  const all = await Array.fromAsync(readLogs({ root: tmp.root, hosts: ["app1", "app2"] }));
  assert.deepEqual(
    all.map((r) => `${r.host} ${r.entry}`),
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((m) =>
      `${m % 2 ? "app2" : "app1"} ${m % 2 ? "app2" : "app1"} m${m}`
    ),
  );
  const oldest = await Array.fromAsync(
    readLogs({ root: tmp.root, hosts: ["app2"], order: "oldest", categories: ["server"] }),
  );
  assert.deepEqual(oldest.map((r) => r.entry), ["app2 m1", "app2 m5", "app2 m7"]);
});

Deno.test("readLogs({ hosts }): pages with cursors cover every record once", async () => {
  await using tmp = await tempRoot();
  await central(tmp.root);
  for (const order of ["newest", "oldest"] as const) {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const options = { root: tmp.root, hosts: ["app1", "app2"], order, limit: 3, cursor };
      const records = await Array.fromAsync(readLogs(options));
      seen.push(...records.map((r) => r.entry));
      if (records.length < 3) break;
      cursor = records.at(-1)!.cursor;
    }
    const expected = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((m) => `${m % 2 ? "app2" : "app1"} m${m}`);
    assert.deepEqual(seen, order === "oldest" ? expected : expected.reverse());
  }
  assert.throws(() => readLogs({ root: tmp.root, hosts: ["app1"], cursor: "nope" }), {
    name: "RangeError",
    message: /^Invalid cursor "nope": it does not come from a listing with hosts/,
  });
});

Deno.test("readLogs, countLogs, listLogFiles with hosts: names checked, links refused", async () => {
  await using tmp = await tempRoot();
  await using elsewhere = await tempRoot();
  await central(tmp.root);
  await logTo("server", "secret", { root: elsewhere.root });
  await Deno.symlink(elsewhere.root, `${tmp.root}/linked`);
  await assert.rejects(Array.fromAsync(readLogs({ root: tmp.root, hosts: ["../x"] })), {
    name: "RangeError",
    message: /^Invalid host name "\.\.\/x": /,
  });
  await assert.rejects(Array.fromAsync(readLogs({ root: tmp.root, hosts: ["linked"] })), {
    name: "LogFileError",
    message: `Cannot read host folder "${tmp.root}/linked": it is a symbolic link, which is ` +
      `never followed; a host folder must be a plain folder`,
  });
  const since = at(0)(), until = at(10)();
  await assert.rejects(
    countLogs({ root: tmp.root, hosts: ["linked"], since, until, every: "hour" }),
    {
      name: "LogFileError",
    },
  );
  assert.deepEqual(await Array.fromAsync(readLogs({ root: tmp.root, hosts: ["app9"] })), []);
  const files = await listLogFiles({ root: tmp.root, hosts: ["app1", "app2"] });
  assert.deepEqual(
    files.map((f) => [f.host, f.category]),
    [["app1", "login"], ["app1", "server"], ["app2", "login"], ["app2", "server"]],
  );
});

Deno.test("countLogs({ hosts }): buckets summed, byHost for a stacked chart", async () => {
  await using tmp = await tempRoot();
  await central(tmp.root);
  const { buckets } = await countLogs({
    root: tmp.root,
    hosts: ["app1", "app2"],
    since: at(0)(),
    until: at(10)(),
    every: 5 * 60_000,
  });
  assert.deepEqual(buckets.map((b) => b.total), [5, 5]);
  assert.deepEqual(buckets.map((b) => b.byHost), [{ app1: 3, app2: 2 }, { app1: 2, app2: 3 }]);
  assert.deepEqual(buckets.map((b) => b.counts), [
    { console: 0, login: 2, server: 3, users: 0 },
    { console: 0, login: 2, server: 3, users: 0 },
  ]);
});

Deno.test("followLogs({ hosts }): new records of every host, as they arrive, with their host", async () => {
  await using tmp = await tempRoot();
  await logTo("server", "app1 before", { root: `${tmp.root}/app1` });
  await Deno.mkdir(`${tmp.root}/app2`);
  const controller = new AbortController();
  const follow = followLogs({
    root: tmp.root,
    hosts: ["app1", "app2"],
    backlog: 1,
    pollMs: 20,
    signal: controller.signal,
  });
  const first = (await follow.next()).value!;
  assert.deepEqual([first.host, first.entry], ["app1", "app1 before"]);
  await logTo("login", "app2 after", { root: `${tmp.root}/app2` });
  const second = (await follow.next()).value!;
  assert.deepEqual([second.host, second.entry], ["app2", "app2 after"]);
  controller.abort();
  assert.equal((await follow.next()).done, true);
  const resumed = await Array.fromAsync(
    readLogs({ root: tmp.root, hosts: ["app1", "app2"], order: "oldest", cursor: first.cursor }),
  );
  assert.deepEqual(resumed.map((r) => r.entry), ["app2 after"]);
});

Deno.test("followLogs({ hosts, cursor }): a host the cursor does not name loses nothing logged after the cursor's record", async () => {
  await using tmp = await tempRoot();
  const hosts = ["app1", "app2"];
  await logTo("server", "app2 old", { root: `${tmp.root}/app2`, now: at(0) });
  await logTo("server", "app1 shown", { root: `${tmp.root}/app1`, now: at(1) });
  // The newest-first page holds only app1's record: its cursor does not name app2.
  const [shown] = await Array.fromAsync(readLogs({ root: tmp.root, hosts, limit: 1 }));
  assert.equal(shown!.entry, "app1 shown");
  await logTo("login", "app2 between", { root: `${tmp.root}/app2`, now: at(2) });
  await logTo("login", "app1 between", { root: `${tmp.root}/app1`, now: at(3) });
  const controller = new AbortController();
  const follow = followLogs({
    root: tmp.root,
    hosts,
    cursor: shown!.cursor,
    pollMs: 20,
    signal: controller.signal,
  });
  const got = [(await follow.next()).value!, (await follow.next()).value!];
  controller.abort();
  assert.deepEqual(got.map((r) => `${r.host} ${r.entry}`).sort(), [
    "app1 app1 between",
    "app2 app2 between",
  ]);
  assert.equal((await follow.next()).done, true);
});
