/**
 * Formatting instants as local time. Every local-time check runs in a subprocess with `TZ` set,
 * so these tests pass whatever the time zone of the test process.
 */
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { formatTimestamp } from "../../lib/format/time.ts";
import { repoPath, runScript, tempRoot } from "../helpers.ts";

const TIME_URL = pathToFileURL(repoPath("lib/format/time.ts")).href;

/** Evaluates `expression` (with `lib/time.ts` imported as `t`) in a process whose zone is `tz`. */
async function evalIn(tz: string, expression: string): Promise<unknown> {
  const code = `import * as t from ${JSON.stringify(TIME_URL)};
console.log(JSON.stringify(${expression}));`;
  await using tmp = await tempRoot();
  const { code: exit, stdout, stderr } = await runScript(code, tmp.root, { env: { TZ: tz } });
  assert.equal(exit, 0, stderr);
  return JSON.parse(stdout);
}

/** Formats each ISO instant with `fn`, in order, in one process whose zone is `tz`. */
function formatIn(
  tz: string,
  fn: "formatTimestamp" | "formatArchiveStamp",
  instants: string[],
): Promise<unknown> {
  return evalIn(tz, `${JSON.stringify(instants)}.map((s) => t.${fn}(new Date(s)))`);
}

Deno.test("formatTimestamp() writes UTC as +00:00 with milliseconds", async () => {
  assert.deepEqual(
    await formatIn("UTC", "formatTimestamp", [
      "2026-11-24T13:05:09.042Z",
      "2026-01-01T00:00:00.000Z",
      "1969-12-31T23:59:59.999Z",
      "0999-01-01T00:00:00.000Z",
    ]),
    [
      "2026-11-24T13:05:09.042+00:00",
      "2026-01-01T00:00:00.000+00:00",
      "1969-12-31T23:59:59.999+00:00",
      "0999-01-01T00:00:00.000+00:00",
    ],
  );
});

Deno.test("formatTimestamp() writes Asia/Kolkata as +05:30", async () => {
  assert.deepEqual(
    await formatIn("Asia/Kolkata", "formatTimestamp", [
      "2026-11-24T13:05:09.042Z",
      "2026-11-24T18:30:00.000Z",
    ]),
    ["2026-11-24T18:35:09.042+05:30", "2026-11-25T00:00:00.000+05:30"],
  );
});

Deno.test("formatTimestamp() writes America/St_Johns as -03:30, and -02:30 in summer", async () => {
  assert.deepEqual(
    await formatIn("America/St_Johns", "formatTimestamp", [
      "2026-11-24T13:05:09.042Z",
      "2026-07-01T12:00:00.000Z",
    ]),
    ["2026-11-24T09:35:09.042-03:30", "2026-07-01T09:30:00.000-02:30"],
  );
});

Deno.test("formatTimestamp() follows Europe/Berlin into summer time on 2026-03-29", async () => {
  assert.deepEqual(
    await formatIn("Europe/Berlin", "formatTimestamp", [
      "2026-03-29T00:59:59.999Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T01:59:59.999Z",
      "2026-03-29T02:00:00.000Z",
    ]),
    [
      "2026-03-29T01:59:59.999+01:00",
      "2026-03-29T03:00:00.000+02:00",
      "2026-03-29T03:59:59.999+02:00",
      "2026-03-29T04:00:00.000+02:00",
    ],
  );
});

Deno.test("formatTimestamp() follows Europe/Berlin back to winter time on 2026-10-25", async () => {
  assert.deepEqual(
    await formatIn("Europe/Berlin", "formatTimestamp", [
      "2026-10-25T00:00:00.000Z",
      "2026-10-25T00:59:59.999Z",
      "2026-10-25T01:00:00.000Z",
      "2026-10-25T01:59:59.999Z",
    ]),
    [
      "2026-10-25T02:00:00.000+02:00",
      "2026-10-25T02:59:59.999+02:00",
      "2026-10-25T02:00:00.000+01:00",
      "2026-10-25T02:59:59.999+01:00",
    ],
  );
});

