import assert from "node:assert/strict";
import { rsyslogConfig } from "../../mod.ts";
import { repoPath, runDeno, tempRoot } from "../helpers.ts";
import { explainSkip, RSYSLOGD, validateConfig } from "./rsyslog_helpers.ts";

const skip = explainSkip();

// Run with no permission flag at all: the command needs none.
function runCommand(args: string[]) {
  return runDeno(["run", "--no-prompt", repoPath("rsyslog_config.ts"), ...args]);
}

Deno.test({
  name: "rsyslog-config: rsyslogd -N1 accepts both roles' output",
  ignore: skip,
  async fn() {
    await using tmp = await tempRoot();
    for (const role of ["agent", "central"]) {
      await Deno.mkdir(`${tmp.root}/${role}-work`);
      const args = role === "agent"
        ? ["--root", `${tmp.root}/logs`, "--central", "127.0.0.1:2514", "--hostname", "app1"]
        : ["--root", `${tmp.root}/central`, "--listen", "127.0.0.1:2514"];
      const result = await runCommand([
        role,
        ...args,
        "--work-directory",
        `${tmp.root}/${role}-work`,
      ]);
      assert.equal(result.stderr, "");
      assert.equal(result.code, 0);
      await Deno.writeTextFile(`${tmp.root}/${role}.conf`, result.stdout);
      const check = await validateConfig(`${tmp.root}/${role}.conf`);
      assert.equal(check.code, 0, check.output);
      assert.match(check.output, /End of config validation run/);
    }
  },
});

Deno.test({
  name: "rsyslog-config: rsyslogd -N1 rejects a broken config (the check can fail)",
  ignore: skip,
  async fn() {
    await using tmp = await tempRoot();
    const text = rsyslogConfig({ role: "central", root: `${tmp.root}/c`, workDirectory: tmp.root });
    await Deno.writeTextFile(`${tmp.root}/bad.conf`, text.replace("ruleset(", "rulesett("));
    assert.notEqual((await validateConfig(`${tmp.root}/bad.conf`)).code, 0);
  },
});

Deno.test("rsyslog-config: prints the same text as rsyslogConfig", async () => {
  const result = await runCommand(["central", "--root", "/srv/central", "--listen-tcp", ":1"]);
  assert.equal(result.code, 2);
  assert.equal(
    result.stderr.trim(),
    `Invalid TCP listen address ":1": expected HOST:PORT with a port from 1 to 65535, ` +
      `e.g. "logs.example.com:2514" or "[::1]:2514"; run with --help for usage`,
  );
  const ok = await runCommand(["agent", "--root", "/srv/l", "--central", "c.example:7"]);
  assert.equal(ok.code, 0);
  assert.equal(ok.stdout, rsyslogConfig({ role: "agent", root: "/srv/l", central: "c.example:7" }));
});

Deno.test("rsyslog-config: usage errors exit 2 with one line", async () => {
  const cases: [string[], string][] = [
    [[], `Missing role: write "agent" or "central" first`],
    [["relay", "--root", "/x"], `Unknown role "relay": write "agent" or "central" first`],
    [
      ["agent", "--root", "/x"],
      "Missing --central: give the central host's RELP address, HOST:PORT",
    ],
    [["central"], "Missing --root: give an absolute folder"],
    [["central", "--root", "/x", "--bogus"], `Unknown option "--bogus": check its spelling`],
    [["central", "--root"], "Missing value for --root: write the option followed by its value"],
    [["central", "central", "--root", "/x"], `Unexpected argument "central": give one role`],
  ];
  for (const [args, message] of cases) {
    const result = await runCommand(args);
    assert.equal(result.code, 2, args.join(" "));
    assert.equal(result.stdout, "");
    assert.equal(result.stderr, `${message}; run with --help for usage\n`);
  }
  const help = await runCommand(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /deno task rsyslog-config agent {3}--root DIR --central HOST:PORT/);
  assert.ok(RSYSLOGD === undefined || RSYSLOGD.startsWith("/"));
});
