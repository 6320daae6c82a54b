/**
 * The README, followed as a new user would: install from JSR, the server example run for real
 * and stopped with SIGTERM, the cron line and the systemd unit's command run (with the local
 * backup.ts in place of the JSR specifier, which this machine cannot reach), and what the tests
 * do as root.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileUrl, listTree } from "./backup/archive_helpers.ts";
import { repoPath, runDeno, tempRoot } from "./helpers.ts";

const README = await Deno.readTextFile(repoPath("README.md"));
const JSR_BACKUP = "jsr:@panel/logging/backup";

/** The fenced blocks of the README: their info string (`ts ignore`, `cron`, …) and text. */
function blocks(): { info: string; text: string; heading: string }[] {
  const found: { info: string; text: string; heading: string }[] = [];
  let heading = "";
  const lines = README.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (/^#{1,4} /.test(lines[i]!)) heading = lines[i]!.replace(/^#+ /, "");
    const open = /^```(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.indexOf("```", i + 1);
    found.push({ info: open[1]!.trim(), text: lines.slice(i + 1, end).join("\n"), heading });
    i = end;
  }
  return found;
}

/** The README's command with the JSR specifier and the root swapped for local ones. */
function localCommand(command: string, root: string): string {
  return command.replaceAll(JSR_BACKUP, repoPath("backup.ts")).replaceAll("/srv/logs", root);
}

/** Runs a shell command line with deno on PATH; returns status and output. */
async function sh(line: string, env: Record<string, string> = {}) {
  const path = `${Deno.execPath().replace(/\/[^/]+$/, "")}:/usr/local/bin:/usr/bin:/bin`;
  const output = await new Deno.Command("sh", {
    args: ["-c", line],
    env: { PATH: path, NO_COLOR: "1", ...env },
    clearEnv: true,
  }).output();
  const text = new TextDecoder();
  return {
    code: output.code,
    stdout: text.decode(output.stdout),
    stderr: text.decode(output.stderr),
  };
}

Deno.test("README shows how to add the package from JSR and import it by name", async () => {
  const sh = blocks().filter((b) => b.info === "sh").map((b) => b.text);
  assert.ok(sh.includes("deno add jsr:@panel/logging"), "no `deno add jsr:@panel/logging` block");
  assert.ok(
    blocks().some((b) =>
      b.info === "ts" && b.text === 'import { logToLogin } from "@panel/logging";'
    ),
  );
  const config = JSON.parse(await Deno.readTextFile(repoPath("deno.json")));
  assert.equal(config.name, "@panel/logging");
  assert.equal(config.exports["./backup"], "./backup.ts"); // what jsr:@panel/logging/backup runs
});

Deno.test("README's cron line and first run by hand work with least privilege", async () => {
  await using tmp = await tempRoot();
  const root = join(tmp.root, "logs");
  const cron = blocks().find((b) => b.info === "cron" && b.text.includes(JSR_BACKUP));
  assert.ok(cron, `no cron block runs ${JSR_BACKUP}`);
  const job = cron.text.split("\n").find((line) => /^[\d*]/.test(line))!;
  const fields = job.split(/\s+/);
  assert.equal(fields.slice(0, 5).join(" "), "15 3 * * *");
  const command = fields.slice(5).join(" ");
  assert.match(
    command,
    /^deno run -R=\/srv\/logs -W=\/srv\/logs jsr:@panel\/logging\/backup --root \/srv\/logs /,
  );
  assert.doesNotMatch(command, / -A | --allow-all | --allow-(net|env|run|sys|ffi)/);

  const byHand = blocks().find((b) => b.heading === "Cron" && b.info === "sh")!.text;
  assert.equal(byHand, `deno run -R=/srv/logs -W=/srv/logs ${JSR_BACKUP} --root /srv/logs`);
  const first = await sh(localCommand(byHand, root));
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^First run: recorded the time, archived nothing/);

  await Deno.writeTextFile(join(root, "login_logs.txt"), "x\n");
  const nightly = await sh(localCommand(command, root), { HOME: tmp.root });
  assert.equal(nightly.code, 0, nightly.stderr);
  assert.match(await Deno.readTextFile(join(tmp.root, "panel-backup.log")), /^Not due \(/);
});

