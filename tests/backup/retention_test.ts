/** Archive names, reading them back, and retention. Times are built as local times. */
import assert from "node:assert/strict";
import {
  type ArchiveEntry,
  archiveFiles,
  archiveName,
  parseArchives,
} from "../../lib/format/archives.ts";
import { planRetention } from "../../lib/backup/retention.ts";

const AT = new Date(2026, 10, 24, 14, 5, 9, 42);
const NAME = "login_logs_2026-11-24_14-05-09.txt";

/** An archive entry as parseArchives() builds it. */
function entry(
  category: string,
  at: Date,
  options: { seq?: number; plain?: boolean; gzip?: boolean } = {},
): ArchiveEntry {
  const { seq = 0, plain = true, gzip = false } = options;
  const p2 = (n: number): string => String(n).padStart(2, "0");
  const stamp = `${at.getFullYear()}-${p2(at.getMonth() + 1)}-${p2(at.getDate())}_${
    p2(at.getHours())
  }-${p2(at.getMinutes())}-${p2(at.getSeconds())}`;
  const base = `${category}_logs_${stamp}${seq ? `_${seq}` : ""}.txt`;
  return { category, base, at, seq, plain, gzip };
}

Deno.test("archiveName() names <category>_logs_<local stamp>.txt", () => {
  assert.equal(archiveName("login", AT, []), NAME);
  assert.equal(archiveName("a_b-1", AT, []), "a_b-1_logs_2026-11-24_14-05-09.txt");
});

const TAKEN: [string, string[], string][] = [
  ["the plain name", [NAME], "login_logs_2026-11-24_14-05-09_1.txt"],
  ["only the .gz name", [`${NAME}.gz`], "login_logs_2026-11-24_14-05-09_1.txt"],
  ["a .gz.tmp leftover", [`${NAME}.gz.tmp`], "login_logs_2026-11-24_14-05-09_1.txt"],
  ["a .tmp leftover", [`${NAME}.tmp`], "login_logs_2026-11-24_14-05-09_1.txt"],
  [
    "the name and _1",
    [NAME, "login_logs_2026-11-24_14-05-09_1.txt.gz"],
    "login_logs_2026-11-24_14-05-09_2.txt",
  ],
  ["_1 but not the name", ["login_logs_2026-11-24_14-05-09_1.txt"], NAME],
  ["another category's name", ["users_logs_2026-11-24_14-05-09.txt"], NAME],
  ["another second's name", ["login_logs_2026-11-24_14-05-08.txt"], NAME],
];

for (const [what, taken, expected] of TAKEN) {
  Deno.test(`archiveName() avoids ${what}`, () => {
    assert.equal(archiveName("login", AT, taken), expected);
  });
}

Deno.test("archiveName() accepts any iterable of taken names", () => {
  assert.equal(archiveName("login", AT, new Set([NAME])), "login_logs_2026-11-24_14-05-09_1.txt");
});

Deno.test("parseArchives() reads names into entries and ignores foreign names", () => {
  assert.deepEqual(
    parseArchives([
      NAME,
      "notes.txt",
      "login_logs.txt",
      "Login_logs_2026-11-24_14-05-09.txt",
      "login_logs_2026-13-24_14-05-09.txt",
      "login_logs_2026-11-24_14-05-09.txt.tmp",
      "login_logs_2026-11-24_14-05-09.txt.gz.tmp",
      "login_logs_2026-11-24_14-05-09.log",
      "login_logs_2026-11-24_14-05-09_x.txt",
      "dates",
    ]),
    [entry("login", new Date(2026, 10, 24, 14, 5, 9))],
  );
});

Deno.test("parseArchives() merges .txt and .txt.gz into one entry", () => {
  const at = new Date(2026, 10, 24, 14, 5, 9);
  assert.deepEqual(parseArchives([`${NAME}.gz`, NAME]), [entry("login", at, { gzip: true })]);
  assert.deepEqual(parseArchives([`${NAME}.gz`]), [
    entry("login", at, { plain: false, gzip: true }),
  ]);
});

Deno.test("parseArchives() reads categories that contain _logs", () => {
  assert.deepEqual(parseArchives(["a_logs_logs_2026-11-24_14-05-09_3.txt"]), [
    entry("a_logs", new Date(2026, 10, 24, 14, 5, 9), { seq: 3 }),
  ]);
});

