// One measured case of `deno task bench:read`, run in its own process so that its peak RSS is
// its own. Prints one JSON object: {ms, count, readBytes, peakRss}; for "follow", the latencies.
// Usage: read_cases.ts <case> <root> [word]
import { countLogs, followLogs, logTo, readLogs } from "../mod.ts";

const [name = "", root = "", word = ""] = Deno.args;

// This process's counters, read by a child shell (Deno asks for --allow-all to read /proc/self):
// rchar (bytes read, page cache included) and VmHWM (peak RSS).
async function procCounters(): Promise<{ rchar: number; peakRss: number }> {
  const { stdout } = await new Deno.Command("sh", {
    args: ["-c", "cat /proc/$PPID/io /proc/$PPID/status"],
  }).output();
  const text = new TextDecoder().decode(stdout);
  return {
    rchar: Number(/rchar: (\d+)/.exec(text)?.[1] ?? NaN),
    peakRss: Number(/VmHWM:\s+(\d+) kB/.exec(text)?.[1] ?? NaN) * 1024,
  };
}

async function lastTime(): Promise<Date> {
  const [newest] = await Array.fromAsync(readLogs({ root, categories: ["server"], limit: 1 }));
  return newest!.time;
}

const CASES: Record<string, () => Promise<number>> = {
  search: async () =>
    (await Array.fromAsync(
      readLogs({ root, categories: ["server"], contains: word, order: "oldest" }),
    ))
      .length,
  newest: async () =>
    (await Array.fromAsync(readLogs({ root, categories: ["server"], limit: 100 }))).length,
  lastHour: async () => {
    const since = new Date((await lastTime()).getTime() - 3_600_000);
    return (await Array.fromAsync(readLogs({ root, categories: ["server"], since }))).length;
  },
  lastHourOldest: async () => {
    const since = new Date((await lastTime()).getTime() - 3_600_000);
    return (await Array.fromAsync(
      readLogs({ root, categories: ["server"], since, order: "oldest" }),
    ))
      .length;
  },
  count: async () => {
    const until = new Date((await lastTime()).getTime() + 1);
    const since = new Date(until.getTime() - 31 * 86_400_000);
    const { buckets } = await countLogs({
      root,
      categories: ["server"],
      every: "hour",
      since,
      until,
    });
    return buckets.reduce((sum, b) => sum + b.total, 0);
  },
};

async function follow(): Promise<void> {
  const controller = new AbortController();
  const latencies: number[] = [];
  const follow = followLogs({ root, categories: ["login"], signal: controller.signal });
  const reading = (async () => {
    for await (const record of follow) {
      latencies.push(Date.now() - Number(record.entry.split(" ")[1]));
      if (latencies.length === 200) break;
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (let i = 0; i < 200; i++) {
    await logTo("login", `sent ${Date.now()}`, { root });
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
  }
  await reading;
  controller.abort();
  console.log(JSON.stringify({ latencies, peakRss: (await procCounters()).peakRss }));
}

if (name === "follow") await follow();
else {
  const before = await procCounters();
  const start = performance.now();
  const count = await CASES[name]!();
  const ms = performance.now() - start;
  const after = await procCounters();
  const readBytes = after.rchar - before.rchar;
  console.log(JSON.stringify({ ms, count, readBytes, peakRss: after.peakRss }));
}
