/**
 * Progress on long steps: the line itself with an injected clock, and the command for real, with
 * stderr piped (nothing printed) and on a pseudo-terminal made by `script` (util-linux).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type BackupProgress, formatProgress, progressLine } from "../../lib/backup/progress.ts";
import { repoPath, runDeno, skipUnless, tempRoot } from "../helpers.ts";
import { archiveNames, layOut } from "./archive_helpers.ts";

const MiB = 1 << 20;

Deno.test("formatProgress() says the step, the path, bytes done of the total and the percentage", () => {
  const table: [BackupProgress, string][] = [
    [
      { step: "compress", path: "/a.txt", done: 0, total: 0 },
      "compressing /a.txt: 0 B of 0 B (100%)",
    ],
    [
      { step: "compress", path: "/a.txt", done: 512 * MiB, total: 1024 * MiB },
      "compressing /a.txt: 512.0 MiB of 1.0 GiB (50%)",
    ],
    [
      { step: "verify", path: "/a.gz", done: 999, total: 1000 },
      "verifying /a.gz: 999 B of 1000 B (99%)",
    ],
  ];
  for (const [progress, text] of table) assert.equal(formatProgress(progress), text);
});

Deno.test("progressLine() shows a step only after the delay, throttled, on one line ended once", () => {
  let clock = 0;
  const out: string[] = [];
  const { onProgress, end } = progressLine({ write: (t) => out.push(t), now: () => clock });
  const at = (ms: number, done: number, path = "/a.txt"): void => {
    clock = ms;
    onProgress({ step: "compress", path, done, total: 100 });
  };
  at(0, 0, "/quick.txt");
  at(900, 100, "/quick.txt"); // done within a second: never shown
  at(1000, 0);
  at(1500, 10);
  at(2000, 20); // 1 s into this step: shown
  at(2050, 30); // within 100 ms of the last: skipped
  at(2150, 40);
  at(2160, 100); // done: shown, and the line ended
  end(); // nothing left open
  const line = (done: number) => `\rcompressing /a.txt: ${done} B of 100 B (${done}%)\x1b[K`;
  assert.deepEqual(out, [line(20), line(40), line(100), "\n"]);
});

Deno.test("progressLine() end() closes a line that a failed step left open", () => {
  const out: string[] = [];
  const { onProgress, end } = progressLine({ write: (t) => out.push(t), delayMs: 0, now: () => 5 });
  onProgress({ step: "compress", path: "/a.txt", done: 1, total: 2 });
  end();
  end();
  assert.deepEqual(out, ["\rcompressing /a.txt: 1 B of 2 B (50%)\x1b[K", "\n"]);
});

/** A root with a 2 MiB server log, due for a forced, compressing backup. */
async function bigLog(root: string): Promise<void> {
  await layOut(root, { state: `${new Date().toISOString()}\n` });
  await Deno.writeTextFile(
    join(root, "server_logs.txt"),
    `${"x".repeat(31)}\n`.repeat(64 * 1024),
  );
}

Deno.test("backup.ts prints no progress when stderr is not a terminal, even with no delay", async () => {
  await using tmp = await tempRoot();
  await bigLog(tmp.root);
  const result = await runDeno([
    "run",
    `-R=${tmp.root}`,
    `-W=${tmp.root}`,
    repoPath("tests/fixtures/backup_progress.ts"),
    "--root",
    tmp.root,
    "--force",
    "--compress",
  ]);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^Backed up: forced .*\narchived .*\.txt\.gz\n$/);
});

const hasScript = await new Deno.Command("script", { args: ["--version"], stdout: "null" })
  .output().then((o) => o.success, () => false);

/** Runs the command on a pseudo-terminal; returns everything the terminal showed. */
async function onTerminal(root: string, flags: string[]): Promise<string> {
  const command = [
    Deno.execPath(),
    "run",
    `-R=${root}`,
    `-W=${root}`,
    repoPath("tests/fixtures/backup_progress.ts"),
    "--root",
    root,
    ...flags,
  ].map((word) => `'${word}'`).join(" ");
  const output = await new Deno.Command("script", {
    args: ["-qec", command, "/dev/null"],
    env: { NO_COLOR: "1" },
    stdin: "null",
  }).output();
  assert.equal(output.code, 0);
  return new TextDecoder().decode(output.stdout);
}

Deno.test({
  name: "backup.ts shows progress on a terminal while compressing, and none with --json",
  ignore: skipUnless(
    hasScript,
    "progress_test: the terminal case needs script: install util-linux",
  ),
  fn: async () => {
    await using tmp = await tempRoot();
    await bigLog(tmp.root);
    const shown = await onTerminal(tmp.root, ["--force", "--compress"]);
    const [archive] = await archiveNames(tmp.root);
    const plain = join(tmp.root, "backup_logs", archive!.replace(/\.gz$/, ""));
    assert.ok(
      shown.includes(`\rcompressing ${plain}: 2.0 MiB of 2.0 MiB (100%)\x1b[K\r\n`),
      JSON.stringify(shown),
    );
    assert.ok(
      shown.includes(`\rverifying ${plain}.gz: 2.0 MiB of 2.0 MiB (100%)\x1b[K\r\n`),
      JSON.stringify(shown),
    );
    assert.match(shown, /\r\narchived .*\.txt\.gz\r\n$/);

    await bigLog(tmp.root);
    const json = await onTerminal(tmp.root, ["--force", "--compress", "--json"]);
    assert.ok(!json.includes("compressing"), json);
    assert.equal(JSON.parse(json.replaceAll("\r\n", "\n")).compressed.length, 1);
  },
});
