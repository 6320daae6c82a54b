/**
 * Reading times back: `backup_date.txt` and archive stamps. Forms with an offset are checked in
 * this process; local-time forms run in a subprocess with `TZ` set.
 */
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { formatTimestamp, parseArchiveStamp, parseBackupDate } from "../../lib/format/time.ts";
import { repoPath, runScript, seededRandom, tempRoot } from "../helpers.ts";

const TIME_URL = pathToFileURL(repoPath("lib/format/time.ts")).href;

/** Parses each text with `fn` in a process whose zone is `tz`; ISO strings or `null`. */
async function parseIn(
  tz: string,
  fn: "parseBackupDate" | "parseArchiveStamp",
  texts: string[],
): Promise<unknown> {
  const code = `import * as t from ${JSON.stringify(TIME_URL)};
console.log(JSON.stringify(${
    JSON.stringify(texts)
  }.map((s) => t.${fn}(s)?.toISOString() ?? null)));`;
  await using tmp = await tempRoot();
  const { code: exit, stdout, stderr } = await runScript(code, tmp.root, { env: { TZ: tz } });
  assert.equal(exit, 0, stderr);
  return JSON.parse(stdout);
}

const WITH_OFFSET: [string, string][] = [
  ["2026-11-24T14:05:09.042+01:00", "2026-11-24T13:05:09.042Z"],
  ["2026-11-24T13:05:09Z", "2026-11-24T13:05:09.000Z"],
  ["2026-11-24t13:05:09z", "2026-11-24T13:05:09.000Z"],
  ["2026-11-24 13:05:09Z", "2026-11-24T13:05:09.000Z"],
  ["2026-11-24T18:35:09.042+05:30", "2026-11-24T13:05:09.042Z"],
  ["2026-11-24T09:35:09.042-03:30", "2026-11-24T13:05:09.042Z"],
  ["2026-11-24T13:05:09-00:00", "2026-11-24T13:05:09.000Z"],
  ["2026-11-24T23:59:00+23:59", "2026-11-24T00:00:00.000Z"],
  ["2026-11-24T00:00:00-23:59", "2026-11-24T23:59:00.000Z"],
  ["2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.000Z"],
  ["2026-11-24T13:05:09.1Z", "2026-11-24T13:05:09.100Z"],
  ["2026-11-24T13:05:09.12Z", "2026-11-24T13:05:09.120Z"],
  ["2026-11-24T13:05:09.007Z", "2026-11-24T13:05:09.007Z"],
  ["2026-11-24T13:05:09.1239Z", "2026-11-24T13:05:09.123Z"],
  ["2026-11-24T13:05:09.123456Z", "2026-11-24T13:05:09.123Z"],
  ["2026-11-24T13:05:09.999999999Z", "2026-11-24T13:05:09.999Z"],
  ["2026-11-24T13:05:09.123999999Z", "2026-11-24T13:05:09.123Z"],
  ["2026-11-24T13:05:09.000000001Z", "2026-11-24T13:05:09.000Z"],
  ["  2026-11-24T13:05:09Z\n", "2026-11-24T13:05:09.000Z"],
  ["\t2026-11-24T13:05:09Z\r\n\n", "2026-11-24T13:05:09.000Z"],
  ["2028-02-29T00:00:00Z", "2028-02-29T00:00:00.000Z"],
  ["2000-02-29T00:00:00Z", "2000-02-29T00:00:00.000Z"],
  ["2026-12-31T23:59:59.999Z", "2026-12-31T23:59:59.999Z"],
];

for (const [text, iso] of WITH_OFFSET) {
  Deno.test(`parseBackupDate() reads ${JSON.stringify(text)} as ${iso}`, () => {
    assert.equal(parseBackupDate(text)?.toISOString(), iso);
  });
}

const GARBAGE = [
  "",
  "   ",
  "\n",
  "garbage",
  "yesterday",
  "2026-11-24",
  "2026-11-24T13:05",
  "2026-11-24T13:05:09+0100",
  "2026-11-24T13:05:09+01",
  "2026-11-24T13:05:09.Z",
  "2026-11-24T13:05:09.1234567890Z",
  "2026-11-24T13:05:09ZZ",
  "2026-11-24T13:05:09Z x",
  "x2026-11-24T13:05:09Z",
  "26-11-24T13:05:09Z",
  "２０２６-11-24T13:05:09Z",
  "2026-02-29 00:00:00",
  "2100-02-29T00:00:00Z",
  "2026-13-01T00:00:00Z",
  "2026-00-01T00:00:00Z",
  "2026-11-00T00:00:00Z",
  "2026-11-31T00:00:00Z",
  "2026-11-24 24:00:00",
  "2026-11-24T23:60:00Z",
  "2026-11-24T23:59:60Z",
  "2026-11-24T13:05:09+24:00",
  "2026-11-24T13:05:09+05:60",
  "2026-11-24T13:05:09\n2026-11-24T13:05:09",
];

