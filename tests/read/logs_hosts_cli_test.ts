import assert from "node:assert/strict";
import { logTo } from "../../mod.ts";
import { repoPath, runDeno, tempRoot } from "../helpers.ts";

const at = (minute: number) => () => new Date(2026, 10, 24, 9, minute);

function logs(root: string, args: string[]) {
  return runDeno(["run", `--allow-read=${root}`, repoPath("logs.ts"), "--root", root, ...args]);
}

Deno.test("logs --hosts: a central root read as one, each line with its host", async () => {
  await using tmp = await tempRoot();
  await logTo("login", "ann logged in", { root: `${tmp.root}/app1`, now: at(1) });
  await logTo("server", "disk full", { root: `${tmp.root}/app2`, now: at(2) });
  const text = await logs(tmp.root, ["--hosts", "app1,app2"]);
  assert.equal(text.code, 0, text.stderr);
  assert.deepEqual(text.stdout.trim().split("\n").map((l) => l.replace(/^\S+ /, "")), [
    "app1/login - ann logged in",
    "app2/server - disk full",
  ]);
  const json = await logs(tmp.root, ["--hosts", "app2", "--json"]);
  const record = JSON.parse(json.stdout);
  assert.deepEqual([record.host, record.category, record.entry], ["app2", "server", "disk full"]);
  const counts = await logs(tmp.root, [
    ...["--hosts", "app1,app2", "--count-by", "hour"],
    ...["--since", "2026-11-24 09:00", "--until", "2026-11-24 10:00"],
  ]);
  assert.equal(counts.code, 0, counts.stderr);
  const [header, row] = counts.stdout.trim().split("\n");
  assert.match(header!, /app1 +app2$/);
  assert.match(row!, / 2( +\d+){4} +1 +1 +#+$/);
  const bad = await logs(tmp.root, ["--hosts", "../x"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^Invalid host name "\.\.\/x": /);
});
