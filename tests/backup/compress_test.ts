/**
 * Compression of a large log: streamed, bounded memory, byte-exact. The 64 MiB case runs in
 * `deno task test`; the 1 GiB case runs with `--allow-env=LOGGING_BIG_COMPRESS` and
 * LOGGING_BIG_COMPRESS=1.
 */
import assert from "node:assert/strict";
import { repoPath, runDeno, skipUnless, tempRoot } from "../helpers.ts";

const MiB = 1 << 20;
const hasGzip = await new Deno.Command("sh", { args: ["-c", "command -v gzip && command -v cmp"] })
  .output().then((o) => o.success, () => false);
const big = Deno.permissions.querySync({ name: "env", variable: "LOGGING_BIG_COMPRESS" }).state ===
    "granted" && Deno.env.get("LOGGING_BIG_COMPRESS") === "1";

async function writeLog(path: string, mib: number): Promise<void> {
  await using file = await Deno.open(path, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  for (let m = 0, n = 0; m < mib; m++) {
    let text = "";
    while (text.length < MiB) {
      text += `2026-11-24T14:05:09.042+00:00 - user ${(n * 2654435761) % 99991} did ${
        (n++).toString(36)
      }\n`;
    }
    await file.write(encoder.encode(text));
  }
}

async function compressLog(mib: number): Promise<void> {
  await using tmp = await tempRoot();
  const root = `${tmp.root}/logs`;
  await Deno.mkdir(`${root}/dates`, { recursive: true });
  await Deno.writeTextFile(`${root}/dates/backup_date.txt`, "2026-01-01T00:00:00Z\n");
  await writeLog(`${root}/server_logs.txt`, mib);
  await Deno.copyFile(`${root}/server_logs.txt`, `${tmp.root}/original.txt`);

  const run = await runDeno([
    "run",
    `-R=${root}`,
    `-W=${root}`,
    repoPath("tests/fixtures/compress_peak.ts"),
    root,
  ]);
  assert.equal(run.code, 0, run.stderr);
  const { archived, peakBytes } = JSON.parse(run.stdout);
  console.log(`compressing ${mib} MiB: peak RSS ${(peakBytes / MiB).toFixed(1)} MiB`);
  assert.equal(archived.length, 1);
  assert.match(archived[0], /server_logs_\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.txt\.gz$/);
  assert.ok(peakBytes < 100 * MiB, `peak RSS ${peakBytes} bytes is not under 100 MiB`);
  assert.deepEqual([...Deno.readDirSync(`${root}/backup_logs`)].map((e) => e.name), [
    archived[0].split("/").pop(),
  ]);
  const same = await new Deno.Command("sh", {
    args: ["-c", 'gzip -dc "$1" | cmp - "$2"', "sh", archived[0], `${tmp.root}/original.txt`],
  }).output();
  assert.equal(same.code, 0, new TextDecoder().decode(same.stdout));
}

Deno.test({
  name: "checkAndBackupLogs() compresses a 64 MiB log byte-exact in under 100 MiB of memory",
  ignore: skipUnless(
    hasGzip,
    "compress_test: the 64 MiB case needs gzip and cmp: install gzip and diffutils",
  ),
  fn: () => compressLog(64),
});

Deno.test({
  name: "checkAndBackupLogs() compresses a 1 GiB log byte-exact in under 100 MiB of memory",
  ignore: skipUnless(
    hasGzip && big,
    "compress_test: the 1 GiB case (2 GiB of temporary files) runs only when asked: " +
      "LOGGING_BIG_COMPRESS=1 deno test -R -W --allow-run --allow-env=LOGGING_BIG_COMPRESS " +
      "tests/backup/compress_test.ts",
  ),
  fn: () => compressLog(1024),
});
