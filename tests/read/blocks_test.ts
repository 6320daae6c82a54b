/** Block reads against a naive reader: long lines, block edges, bisecting on time, gzip. */
import assert from "node:assert/strict";
import { readLogs } from "../../lib/read/query.ts";
import { parseLogLine } from "../../lib/format/line.ts";
import { seededRandom, tempRoot } from "../helpers.ts";
import { gzip, type Line, linesText } from "./read_helpers.ts";

const T0 = Date.UTC(2026, 10, 1);

// About 3 MiB: mostly short lines, some longer than a block, a needle now and then.
function generate(random: () => number): Line[] {
  const lines: Line[] = [];
  let time = T0;
  for (let size = 0; size < 3 << 20;) {
    time += Math.floor(random() * 2000);
    const long = random() < 0.002 ? "x".repeat(70_000 + Math.floor(random() * 100_000)) : "";
    const entry = `req ${lines.length} ${random() < 0.01 ? "needle" : "hay"}${
      random() < 0.01 ? "\n" : ""
    } ${long}`;
    lines.push([new Date(time), entry]);
    size += entry.length + 33;
  }
  return lines;
}

function naive(text: string, keep: (time: number, entry: string) => boolean): string[] {
  return text.split("\n").slice(0, -1).map((line) => parseLogLine(line)!)
    .filter((p) => keep(p.time.getTime(), p.entry)).map((p) => p.entry);
}

Deno.test("readLogs: block reads match a naive reader, forward and backward, plain and gzip", async () => {
  await using tmp = await tempRoot();
  const root = tmp.root;
  const lines = generate(seededRandom(5));
  const text = linesText(lines);
  await Deno.writeTextFile(`${root}/server_logs.txt`, text);
  await Deno.mkdir(`${root}/gz/backup_logs`, { recursive: true });
  await Deno.writeFile(
    `${root}/gz/backup_logs/server_logs_2030-01-01_00-00-00.txt.gz`,
    await gzip(new TextEncoder().encode(text)),
  );
  const span = lines.at(-1)![0].getTime() - T0;
  const since = new Date(T0 + span * 0.4), until = new Date(T0 + span * 0.6);
  const cases: [string, object, (t: number, e: string) => boolean][] = [
    ["all", {}, () => true],
    ["contains", { contains: "needle" }, (_t, e) => e.includes("needle")],
    ["escaped", { contains: "needle\n" }, (_t, e) => e.includes("needle\n")],
    ["range", { since, until }, (t) => t >= since.getTime() && t < until.getTime()],
    [
      "range and text",
      { since, until, contains: "needle" },
      (t, e) => t >= since.getTime() && t < until.getTime() && e.includes("needle"),
    ],
  ];
  for (const [name, filter, keep] of cases) {
    const expected = naive(text, keep);
    assert.ok(expected.length > 0, name);
    for (const folder of [root, `${root}/gz`]) {
      const oldest = await Array.fromAsync(readLogs({ root: folder, order: "oldest", ...filter }));
      assert.deepEqual(oldest.map((r) => r.entry), expected, `${name} oldest ${folder}`);
      const newest = await Array.fromAsync(readLogs({ root: folder, ...filter }));
      assert.deepEqual(
        newest.map((r) => r.entry),
        expected.toReversed(),
        `${name} newest ${folder}`,
      );
    }
  }
  const last = await Array.fromAsync(readLogs({ root: `${root}/gz`, limit: 5 }));
  assert.deepEqual(last.map((r) => r.entry), naive(text, () => true).slice(-5).reverse());
});
