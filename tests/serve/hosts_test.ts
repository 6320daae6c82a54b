/** The handler on a central root (`<root>/<host>/`): every route with hosts, and bad hosts. */
import assert from "node:assert/strict";
import { formatTimestamp } from "../../lib/format/time.ts";
import { countLogs } from "../../lib/read/count.ts";
import { readLogs } from "../../lib/read/query.ts";
import { createLogsHandler } from "../../lib/serve/handler.ts";
import { logTo } from "../../lib/write/log.ts";
import { tempRoot } from "../helpers.ts";
import {
  type ApiRecord,
  at,
  events,
  get,
  json,
  NOW,
  pageAll,
  sample,
  T0,
  testHandler,
} from "./handler_helpers.ts";

const HOSTS = ["app1", "app2"];

/** A central root: the sample in app1/, three records in app2/ between the sample's. */
async function central(root: string): Promise<void> {
  await sample(`${root}/app1`);
  for (const [minute, entry] of [[0.5, "b0"], [2.5, "b2"], [61.5, "b61"]] as const) {
    await logTo("login", entry, { root: `${root}/app2`, now: at(minute) });
  }
}

Deno.test("/api/records with hosts: merged by time, each with its host; host= narrows", async () => {
  await using tmp = await tempRoot();
  await central(tmp.root);
  const handler = testHandler(tmp.root, { hosts: HOSTS, now: NOW, maxLimit: 2 });
  const all = await pageAll(handler, "limit=2");
  const expected = await Array.fromAsync(readLogs({ root: tmp.root, hosts: HOSTS }));
  assert.equal(all.records.length, 9);
  assert.equal(all.pages, 5);
  assert.deepEqual(
    all.records.map((r) => [r.host, r.category, r.entry, r.time]),
    expected.map((r) => [r.host, r.category, r.entry, formatTimestamp(r.time)]),
  );
  assert.deepEqual(all.records.slice(0, 3).map((r) => `${r.host} ${r.entry}`), [
    "app1 worker 3 restarted\nexit code 137",
    "app2 b61",
    "app1 failed login for bob",
  ]);
  const two = await pageAll(handler, "host=app2&limit=2");
  assert.deepEqual(two.records.map((r) => `${r.host} ${r.entry}`), [
    "app2 b61",
    "app2 b2",
    "app2 b0",
  ]);
  const both = await pageAll(handler, "host=app2&host=app1&category=login&limit=2");
  assert.equal(both.records.length, 6);
  assert.ok(both.records.every((r) => r.category === "login"));
});

Deno.test("/api/counts with hosts: countLogs' result with byHost", async () => {
  await using tmp = await tempRoot();
  await central(tmp.root);
  const handler = testHandler(tmp.root, { hosts: HOSTS, now: NOW });
  const since = new Date(T0), until = new Date(T0 + 120 * 60_000);
  const range = `since=${since.toISOString()}&until=${until.toISOString()}&every=hour`;
  const { status, body } = await json(handler(get(`/logs/api/counts?${range}`)));
  assert.equal(status, 200);
  const expected = await countLogs({ root: tmp.root, hosts: HOSTS, since, until, every: "hour" });
  assert.deepEqual(body, {
    every: expected.every,
    buckets: expected.buckets.map((b) => ({ ...b, start: formatTimestamp(b.start) })),
  });
  const buckets = body.buckets as { byHost: Record<string, number> }[];
  assert.deepEqual(buckets.map((b) => b.byHost), [{ app1: 4, app2: 2 }, { app1: 2, app2: 1 }]);
  const one = await json(handler(get(`/logs/api/counts?${range}&host=app2`)));
  assert.deepEqual(
    (one.body.buckets as { byHost: Record<string, number> }[]).map((b) => b.byHost),
    [{ app2: 2 }, { app2: 1 }],
  );
});

Deno.test("/api/files with hosts: each file with its host, paths relative to the root", async () => {
  await using tmp = await tempRoot();
  await central(tmp.root);
  const handler = testHandler(tmp.root, { hosts: HOSTS });
  const listed = async (query: string) => {
    const { status, body } = await json(handler(get(`/logs/api/files${query}`)));
    assert.equal(status, 200);
    return (body.files as { host: string; path: string }[]).map((f) => `${f.host} ${f.path}`);
  };
  assert.deepEqual(await listed(""), [
    "app1 app1/login_logs.txt",
    "app1 app1/server_logs.txt",
    "app1 app1/users_logs.txt",
    "app2 app2/login_logs.txt",
  ]);
  assert.deepEqual(await listed("?host=app2"), ["app2 app2/login_logs.txt"]);
});

