import assert from "node:assert/strict";
import { rsyslogConfig } from "../../mod.ts";
import { repoPath } from "../helpers.ts";

Deno.test("README: the rsyslog configurations shown are what rsyslog-config prints", async () => {
  const readme = await Deno.readTextFile(repoPath("README.md"));
  const blocks = [...readme.matchAll(/```rsyslog\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.deepEqual(blocks, [
    rsyslogConfig({
      role: "agent",
      root: "/srv/panel/logs",
      central: "logs.example.com:2514",
      hostname: "app1",
    }),
    rsyslogConfig({ role: "central", root: "/srv/central" }),
  ]);
  for (
    const command of [
      "deno task rsyslog-config agent --root /srv/panel/logs --central logs.example.com:2514 --hostname app1",
      "deno task rsyslog-config central --root /srv/central",
    ]
  ) assert.ok(readme.includes(command), command);
});