Deno.test("README's systemd unit runs the backup with least privilege", async () => {
  await using tmp = await tempRoot();
  const unit = blocks().find((b) => b.info === "ini" && b.text.includes("ExecStart="));
  assert.ok(unit, "no systemd service unit");
  const exec = /^ExecStart=(.*)$/m.exec(unit.text)![1]!;
  assert.match(
    exec,
    /^\/usr\/bin\/deno run -R=\/srv\/logs -W=\/srv\/logs jsr:@panel\/logging\/backup --root \/srv\/logs /,
  );
  assert.match(unit.text, /^ReadWritePaths=\/srv\/logs$/m);
  const run = await sh(localCommand(exec, tmp.root).replace(/^\/usr\/bin\/deno/, Deno.execPath()));
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^First run: /);
});

Deno.test("README's server example logs, backs up, and stops cleanly on SIGTERM", async () => {
  await using tmp = await tempRoot();
  const example = blocks().find((b) =>
    b.heading === "In a long-running server" && b.info === "ts ignore"
  );
  assert.ok(example, "no server example");
  const code = example.text.replaceAll(
    '"@panel/logging"',
    JSON.stringify(fileUrl(repoPath("mod.ts"))),
  )
    .replace("port: 8000", "port: 0");
  await Deno.writeTextFile(join(tmp.root, "server.ts"), code);
  const server = new Deno.Command(Deno.execPath(), {
    args: ["run", "-R=logs", "-W=logs", "--allow-net=127.0.0.1", "server.ts"],
    cwd: tmp.root,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Deno.serve says where it listens on stderr.
  const err = server.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let stderr = "";
  const LISTENING = /^Listening on (http:\/\/127\.0\.0\.1:\d+\/)\n$/;
  while (!stderr.endsWith("\n")) {
    const { value, done } = await err.read();
    if (done) break;
    stderr += value;
  }
  const url = LISTENING.exec(stderr)?.[1];
  assert.ok(url, stderr);
  const get = await runDeno([
    "run",
    "--allow-net=127.0.0.1",
    repoPath("tests/fixtures/fetch_text.ts"),
    `${url}hello`,
  ]);
  assert.equal(get.stdout, "200 ok\n\n");
  server.kill("SIGTERM");
  for (let chunk = await err.read(); !chunk.done; chunk = await err.read()) stderr += chunk.value;
  const status = await server.status;
  const stdout = await new Response(server.stdout).text();
  assert.match(stderr, LISTENING); // nothing else
  assert.equal(status.code, 0);
  assert.equal(stdout, "stopped\n");
  assert.match(
    await Deno.readTextFile(join(tmp.root, "logs", "login_logs.txt")),
    / - GET \/hello\n$/,
  );
  assert.ok((await listTree(join(tmp.root, "logs"))).includes("dates/backup_date.txt")); // checked at start
});

Deno.test("README says what the tests do as root, and a skipped test prints why", async () => {
  const section = README.slice(
    README.indexOf("\n## Tests\n"),
    README.indexOf("\n## Layout of the code"),
  );
  assert.match(section, /\*\*As root\*\*, it mounts small `tmpfs` file systems/);
  assert.match(section, /head -c 100000000/);
  assert.match(section, /temporary files of up to 64 MiB/);
  const run = await runDeno([
    "test",
    "--allow-read",
    "--allow-write",
    "--allow-run",
    "--filter",
    "1 GiB",
    repoPath("tests/backup/compress_test.ts"),
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /skipped: compress_test: the 1 GiB case \(2 GiB of temporary files\) runs only when asked: LOGGING_BIG_COMPRESS=1 deno test /,
  );
  assert.match(run.stdout, /1 GiB log .* \.\.\. ignored/);
});
