/** parseLogLine and the byte-level LineClock: tables, and round trips through formatLine. */
import assert from "node:assert/strict";
import { LineClock, parseLogLine } from "../../lib/format/line.ts";
import { formatLine } from "../../lib/write/log.ts";
import { seededRandom } from "../helpers.ts";

const local = (...fields: [number, number, number, number, number, number, number?]) =>
  new Date(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5], fields[6] ?? 0);

Deno.test("parseLogLine: reads our lines, Python's older lines, and nothing else", () => {
  const table: [string, [string, string] | null][] = [
    ["2026-11-24T14:05:09.042+01:00 - boot", ["2026-11-24T13:05:09.042Z", "boot"]],
    ["2026-11-24T14:05:09.042-05:30 - a - b", ["2026-11-24T19:35:09.042Z", "a - b"]],
    ["2026-11-24T14:05:09Z - x", ["2026-11-24T14:05:09.000Z", "x"]],
    ["2026-11-24T14:05:09.042+00:00 - ", ["2026-11-24T14:05:09.042Z", ""]],
    ["2026-11-24T14:05:09.042+01:00 - a\\nb\\\\c\\u0007", [
      "2026-11-24T13:05:09.042Z",
      "a\nb\\c\u0007",
    ]],
    ["2026-11-24T14:05:09.042+01:00 - bad \\q escape", null],
    ["2026-11-24T14:05:09.042+01:00 - torn \\u00", null],
    ["2026-11-24T14:05:09.042+01:00", null],
    ["2026-11-24T14:05:09.042+01:00-x", null],
    ["2026-11-24T14:05:09.042 - no offset with T", null],
    ["2026-13-24T14:05:09.042+01:00 - month 13", null],
    ["2026-02-30T14:05:09.042+01:00 - Feb 30", null],
    ["2026-11-24T14:05:09.042+24:00 - offset 24h", null],
    ["", null],
    ["hello - world", null],
    ["2026-11-24 14:05", null],
  ];
  for (const [line, expected] of table) {
    const parsed = parseLogLine(line);
    assert.deepEqual(
      parsed && [parsed.time.toISOString(), parsed.entry],
      expected,
      `line ${JSON.stringify(line)}`,
    );
  }
});

Deno.test("parseLogLine: Python lines are local time and keep the entry as written", () => {
  const table: [string, Date, string][] = [
    ["2026-11-24 14:05:09 - user a\\b", local(2026, 11, 24, 14, 5, 9), "user a\\b"],
    ["2026-11-24 14:05:09.123456 - x", local(2026, 11, 24, 14, 5, 9, 123), "x"],
    ["2026-11-24 14:05:09.5 - x", local(2026, 11, 24, 14, 5, 9, 500), "x"],
  ];
  for (const [line, time, entry] of table) {
    assert.deepEqual(parseLogLine(line), { time, entry }, line);
  }
  assert.equal(parseLogLine("2026-11-24 14:05:09.1234567 - seven digits"), null);
});

Deno.test("parseLogLine: never throws, whatever the input", () => {
  const random = seededRandom(7);
  const alphabet = "0123456789-T:.+ Z\\nu\u0000é";
  for (let i = 0; i < 2000; i++) {
    let text = "2026-11-24T14:05:09.042+01:00 - ".slice(0, Math.floor(random() * 40));
    for (let j = 0; j < 12; j++) text += alphabet[Math.floor(random() * alphabet.length)];
    parseLogLine(text);
  }
  assert.equal(parseLogLine(null as unknown as string), null);
});

Deno.test("parseLogLine and LineClock read back every line formatLine writes", () => {
  const random = seededRandom(42);
  const clock = new LineClock();
  const encoder = new TextEncoder();
  for (let i = 0; i < 500; i++) {
    const time = new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 8e10));
    const entry = String.fromCharCode(
      ...Array.from({ length: 8 }, () => Math.floor(random() * 200)),
    );
    const line = formatLine(time, entry).replace(/\n$/, "");
    assert.deepEqual(parseLogLine(line), { time, entry });
    const bytes = encoder.encode(line);
    assert.equal(clock.timeOf(bytes, 0, bytes.length), time.getTime());
  }
});

Deno.test("LineClock: lines not in the exact format give NaN", () => {
  const clock = new LineClock();
  for (
    const line of [
      "2026-11-24 14:05:09 - x",
      "2026-11-24T14:05:09Z - x",
      "short",
      "2026-11-24T14:05:09.04x+01:00 - x",
    ]
  ) {
    const bytes = new TextEncoder().encode(line);
    assert.ok(Number.isNaN(clock.timeOf(bytes, 0, bytes.length)), line);
  }
});
