/** /api/stream on real files: SSE framing, resume with Last-Event-ID across a backup, cleanup. */
import assert from "node:assert/strict";
import { checkAndBackupLogs } from "../../lib/backup/archive.ts";
import { logTo } from "../../lib/write/log.ts";
import { tempRoot } from "../helpers.ts";
import { type ApiRecord, events, get, json, testHandler } from "./handler_helpers.ts";

Deno.test("/api/stream: records logged after the request, one event each, id = cursor", async () => {
  await using tmp = await tempRoot();
  const root = tmp.root;
  await logTo("login", "before the request", { root });
  await new Promise((resolve) => setTimeout(resolve, 5)); // the request comes a few ms later
  const handler = testHandler(root, { keepAliveMs: 30 });
  const response = await handler(get("/logs/api/stream?category=login&category=server"));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
  assert.equal(response.headers.get("cache-control"), "no-store");
  const stream = events(response);
  assert.equal(await stream.next(), "retry: 1000\n: live");
  await logTo("users", "not asked for", { root });
  await logTo("login", "one\nline two", { root });
  await logTo("server", "<b>two</b>", { root });
  // Two categories logged in the same millisecond have no order between them: sort.
  const got = [await stream.record(), await stream.record()];
  got.sort((a, b) => a.data.category.localeCompare(b.data.category));
  assert.deepEqual(got.map((e) => [e.data.category, e.data.entry]), [
    ["login", "one\nline two"],
    ["server", "<b>two</b>"],
  ]);
  for (const event of got) assert.equal(event.id, event.data.cursor);
  let block = "";
  while (block !== ": keep-alive") block = await stream.next();
  await stream.cancel();
});

/** Waits for the next millisecond: records of different categories are ordered by time only. */
async function nextMs(): Promise<void> {
  const start = Date.now();
  while (Date.now() === start) await new Promise((resolve) => setTimeout(resolve, 1));
}

Deno.test("/api/stream: Last-Event-ID resumes right after that record, across a backup", async () => {
  for (const compress of [false, true]) {
    await using tmp = await tempRoot();
    const root = tmp.root;
    const handler = testHandler(root);
    const first = events(await handler(get("/logs/api/stream")));
    await first.next();
    await logTo("login", "a", { root });
    await nextMs();
    await logTo("server", "b", { root });
    assert.equal((await first.record()).data.entry, "a");
    const last = await first.record();
    assert.equal(last.data.entry, "b");
    await first.cancel(); // the connection drops
    await logTo("server", "c", { root });
    await checkAndBackupLogs({ root, force: true, compress });
    await logTo("server", "d", { root });
    await nextMs();
    const again = events(
      await handler(get("/logs/api/stream", { headers: { "last-event-id": last.id } })),
    );
    const resumed = [];
    for (const entry of ["c", "d"]) {
      resumed.push((await again.record()).data.entry);
      if (entry === "d") await logTo("login", "e", { root });
    }
    resumed.push((await again.record()).data.entry);
    assert.deepEqual(resumed, ["c", "d", "e"], `compress ${compress}`);
    await again.cancel();
  }
});

Deno.test("/api/stream: ?cursor= from /api/records starts right after that record", async () => {
  await using tmp = await tempRoot();
  const root = tmp.root;
  await logTo("login", "old 1", { root });
  await logTo("login", "old 2", { root });
  const handler = testHandler(root);
  const page = await json(handler(get("/logs/api/records?limit=1")));
  const newest = (page.body.records as ApiRecord[])[0]!;
  assert.equal(newest.entry, "old 2");
  await logTo("login", "between the page and the stream", { root });
  const stream = events(
    await handler(get(`/logs/api/stream?cursor=${encodeURIComponent(newest.cursor)}`)),
  );
  assert.equal((await stream.record()).data.entry, "between the page and the stream");
  await logTo("server", "after", { root });
  assert.equal((await stream.record()).data.entry, "after");
  await stream.cancel();
});

Deno.test("/api/stream: ?cursor= from the newest record also follows a category with no record yet", async () => {
  await using tmp = await tempRoot();
  const root = tmp.root;
  await logTo("login", "the only record", { root });
  await Deno.writeTextFile(`${root}/users_logs.txt`, ""); // an empty file, and no server file
  const handler = testHandler(root);
  const page = await json(handler(get("/logs/api/records?limit=1")));
  const newest = (page.body.records as ApiRecord[])[0]!;
  const stream = events(
    await handler(get(`/logs/api/stream?cursor=${encodeURIComponent(newest.cursor)}`)),
  );
  await logTo("server", "first server record", { root });
  await nextMs();
  await logTo("users", "first users record", { root });
  assert.equal((await stream.record()).data.entry, "first server record");
  assert.equal((await stream.record()).data.entry, "first users record");
  await stream.cancel();
});

Deno.test("/api/stream: filters apply; a bad cursor or filter is a 400 before any stream", async () => {
  await using tmp = await tempRoot();
  const root = tmp.root;
  const handler = testHandler(root);
  const stream = events(await handler(get("/logs/api/stream?q=ALICE&ignoreCase=1")));
  await logTo("login", "bob logged in", { root });
  await logTo("users", "alice exported", { root });
  assert.equal((await stream.record()).data.entry, "alice exported");
  await stream.cancel();
  const cases: [RequestInit, RegExp][] = [
    [{ headers: { "last-event-id": "garbage" } }, /^Invalid cursor "garbage": /],
    [{}, /^Unknown category "nope": /],
  ];
  for (const [init, message] of cases) {
    const path = init.headers ? "/logs/api/stream" : "/logs/api/stream?category=nope";
    const { status, body } = await json(handler(get(path, init)));
    assert.equal(status, 400);
    assert.match(body.error as string, message);
  }
});

Deno.test("/api/stream: the server's signal ends open streams", async () => {
  await using tmp = await tempRoot();
  const stop = new AbortController();
  const handler = testHandler(tmp.root, { signal: stop.signal });
  const stream = events(await handler(get("/logs/api/stream")));
  assert.equal(await stream.next(), "retry: 1000\n: live");
  stop.abort();
  assert.equal(await stream.next(), "", "the stream ended");
  const late = await handler(get("/logs/api/stream"));
  assert.equal(
    await late.text(),
    "retry: 1000\n: live\n\n",
    "a stream opened after stop ends at once",
  );
});

Deno.test("/api/stream over Deno.serve: the follower stops when the client goes away", async () => {
  await using tmp = await tempRoot();
  const handler = testHandler(tmp.root);
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  const client = new AbortController();
  const response = await fetch(`http://127.0.0.1:${server.addr.port}/logs/api/stream`, {
    headers: { authorization: get("/").headers.get("authorization")! },
    signal: client.signal,
  });
  const reader = response.body!.getReader();
  assert.match(new TextDecoder().decode((await reader.read()).value), /^retry: 1000\n/);
  client.abort();
  await reader.closed.catch(() => {});
  // shutdown() waits for every response to finish: it returns only if the stream ended.
  await server.shutdown();
  // The test sanitizers then check that no timer or file of the follower is left.
});
