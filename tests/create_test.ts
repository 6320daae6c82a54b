import assert from "node:assert/strict";
import { createLogs } from "../mod.ts";
import { releaseFiles } from "../lib/write/writer.ts";
import { readLines, tempRoot } from "./helpers.ts";

const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d - /;

Deno.test("createLogs() binds every category function to one root", async () => {
  await using tmp = await tempRoot();
  const logs = createLogs({ root: tmp.root });
  await Promise.all([
    logs.login("l"),
    logs.work("w"),
    logs.console("c"),
    logs.users("u"),
    logs.to("billing", "b"),
  ]);
  const expected = { login: "l", server: "w", console: "c", users: "u", billing: "b" };
  for (const [category, entry] of Object.entries(expected)) {
    const lines = await readLines(`${tmp.root}/${category}_logs.txt`);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, LINE);
    assert.ok(lines[0]!.endsWith(` - ${entry}`));
  }
  releaseFiles(Object.keys(expected).map((c) => `${tmp.root}/${c}_logs.txt`));
});

Deno.test("createLogs() backs up with its settings, and overrides win", async () => {
  await using tmp = await tempRoot();
  const logs = createLogs({
    root: tmp.root,
    compress: true,
    categories: ["login", "billing"],
    createCategories: true,
  });
  assert.equal((await logs.backup()).reason, "first-run");
  await logs.to("billing", "invoice 7 paid");
  await logs.users("not a configured category, not archived");
  const report = await logs.backup({ force: true });
  assert.equal(report.reason, "forced");
  assert.deepEqual(report.archived.map((p) => p.replace(/_[\d_-]+\.txt\.gz$/, "")), [
    `${tmp.root}/backup_logs/billing_logs`,
  ]);
  assert.equal((await readLines(`${tmp.root}/users_logs.txt`)).length, 1);
  releaseFiles([`${tmp.root}/billing_logs.txt`, `${tmp.root}/users_logs.txt`]);
});

Deno.test("createLogs() rejects a bad root or option at once", () => {
  assert.throws(() => createLogs({ root: "" }), {
    name: "TypeError",
    message: /root must be a non-empty folder path/,
  });
  assert.throws(() => createLogs({ keep: 0 }), {
    name: "RangeError",
    message: /keep must be a positive whole number/,
  });
  assert.throws(() => createLogs({ categories: ["a/b"] }), {
    name: "RangeError",
    message: /Invalid log category "a\/b"/,
  });
});

Deno.test("createLogs().to() rejects a bad category and writes nothing", async () => {
  await using tmp = await tempRoot();
  const logs = createLogs({ root: tmp.root });
  await assert.rejects(logs.to("../x", "e"), {
    name: "RangeError",
    message: /Invalid log category "\.\.\/x"/,
  });
  assert.deepEqual([...Deno.readDirSync(tmp.root)], []);
});
