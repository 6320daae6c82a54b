/**
 * Fault injection: writer processes log numbered entries and print each one acknowledged,
 * while backup processes are killed with SIGKILL at seeded random moments. After a final
 * backup, every acknowledged entry must be on disk exactly once, and every line whole.
 * The soak variant: `deno test -R -W --allow-run --allow-env=LOGGING_FAULT_TRIALS,LOGGING_FAULT_SEED
 * tests/fault_test.ts` with LOGGING_FAULT_TRIALS (default 50) and LOGGING_FAULT_SEED (default
 * 20261124); `deno task test` grants no env access, so it runs the defaults.
 */
import assert from "node:assert/strict";
import { checkAndBackupLogs } from "../../mod.ts";
import { releaseFiles } from "../../lib/write/writer.ts";
import { repoPath, seededRandom, tempRoot } from "../helpers.ts";

const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d - (w\d+-\d+)$/;

function envNumber(name: string, fallback: number): number {
  const granted = Deno.permissions.querySync({ name: "env", variable: name }).state === "granted";
  return Number((granted ? Deno.env.get(name) : undefined) ?? fallback);
}

function spawn(script: string, args: string[], stderr: "null" | "piped"): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", repoPath(`tests/fixtures/${script}`), ...args],
    stdin: "piped",
    stdout: "piped",
    stderr,
  }).spawn();
}

async function readAll(dir: string): Promise<string> {
  let text = "";
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.name.endsWith(".txt")) text += await Deno.readTextFile(path);
    if (!entry.name.endsWith(".txt.gz")) continue;
    const file = await Deno.open(path);
    text += await new Response(file.readable.pipeThrough(new DecompressionStream("gzip"))).text();
  }
  return text;
}

Deno.test("checkAndBackupLogs() loses and duplicates no acknowledged line when killed at random", async () => {
  const trials = envNumber("LOGGING_FAULT_TRIALS", 50);
  const seed = envNumber("LOGGING_FAULT_SEED", 20261124);
  const random = seededRandom(seed);
  await using tmp = await tempRoot();
  // A writer that fails (a backup's rename raced its open) must say so, not just stop acking.
  const writers = [1, 2].map((id) => spawn("writer.ts", [tmp.root, String(id)], "piped"));
  const errors = writers.map((w) => new Response(w.stderr).text());
  const acked = writers.map((w, i) =>
    new Response(w.stdout).text().then((t) => t.trim().split("\n").map((n) => `w${i + 1}-${n}`))
  );
  for (let trial = 0; trial < trials; trial++) {
    const flags = trial % 2 ? ["--compress"] : [];
    const backup = spawn("backup_loop.ts", [tmp.root, ...flags], "null");
    await new Promise((resolve) => setTimeout(resolve, 30 + random() * 400));
    backup.kill("SIGKILL");
    await backup.status;
    await backup.stdin.close();
    await backup.stdout.cancel();
  }
  for (const writer of writers) await writer.stdin.close();
  for (const [i, writer] of writers.entries()) {
    assert.equal((await writer.status).code, 0, `writer w${i + 1} failed: ${await errors[i]}`);
  }
  await checkAndBackupLogs({ root: tmp.root, force: true, compress: true });
  releaseFiles([]);

  const lines = (await readAll(tmp.root) + await readAll(`${tmp.root}/backup_logs`)).split("\n");
  const counts = new Map<string, number>();
  for (const line of lines.filter((l) => l !== "")) {
    const entry = LINE.exec(line)?.[1];
    assert.ok(entry, `a line is not whole: ${JSON.stringify(line)}`);
    counts.set(entry, (counts.get(entry) ?? 0) + 1);
  }
  const ackedEntries = (await Promise.all(acked)).flat();
  const lost = ackedEntries.filter((entry) => !counts.has(entry));
  const duplicated = [...counts].filter(([, count]) => count > 1).map(([entry]) => entry);
  console.log(
    `fault injection: seed ${seed}, ${trials} trials, ${ackedEntries.length} lines acknowledged, ` +
      `${counts.size} found, ${lost.length} lost, ${duplicated.length} duplicated`,
  );
  assert.ok(ackedEntries.length > 1000, "the writers acknowledged too few lines to mean anything");
  assert.deepEqual(lost, []);
  assert.deepEqual(duplicated, []);
});
