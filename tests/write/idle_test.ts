/**
 * The writer lets go of a file it has not written to for IDLE_RELEASE_MS, with one unref'd
 * timer: it leaves nothing behind for the test sanitizers and never keeps a process alive. In a
 * file of its own, so that no file kept by another test is open when it starts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { logEvent } from "../../mod.ts";
import { openFileCount } from "../../lib/write/writer.ts";
import { isUnused } from "../../lib/io/lock.ts";
import { readLines, repoPath, runDeno, tempRoot } from "../helpers.ts";

/** Polls `ready` every 50 ms; throws after 30 s (a bound on a hang, not a timing claim). */
async function waitUntil(what: string, ready: () => boolean): Promise<void> {
  for (let tries = 0; !ready(); tries++) {
    if (tries > 600) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

Deno.test({
  name: "logEvent() lets go of an idle file by itself, leaving no timer or file behind",
  sanitizeOps: true,
  sanitizeResources: true,
  fn: async () => {
    await using tmp = await tempRoot();
    const path = join(tmp.root, "login_logs.txt");
    await logEvent(path, "one");
    assert.equal(openFileCount(), 1);
    assert.equal(await isUnused(path), false);
    await waitUntil("the idle file to be released", () => openFileCount() === 0);
    assert.equal(await isUnused(path), true);
    await logEvent(path, "two"); // reopens, and lets go again
    await waitUntil("the idle file to be released again", () => openFileCount() === 0);
    assert.deepEqual((await readLines(path)).map((line) => line.split(" - ")[1]), ["one", "two"]);
  },
});

Deno.test("logEvent() never keeps a process alive for its idle timer", async () => {
  await using tmp = await tempRoot();
  const file = join(tmp.root, "server_logs.txt");
  const run = await runDeno([
    "run",
    `-R=${tmp.root}`,
    `-W=${tmp.root}`,
    repoPath("tests/fixtures/log_once.ts"),
    file,
  ]);
  assert.equal(run.stderr, "");
  assert.equal(run.code, 0);
  assert.equal(run.stdout, "open at exit: 1\n"); // exited with the file still kept: not waited
  assert.equal((await readLines(file)).length, 1);
});