Deno.test("parseArchives() sorts by time, then by collision counter", () => {
  const names = [
    "login_logs_2026-11-24_14-05-09_10.txt",
    "users_logs_2026-12-01_00-00-00.txt.gz",
    "login_logs_2026-11-24_14-05-09_2.txt",
    NAME,
    "server_logs_2025-01-01_00-00-00.txt",
    "login_logs_2026-11-24_14-05-08.txt",
  ];
  assert.deepEqual(parseArchives(names).map((e) => e.base), [
    "server_logs_2025-01-01_00-00-00.txt",
    "login_logs_2026-11-24_14-05-08.txt",
    NAME,
    "login_logs_2026-11-24_14-05-09_2.txt",
    "login_logs_2026-11-24_14-05-09_10.txt",
    "users_logs_2026-12-01_00-00-00.txt",
  ]);
});

const day = (n: number): Date => new Date(AT.getTime() - n * 86_400_000);
const ARCHIVES = [
  entry("login", day(40)),
  entry("users", day(35)),
  entry("login", day(20)),
  entry("login", day(10)),
  entry("users", day(5)),
];

Deno.test("planRetention() keeps everything without keep or maxAgeDays", () => {
  assert.deepEqual(planRetention(ARCHIVES, AT, {}), []);
});

Deno.test("planRetention() keeps the newest keep archives per category", () => {
  assert.deepEqual(planRetention(ARCHIVES, AT, { keep: 1 }), [
    ARCHIVES[0],
    ARCHIVES[1],
    ARCHIVES[2],
  ]);
  assert.deepEqual(planRetention(ARCHIVES, AT, { keep: 2 }), [ARCHIVES[0]]);
  assert.deepEqual(planRetention(ARCHIVES, AT, { keep: 3 }), []);
});

Deno.test("planRetention() deletes archives older than maxAgeDays, not those exactly that old", () => {
  assert.deepEqual(planRetention(ARCHIVES, AT, { maxAgeDays: 30 }), [ARCHIVES[0], ARCHIVES[1]]);
  assert.deepEqual(planRetention(ARCHIVES, AT, { maxAgeDays: 20 }), [
    ARCHIVES[0],
    ARCHIVES[1],
  ]);
  assert.deepEqual(planRetention(ARCHIVES, AT, { maxAgeDays: 19.9 }), [
    ARCHIVES[0],
    ARCHIVES[1],
    ARCHIVES[2],
  ]);
});

Deno.test("planRetention() applies keep and maxAgeDays together", () => {
  assert.deepEqual(planRetention(ARCHIVES, AT, { keep: 2, maxAgeDays: 36 }), [ARCHIVES[0]]);
  assert.deepEqual(planRetention(ARCHIVES, AT, { keep: 2, maxAgeDays: 30 }), [
    ARCHIVES[0],
    ARCHIVES[1],
  ]);
});

Deno.test("archiveFiles() lists the plain and compressed names that exist", () => {
  const at = new Date(2026, 10, 24, 14, 5, 9);
  assert.deepEqual(archiveFiles(entry("login", at)), [NAME]);
  assert.deepEqual(archiveFiles(entry("login", at, { plain: false, gzip: true })), [`${NAME}.gz`]);
  assert.deepEqual(archiveFiles(entry("login", at, { gzip: true })), [NAME, `${NAME}.gz`]);
});

const DAY = 86_400_000;
const daysAgo = (days: number): Date => new Date(AT.getTime() - days * DAY);

Deno.test("planRetention() with maxAgeDays never deletes the newest earlier archive of a category", () => {
  const login = [entry("login", daysAgo(400)), entry("login", daysAgo(300))];
  const users = [entry("users", daysAgo(500))];
  const doomed = planRetention([...users, ...login], AT, { maxAgeDays: 180 });
  assert.deepEqual(doomed, [login[0]]);
});

Deno.test("planRetention() floor ignores the archives this backup creates", () => {
  const old = entry("login", daysAgo(400));
  const fresh = entry("login", AT);
  const doomed = planRetention([old, fresh], AT, { maxAgeDays: 180, fresh: new Set([fresh.base]) });
  assert.deepEqual(doomed, []);
  assert.deepEqual(planRetention([old, fresh], AT, { keep: 1, fresh: new Set([fresh.base]) }), [
    old,
  ]);
});

Deno.test("planRetention() counts an archive stamped in the future as age 0", () => {
  const future = entry("login", new Date(AT.getTime() + 365 * DAY));
  const older = [entry("login", daysAgo(30)), entry("login", daysAgo(20))];
  assert.deepEqual(planRetention([...older, future], AT, { maxAgeDays: 25 }), [older[0]]);
});
