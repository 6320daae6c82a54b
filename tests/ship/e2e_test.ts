/**
 * End to end with real rsyslogd: two agents (app1, app2) tail their log roots and forward over
 * RELP to one central instance. Two writer processes per server log LINES numbered lines each
 * while each server is backed up five times, the central instance is restarted cleanly once and
 * one agent is killed with SIGKILL and started again. Then every line must be at the central
 * root exactly once, identical to the server's copy.
 *
 * LINES is 50,000 (the figure); `--allow-env=PANEL_SHIP_LINES` with that variable set
 * scales it for a quick local run: `deno task test` grants no env access, so it runs the default.
 */
import assert from "node:assert/strict";
import { HOSTS_LOCK, LOG_CATEGORIES, readLogs, rsyslogConfig } from "../../mod.ts";
import { repoPath, tempRoot } from "../helpers.ts";
import { explainSkip, net, Rsyslogd } from "./rsyslog_helpers.ts";
import { brokenStateFiles, compareLines, linesByCategory, treeSize } from "./e2e_helpers.ts";

const skip = explainSkip();
const HOSTS = ["app1", "app2"] as const;
const WRITERS = 2;
const BACKUPS = 5;

function envNumber(name: string, fallback: number): number {
  const granted = Deno.permissions.querySync({ name: "env", variable: name }).state === "granted";
  return Number((granted ? Deno.env.get(name) : undefined) ?? fallback);
}
const LINES = envNumber("PANEL_SHIP_LINES", 50_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function deno(args: string[]): Promise<void> {
  const result = await new Deno.Command(Deno.execPath(), { args, stdin: "null" }).output();
  assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
}

function backup(root: string, extra: string[] = []): Promise<void> {
  return deno(["run", `-R=${root}`, `-W=${root}`, repoPath("backup.ts"), "--root", root, ...extra]);
}

interface WriterPlan {
  hosts: readonly string[];
  writers: number;
  lines: number;
  perSecond: number;
  category?: string;
}

/** Writer processes; `written()` is the fraction of all their lines written so far. */
function startWriters(roots: Record<string, string>, plan: WriterPlan) {
  const done: number[] = [];
  const runs = plan.hosts.flatMap((host) =>
    Array.from({ length: plan.writers }, async (_, id) => {
      const slot = done.push(0) - 1;
      const args = [roots[host]!, host, String(id + 1), String(plan.lines), String(plan.perSecond)];
      if (plan.category) args.push(plan.category);
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-R", "-W", repoPath("tests/fixtures/ship_writer.ts"), ...args],
        stdin: "null",
        stdout: "piped",
      }).spawn();
      for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
        done[slot] = Number(chunk.trim().split("\n").at(-1));
      }
      assert.equal((await child.status).code, 0);
    })
  );
  const total = plan.hosts.length * plan.writers * plan.lines;
  return { finished: Promise.all(runs), written: () => done.reduce((a, b) => a + b, 0) / total };
}

async function until(written: () => number, fraction: number): Promise<void> {
  while (written() < fraction) await sleep(20);
}

/** Waits until nothing under `dir` has grown for `quietMs`. */
async function settle(dir: string, quietMs: number): Promise<void> {
  let size = -1, since = Date.now();
  for (const started = Date.now(); Date.now() - started < 180_000; await sleep(250)) {
    const now = await treeSize(dir);
    if (now !== size) [size, since] = [now, Date.now()];
    else if (Date.now() - since >= quietMs) return;
  }
}

interface Setup {
  central: Rsyslogd;
  agents: Record<string, Rsyslogd>;
  roots: Record<string, string>;
  works: Record<string, string>;
  centralRoot: string;
  centralWork: string;
  centralPid: string;
  tcpPort: number;
}

