/** The handler's /api/counts and /api/files on real files, and file errors. */
import assert from "node:assert/strict";
import { checkAndBackupLogs } from "../../lib/backup/archive.ts";
import { formatTimestamp } from "../../lib/format/time.ts";
import { countLogs } from "../../lib/read/count.ts";
import { logTo } from "../../lib/write/log.ts";
import { repoPath, runDeno, tempRoot } from "../helpers.ts";
import { at, get, json, NOW, sample, T0, testHandler } from "./handler_helpers.ts";

Deno.test("/api/counts: the countLogs result, with since, until and every filled in", async () => {
  await using tmp = await tempRoot();
  await sample(tmp.root);
  const handler = testHandler(tmp.root, { now: NOW });
  const since = new Date(T0), until = new Date(T0 + 90 * 60_000);
  const query =
    `since=${since.toISOString()}&until=${until.toISOString()}&every=hour&category=login&category=server`;
  const { status, body } = await json(handler(get(`/logs/api/counts?${query}`)));
  assert.equal(status, 200);
  const expected = await countLogs({
    root: tmp.root,
    since,
    until,
    every: "hour",
    categories: ["login", "server"],
  });
  assert.deepEqual(body, {
    every: expected.every,
    buckets: expected.buckets.map((b) => ({ ...b, start: formatTimestamp(b.start) })),
  });
  const totals = (body.buckets as { total: number }[]).reduce((sum, b) => sum + b.total, 0);
  assert.equal(totals, 5);
  // No since: from the oldest record; no until: now; no every: minutes for two hours.
  const auto = await json(handler(get("/logs/api/counts")));
  assert.equal(auto.status, 200);
  assert.equal(auto.body.every, 60_000);
  const buckets = auto.body.buckets as { start: string; total: number }[];
  assert.equal(buckets[0]!.start, formatTimestamp(new Date(T0)));
  assert.equal(buckets.length, 120);
  assert.equal(buckets.reduce((sum, b) => sum + b.total, 0), 6);
  const ms = await json(handler(get(`/logs/api/counts?since=-2h&every=1800000`)));
  assert.deepEqual((ms.body.buckets as { total: number }[]).map((b) => b.total), [4, 0, 2, 0]);
});

Deno.test("/api/counts: bad parameters are 400", async () => {
  await using tmp = await tempRoot();
  const handler = testHandler(tmp.root, { now: NOW });
  const cases: [string, string | RegExp][] = [
    [
      "every=week",
      'Invalid every "week": use minute, hour, day, or a whole number of milliseconds of at least 1000',
    ],
    [
      "every=999",
      'Invalid every "999": use minute, hour, day, or a whole number of milliseconds of at least 1000',
    ],
    [
      "since=2000-01-01&every=minute",
      /^Too many buckets: \d+ buckets of minute from "since" to "until"; choose a wider "every" or a shorter range \(at most 10000 buckets\)$/,
    ],
    [
      "limit=5",
      /^Unknown parameter "limit": this route takes category, host, since, until, q, regex, ignoreCase, every$/,
    ],
    ["category=x", 'Unknown category "x": choose from console, login, server, users'],
  ];
  for (const [query, message] of cases) {
    const { status, body } = await json(handler(get(`/logs/api/counts?${query}`)));
    assert.equal(status, 400, query);
    if (typeof message === "string") assert.equal(body.error, message, query);
    else assert.match(body.error as string, message, query);
  }
});

Deno.test("/api/files: listLogFiles with paths relative to the root", async () => {
  await using tmp = await tempRoot();
  await sample(tmp.root);
  await checkAndBackupLogs({ root: tmp.root, force: true, compress: true, now: at(70) });
  await logTo("login", "after", { root: tmp.root });
  const { status, body } = await json(testHandler(tmp.root)(get("/logs/api/files")));
  assert.equal(status, 200);
  const files = body.files as {
    path: string;
    category: string;
    archived: boolean;
    compressed: boolean;
    size: number;
  }[];
  const login = files.filter((f) => f.category === "login");
  assert.deepEqual(
    login.map((f) => [f.path.replace(/\d{4}-[\d_-]+/, "DATE"), f.archived, f.compressed]),
    [
      ["backup_logs/login_logs_DATE.txt.gz", true, true],
      ["login_logs.txt", false, false],
    ],
  );
  assert.ok(files.every((f) => !f.path.includes(tmp.root) && f.size >= 0));
});

Deno.test("handler: a file error is a 500 with a short message; the details go to onError", async () => {
  await using tmp = await tempRoot();
  await sample(tmp.root);
  // The handler in a process without --allow-read on the root: the readers cannot read it.
  for (const path of ["/api/records", "/api/counts?since=-1h", "/api/files"]) {
    const run = await runDeno([
      "run",
      "--no-prompt",
      repoPath("tests/fixtures/handler_once.ts"),
      tmp.root,
      path,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const { status, body, reported } = JSON.parse(run.stdout);
    assert.equal(status, 500, path);
    assert.deepEqual(JSON.parse(body), {
      error: "Cannot read the log files; the server's log has the details",
    });
    assert.ok(!body.includes(tmp.root), body);
    assert.equal(reported.length, 1);
    assert.match(reported[0], /allow-read/);
  }
});