Deno.test("formatTimestamp() stays exact when its per-second cache changes second and back", async () => {
  assert.deepEqual(
    await formatIn("UTC", "formatTimestamp", [
      "2026-11-24T13:05:09.042Z",
      "2026-11-24T13:05:09.999Z",
      "2026-11-24T13:05:09.000Z",
      "2026-11-24T13:05:10.001Z",
      "2026-11-24T13:05:09.500Z",
      "2026-11-24T13:05:09.500Z",
      "2026-11-24T14:05:09.500Z",
    ]),
    [
      "2026-11-24T13:05:09.042+00:00",
      "2026-11-24T13:05:09.999+00:00",
      "2026-11-24T13:05:09.000+00:00",
      "2026-11-24T13:05:10.001+00:00",
      "2026-11-24T13:05:09.500+00:00",
      "2026-11-24T13:05:09.500+00:00",
      "2026-11-24T14:05:09.500+00:00",
    ],
  );
});

Deno.test("formatTimestamp() stays exact when its cache crosses a daylight saving change", async () => {
  assert.deepEqual(
    await formatIn("Europe/Berlin", "formatTimestamp", [
      "2026-10-25T00:59:59.001Z",
      "2026-10-25T00:59:59.999Z",
      "2026-10-25T01:00:00.000Z",
      "2026-10-25T00:59:59.500Z",
      "2026-10-25T01:00:00.999Z",
    ]),
    [
      "2026-10-25T02:59:59.001+02:00",
      "2026-10-25T02:59:59.999+02:00",
      "2026-10-25T02:00:00.000+01:00",
      "2026-10-25T02:59:59.500+02:00",
      "2026-10-25T02:00:00.999+01:00",
    ],
  );
});

Deno.test("formatTimestamp() throws RangeError for an invalid Date", () => {
  assert.throws(() => formatTimestamp(new Date(NaN)), {
    name: "RangeError",
    message: /^Cannot format timestamp: the clock returned an invalid Date/,
  });
});

Deno.test("formatArchiveStamp() writes local time as YYYY-MM-DD_HH-MM-SS", async () => {
  const instants = ["2026-11-24T13:05:09.999Z", "2026-01-02T03:04:05.000Z"];
  assert.deepEqual(await formatIn("UTC", "formatArchiveStamp", instants), [
    "2026-11-24_13-05-09",
    "2026-01-02_03-04-05",
  ]);
  assert.deepEqual(await formatIn("Asia/Kolkata", "formatArchiveStamp", instants), [
    "2026-11-24_18-35-09",
    "2026-01-02_08-34-05",
  ]);
  assert.deepEqual(await formatIn("America/St_Johns", "formatArchiveStamp", instants), [
    "2026-11-24_09-35-09",
    "2026-01-01_23-34-05",
  ]);
});

/** Every minute-and-a-bit across both 2026 changes, formatted then parsed back in `tz`. */
const ROUND_TRIP = `(() => {
  const bad = [];
  for (const day of ["2026-03-29T00:00:00Z", "2026-10-25T00:00:00Z", "2026-04-05T00:00:00Z",
    "2026-11-01T00:00:00Z"]) {
    const start = Date.parse(day) - 86_400_000;
    for (let ms = start; ms < start + 2 * 86_400_000; ms += 60_007) {
      const text = t.formatTimestamp(new Date(ms));
      if (t.parseBackupDate(text)?.getTime() !== ms) bad.push(text);
    }
  }
  return bad;
})()`;

for (const tz of ["UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Berlin"]) {
  Deno.test(`parseBackupDate() reads back formatTimestamp() across DST changes in ${tz}`, async () => {
    assert.deepEqual(await evalIn(tz, ROUND_TRIP), []);
  });
}

Deno.test("parseBackupDate() reads back formatTimestamp() where the offset has seconds", async () => {
  // Africa/Monrovia was UTC-00:44:30 until 1972, which RFC 3339 cannot write.
  assert.deepEqual(
    await evalIn(
      "Africa/Monrovia",
      `["1960-01-01T00:00:00.000Z", "1971-06-01T12:00:00.000Z"].map((s) =>
        t.parseBackupDate(t.formatTimestamp(new Date(s)))?.toISOString())`,
    ),
    ["1960-01-01T00:00:00.000Z", "1971-06-01T12:00:00.000Z"],
  );
});