async function setUp(dir: string, stack: AsyncDisposableStack): Promise<Setup> {
  const ports = await net(repoPath("tests/fixtures/net.ts"), ["ports", "2"]);
  const [relpPort, tcpPort] = ports.trim().split("\n").map(Number) as [number, number];
  const centralRoot = `${dir}/x/central`; // "../../etc" from here would be `${dir}/etc`
  const centralWork = `${dir}/central-work`;
  await Deno.mkdir(centralRoot, { recursive: true });
  await Deno.mkdir(centralWork);
  await Deno.writeTextFile(
    `${dir}/central.conf`,
    rsyslogConfig({
      role: "central",
      root: centralRoot,
      listen: `127.0.0.1:${relpPort}`,
      listenTcp: `127.0.0.1:${tcpPort}`,
      workDirectory: centralWork,
    }),
  );
  const central = stack.use(
    new Rsyslogd(`${dir}/central.conf`, `${dir}/central.pid`, `${centralWork}/rsyslogd.log`),
  );
  await central.start();
  const roots: Record<string, string> = {}, works: Record<string, string> = {};
  const agents: Record<string, Rsyslogd> = {};
  for (const host of HOSTS) {
    roots[host] = `${dir}/${host}/logs`;
    works[host] = `${dir}/${host}/work`;
    await Deno.mkdir(works[host], { recursive: true });
    await backup(roots[host]); // the first run creates the layout and records the time
    const conf = `${dir}/${host}/agent.conf`;
    await Deno.writeTextFile(
      conf,
      rsyslogConfig({
        role: "agent",
        root: roots[host],
        central: `127.0.0.1:${relpPort}`,
        hostname: host,
        workDirectory: works[host],
      }),
    );
    agents[host] = stack.use(
      new Rsyslogd(conf, `${dir}/${host}/agent.pid`, `${works[host]}/rsyslogd.log`),
    );
    await agents[host].start();
  }
  const centralPid = `${dir}/central.pid`;
  return { central, agents, roots, works, centralRoot, centralWork, centralPid, tcpPort };
}

/** Kills app2's agent, looks at its state files as the kill left them, starts it again. */
async function killAgent(setup: Setup): Promise<boolean> {
  await setup.agents.app2!.stop("SIGKILL");
  const broken = await brokenStateFiles(setup.works.app2!);
  await sleep(300);
  await setup.agents.app2!.start();
  return broken.length > 0;
}

type Step = [fraction: number, run: () => Promise<void>];

/** Runs each step once `written()` reaches its fraction, in order. */
async function runSteps(steps: Step[], written: () => number): Promise<void> {
  steps.sort((a, b) => a[0] - b[0]);
  for (const [fraction, step] of steps) {
    await until(written, fraction);
    const at = written();
    await step();
    console.log(
      `step planned at ${fraction.toFixed(2)} ran from ${at.toFixed(2)} to ${written().toFixed(2)}`,
    );
  }
}

/** Phase 1: backups on every server and a clean central restart while the writers run. */
function phaseOneSteps(setup: Setup): Step[] {
  const backups = Array.from({ length: BACKUPS }, (_, i): Step => [
    (i + 1) / (BACKUPS + 1),
    async () => void await Promise.all(HOSTS.map((h) => backup(setup.roots[h]!, ["--force"]))),
  ]);
  const restart: Step = [0.45, async () => {
    await setup.central.stop("SIGTERM");
    await setup.central.start();
  }];
  return [...backups, restart, [0.25, () => centralBackup(setup)], [
    0.75,
    () => centralBackup(setup),
  ]];
}

/** A backup of every host folder at the central root, as cron would run it there. */
function centralBackup(setup: Setup): Promise<void> {
  const { centralRoot, centralPid } = setup;
  return deno([
    "run",
    `-R=${centralRoot},${centralPid}`,
    `-W=${centralRoot}`,
    "--allow-run=kill",
    repoPath("backup.ts"),
    ...["--root", centralRoot, "--all-hosts", "--force", "--compress", "--delay-compress"],
    ...["--reopen-pidfile", centralPid],
  ]);
}

// Two central backups ran: each host folder has archives, the first one compressed by the
// second run (--delay-compress), and rsyslogd reopened its files after SIGHUP: the live files
// have lines again.
async function checkCentralArchives(setup: Setup): Promise<void> {
  for (const host of HOSTS) {
    const dir = `${setup.centralRoot}/${host}`;
    const archives = (await Array.fromAsync(Deno.readDir(`${dir}/backup_logs`))).map((e) => e.name);
    for (const category of LOG_CATEGORIES) {
      const mine = archives.filter((name) => name.startsWith(`${category}_logs_`)).sort();
      assert.equal(mine.length, 2, `${host}: ${mine}`);
      assert.match(mine[0]!, /\.txt\.gz$/);
      assert.match(mine[1]!, /\d\.txt$/);
      assert.ok((await Deno.stat(`${dir}/${category}_logs.txt`)).size > 0);
    }
  }
}

// The readers see the central root as one: 200,000 records, newest first, the hosts interleaved.
// Within one file records come in append order, and two writers' lines can be a few ms out of
// time order there; across files and hosts they are merged by time.
async function checkReadLogs(setup: Setup): Promise<void> {
  let count = 0, switches = 0, oldest = Infinity, host = "";
  for await (const record of readLogs({ root: setup.centralRoot, hosts: [...HOSTS] })) {
    count++;
    assert.ok(record.time.getTime() <= oldest + 1000, `newest first: ${record.time.toISOString()}`);
    oldest = Math.min(oldest, record.time.getTime());
    if (record.host !== host) [switches, host] = [switches + 1, record.host!];
    assert.ok(record.entry.startsWith(`${record.host}-w`), record.entry);
  }
  console.log(`readLogs({ hosts }): ${count} records, the host changing ${switches} times`);
  assert.equal(count, HOSTS.length * WRITERS * LINES);
  assert.ok(switches > 100);
}

