/** logs.ts through a real subprocess with --allow-read on the root only: flags, output, exit codes. */
import assert from "node:assert/strict";
import { repoPath, runDeno, tempRoot } from "../helpers.ts";
import { formatLine } from "../../lib/write/log.ts";
import { formatTimestamp } from "../../lib/format/time.ts";
import { writeArchive } from "./read_helpers.ts";

const NOW = Date.now();
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000);

async function fill(root: string): Promise<void> {
  let login = "", server = "";
  for (let i = 0; i < 150; i++) login += formatLine(at(150 - i), `login ${i}`);
  for (let i = 0; i < 3; i++) server += formatLine(at(30 - i * 10), `server ${i}\u001b[31m`);
  await Deno.writeTextFile(`${root}/login_logs.txt`, login + "not a log line\n");
  await Deno.writeTextFile(`${root}/server_logs.txt`, server);
  await writeArchive(root, "users", at(1000), [[at(2000), "archived user"]], { gzip: true });
}

function logs(root: string, ...args: string[]) {
  return runDeno(["run", `--allow-read=${root}`, repoPath("logs.ts"), "--root", root, ...args]);
}

const lines = (text: string) => text.split("\n").filter((l) => l !== "");

Deno.test("logs.ts: the newest 100 records by default, oldest first; -n, --all, --reverse", async () => {
  await using tmp = await tempRoot();
  await fill(tmp.root);
  const plain = await logs(tmp.root);
  assert.equal(plain.code, 0);
  const out = lines(plain.stdout);
  assert.equal(out.length, 100);
  assert.equal(out.at(-1), `${formatTimestamp(at(1))} login - login 149`);
  assert.equal(
    plain.stderr,
    `Skipped 1 malformed line (first in ${JSON.stringify(`${tmp.root}/login_logs.txt`)} at byte ${
      (await Deno.stat(`${tmp.root}/login_logs.txt`)).size - 15
    })\n`,
  );
  assert.ok(out.includes(`${formatTimestamp(at(10))} server - server 2\\u001b[31m`), "escaped");
  assert.deepEqual(lines((await logs(tmp.root, "-n", "2")).stdout).map((l) => l.split(" - ")[1]), [
    "login 148",
    "login 149",
  ]);
  const all = lines((await logs(tmp.root, "--all")).stdout);
  assert.equal(all.length, 154);
  assert.match(all[0]!, / users - archived user$/);
  const reverse = lines((await logs(tmp.root, "--reverse", "-n", "3")).stdout);
  assert.deepEqual(reverse.map((l) => l.split(" - ")[1]), ["login 149", "login 148", "login 147"]);
  const live = lines((await logs(tmp.root, "--all", "--no-archives")).stdout);
  assert.equal(live.length, 153);
});

Deno.test("logs.ts: categories, --since with a dash, --grep, --regex -i, --json", async () => {
  await using tmp = await tempRoot();
  await fill(tmp.root);
  const server = lines((await logs(tmp.root, "server", "users")).stdout);
  assert.equal(server.length, 4);
  const since = lines((await logs(tmp.root, "--since", "-25m", "--until", "-5m")).stdout);
  assert.deepEqual(
    since.map((l) => l.split(" - ")[1]),
    [
      "login 126", // 24 minutes ago
      ...Array.from({ length: 19 }, (_, i) => `login ${127 + i}`).flatMap((e) =>
        e === "login 130"
          ? ["server 1\\u001b[31m", e]
          : e === "login 140"
          ? ["server 2\\u001b[31m", e]
          : [e]
      ),
    ].slice(0, since.length),
  );
  assert.equal(since.length, 22);
  assert.deepEqual(
    lines((await logs(tmp.root, "--grep", "LOGIN 14", "-i", "-n", "1")).stdout).length,
    1,
  );
  assert.deepEqual(lines((await logs(tmp.root, "--grep", "LOGIN 14", "-n", "1")).stdout), []);
  const regex = lines((await logs(tmp.root, "--regex", "^SERVER [01]", "-i")).stdout);
  assert.deepEqual(regex.map((l) => l.split(" - ")[1]), [
    "server 0\\u001b[31m",
    "server 1\\u001b[31m",
  ]);
  const json = lines((await logs(tmp.root, "server", "-n", "1", "--json")).stdout).map((l) =>
    JSON.parse(l)
  );
  assert.deepEqual(Object.keys(json[0]), ["time", "category", "entry", "cursor"]);
  assert.equal(json[0].entry, "server 2\u001b[31m");
  assert.equal(json[0].time, formatTimestamp(at(10)));
});

