/** The handler's /api/records on real files: filters, paging across backups, bad parameters. */
import assert from "node:assert/strict";
import { checkAndBackupLogs } from "../../lib/backup/archive.ts";
import { formatTimestamp } from "../../lib/format/time.ts";
import { logTo } from "../../lib/write/log.ts";
import { tempRoot } from "../helpers.ts";
import {
  type ApiRecord,
  at,
  get,
  json,
  NOW,
  pageAll,
  sample,
  T0,
  testHandler,
} from "./handler_helpers.ts";

const entries = (records: ApiRecord[]) => records.map((r) => r.entry);

Deno.test("/api/records: newest first by default, with time, category, entry, cursor", async () => {
  await using tmp = await tempRoot();
  await sample(tmp.root);
  const handler = testHandler(tmp.root, { now: NOW });
  const { status, body } = await json(handler(get("/logs/api/records")));
  assert.equal(status, 200);
  const records = body.records as ApiRecord[];
  assert.deepEqual(entries(records), [
    "worker 3 restarted\nexit code 137",
    "failed login for bob",
    "alice exported report 12",
    "user Bob logged in",
    "GET /dashboard 200",
    "user alice logged in",
  ]);
  assert.equal(records[0]!.time, formatTimestamp(new Date(T0 + 62 * 60_000)));
  assert.match(records[0]!.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
  assert.equal(records[0]!.category, "server");
  assert.equal(typeof records[0]!.cursor, "string");
  assert.equal(body.next, null);
});

Deno.test("/api/records: filters by category, time, text, regex and case", async () => {
  await using tmp = await tempRoot();
  await sample(tmp.root);
  const handler = testHandler(tmp.root, { now: NOW });
  const cases: [string, string[]][] = [
    ["category=login&category=users", [
      "failed login for bob",
      "alice exported report 12",
      "user Bob logged in",
      "user alice logged in",
    ]],
    ["category=login,users&order=oldest&limit=2", ["user alice logged in", "user Bob logged in"]],
    ["q=bob", ["failed login for bob"]],
    ["q=bob&ignoreCase=1", ["failed login for bob", "user Bob logged in"]],
    ["regex=^USER", []],
    ["regex=^USER&ignoreCase=1", ["user Bob logged in", "user alice logged in"]],
    ["regex=^user (alice|bob)", ["user alice logged in"]],
    ["regex=^user (alice|bob)&ignoreCase=1", ["user Bob logged in", "user alice logged in"]],
    [`regex=${encodeURIComponent("code \\d+$")}`, ["worker 3 restarted\nexit code 137"]],
    ["since=-1h&category=login", ["failed login for bob"]],
    [
      `since=${encodeURIComponent(new Date(T0 + 60_000).toISOString())}&until=-2h%2B3m`.replace(
        "-2h%2B3m",
        new Date(T0 + 3 * 60_000).toISOString(),
      ),
      ["user Bob logged in", "GET /dashboard 200"],
    ],
    ["until=-119m", ["user alice logged in"]],
    ["q=alice&regex=report", ["alice exported report 12"]],
  ];
  for (const [query, expected] of cases) {
    const { status, body } = await json(handler(get(`/logs/api/records?${query}`)));
    assert.equal(status, 200, query);
    assert.deepEqual(entries(body.records as ApiRecord[]), expected, query);
  }
});

Deno.test("/api/records: limit and cursor page through every record exactly once across backups", async () => {
  for (const compress of [false, true]) {
    await using tmp = await tempRoot();
    const root = tmp.root;
    for (let n = 0; n < 60; n++) {
      await logTo(["login", "server", "users"][n % 3]!, `event ${n}`, { root, now: at(n) });
    }
    const handler = testHandler(root, { now: () => new Date(T0 + 200 * 60_000) });
    let logged = 60;
    const { records, pages } = await pageAll(handler, "limit=7", async (page) => {
      if (page === 2 || page === 5) {
        await checkAndBackupLogs({ root, force: true, compress, now: at(100 + page) });
      }
      // Records logged after the listing began are newer than its first page: not in it.
      await logTo("login", `late ${logged++}`, { root, now: at(150 + page) });
    });
    assert.equal(pages, 9, `compress ${compress}`);
    assert.deepEqual(entries(records), Array.from({ length: 60 }, (_, i) => `event ${59 - i}`));
    const oldest = await pageAll(handler, "limit=25&order=oldest&until=-100m");
    assert.deepEqual(entries(oldest.records), Array.from({ length: 60 }, (_, i) => `event ${i}`));
  }
});

Deno.test("/api/records: bad parameters are 400 with what is wrong and the accepted forms", async () => {
  await using tmp = await tempRoot();
  const handler = testHandler(tmp.root, { maxLimit: 500 });
  const cases: [string, RegExp | string][] = [
    ["category=nope", 'Unknown category "nope": choose from console, login, server, users'],
    ["category=../etc", 'Unknown category "../etc": choose from console, login, server, users'],
    ["since=yesterdayish", /^Invalid "since": .*RFC 3339/],
    ["until=2026-13-01", /^Invalid "until": /],
    [
      "since=2026-11-25&until=2026-11-24",
      /^Invalid range: "since" \(.*\) is after "until" \(.*\); swap them$/,
    ],
    [
      "regex=(unclosed",
      /^Invalid regex "\(unclosed": .*; write a JavaScript regular expression, or search for a literal with q=$/,
    ],
    ["limit=501", 'Invalid limit "501": use a whole number from 1 to 500'],
    ["limit=0", 'Invalid limit "0": use a whole number from 1 to 500'],
    ["limit=ten", 'Invalid limit "ten": use a whole number from 1 to 500'],
    ["order=up", 'Invalid order "up": use newest or oldest'],
    ["ignoreCase=yes", 'Invalid "ignoreCase" "yes": use 1 or 0'],
    ["cursor=xyz", /^Invalid cursor "xyz": /],
    [
      "grep=a",
      'Unknown parameter "grep": this route takes category, host, since, until, q, regex, ignoreCase, limit, order, cursor',
    ],
    ["limit=1&limit=2", 'Parameter "limit" is given twice: give it once'],
  ];
  for (const [query, message] of cases) {
    const { status, body } = await json(handler(get(`/logs/api/records?${query}`)));
    assert.equal(status, 400, query);
    assert.deepEqual(Object.keys(body), ["error"], query);
    if (typeof message === "string") assert.equal(body.error, message, query);
    else assert.match(body.error as string, message, query);
  }
});
