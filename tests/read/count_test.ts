/** countLogs and its buckets: calendar and epoch alignment, zeros, DST days, bad options. */
import assert from "node:assert/strict";
import { countLogs } from "../../lib/read/count.ts";
import { bucketIndex, bucketStarts } from "../../lib/read/buckets.ts";
import { repoPath, runScript, tempRoot } from "../helpers.ts";
import { lineSeries, writeArchive, writeLive } from "./read_helpers.ts";

Deno.test("bucketStarts: calendar units align to local time, numbers to the epoch", () => {
  const since = new Date(2026, 10, 24, 9, 17, 30).getTime();
  const until = new Date(2026, 10, 24, 11, 0).getTime();
  assert.deepEqual(bucketStarts(since, until, "hour"), [
    new Date(2026, 10, 24, 9).getTime(),
    new Date(2026, 10, 24, 10).getTime(),
  ]);
  assert.equal(bucketStarts(since, until, "minute").length, 103);
  assert.deepEqual(bucketStarts(since, until, "day"), [new Date(2026, 10, 24).getTime()]);
  assert.deepEqual(bucketStarts(1_000, 10_000, 4_000), [0, 4_000, 8_000]);
  assert.deepEqual(bucketStarts(5, 5, "hour"), []);
  assert.throws(() => bucketStarts(0, 1e12, "minute"), {
    name: "RangeError",
    message: /^Too many buckets/,
  });
  assert.throws(() => bucketStarts(0, 1, "week" as "day"), {
    name: "RangeError",
    message: /^Invalid bucket width "week"/,
  });
  assert.throws(() => bucketStarts(0, 1, 0), {
    name: "RangeError",
    message: /^Invalid bucket width 0/,
  });
  const starts = [0, 10, 20];
  assert.deepEqual([-1, 0, 9, 10, 25, 30].map((t) => bucketIndex(starts, 30, t)), [
    -1,
    0,
    0,
    1,
    2,
    -1,
  ]);
});

Deno.test("bucketStarts: a local day across a DST change is 23 or 25 hours", async () => {
  await using tmp = await tempRoot();
  const script = `
    import { bucketStarts } from ${JSON.stringify(repoPath("lib/read/buckets.ts"))};
    const days = bucketStarts(Date.UTC(2026, 2, 28, 12), Date.UTC(2026, 9, 28, 12), "day");
    const hours = (i) => (days[i + 1] - days[i]) / 3_600_000;
    const spring = days.findIndex((d) => d === Date.UTC(2026, 2, 28, 23));
    const autumn = days.findIndex((d) => d === Date.UTC(2026, 9, 24, 22));
    console.log(JSON.stringify([hours(spring), hours(spring + 1), hours(autumn), hours(autumn + 1)]));
  `;
  const result = await runScript(script, tmp.root, { env: { TZ: "Europe/Paris" } });
  assert.equal(result.stderr, "");
  assert.deepEqual(JSON.parse(result.stdout), [23, 24, 25, 24]);
});

Deno.test("countLogs: every bucket from since to until, zeros included, per category", async () => {
  await using tmp = await tempRoot();
  const root = tmp.root;
  const t0 = new Date(2026, 10, 24, 9, 0);
  await writeArchive(
    root,
    "login",
    new Date(2026, 10, 24, 9, 30),
    lineSeries("a", 3, t0, 600_000),
    { gzip: true },
  );
  await writeLive(root, "login", lineSeries("b", 2, new Date(2026, 10, 24, 11, 15), 60_000));
  await writeLive(root, "server", lineSeries("s", 4, new Date(2026, 10, 24, 9, 5), 1_200_000));
  const counts = await countLogs({
    root,
    every: "hour",
    since: new Date(2026, 10, 24, 8, 30),
    until: new Date(2026, 10, 24, 12),
  });
  assert.equal(counts.every, 3_600_000);
  assert.deepEqual(
    counts.buckets.map((b) => [b.start.getHours(), b.total, b.counts]),
    [
      [8, 0, { console: 0, login: 0, server: 0, users: 0 }],
      [9, 6, { console: 0, login: 3, server: 3, users: 0 }],
      [10, 1, { console: 0, login: 0, server: 1, users: 0 }],
      [11, 2, { console: 0, login: 2, server: 0, users: 0 }],
    ],
  );
  const filtered = await countLogs({
    root,
    every: 1_800_000,
    contains: "b",
    since: t0,
    until: new Date(2026, 10, 24, 12),
    categories: ["login"],
  });
  assert.deepEqual(filtered.buckets.map((b) => b.counts.login), [0, 0, 0, 0, 2, 0]);
});

Deno.test("countLogs: since and until are required", async () => {
  for (
    const options of [{ every: "hour" }, { every: "hour", since: new Date() }, {
      every: "hour",
      until: new Date(),
    }]
  ) {
    await assert.rejects(
      countLogs(options as Parameters<typeof countLogs>[0]),
      { name: "TypeError", message: "Missing since or until: countLogs needs both, as Dates" },
    );
  }
});
