/** serve.ts as a real subprocess: flags, the token, the cookie, permissions, SIGTERM. */
import assert from "node:assert/strict";
import { logTo } from "../../lib/write/log.ts";
import { repoPath, runDeno, tempRoot } from "../helpers.ts";

interface Served extends AsyncDisposable {
  origin: string;
  token: string;
  output: string;
  process: Deno.ChildProcess;
}

async function startServe(
  root: string,
  extra: string[] = [],
  flags: string[] = [],
): Promise<Served> {
  const process = new Deno.Command(Deno.execPath(), {
    args: ["run", `--allow-read=${root}`, "--allow-net=127.0.0.1", ...flags, repoPath("serve.ts")]
      .concat(["--root", root, "--port", "0", ...extra]),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const reader = process.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let output = "";
  while (!/\?token=\S+\n/.test(output)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    output += chunk.value;
  }
  reader.releaseLock();
  const url = /(http:\/\/\S+)\/\?token=(\S+)/.exec(output);
  if (!url) throw new Error(`no URL in ${JSON.stringify(output)}`);
  return {
    origin: url[1]!,
    token: url[2]!,
    output,
    process,
    async [Symbol.asyncDispose]() {
      try {
        process.kill("SIGTERM");
      } catch { /* already gone */ }
      await process.status;
      await process.stdout.cancel().catch(() => {});
      await process.stderr.cancel().catch(() => {});
    },
  };
}

Deno.test("serve.ts --help prints the usage; bad flags exit 2", async () => {
  const help = await runDeno(["run", repoPath("serve.ts"), "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: deno task serve \[options\]/);
  const bad = await runDeno(["run", repoPath("serve.ts"), "--port", "http"]);
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr,
    'Invalid value for --port: "http" is not 0 to 65535; run with --help for usage\n',
  );
});

Deno.test("serve.ts prints the URL with a random token once; the token opens the page", async () => {
  await using tmp = await tempRoot();
  await logTo("login", "alice logged in", { root: tmp.root });
  await using served = await startServe(tmp.root);
  assert.match(served.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(served.token, /^[0-9a-f]{64}$/);
  assert.equal(served.output.split(served.token).length, 2, "the token is printed once");
  const page = `${served.origin}/`;
  const refused = await fetch(page);
  assert.equal(refused.status, 401);
  await refused.body?.cancel();
  const login = await fetch(`${page}?range=1h&token=${served.token}`, { redirect: "manual" });
  assert.equal(login.status, 303);
  assert.equal(login.headers.get("location"), "/?range=1h");
  const cookie = login.headers.get("set-cookie")!;
  assert.equal(cookie, `panel_logs_token=${served.token}; Path=/; HttpOnly; SameSite=Strict`);
  const withCookie = await fetch(page, { headers: { cookie: cookie.split(";")[0]! } });
  assert.equal(withCookie.status, 200);
  assert.match(await withCookie.text(), /<table id="records">/);
  const api = await fetch(`${served.origin}/api/records`, {
    headers: { authorization: `Bearer ${served.token}` },
  });
  assert.equal((await api.json()).records[0].entry, "alice logged in");
  const wrong = await fetch(`${page}?token=${"0".repeat(64)}`, { redirect: "manual" });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers.get("set-cookie"), null);
  await wrong.body?.cancel();
});

Deno.test("serve.ts --token-file reads the token; a bad or missing file is refused", async () => {
  await using tmp = await tempRoot();
  const file = `${tmp.root}/token.txt`;
  await Deno.writeTextFile(file, "my-token-from-a-file-0001\n");
  {
    await using served = await startServe(tmp.root, ["--token-file", file]);
    assert.equal(served.token, "my-token-from-a-file-0001");
    const response = await fetch(`${served.origin}/api/files`, {
      headers: { authorization: `Bearer ${served.token}` },
    });
    assert.equal(response.status, 200);
    await response.body?.cancel();
  }
  await Deno.writeTextFile(file, "short\n");
  const args = ["run", `--allow-read=${tmp.root}`, repoPath("serve.ts"), "--token-file"];
  const bad = await runDeno([...args, file]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^Invalid token in ".*token\.txt": use 16 to 512 characters of /);
  const missing = await runDeno([...args, `${tmp.root}/none.txt`]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^Cannot read ".*none\.txt": /);
});

Deno.test("serve.ts without net permission for its address says which flag to add", async () => {
  await using tmp = await tempRoot();
  const run = await runDeno([
    "run",
    "--no-prompt",
    `--allow-read=${tmp.root}`,
    "--allow-net=127.0.0.1:1",
    repoPath("serve.ts"),
    "--root",
    tmp.root,
    "--port",
    "8089",
  ]);
  assert.equal(run.code, 1);
  assert.equal(
    run.stderr,
    "Cannot listen on 127.0.0.1:8089: Deno has no permission for it; run with --allow-net=127.0.0.1:8089\n",
  );
});

Deno.test("serve.ts stops with status 0 on SIGTERM and SIGINT, even with a stream open", async () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    await using tmp = await tempRoot();
    const before = await tree(tmp.root);
    await using served = await startServe(tmp.root);
    const response = await fetch(`${served.origin}/api/stream`, {
      headers: { authorization: `Bearer ${served.token}` },
    });
    const reader = response.body!.getReader();
    assert.match(new TextDecoder().decode((await reader.read()).value), /^retry: /);
    served.process.kill(signal);
    const status = await served.process.status;
    assert.equal(status.code, 0, signal);
    assert.equal((await reader.read().catch(() => ({ done: true }))).done, true);
    assert.deepEqual(await tree(tmp.root), before, "the viewer wrote nothing");
  }
});

async function tree(root: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(root)) names.push(entry.name);
  return names.sort();
}

Deno.test("serve.ts --hosts and --all-hosts serve a central root; bad hosts exit 2", async () => {
  await using tmp = await tempRoot();
  await logTo("login", "on app1", { root: `${tmp.root}/app1` });
  await logTo("login", "on app2", { root: `${tmp.root}/app2` });
  for (const flags of [["--hosts", "app1,app2"], ["--all-hosts"]]) {
    await using served = await startServe(tmp.root, flags);
    assert.match(served.output, /^Serving the logs in ".*" \(hosts app1, app2\), read-only, at\n/);
    const response = await fetch(`${served.origin}/api/records?host=app2`, {
      headers: { authorization: `Bearer ${served.token}` },
    });
    const records = (await response.json()).records as { host: string; entry: string }[];
    assert.deepEqual(records.map((r) => [r.host, r.entry]), [["app2", "on app2"]]);
  }
  const cases: [string[], string][] = [
    [["--hosts", "../etc"], 'Invalid host name in --hosts "../etc": use letters, digits'],
    [["--hosts", "app1", "--all-hosts"], "Invalid options: give --hosts or --all-hosts, not both"],
  ];
  for (const [flags, message] of cases) {
    const bad = await runDeno(["run", `--allow-read=${tmp.root}`, repoPath("serve.ts"), ...flags]);
    assert.equal(bad.code, 2, flags.join(" "));
    assert.ok(bad.stderr.startsWith(message), bad.stderr);
  }
});