Deno.test("logs.ts --count-by: a table with a bar per bucket, or JSON Lines", async () => {
  await using tmp = await tempRoot();
  await fill(tmp.root);
  const table = lines((await logs(tmp.root, "--count-by", "hour", "--since", "-3h")).stdout);
  assert.match(table[0]!, /^start +total +console +login +server +users$/);
  assert.ok(table.length >= 4 && table.length <= 5, table.join("\n"));
  const bars = table.slice(1).map((row) => (/#+$/.exec(row)?.[0] ?? "").length);
  assert.equal(Math.max(...bars), 40);
  const json = lines(
    (await logs(tmp.root, "--count-by", "day", "--json", "--since", "-3d")).stdout,
  );
  const total = json.map((l) => JSON.parse(l).total).reduce((a, b) => a + b, 0);
  assert.equal(total, 154); // the archived record, 2000 minutes old, included
});

Deno.test("logs.ts --follow: the last N, then new records, until SIGINT; exit 0", async () => {
  await using tmp = await tempRoot();
  await fill(tmp.root);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      `--allow-read=${tmp.root}`,
      repoPath("logs.ts"),
      "--root",
      tmp.root,
      "--follow",
      "-n",
      "2",
      "login",
    ],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const until = async (count: number) => {
    while (lines(text).length < count) text += (await reader.read()).value ?? "";
  };
  await until(2);
  await Deno.writeTextFile(`${tmp.root}/login_logs.txt`, formatLine(new Date(), "fresh"), {
    append: true,
  });
  await until(3);
  child.kill("SIGINT");
  const status = await child.status;
  reader.releaseLock();
  await child.stdout.cancel().catch(() => {});
  await child.stderr.cancel();
  assert.deepEqual(lines(text).map((l) => l.split(" - ")[1]), ["login 148", "login 149", "fresh"]);
  assert.equal(status.code, 0);
});

Deno.test("logs.ts: exit 2 on bad usage, exit 1 on a file error, with one line on stderr", async () => {
  await using tmp = await tempRoot();
  const usage: [string[], string][] = [
    [["--bogus"], 'Unknown option "--bogus": check its spelling'],
    [["-n", "0"], 'Invalid value for -n: "0" is not a positive whole number'],
    [["-n", "5", "--all"], "Conflicting options -n and --all: give one of them"],
    [["--since", "soon"], 'Invalid time "soon": use RFC 3339'],
    [["--regex", "("], 'Invalid value for --regex: "(" is not a regular expression'],
    [["Login"], 'Invalid category "Login"'],
    [["--count-by", "week"], 'Invalid value for --count-by: "week"; use minute, hour or day'],
    [["--follow", "--reverse"], "Conflicting options --follow and --reverse"],
    [["--until"], "Missing value for --until"],
  ];
  for (const [args, message] of usage) {
    const result = await logs(tmp.root, ...args);
    assert.equal(result.code, 2, args.join(" "));
    assert.ok(result.stderr.startsWith(message), `${args.join(" ")}: ${result.stderr}`);
    assert.ok(result.stderr.endsWith("; run with --help for usage\n"), result.stderr);
    assert.equal(result.stdout, "");
  }
  const help = await logs(tmp.root, "--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: deno task logs/);
  const missing = await logs(`${tmp.root}/none`);
  assert.deepEqual([missing.code, missing.stdout, missing.stderr], [0, "", ""]);
  const denied = await runDeno([
    "run",
    `--allow-read=${tmp.root}/elsewhere`,
    repoPath("logs.ts"),
    "--root",
    tmp.root,
  ]);
  assert.equal(denied.code, 1);
  assert.equal(
    denied.stderr,
    `Cannot list log folder ${
      JSON.stringify(tmp.root)
    }: Deno has no permission for it; run with --allow-read=${tmp.root}\n`,
  );
});

Deno.test("deno task logs: grants read on ./logs only", async () => {
  const config = JSON.parse(await Deno.readTextFile(repoPath("deno.json")));
  assert.equal(config.tasks.logs, "deno run --allow-read=logs logs.ts");
  assert.equal(config.exports["./logs"], "./logs.ts");
});
