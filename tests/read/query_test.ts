/** readLogs: order and merging, archives, filters, malformed lines, bad options. */
import assert from "node:assert/strict";
import { readLogs } from "../../lib/read/query.ts";
import { listLogFiles } from "../../lib/read/files.ts";
import { tempRoot } from "../helpers.ts";
import { entries, lineSeries, writeArchive, writeLive } from "./read_helpers.ts";

const T0 = new Date("2026-11-24T10:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);

Deno.test("readLogs: merges categories by time, newest first by default, oldest on request", async () => {
  await using tmp = await tempRoot();
  await writeLive(tmp.root, "login", [[at(1), "l1"], [at(4), "l4"], [at(5), "l5"]]);
  await writeLive(tmp.root, "server", [[at(2), "s2"], [at(3), "s3"], [at(6), "s6"]]);
  const root = tmp.root;
  assert.deepEqual(await entries(readLogs({ root })), ["s6", "l5", "l4", "s3", "s2", "l1"]);
  assert.deepEqual(await entries(readLogs({ root, order: "oldest" })), [
    "l1",
    "s2",
    "s3",
    "l4",
    "l5",
    "s6",
  ]);
  assert.deepEqual(await entries(readLogs({ root, limit: 2 })), ["s6", "l5"]);
  assert.deepEqual(await entries(readLogs({ root, categories: ["server"] })), ["s6", "s3", "s2"]);
  const first = (await readLogs({ root }).next()).value!;
  assert.equal(first.category, "server");
  assert.equal(first.time.getTime(), at(6).getTime());
  assert.equal(typeof first.cursor, "string");
});

Deno.test("readLogs: within a category, file order wins over slightly unordered times", async () => {
  await using tmp = await tempRoot();
  await writeLive(tmp.root, "login", [[at(10), "a"], [at(5), "b"], [at(7), "c"]]);
  assert.deepEqual(await entries(readLogs({ root: tmp.root })), ["c", "b", "a"]);
  assert.deepEqual(await entries(readLogs({ root: tmp.root, order: "oldest" })), ["a", "b", "c"]);
});

Deno.test("readLogs: live file after its archives, plain and .gz; a .txt with its .txt.gz once", async () => {
  await using tmp = await tempRoot();
  const root = tmp.root;
  await writeArchive(root, "users", at(100), lineSeries("old", 3, at(0)), { gzip: true });
  await writeArchive(root, "users", at(200), lineSeries("mid", 2, at(150)), {
    gzip: true,
    plainToo: true, // a crash between compressing and removing the plain file
  });
  await writeArchive(root, "users", at(300), lineSeries("new", 2, at(250)));
  await writeLive(root, "users", lineSeries("live", 2, at(400)));
  const expected = [
    "old 0",
    "old 1",
    "old 2",
    "mid 0",
    "mid 1",
    "new 0",
    "new 1",
    "live 0",
    "live 1",
  ];
  assert.deepEqual(await entries(readLogs({ root, order: "oldest" })), expected);
  assert.deepEqual(await entries(readLogs({ root })), expected.toReversed());
  assert.deepEqual(await entries(readLogs({ root, limit: 4 })), expected.toReversed().slice(0, 4));
  assert.deepEqual(await entries(readLogs({ root, archives: false })), ["live 1", "live 0"]);
  const files = await listLogFiles({ root });
  assert.deepEqual(
    files.map((f) => [f.path.slice(root.length), f.archived, f.compressed]),
    [
      ["/backup_logs/users_logs_" + stamp(at(100)) + ".txt.gz", true, true],
      ["/backup_logs/users_logs_" + stamp(at(200)) + ".txt", true, false],
      ["/backup_logs/users_logs_" + stamp(at(300)) + ".txt", true, false],
      ["/users_logs.txt", false, false],
    ],
  );
  assert.equal(files[3]!.size, (await Deno.stat(`${root}/users_logs.txt`)).size);
});

function stamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}_${
    p(date.getHours())
  }-${p(date.getMinutes())}-${p(date.getSeconds())}`;
}

Deno.test("readLogs: since is inclusive, until exclusive, archives outside are skipped", async () => {
  await using tmp = await tempRoot();
  const root = tmp.root;
  await writeArchive(root, "server", at(3600), lineSeries("a", 10, at(0), 60_000), { gzip: true });
  await writeLive(root, "server", lineSeries("b", 10, at(7200), 60_000));
  const since = at(7200 + 120), until = at(7200 + 300);
  assert.deepEqual(await entries(readLogs({ root, since, until, order: "oldest" })), [
    "b 2",
    "b 3",
    "b 4",
  ]);
  assert.deepEqual(await entries(readLogs({ root, since, until })), ["b 4", "b 3", "b 2"]);
  assert.deepEqual(await entries(readLogs({ root, since: at(540), until: at(7200 + 60) })), [
    "b 0",
    "a 9",
  ]);
});

Deno.test("readLogs: contains, ignoreCase and match test the unescaped entry", async () => {
  await using tmp = await tempRoot();
  const root = tmp.root;
  const lines = [
    "Alice logged in",
    "bob logged in",
    "line\nbreak",
    "back\\nslash",
    "tab\there",
    "ünï €",
  ]
    .map((entry, i) => [at(i), entry] as const);
  await writeLive(root, "login", lines);
  await Deno.writeTextFile(`${root}/login_logs.txt`, "2026-11-24 10:00:10 - python \\n alice\n", {
    append: true,
  });
  const read = (options: object) => entries(readLogs({ root, order: "oldest", ...options }));
  assert.deepEqual(await read({ contains: "logged" }), ["Alice logged in", "bob logged in"]);
  assert.deepEqual(await read({ contains: "alice" }), ["python \\n alice"]);
  assert.deepEqual(await read({ contains: "alice", ignoreCase: true }), [
    "Alice logged in",
    "python \\n alice",
  ]);
  assert.deepEqual(await read({ contains: "\n" }), ["line\nbreak"]); // not "back\\nslash"
  assert.deepEqual(await read({ contains: "\\n" }), ["back\\nslash", "python \\n alice"]);
  assert.deepEqual(await read({ contains: "\t" }), ["tab\there"]);
  assert.deepEqual(await read({ contains: "€" }), ["ünï €"]);
  assert.deepEqual(await read({ contains: "ÜNÏ", ignoreCase: true }), ["ünï €"]);
  assert.deepEqual(await read({ match: /^b/g }), ["bob logged in", "back\\nslash"]);
  assert.deepEqual(await read({ match: /in$/, contains: "bob" }), ["bob logged in"]);
  assert.deepEqual(await read({ contains: "10:00" }), []); // the time is not part of the entry
});

Deno.test("readLogs: malformed lines are skipped and reported; a live file's unfinished line is not", async () => {
  await using tmp = await tempRoot();
  const root = tmp.root;
  const good = "2026-11-24T10:00:00.000+00:00 - ok\n";
  await Deno.writeTextFile(
    `${root}/login_logs.txt`,
    good + "garbage\n" + good + "2026-11-24T10:00",
  );
  const path = await writeArchive(root, "server", at(60), [[at(1), "x"]]);
  await Deno.writeTextFile(path, "torn \\u00\n" + good + "2026-11", { append: true });
  for (const order of ["newest", "oldest"] as const) {
    const seen: { path: string; offset: number; text: string }[] = [];
    const got = await entries(readLogs({ root, order, onMalformed: (info) => seen.push(info) }));
    assert.deepEqual(got.sort(), ["ok", "ok", "ok", "x"]);
    const sorted = seen.sort((a, b) => a.path.localeCompare(b.path) || a.offset - b.offset);
    assert.deepEqual(sorted, [
      { path, offset: 34, text: "torn \\u00" },
      { path, offset: 34 + 10 + good.length, text: "2026-11" },
      { path: `${root}/login_logs.txt`, offset: good.length, text: "garbage" },
    ], order);
  }
});

Deno.test("readLogs: a missing root or file gives no records and creates nothing", async () => {
  await using tmp = await tempRoot();
  const root = `${tmp.root}/nothing/here`;
  assert.deepEqual(await entries(readLogs({ root })), []);
  assert.deepEqual(await listLogFiles({ root }), []);
  await assert.rejects(Deno.stat(`${tmp.root}/nothing`), Deno.errors.NotFound);
});

Deno.test("readLogs: bad options are TypeError or RangeError before any reading", () => {
  const table: [object, ErrorConstructor, RegExp][] = [
    [{ root: "" }, TypeError, /^Invalid log root ""/],
    [{ categories: ["../x"] }, RangeError, /^Invalid log category "..\/x"/],
    [{ categories: "login" }, TypeError, /^Invalid categories/],
    [{ since: "yesterday" }, TypeError, /^Invalid since: expected a valid Date/],
    [{ until: new Date(NaN) }, TypeError, /^Invalid until/],
    [{ contains: 5 }, TypeError, /^Invalid contains/],
    [{ match: "x" }, TypeError, /^Invalid match/],
    [{ order: "up" }, RangeError, /^Invalid order "up"/],
    [{ limit: 0 }, RangeError, /^Invalid limit 0/],
    [{ limit: 1.5 }, RangeError, /^Invalid limit 1.5/],
    [{ cursor: "nope" }, RangeError, /^Invalid cursor "nope": pass back the cursor/],
    [{ cursor: "c1.e30" }, RangeError, /^Invalid cursor/],
  ];
  for (const [options, type, message] of table) {
    assert.throws(
      () => readLogs(options),
      (e: Error) => e instanceof type && message.test(e.message),
    );
  }
});
