/**
 * End to end through real rsyslogd: two agents (app1, app2) tail their log roots and forward
 * over RELP to one central instance, all private instances on 127.0.0.1, configured by
 * `rsyslogConfig`. This process writes the lines itself with `logTo`.
 *
 *   throughput  each round, both servers log a burst of --burst lines (default 100,000) as fast
 *               as they can; per agent: lines / time until the central copy is complete
 *   delay       both servers log --rate lines/s (default 2,000) for --seconds (default 10);
 *               each line's delay is the time it was first seen in the central file (polled
 *               every 5 ms) minus the timestamp in the line (ms): median and p99
 *   lost, duplicated  counted over every line of every round, central against server copies
 *
 * Run: deno task bench:ship [--rounds 3] [--burst 100000] [--rate 2000] [--seconds 10]
 */
import { parseArgs } from "node:util";
import { logTo, rsyslogConfig } from "../mod.ts";
import { RSYSLOGD, Rsyslogd } from "../tests/ship/rsyslog_helpers.ts";
import { compareLines, linesByCategory } from "../tests/ship/e2e_helpers.ts";

const HOSTS = ["app1", "app2"] as const;
const { values } = parseArgs({
  args: Deno.args,
  options: {
    rounds: { type: "string", default: "3" },
    burst: { type: "string", default: "100000" },
    rate: { type: "string", default: "2000" },
    seconds: { type: "string", default: "10" },
  },
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function start(dir: string, stack: AsyncDisposableStack) {
  const relp = freePort();
  for (const sub of ["central", "cwork", "app1/work", "app2/work"]) {
    await Deno.mkdir(`${dir}/${sub}`, { recursive: true });
  }
  const conf = rsyslogConfig({
    role: "central",
    root: `${dir}/central`,
    listen: `127.0.0.1:${relp}`,
    listenTcp: `127.0.0.1:${freePort()}`,
    workDirectory: `${dir}/cwork`,
  });
  await Deno.writeTextFile(`${dir}/central.conf`, conf);
  await stack.use(new Rsyslogd(`${dir}/central.conf`, `${dir}/c.pid`, `${dir}/cwork/rsyslogd.log`))
    .start();
  for (const host of HOSTS) {
    const agent = rsyslogConfig({
      role: "agent",
      root: `${dir}/${host}/logs`,
      central: `127.0.0.1:${relp}`,
      hostname: host,
      workDirectory: `${dir}/${host}/work`,
    });
    await Deno.writeTextFile(`${dir}/${host}/agent.conf`, agent);
    const log = `${dir}/${host}/work/rsyslogd.log`;
    await stack.use(new Rsyslogd(`${dir}/${host}/agent.conf`, `${dir}/${host}/a.pid`, log)).start();
  }
}

async function size(path: string): Promise<number> {
  return await Deno.stat(path).then((info) => info.size, () => 0);
}

/** Both servers log `count` lines to `category` at once; returns each agent's lines/s. */
async function burst(dir: string, category: string, count: number): Promise<number[]> {
  const started = performance.now();
  await Promise.all(HOSTS.map(async (host) => {
    for (let i = 0; i < count; i += 1000) {
      const batch = [];
      for (let j = i; j < Math.min(count, i + 1000); j++) {
        batch.push(logTo(category, `${host} burst ${j}`, { root: `${dir}/${host}/logs` }));
      }
      await Promise.all(batch);
    }
  }));
  return await Promise.all(HOSTS.map(async (host) => {
    const local = await size(`${dir}/${host}/logs/${category}_logs.txt`);
    while (await size(`${dir}/central/${host}/${category}_logs.txt`) < local) await sleep(5);
    return count / ((performance.now() - started) / 1000);
  }));
}

/** Reads what is appended to a file, a line at a time, and records each line's delay. */
class Tail {
  #file: Deno.FsFile | undefined;
  #rest = "";
  #decoder = new TextDecoder();
  readonly delays: number[] = [];
  constructor(readonly path: string) {}

  async poll(): Promise<void> {
    this.#file ??= await Deno.open(this.path).catch(() => undefined);
    if (!this.#file) return;
    const buffer = new Uint8Array(1 << 16);
    for (let n = await this.#file.read(buffer); n; n = await this.#file.read(buffer)) {
      const seen = Date.now();
      const lines = (this.#rest + this.#decoder.decode(buffer.subarray(0, n))).split("\n");
      this.#rest = lines.pop()!;
      for (const line of lines) this.delays.push(seen - Date.parse(line.slice(0, 29)));
    }
  }

  close(): void {
    this.#file?.close();
  }
}

/** Both servers log `rate` lines/s for `seconds`; returns every line's delay in ms. */
async function paced(dir: string, rate: number, seconds: number): Promise<number[]> {
  const tails = HOSTS.map((host) => new Tail(`${dir}/central/${host}/delay_logs.txt`));
  let done = false;
  const polling = (async () => {
    while (!done) {
      for (const tail of tails) await tail.poll();
      await sleep(5);
    }
  })();
  const total = rate * seconds, started = performance.now();
  for (let n = 0; n < total; await sleep(5)) {
    const due = Math.min(total, Math.ceil(((performance.now() - started) / 1000) * rate));
    const writes = [];
    for (; n < due; n++) {
      for (const host of HOSTS) {
        writes.push(logTo("delay", `${host} paced ${n}`, { root: `${dir}/${host}/logs` }));
      }
    }
    await Promise.all(writes);
  }
  while (tails.some((tail) => tail.delays.length < total)) await sleep(20);
  done = true;
  await polling;
  tails.forEach((tail) => tail.close());
  return tails.flatMap((tail) => tail.delays);
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function countLostAndDuplicated(
  dir: string,
): Promise<{ lines: number; lost: number; duplicated: number }> {
  const totals = { lines: 0, lost: 0, duplicated: 0 };
  for (const host of HOSTS) {
    const server = await linesByCategory(`${dir}/${host}/logs`);
    const central = await linesByCategory(`${dir}/central/${host}`);
    for (const [category, lines] of server) {
      const c = compareLines(lines, central.get(category) ?? []);
      totals.lines += c.server;
      totals.lost += c.missing;
      totals.duplicated += c.duplicated + c.foreign;
    }
  }
  return totals;
}

if (!RSYSLOGD) {
  console.error("rsyslogd or its RELP modules are missing: apt-get install rsyslog rsyslog-relp");
  Deno.exit(1);
}
const dir = await Deno.makeTempDir({ prefix: "bench_ship_" });
try {
  await using stack = new AsyncDisposableStack();
  await start(dir, stack);
  const perAgent: number[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    const rates = await burst(dir, `burst${round}`, Number(values.burst));
    console.log(
      `round ${round + 1}: ${rates.map((r) => Math.round(r)).join(", ")} lines/s per agent`,
    );
    perAgent.push(...rates);
  }
  const delays = (await paced(dir, Number(values.rate), Number(values.seconds))).sort((a, b) =>
    a - b
  );
  await sleep(2000); // let the last lines land before counting
  const counts = await countLostAndDuplicated(dir);
  const rates = perAgent.sort((a, b) => a - b);
  const result = {
    agentLinesPerSecond: {
      median: Math.round(quantile(rates, 0.5)),
      min: Math.round(rates[0]!),
      max: Math.round(rates.at(-1)!),
    },
    delayMs: {
      median: quantile(delays, 0.5),
      p99: quantile(delays, 0.99),
      max: delays.at(-1),
      lines: delays.length,
    },
    ...counts,
  };
  console.log(JSON.stringify(result));
} finally {
  await Deno.remove(dir, { recursive: true });
}
