import assert from "node:assert/strict";
import { checkAndBackupLogs, HOSTS_LOCK, logTo, previewHostsBackup } from "../../mod.ts";
import { repoPath, runDeno, tempRoot } from "../helpers.ts";

async function centralRoot(root: string, hosts: string[]): Promise<void> {
  for (const host of hosts) {
    await logTo("server", `${host} boot`, { root: `${root}/${host}` });
    await checkAndBackupLogs({ root: `${root}/${host}` }); // first run: records the time
    await logTo("server", `${host} second line`, { root: `${root}/${host}` });
  }
}

Deno.test("checkAndBackupLogs({ hosts }): each host folder backed up, one report, one lock", async () => {
  await using tmp = await tempRoot();
  await centralRoot(tmp.root, ["app1", "app2", "app3"]);
  const report = await checkAndBackupLogs({ root: tmp.root, hosts: ["app2", "app1"], force: true });
  assert.deepEqual(Object.keys(report.hosts!), ["app1", "app2"]);
  assert.equal(report.reason, "forced");
  assert.equal(report.performed, true);
  assert.equal(report.archived.length, 2);
  assert.match(report.archived[0]!, /\/app1\/backup_logs\/server_logs_[\d_-]+\.txt$/);
  assert.match(report.archived[1]!, /\/app2\/backup_logs\/server_logs_[\d_-]+\.txt$/);
  assert.equal(await Deno.readTextFile(`${tmp.root}/app3/server_logs.txt`) !== "", true);
  assert.ok((await Deno.lstat(`${tmp.root}/${HOSTS_LOCK}`)).isFile);
});

Deno.test("checkAndBackupLogs({ allHosts }): plain host folders only, links never followed", async () => {
  await using tmp = await tempRoot();
  await using elsewhere = await tempRoot();
  await centralRoot(tmp.root, ["app1"]);
  await centralRoot(elsewhere.root, ["victim"]);
  await Deno.symlink(`${elsewhere.root}/victim`, `${tmp.root}/linked`);
  await Deno.mkdir(`${tmp.root}/.hidden`);
  await Deno.writeTextFile(`${tmp.root}/rsyslog.pid`, "1234\n");
  const report = await checkAndBackupLogs({ root: tmp.root, allHosts: true, force: true });
  assert.deepEqual(Object.keys(report.hosts!), ["app1"]);
  assert.notEqual(await Deno.readTextFile(`${elsewhere.root}/victim/server_logs.txt`), "");
  await assert.rejects(checkAndBackupLogs({ root: tmp.root, hosts: ["linked"], force: true }), {
    name: "LogFileError",
    message: new RegExp(`^Cannot back up host folder "${tmp.root}/linked": `),
  });
  await assert.rejects(checkAndBackupLogs({ root: tmp.root, hosts: ["app9"] }), {
    name: "LogFileError",
    message: `Cannot back up host folder "${tmp.root}/app9": there is no such folder; check ` +
      `the host name, or leave it out until its first line arrives`,
  });
  await assert.rejects(checkAndBackupLogs({ root: tmp.root, hosts: ["../x"] }), {
    name: "RangeError",
    message: `Invalid host name "../x": use letters, digits, ".", "_" and "-", starting with a ` +
      `letter or digit, at most 64 characters`,
  });
  const plans = await previewHostsBackup({ root: tmp.root, allHosts: true, force: true });
  assert.deepEqual(Object.keys(plans), ["app1"]);
});

Deno.test("checkAndBackupLogs({ delayCompress }): an archive is compressed at the next run", async () => {
  await using tmp = await tempRoot();
  await centralRoot(tmp.root, ["app1"]);
  const options = {
    root: tmp.root,
    hosts: ["app1"],
    force: true,
    compress: true,
    delayCompress: true,
  };
  const first = await checkAndBackupLogs(options);
  assert.equal(first.archived.length, 1);
  assert.match(first.archived[0]!, /\.txt$/);
  assert.deepEqual(first.compressed, []);
  await logTo("server", "third line", { root: `${tmp.root}/app1` });
  const second = await checkAndBackupLogs({ ...options, now: () => new Date(Date.now() + 2000) });
  assert.deepEqual(second.compressed, [`${first.archived[0]}.gz`]);
  assert.match(second.archived[0]!, /\.txt$/);
  await assert.rejects(Deno.lstat(first.archived[0]!), Deno.errors.NotFound);
});

// A process that prints "ready" once its SIGHUP handler is installed, then "HUP" per SIGHUP.
async function hupListener() {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", repoPath("tests/fixtures/hup_listener.ts")],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("ready\n")) seen += (await lines.read()).value ?? "";
  const output = (async () => {
    for (let r = await lines.read(); !r.done; r = await lines.read()) seen += r.value;
    return seen;
  })();
  return { child, output };
}

Deno.test("backup.ts --reopen-pidfile: SIGHUP after the moves, pid file checked", async () => {
  await using tmp = await tempRoot();
  await centralRoot(tmp.root, ["app1"]);
  const listener = await hupListener();
  const pidFile = `${tmp.root}/rsyslog.pid`;
  await Deno.writeTextFile(pidFile, `${listener.child.pid}\n`);
  const base = ["run", `-R=${tmp.root}`, `-W=${tmp.root}`];
  const args = [repoPath("backup.ts"), "--root", tmp.root, "--all-hosts", "--force"];
  const denied = await runDeno([...base, ...args, "--reopen-pidfile", pidFile]);
  assert.equal(denied.code, 1);
  assert.equal(
    denied.stderr,
    `Cannot send SIGHUP to process ${listener.child.pid} from pid file "${pidFile}": Deno has ` +
      `no permission to run kill; run with --allow-run=kill\n`,
  );
  await logTo("server", "more", { root: `${tmp.root}/app1` });
  const done = await runDeno([...base, "--allow-run=kill", ...args, "--reopen-pidfile", pidFile]);
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, new RegExp(`sent SIGHUP to process ${listener.child.pid}\\n$`));
  await Deno.remove(pidFile);
  await Deno.symlink("/proc/self/stat", pidFile);
  await logTo("server", "again", { root: `${tmp.root}/app1` });
  const linked = await runDeno([...base, "--allow-run=kill", ...args, "--reopen-pidfile", pidFile]);
  assert.equal(linked.code, 1);
  assert.match(linked.stderr, new RegExp(`^Cannot read pid file "${pidFile}": `));
  await listener.child.stdin.close();
  assert.deepEqual((await listener.output).trim().split("\n"), ["ready", "HUP"]);
});
