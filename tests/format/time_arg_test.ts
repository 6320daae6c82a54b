/** parseTimeArg: every accepted form, the rejected ones, and real time zones in subprocesses. */
import assert from "node:assert/strict";
import { parseTimeArg } from "../../lib/format/time_arg.ts";
import { repoPath, runScript, tempRoot } from "../helpers.ts";

const NOW = new Date(2026, 10, 24, 14, 5, 9, 42); // local

Deno.test("parseTimeArg: absolute, calendar and relative forms", () => {
  const table: [string, Date][] = [
    ["2026-11-24T14:05:09+01:00", new Date("2026-11-24T13:05:09Z")],
    ["2026-11-24T14:05:09.5Z", new Date("2026-11-24T14:05:09.500Z")],
    ["2026-11-24t14:05:09z", new Date("2026-11-24T14:05:09Z")],
    ["2026-11-24 14:05:09-03:00", new Date("2026-11-24T17:05:09Z")],
    ["2026-11-20", new Date(2026, 10, 20)],
    ["2026-11-20 08:30", new Date(2026, 10, 20, 8, 30)],
    ["2026-11-20T08:30", new Date(2026, 10, 20, 8, 30)],
    ["2026-11-20 08:30:15", new Date(2026, 10, 20, 8, 30, 15)],
    ["now", NOW],
    [" now ", NOW],
    ["today", new Date(2026, 10, 24)],
    ["yesterday", new Date(2026, 10, 23)],
    ["-90s", new Date(NOW.getTime() - 90_000)],
    ["-15m", new Date(NOW.getTime() - 900_000)],
    ["-2h", new Date(NOW.getTime() - 7_200_000)],
    ["-7d", new Date(NOW.getTime() - 7 * 86_400_000)],
    ["-0s", NOW],
  ];
  for (const [text, expected] of table) {
    assert.equal(parseTimeArg(text, NOW).getTime(), expected.getTime(), text);
  }
});

Deno.test("parseTimeArg: anything else is a RangeError listing the accepted forms", () => {
  for (
    const text of [
      "",
      "soon",
      "2h",
      "+2h",
      "-2w",
      "-1.5h",
      "2026-11-31",
      "2026-11-24 25:00",
      "2026-11-24T14:05:09+25:00",
      "1732456789",
    ]
  ) {
    assert.throws(() => parseTimeArg(text, NOW), (error: Error) => {
      assert.ok(error instanceof RangeError, text);
      assert.equal(
        error.message,
        `Invalid time ${
          JSON.stringify(text)
        }: use RFC 3339 ("2026-11-24T14:05:09+01:00"), "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" (local time), "now", "today", "yesterday", or a relative time ("-90s", "-15m", "-2h", "-7d")`,
      );
      return true;
    });
  }
});

Deno.test("parseTimeArg: local forms follow the process's time zone, across a DST change", async () => {
  const script = `
    import { parseTimeArg } from ${JSON.stringify(repoPath("lib/format/time_arg.ts"))};
    const now = new Date("2026-03-30T10:00:00Z"); // Monday; Europe/Paris went to +02:00 on Sunday
    console.log(JSON.stringify(["2026-03-29", "2026-03-29 12:00", "today", "yesterday"].map((t) => parseTimeArg(t, now).toISOString())));
  `;
  await using tmp = await tempRoot();
  const result = await runScript(script, tmp.root, { env: { TZ: "Europe/Paris" } });
  assert.equal(result.stderr, "");
  assert.deepEqual(JSON.parse(result.stdout), [
    "2026-03-28T23:00:00.000Z",
    "2026-03-29T10:00:00.000Z",
    "2026-03-29T22:00:00.000Z",
    "2026-03-28T23:00:00.000Z",
  ]);
});
