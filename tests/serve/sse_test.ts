/** SSE framing, and the event stream's keep-alive and cleanup, on a follower stand-in. */
import assert from "node:assert/strict";
import { formatComment, formatEvent, recordEventStream, recordJson } from "../../lib/serve/sse.ts";

const at = new Date(Date.UTC(2026, 10, 24, 13, 5, 9, 42));

Deno.test("formatEvent() frames event, id and one data line per line", () => {
  const cases: [Parameters<typeof formatEvent>[0], string][] = [
    [{ data: "x" }, "data: x\n\n"],
    [{ event: "record", id: "c1", data: '{"a":1}' }, 'event: record\nid: c1\ndata: {"a":1}\n\n'],
    [{ data: "a\nb\r\nc\rd" }, "data: a\ndata: b\ndata: c\ndata: d\n\n"],
    [{ id: "", data: "" }, "id: \ndata: \n\n"],
  ];
  for (const [event, expected] of cases) assert.equal(formatEvent(event), expected);
});

Deno.test("formatEvent() refuses an id with a line break", () => {
  for (const id of ["a\nb", "a\rb", "a\0b"]) {
    assert.throws(() => formatEvent({ id, data: "" }), {
      name: "RangeError",
      message: `Cannot send event id ${JSON.stringify(id)}: it has a line break`,
    });
  }
});

Deno.test("formatComment() keeps a comment on one line", () => {
  assert.equal(formatComment("keep-alive"), ": keep-alive\n\n");
  assert.equal(formatComment("a\r\nb"), ": a b\n\n");
});

Deno.test("recordJson() gives the time as RFC 3339 with milliseconds", () => {
  const json = recordJson({ time: at, category: "login", entry: "a\nb", cursor: "c" });
  assert.match(json.time, /^2026-11-2\dT\d\d:\d\d:09\.042[+-]\d\d:\d\d$/);
  assert.equal(new Date(json.time).getTime(), at.getTime());
  assert.deepEqual({ ...json, time: "" }, {
    time: "",
    category: "login",
    entry: "a\nb",
    cursor: "c",
  });
});

async function* records(count: number, signal: AbortSignal, done: { returned: boolean }) {
  try {
    for (let n = 0; n < count; n++) {
      yield { time: at, category: "server", entry: `e${n}`, cursor: `c${n}` };
    }
    await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
  } finally {
    done.returned = true;
  }
}

async function readText(reader: ReadableStreamDefaultReader<Uint8Array>, until: RegExp) {
  let text = "";
  const decoder = new TextDecoder();
  while (!until.test(text)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value);
  }
  return text;
}

Deno.test("recordEventStream() sends retry, records with ids, keep-alives; cancel cleans up", async () => {
  const stop = new AbortController();
  const done = { returned: false };
  const body = recordEventStream(records(2, stop.signal, done), {
    stop,
    keepAliveMs: 20,
    retryMs: 1000,
    onError: (error) => assert.fail(String(error)),
  });
  const reader = body.getReader();
  const text = await readText(reader, /: keep-alive\n\n/);
  assert.ok(text.startsWith("retry: 1000\n: live\n\n"));
  const events = text.split("\n\n").filter((block) => block.startsWith("event:"));
  assert.deepEqual(events.map((block) => block.split("\n").slice(0, 2)), [
    ["event: record", "id: c0"],
    ["event: record", "id: c1"],
  ]);
  assert.equal(JSON.parse(events[1]!.split("\ndata: ")[1]!).entry, "e1");
  await reader.cancel();
  assert.ok(stop.signal.aborted);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.ok(done.returned, "the follower was returned");
});

Deno.test("recordEventStream() ends when stop aborts (server shutting down)", async () => {
  const stop = new AbortController();
  const done = { returned: false };
  const body = recordEventStream(records(0, stop.signal, done), {
    stop,
    keepAliveMs: 60_000,
    retryMs: 500,
    onError: (error) => assert.fail(String(error)),
  });
  const reader = body.getReader();
  assert.equal(await readText(reader, /live/), "retry: 500\n: live\n\n");
  stop.abort();
  assert.equal((await reader.read()).done, true);
  assert.ok(done.returned);
});

Deno.test("recordEventStream() reports a failing follower and sends a failed event", async () => {
  const stop = new AbortController();
  const errors: unknown[] = [];
  async function* failing() {
    yield { time: at, category: "server", entry: "e", cursor: "c" };
    throw new Error("disk gone");
  }
  const body = recordEventStream(failing(), {
    stop,
    keepAliveMs: 60_000,
    retryMs: 1,
    onError: (e) => errors.push(e),
  });
  const text = await new Response(body).text();
  assert.match(text, /event: record\nid: c\n/);
  assert.ok(text.endsWith(
    'event: failed\ndata: {"error":"Cannot follow the log files; the server\'s log has the details"}\n\n',
  ));
  assert.equal(String(errors[0]), "Error: disk gone");
  assert.ok(!text.includes("disk gone"));
  assert.ok(stop.signal.aborted);
});
