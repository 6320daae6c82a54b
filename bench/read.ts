/**
 * Read-side benchmark: `readLogs`, `countLogs` and `followLogs` on a generated 1 GiB log of
 * realistic lines (30 days, in a temporary folder, removed at the end), side by side with what a
 * user would pick instead (`grep -F -c`, `gzip -dc | grep -F -c`, `grep -c ''`), measured in the
 * same run, medians of `--rounds` runs (default 3), ours and the baseline alternating.
 *
 * Each case of ours runs in its own process (bench/read_cases.ts), which reports its time, the
 * bytes it read (`rchar` of /proc/<pid>/io, page cache included) and its peak RSS (`VmHWM`).
 * The page cache is warmed before the timed runs.
 *
 * Run: deno task bench:read [--rounds 3] [--mib 1024]
 */
import { parseArgs } from "node:util";
import { formatArchiveStamp, formatTimestamp } from "../mod.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { rounds: { type: "string", default: "3" }, mib: { type: "string", default: "1024" } },
});
const ROUNDS = Number(values.rounds);
const SIZE = Number(values.mib) * (1 << 20);
const WORD = "zebra";
const DAY = 86_400_000;
const END = new Date(2026, 10, 24, 12).getTime();

function entry(i: number): string {
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const session = ((i * 2654435761) >>> 0).toString(16);
  if (i % 100_003 === 0) return `user u${i % 5000} flagged ${WORD} rule ${i % 97} from ${ip}`;
  switch (i % 4) {
    case 0:
      return `user u${i % 5000} logged in from ${ip} session ${session}`;
    case 1:
      return `GET /api/v1/items/${i % 100_000} 200 ${i % 997}ms ua="Mozilla/5.0" ip=${ip}`;
    case 2:
      return `worker ${i % 16} finished job ${session} in ${i % 5000} ms, queue ${i % 300}`;
    default:
      return `user u${i % 5000} exported report ${i % 1200} as csv (${i % 90_000} rows)`;
  }
}

// The line's timestamp: formatTimestamp once per second, the milliseconds spliced in.
let second = NaN, head = "", tail = "";
function stamp(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s !== second) {
    const text = formatTimestamp(new Date(s * 1000));
    [second, head, tail] = [s, text.slice(0, 20), text.slice(23)];
  }
  return head + String(Math.floor(ms) % 1000).padStart(3, "0") + tail;
}