for (const text of GARBAGE) {
  Deno.test(`parseBackupDate() returns null for ${JSON.stringify(text)}`, () => {
    assert.equal(parseBackupDate(text), null);
  });
}

const LOCAL = [
  "2026-11-24 14:05:09",
  "2026-11-24 14:05:09.123456",
  "2026-11-24T14:05:09",
  " 2026-11-24 14:05:09\n",
  "2026-07-01 12:00:00",
];

const LOCAL_EXPECTED: [string, string[]][] = [
  ["UTC", ["14:05:09.000", "14:05:09.123", "14:05:09.000", "14:05:09.000", "12:00:00.000"]],
  ["Asia/Kolkata", [
    "08:35:09.000",
    "08:35:09.123",
    "08:35:09.000",
    "08:35:09.000",
    "06:30:00.000",
  ]],
  [
    "America/St_Johns",
    ["17:35:09.000", "17:35:09.123", "17:35:09.000", "17:35:09.000", "14:30:00.000"],
  ],
  ["Europe/Berlin", [
    "13:05:09.000",
    "13:05:09.123",
    "13:05:09.000",
    "13:05:09.000",
    "10:00:00.000",
  ]],
];

for (const [tz, times] of LOCAL_EXPECTED) {
  Deno.test(`parseBackupDate() reads a time without offset as local time in ${tz}`, async () => {
    const days = ["2026-11-24", "2026-11-24", "2026-11-24", "2026-11-24", "2026-07-01"];
    const expected = times.map((time, i) => `${days[i]}T${time}Z`);
    assert.deepEqual(await parseIn(tz, "parseBackupDate", LOCAL), expected);
  });
}

Deno.test("parseBackupDate() reads local times next to Europe/Berlin's DST changes", async () => {
  assert.deepEqual(
    await parseIn("Europe/Berlin", "parseBackupDate", [
      "2026-03-29 01:59:59.999",
      "2026-03-29 03:00:00",
      "2026-10-25 01:59:59",
      "2026-10-25 03:00:00",
    ]),
    [
      "2026-03-29T00:59:59.999Z",
      "2026-03-29T01:00:00.000Z",
      "2026-10-24T23:59:59.000Z",
      "2026-10-25T02:00:00.000Z",
    ],
  );
});

Deno.test("parseBackupDate() reads back formatTimestamp() for 1000 ms values and 5000 instants", () => {
  const base = Date.UTC(2026, 10, 24, 13, 5, 9);
  for (let ms = 0; ms < 1000; ms++) {
    const date = new Date(base + ms);
    assert.equal(parseBackupDate(formatTimestamp(date))?.getTime(), date.getTime());
  }
  const random = seededRandom(1124);
  const from = Date.UTC(1973, 0, 1), to = Date.UTC(2100, 0, 1);
  for (let i = 0; i < 5000; i++) {
    const date = new Date(from + Math.floor(random() * (to - from)));
    assert.equal(parseBackupDate(formatTimestamp(date))?.getTime(), date.getTime());
  }
});

Deno.test("parseArchiveStamp() reads a stamp as local time", async () => {
  const stamps = ["2026-11-24_14-05-09", "2028-02-29_00-00-00"];
  assert.deepEqual(await parseIn("UTC", "parseArchiveStamp", stamps), [
    "2026-11-24T14:05:09.000Z",
    "2028-02-29T00:00:00.000Z",
  ]);
  assert.deepEqual(await parseIn("Asia/Kolkata", "parseArchiveStamp", stamps), [
    "2026-11-24T08:35:09.000Z",
    "2028-02-28T18:30:00.000Z",
  ]);
  assert.deepEqual(await parseIn("America/St_Johns", "parseArchiveStamp", stamps), [
    "2026-11-24T17:35:09.000Z",
    "2028-02-29T03:30:00.000Z",
  ]);
});

const BAD_STAMPS = [
  "",
  "2026-11-24T14:05:09",
  "2026-11-24_14-05-09.txt",
  "2026-11-24_14-05",
  "2026-02-29_00-00-00",
  "2026-13-24_14-05-09",
  "2026-11-24_24-00-00",
  "2026-11-24_14-60-00",
  " 2026-11-24_14-05-09",
];

for (const stamp of BAD_STAMPS) {
  Deno.test(`parseArchiveStamp() returns null for ${JSON.stringify(stamp)}`, () => {
    assert.equal(parseArchiveStamp(stamp), null);
  });
}
