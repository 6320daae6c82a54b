/**
 * Write throughput of `logEvent` against in-project baselines, in one process, interleaved over
 * rounds (the order rotates each round). Every way writes `--events` lines (default 200,000) of
 * the same entry to a fresh file in a temp folder; the line count and size are checked after each
 * run (a run that loses lines throws), and the folder is removed at the end.
 *
 *   sequential     `for (…) await logEvent(path, entry)`: one write per event
 *   burst          1,000 `logEvent` calls at once, `await Promise.all`, repeated
 *   writeTextFile  `await Deno.writeTextFile(path, line, { append: true })` per event (1/10 events)
 *   writeSync      one open file, `formatLine` + encode + `writeSync` per event
 *   buffer64k      `formatLine` + `encodeInto` a 64 KiB buffer, one `writeSync` per full buffer
 *
 * It prints the median events/s of each way and, for each project mode and baseline, the median
 * of the ratios measured in the same round.
 *
 * Memory: Deno wants --allow-all to read /proc/self/status (VmHWM), so this samples
 * `Deno.memoryUsage().rss` every 1,000 events. The column is the process's RSS while that way
 * ran, which includes what earlier ways left on the heap: an upper bound, not the way's own
 * footprint. bench/peers/side_by_side.sh runs each mode in its own process and reads its peak.
 *
 * Run: deno task bench [--rounds 5] [--events 200000]
 * One way, one JSON line: deno run -R -W bench/write.ts --only sequential [--events N]
 */
import { parseArgs } from "node:util";
import { formatLine, logEvent } from "../mod.ts";

const ENTRY = "user 12345 logged in from 10.0.0.1 session abcdef";
const BURST = 1000;
const SAMPLE_EVERY = 1000;
const MIB = 1 << 20;
const encoder = new TextEncoder();
const LINE_BYTES = encoder.encode(formatLine(new Date(), ENTRY)).length;

let peakRss = 0;
function sample(i: number): void {
  if (i % SAMPLE_EVERY === 0) peakRss = Math.max(peakRss, Deno.memoryUsage().rss);
}

function writeAll(file: Deno.FsFile, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += file.writeSync(bytes.subarray(done));
}

const openAppend = (path: string) => Deno.openSync(path, { append: true, create: true });

async function sequential(path: string, events: number): Promise<void> {
  for (let i = 0; i < events; i++) {
    sample(i);
    await logEvent(path, ENTRY);
  }
}

async function burst(path: string, events: number): Promise<void> {
  for (let done = 0; done < events; done += BURST) {
    sample(done);
    const calls: Promise<void>[] = [];
    const end = Math.min(done + BURST, events);
    for (let i = done; i < end; i++) calls.push(logEvent(path, ENTRY));
    await Promise.all(calls);
  }
}

async function writeTextFile(path: string, events: number): Promise<void> {
  for (let i = 0; i < events; i++) {
    sample(i);
    await Deno.writeTextFile(path, formatLine(new Date(), ENTRY), { append: true });
  }
}

function writeSync(path: string, events: number): void {
  using file = openAppend(path);
  for (let i = 0; i < events; i++) {
    sample(i);
    writeAll(file, encoder.encode(formatLine(new Date(), ENTRY)));
  }
}

function buffer64k(path: string, events: number): void {
  using file = openAppend(path);
  const buffer = new Uint8Array(1 << 16);
  let used = 0;
  for (let i = 0; i < events; i++) {
    sample(i);
    const line = formatLine(new Date(), ENTRY);
    let done = encoder.encodeInto(line, buffer.subarray(used));
    if (done.read < line.length) { // full: write it, start again at the front
      writeAll(file, buffer.subarray(0, used));
      used = 0;
      done = encoder.encodeInto(line, buffer);
    }
    used += done.written;
  }
  writeAll(file, buffer.subarray(0, used));
}

type Way = (path: string, events: number) => Promise<void> | void;
const WAYS: Record<string, Way> = { sequential, burst, writeTextFile, writeSync, buffer64k };
/** The share of `--events` a way writes: per-event writeTextFile is slow. */
const SHARE: Record<string, number> = { writeTextFile: 0.1 };

