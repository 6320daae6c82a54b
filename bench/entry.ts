/**
 * The cost of one oversized entry: `logEvent` with a 10 MB entry (cut to `maxEntryLength`, the
 * default 65,536) against a 65,536-character entry and, for scale, the same 10 MB entry with
 * `maxEntryLength: Infinity`, interleaved over rounds, each way to its own file in a temp folder.
 * Prints the median milliseconds per call of each.
 *
 * Run: deno run -R -W bench/entry.ts [--rounds 21]
 */
import { parseArgs } from "node:util";
import { logEvent } from "../mod.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { rounds: { type: "string", default: "21" } },
});
const rounds = Number(values.rounds);
const HUGE = "\n".repeat(10_000_000);
const WAYS: Record<string, () => [string, { maxEntryLength?: number }]> = {
  "10 MB entry, cut (default)": () => [HUGE, {}],
  "65,536-char entry, whole": () => ["\n".repeat(65_536), {}],
  "10 MB entry, maxEntryLength Infinity": () => [HUGE, { maxEntryLength: Infinity }],
};

const dir = await Deno.makeTempDir({ prefix: "panel-bench-entry-" });
const times: Record<string, number[]> = Object.fromEntries(Object.keys(WAYS).map((k) => [k, []]));
try {
  for (let round = 0; round < rounds; round++) {
    for (const [name, make] of Object.entries(WAYS)) {
      const [entry, options] = make();
      const path = `${dir}/${name.length}.log`; // one file per way, kept open by the writer
      const start = performance.now();
      await logEvent(path, entry, options);
      times[name]!.push(performance.now() - start);
    }
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[xs.length >> 1]!;
console.log(`| entry (${rounds} rounds) | median ms per call |\n| --- | ---: |`);
for (const [name, xs] of Object.entries(times)) {
  console.log(`| ${name} | ${median(xs).toFixed(2)} |`);
}