Deno.test("/api/stream with hosts: events carry host; Last-Event-ID resumes every host", async () => {
  await using tmp = await tempRoot();
  const root = tmp.root;
  const handler = testHandler(root, { hosts: HOSTS });
  const first = events(await handler(get("/logs/api/stream?category=login")));
  await first.next();
  await logTo("login", "a1", { root: `${root}/app1` });
  const a = await first.record();
  await logTo("login", "a2", { root: `${root}/app2` });
  const b = await first.record();
  assert.deepEqual([a.data.host, a.data.entry, b.data.host, b.data.entry], [
    "app1",
    "a1",
    "app2",
    "a2",
  ]);
  await first.cancel();
  // Logged while no one listens: the resumed stream sends exactly these, from both hosts.
  await logTo("login", "c1", { root: `${root}/app1` });
  await logTo("login", "c2", { root: `${root}/app2` });
  const headers = { "last-event-id": b.id };
  const again = events(await handler(get("/logs/api/stream?category=login", { headers })));
  const got = [await again.record(), await again.record()].map((e) => e.data);
  assert.deepEqual(got.map((r: ApiRecord) => `${r.host} ${r.entry}`).sort(), [
    "app1 c1",
    "app2 c2",
  ]);
  await again.cancel();
});

Deno.test("handler with hosts: unknown hosts and traversal are 400 on every route", async () => {
  await using tmp = await tempRoot();
  await central(tmp.root);
  await Deno.mkdir(`${tmp.root}/x`);
  const handler = testHandler(tmp.root, { hosts: HOSTS, now: NOW });
  for (const route of ["records", "counts", "stream", "files"]) {
    for (const host of ["app3", "../x", "..", "app1/../x", "x"]) {
      const query = `host=app1&host=${encodeURIComponent(host)}`;
      const { status, body } = await json(handler(get(`/logs/api/${route}?${query}`)));
      assert.equal(status, 400, `${route} ${host}`);
      assert.equal(body.error, `Unknown host ${JSON.stringify(host)}: choose from app1, app2`);
    }
  }
  // A handler without hosts reads one log root and refuses host= outright.
  const plain = testHandler(tmp.root, { now: NOW });
  const { status, body } = await json(plain(get("/logs/api/records?host=app1")));
  assert.equal(status, 400);
  assert.equal(
    body.error,
    'Unknown parameter "host": this server reads one log root, not a central root of hosts',
  );
  // A resume cursor that is not from a hosts listing is a 400 before the stream starts.
  const app1 = testHandler(`${tmp.root}/app1`, { now: NOW });
  const single = await json(app1(get("/logs/api/records?limit=1")));
  const cursor = (single.body.records as ApiRecord[])[0]!.cursor;
  const resumed = await handler(get("/logs/api/stream", { headers: { "last-event-id": cursor } }));
  assert.equal(resumed.status, 400);
  await resumed.body?.cancel();
});

Deno.test("handler with hosts: bad host names in the options, and a linked host folder", async () => {
  await using tmp = await tempRoot();
  const authorize = () => true;
  for (const hosts of [["../etc"], [".."], ["a/b"], []]) {
    assert.throws(() => createLogsHandler({ root: tmp.root, authorize, hosts }), RangeError);
  }
  await Deno.mkdir(`${tmp.root}/outside`);
  await logTo("login", "secret", { root: `${tmp.root}/outside` });
  await Deno.mkdir(`${tmp.root}/central`);
  await Deno.symlink(`${tmp.root}/outside`, `${tmp.root}/central/app1`);
  let reported = "";
  const handler = testHandler(`${tmp.root}/central`, {
    hosts: ["app1"],
    onError: (error) => reported = String(error),
  });
  const { status, body } = await json(handler(get("/logs/api/records")));
  assert.equal(status, 500);
  assert.deepEqual(body, { error: "Cannot read the log files; the server's log has the details" });
  assert.match(reported, /a symbolic link, which is never followed/);
});