async function checkLines(path: string, events: number): Promise<void> {
  using file = await Deno.open(path);
  const buffer = new Uint8Array(1 << 16);
  let lines = 0, bytes = 0;
  for (let n = await file.read(buffer); n !== null; n = await file.read(buffer)) {
    bytes += n;
    for (let i = 0; i < n; i++) if (buffer[i] === 10) lines++;
  }
  if (lines !== events || bytes !== events * LINE_BYTES) {
    throw new Error(
      `Lost lines in "${path}": found ${lines} lines and ${bytes} bytes, expected ${events} and ${
        events * LINE_BYTES
      }`,
    );
  }
}

interface Result {
  events: number;
  eventsPerS: number;
  rssMiB: number;
}

async function measure(name: string, path: string, events: number): Promise<Result> {
  const n = Math.max(1, Math.round(events * (SHARE[name] ?? 1)));
  peakRss = Deno.memoryUsage().rss;
  const start = performance.now();
  await WAYS[name]!(path, n);
  const seconds = (performance.now() - start) / 1000;
  const rssMiB = Math.max(peakRss, Deno.memoryUsage().rss) / MIB;
  await checkLines(path, n);
  await Deno.remove(path);
  return { events: n, eventsPerS: n / seconds, rssMiB };
}

function median(values: number[]): number {
  const s = values.toSorted((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function report(results: Record<string, Result[]>, rounds: number): void {
  console.log(`\n${rounds} rounds, line ${LINE_BYTES} bytes, medians over rounds\n`);
  console.log("| way | events | median events/s | min | max | RSS while running, MiB (sampled) |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const [name, rs] of Object.entries(results)) {
    const rates = rs.map((r) => r.eventsPerS);
    const rss = Math.max(...rs.map((r) => r.rssMiB));
    console.log(
      `| ${name} | ${fmt(rs[0]!.events)} | ${fmt(median(rates))} | ${fmt(Math.min(...rates))} | ${
        fmt(Math.max(...rates))
      } | ${fmt(rss)} |`,
    );
  }
  console.log("\n| ratio (same round) | median | min | max |\n| --- | ---: | ---: | ---: |");
  for (const mode of ["sequential", "burst"]) {
    for (const base of ["writeTextFile", "writeSync", "buffer64k"]) {
      const ratios = results[mode]!.map((r, i) => r.eventsPerS / results[base]![i]!.eventsPerS);
      console.log(
        `| ${mode} / ${base} | ${fmt(median(ratios), 2)} | ${fmt(Math.min(...ratios), 2)} | ${
          fmt(Math.max(...ratios), 2)
        } |`,
      );
    }
  }
  console.log("\nRSS is the whole process's, leftovers of earlier ways included: an upper bound.");
  console.log("Peak per mode in its own process, and pino/Python: bench/peers/side_by_side.sh");
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      rounds: { type: "string", default: "5" },
      events: { type: "string", default: "200000" },
      only: { type: "string" },
    },
  });
  const rounds = Number(values.rounds), events = Number(values.events);
  if (!(rounds >= 1 && events >= BURST) || (values.only && !(values.only in WAYS))) {
    console.error(`Usage: write.ts [--rounds N] [--events N>=1000] [--only ${Object.keys(WAYS)}]`);
    return 2;
  }
  const dir = await Deno.makeTempDir({ prefix: "panel-bench-" });
  try {
    if (values.only) {
      const r = await measure(values.only, `${dir}/${values.only}.log`, events);
      console.log(JSON.stringify({
        way: values.only,
        events: r.events,
        events_per_s: Math.round(r.eventsPerS),
        peak_rss_mib: Math.round(r.rssMiB),
      }));
      return 0;
    }
    const names = Object.keys(WAYS);
    const results: Record<string, Result[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + round) % names.length]!;
        const r = await measure(name, `${dir}/${name}-${round}.log`, events);
        results[name]!.push(r);
        console.error(`round ${round + 1}/${rounds} ${name}: ${fmt(r.eventsPerS)} events/s`);
      }
    }
    report(results, rounds);
    return 0;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