async function sendHostile(setup: Setup): Promise<void> {
  const send = (host: string, app: string, msg: string) =>
    net(repoPath("tests/fixtures/net.ts"), ["send", String(setup.tcpPort), host, app, msg]);
  await send("../../etc", "server", "hostname escape attempt");
  await send("app1", "../../x", "category escape attempt");
  for (let waited = 0; waited < 10_000; waited += 100) {
    const text = await Deno.readTextFile(`${setup.centralWork}/rejected.log`).catch(() => "");
    if (text.includes("hostname escape") && text.includes("category escape")) return;
    await sleep(100);
  }
  assert.fail("rsyslogd did not reject the hostile messages within 10 s");
}

async function compareHosts(setup: Setup, categories: readonly string[]) {
  const totals = { server: 0, central: 0, missing: 0, duplicated: 0, foreign: 0 };
  for (const host of HOSTS) {
    const server = await linesByCategory(setup.roots[host]!);
    const central = await linesByCategory(`${setup.centralRoot}/${host}`);
    for (const category of categories) {
      const c = compareLines(server.get(category) ?? [], central.get(category) ?? []);
      if (c.server === 0 && c.central === 0) continue;
      console.log(`${host}/${category}_logs.txt: ${JSON.stringify(c)}`);
      assert.equal(c.serverDuplicated, 0);
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += c[key];
    }
  }
  return totals;
}

Deno.test({
  name: "rsyslog agents and central: every line once at the central root, identical",
  ignore: skip,
  async fn() {
    await using tmp = await tempRoot();
    await using stack = new AsyncDisposableStack();
    const setup = await setUp(tmp.root, stack);

    // Phase 1: 2 servers x 2 writers x LINES lines over about 60 s, so that the agents keep up
    // and the backups are about 10 s apart (see the README: an agent far behind its writers can
    // miss a file when backups follow each other within seconds).
    const plan = { hosts: HOSTS, writers: WRITERS, lines: LINES, perSecond: LINES / 60 };
    const writers = startWriters(setup.roots, plan);
    await runSteps(phaseOneSteps(setup), writers.written);
    await writers.finished;
    await settle(setup.centralRoot, 6_000);
    const totals = await compareHosts(setup, LOG_CATEGORIES);
    console.log(`phase 1 totals: ${JSON.stringify(totals)}`);
    assert.equal(totals.server, HOSTS.length * WRITERS * LINES);
    assert.deepEqual([totals.missing, totals.duplicated, totals.foreign], [0, 0, 0]);
    assert.equal(totals.central, totals.server);
    await checkCentralArchives(setup);
    await checkReadLogs(setup);

    // Phase 2: app2's agent is killed with SIGKILL while its writer runs, then started again.
    const killPlan = {
      hosts: ["app2"],
      writers: 1,
      lines: 20_000,
      perSecond: 2_000,
      category: "killed",
    };
    const killWriter = startWriters(setup.roots, killPlan);
    let brokenState = false;
    await runSteps(
      [[0.5, async () => void (brokenState = await killAgent(setup))]],
      killWriter.written,
    );
    await killWriter.finished;
    await settle(setup.centralRoot, 6_000);
    const killed = await compareHosts(setup, ["killed"]);
    console.log(`phase 2 totals: ${JSON.stringify(killed)}`);
    if (brokenState) {
      console.log(
        `rsyslog 8.2302 left an empty imfile state file after SIGKILL and read the file again: ` +
          `${killed.duplicated} duplicated lines reported, not counted (fixed in rsyslog v8.2606.0)`,
      );
    } else assert.equal(killed.duplicated, 0);
    assert.equal(killed.foreign, 0);
    // Not asserted: lines that the killed agent had read but not yet sent die with it (its queue
    // is in memory; rsyslog's docs: only a pure disk queue survives SIGKILL). Printed above.

    await sendHostile(setup);
    for (const instance of [setup.agents.app1!, setup.agents.app2!, setup.central]) {
      await instance.stop("SIGTERM");
    }
    const hostFolders = (await Array.fromAsync(Deno.readDir(setup.centralRoot))).map((e) => e.name);
    assert.deepEqual(hostFolders.sort(), [HOSTS_LOCK, "app1", "app2"]);
    await assert.rejects(Deno.lstat(`${tmp.root}/etc`), Deno.errors.NotFound);
  },
});