async function generate(path: string): Promise<number> {
  const lines = Math.ceil(SIZE / 92);
  const step = (30 * DAY) / lines;
  await using file = await Deno.open(path, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  let written = 0, chunk = "";
  for (let i = 0; written + chunk.length < SIZE; i++) {
    chunk += `${stamp(END - 30 * DAY + i * step)} - ${entry(i)}\n`;
    if (chunk.length > 4 << 20) {
      const bytes = encoder.encode(chunk);
      for (let done = 0; done < bytes.length;) done += await file.write(bytes.subarray(done));
      written += bytes.length;
      chunk = "";
    }
  }
  await file.write(encoder.encode(chunk));
  return (await file.stat()).size;
}

async function sh(script: string): Promise<{ ms: number; out: string }> {
  const start = performance.now();
  const { stdout, success, stderr } = await new Deno.Command("sh", { args: ["-c", script] })
    .output();
  const ms = performance.now() - start;
  if (!success) throw new Error(`${script}: ${new TextDecoder().decode(stderr)}`);
  return { ms, out: new TextDecoder().decode(stdout).trim() };
}

interface CaseResult {
  ms: number;
  count: number;
  readBytes: number;
  peakRss: number;
  latencies?: number[];
}

async function ours(name: string, root: string): Promise<CaseResult> {
  const { stdout, success, stderr } = await new Deno.Command("deno", {
    args: [
      "run",
      "-R",
      "-W",
      "--allow-run=sh",
      new URL("read_cases.ts", import.meta.url).pathname,
      name,
      root,
      WORD,
    ],
  }).output();
  if (!success) throw new Error(`${name}: ${new TextDecoder().decode(stderr)}`);
  return JSON.parse(new TextDecoder().decode(stdout));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const mbs = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
const mib = (bytes: number) => (bytes / (1 << 20)).toFixed(1);

async function rounds(pair: () => Promise<[CaseResult, number]>) {
  const results: [CaseResult, number][] = [];
  for (let r = 0; r < ROUNDS; r++) results.push(await pair());
  return {
    ours: median(results.map(([o]) => o.ms)),
    base: median(results.map(([, b]) => b)),
    last: results.at(-1)![0],
    rss: Math.max(...results.map(([o]) => o.peakRss)),
  };
}

const dir = await Deno.makeTempDir({ prefix: "bench_read_" });
try {
  const big = `${dir}/big/server_logs.txt`, small = `${dir}/small/server_logs.txt`;
  const gzRoot = `${dir}/gz`;
  const gz = `${gzRoot}/backup_logs/server_logs_${formatArchiveStamp(new Date(END))}.txt.gz`;
  for (const d of [`${dir}/big`, `${dir}/small`, `${gzRoot}/backup_logs`, `${dir}/follow`]) {
    await Deno.mkdir(d, { recursive: true });
  }
  console.error(`Generating ${mib(SIZE)} MiB in ${dir} ...`);
  const size = await generate(big);
  await sh(`gzip -c '${big}' > '${gz}' && tail -c 1048576 '${big}' | tail -n +2 > '${small}'`);
  const gzSize = (await Deno.stat(gz)).size;
  await sh(`cat '${big}' '${gz}' > /dev/null`); // warm the page cache
  const grep = await sh(`grep -F -c ${WORD} '${big}'`);
  console.error(`${mib(size)} MiB, ${mib(gzSize)} MiB gzipped, "${WORD}" on ${grep.out} lines`);

  const search = await rounds(
    async () => [await ours("search", `${dir}/big`), (await sh(`grep -F -c ${WORD} '${big}'`)).ms],
  );
  const gzSearch = await rounds(
    async () => [
      await ours("search", gzRoot),
      (await sh(`gzip -dc '${gz}' | grep -F -c ${WORD}`)).ms,
    ],
  );
  const newest = await rounds(
    async () => [await ours("newest", `${dir}/big`), (await ours("newest", `${dir}/small`)).ms],
  );
  const lastHour = await rounds(async () => [await ours("lastHour", `${dir}/big`), 0]);
  const lastHourOldest = await rounds(async () => [await ours("lastHourOldest", `${dir}/big`), 0]);
  const count = await rounds(
    async () => [await ours("count", `${dir}/big`), (await sh(`grep -c '' '${big}'`)).ms],
  );
  const follow = await ours("follow", `${dir}/follow`);
  const lat = follow.latencies!;

  const rows: string[][] = [
    [
      "readLogs contains, oldest, 1 GiB",
      `${mbs(size, search.ours).toFixed(0)} MB/s (${
        search.ours.toFixed(0)
      } ms, ${search.last.count} hits)`,
      `grep -F -c: ${mbs(size, search.base).toFixed(0)} MB/s`,
      (search.base / search.ours).toFixed(2),
      "≥ 0.5",
    ],
    [
      "the same over the .txt.gz",
      `${mbs(size, gzSearch.ours).toFixed(0)} MB/s (${gzSearch.ours.toFixed(0)} ms)`,
      `gzip -dc | grep -F -c: ${mbs(size, gzSearch.base).toFixed(0)} MB/s`,
      (gzSearch.base / gzSearch.ours).toFixed(2),
      "≥ 0.8",
    ],
    [
      "newest 100 of 1 GiB",
      `${newest.ours.toFixed(1)} ms, read ${(newest.last.readBytes / 1024).toFixed(0)} KiB`,
      `same on 1 MiB: ${newest.base.toFixed(1)} ms`,
      (newest.ours / newest.base).toFixed(2),
      "< 1 MiB read; ≤ 2 × time",
    ],
    [
      "since = last hour (newest first)",
      `${lastHour.ours.toFixed(1)} ms, ${lastHour.last.count} records, read ${
        (lastHour.last.readBytes / 1024).toFixed(0)
      } KiB`,
      `file ${mib(size)} MiB`,
      (lastHour.last.readBytes / size).toExponential(1),
      "O(result)",
    ],
    [
      "since = last hour (oldest first)",
      `${lastHourOldest.ours.toFixed(1)} ms, ${lastHourOldest.last.count} records, read ${
        (lastHourOldest.last.readBytes / 1024).toFixed(0)
      } KiB`,
      `file ${mib(size)} MiB`,
      (lastHourOldest.last.readBytes / size).toExponential(1),
      "O(result)",
    ],
    [
      "countLogs by hour, 1 GiB",
      `${mbs(size, count.ours).toFixed(0)} MB/s (${
        count.ours.toFixed(0)
      } ms, ${count.last.count} records)`,
      `grep -c '': ${mbs(size, count.base).toFixed(0)} MB/s`,
      (count.base / count.ours).toFixed(2),
      "≥ 0.25",
    ],
    [
      "peak RSS per case",
      [search, gzSearch, newest, lastHour, lastHourOldest, count].map((c) => mib(c.rss)).join(
        " / ",
      ) + ` / follow ${mib(follow.peakRss)} MiB`,
      "",
      "",
      "< 100 MiB",
    ],
    [
      "peak RSS, any case",
      `${
        mib(
          Math.max(
            search.rss,
            gzSearch.rss,
            newest.rss,
            lastHour.rss,
            lastHourOldest.rss,
            count.rss,
            follow.peakRss,
          ),
        )
      } MiB`,
      "",
      "",
      "< 100 MiB",
    ],
    [
      "followLogs latency, 200 lines",
      `median ${median(lat)} ms, p99 ${percentile(lat, 0.99)} ms`,
      "pollMs 250",
      "",
      "< 300 ms, < 1 s",
    ],
  ];
  console.log(`| case | ours | baseline, same run | ratio | goal |\n|---|---|---|---|---|`);
  for (const row of rows) {
    console.log(`| ${row.map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`);
  }
  console.log(
    `\n${
      mib(size)
    } MiB, ${ROUNDS} rounds, medians; ratio = ours / baseline throughput (time ratio for newest 100; bytes read / file size for since).`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
