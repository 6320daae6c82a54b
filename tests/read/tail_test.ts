/** CategoryTail, one poll at a time: what happens between two polls is read once, in order. */
import assert from "node:assert/strict";
import { CategoryTail } from "../../lib/read/tail.ts";
import { compileFilter } from "../../lib/read/filter.ts";
import { checkAndBackupLogs } from "../../lib/backup/archive.ts";
import { logTo } from "../../lib/write/log.ts";
import { tempRoot } from "../helpers.ts";

async function polled(tail: CategoryTail): Promise<string[]> {
  return (await tail.poll()).map((r) => r.entry);
}

for (const compress of [false, true]) {
  Deno.test(`CategoryTail: files created, written and archived between two polls are read${compress ? " (compressed)" : ""}`, async () => {
    await using tmp = await tempRoot();
    const root = tmp.root;
    await checkAndBackupLogs({ root });
    await logTo("login", "before start", { root });
    const tail = new CategoryTail(root, "login", compileFilter({ root }));
    try {
      await tail.startAtEnd();
      assert.deepEqual(await polled(tail), []);
      await logTo("login", "a", { root });
      await checkAndBackupLogs({ root, force: true, compress }); // the held file moves
      await logTo("login", "b", { root }); // a file never seen by the tail...
      await checkAndBackupLogs({ root, force: true, compress }); // ...archived at once
      await logTo("login", "c", { root });
      await checkAndBackupLogs({ root, force: true, compress });
      await logTo("login", "d", { root });
      assert.deepEqual(await polled(tail), ["a", "b", "c", "d"]);
      assert.deepEqual(await polled(tail), []);
      await checkAndBackupLogs({ root, force: true, compress });
      assert.deepEqual(await polled(tail), []); // the archive of what was read: nothing twice
      await logTo("login", "e", { root });
      assert.deepEqual(await polled(tail), ["e"]);
    } finally {
      tail.close();
    }
  });
}

Deno.test("CategoryTail: a truncated file restarts at 0; a removed one waits for the next", async () => {
  await using tmp = await tempRoot();
  const root = tmp.root;
  const file = `${root}/server_logs.txt`;
  await logTo("server", "one", { root });
  const tail = new CategoryTail(root, "server", compileFilter({ root }));
  try {
    await tail.startAtEnd();
    await logTo("server", "two", { root });
    assert.deepEqual(await polled(tail), ["two"]);
    const text = await Deno.readTextFile(file);
    await Deno.writeTextFile(file, text.split("\n")[0]!.replace("one", "new") + "\n"); // truncate in place
    assert.deepEqual(await polled(tail), ["new"]);
    await Deno.remove(file);
    assert.deepEqual(await polled(tail), []);
    await logTo("server", "three", { root });
    assert.deepEqual(await polled(tail), ["three"]);
  } finally {
    tail.close();
  }
});
