/**
 * Real disk faults on small tmpfs mounts: no space left, a read-only file system. Mounting needs
 * root; elsewhere these tests are skipped with a message.
 */
import assert from "node:assert/strict";
import { checkAndBackupLogs, logEvent, LogFileError } from "../../mod.ts";
import { releaseFiles } from "../../lib/write/writer.ts";
import { canMount, skipUnless, tempRoot } from "../helpers.ts";

async function sh(...args: string[]): Promise<boolean> {
  const output = await new Deno.Command(args[0]!, { args: args.slice(1), stderr: "null" }).output()
    .catch(() => ({ success: false }));
  return output.success;
}

async function tmpfs(size: string): Promise<{ dir: string } & AsyncDisposable> {
  const tmp = await tempRoot();
  if (!(await sh("mount", "-t", "tmpfs", "-o", `size=${size}`, "tmpfs", tmp.root))) {
    await tmp[Symbol.asyncDispose]();
    throw new Error("cannot mount tmpfs");
  }
  return {
    dir: tmp.root,
    [Symbol.asyncDispose]: async () => {
      await sh("umount", tmp.root);
      await tmp[Symbol.asyncDispose]();
    },
  };
}

const mountable = await canMount();
skipUnless(
  mountable,
  "disk_faults_test: the full-disk and read-only cases mount a tmpfs: run as root",
);

async function fill(dir: string): Promise<void> {
  await sh("sh", "-c", `head -c 100000000 /dev/urandom > "${dir}/filler" 2>/dev/null; true`);
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const sub of ["", "/dates", "/backup_logs"]) {
    for await (const entry of Deno.readDir(dir + sub)) {
      if (entry.isFile) {
        out[`${sub}/${entry.name}`] = await Deno.readTextFile(`${dir}${sub}/${entry.name}`);
      }
    }
  }
  return out;
}

Deno.test({
  name: "logEvent() on a full disk rejects with a LogFileError naming the path and keeps the file",
  ignore: !mountable,
  fn: async () => {
    await using mount = await tmpfs("256k");
    const path = `${mount.dir}/server_logs.txt`;
    await logEvent(path, "before");
    const before = await Deno.readTextFile(path);
    await fill(mount.dir);
    const error = await logEvent(path, "x".repeat(300_000)).catch((e) => e);
    releaseFiles([path]);
    assert.ok(error instanceof LogFileError);
    assert.equal(error.path, path);
    assert.match(
      error.message,
      /^Cannot append to log file ".*server_logs\.txt": no space left on the device; free some space/,
    );
    assert.ok((await Deno.readTextFile(path)).startsWith(before));
  },
});

Deno.test({
  name: "checkAndBackupLogs() with compress on a full disk keeps the plain archive and the state",
  ignore: !mountable,
  fn: async () => {
    await using mount = await tmpfs("1m");
    const root = mount.dir;
    await Deno.mkdir(`${root}/dates`);
    await Deno.writeTextFile(`${root}/dates/backup_date.txt`, "2026-01-01T00:00:00Z\n");
    const random = await new Deno.Command("sh", {
      args: ["-c", "head -c 300000 /dev/urandom | base64 -w 76"],
    }).output();
    await Deno.writeFile(`${root}/login_logs.txt`, random.stdout);
    await fill(root);
    const now = () => new Date("2026-11-24T12:00:00Z");
    const error = await checkAndBackupLogs({ root, compress: true, now }).catch((e) => e);
    assert.ok(error instanceof LogFileError, String(error));
    assert.match(
      error.message,
      /^Cannot compress archive ".*login_logs_[\d_-]+\.txt": no space left on the device/,
    );
    const after = await snapshot(root);
    assert.equal(after["/dates/backup_date.txt"], "2026-01-01T00:00:00Z\n");
    const archives = Object.keys(after).filter((name) => name.startsWith("/backup_logs/"));
    assert.deepEqual(archives.map((name) => name.replace(/[\d_-]+\.txt$/, "")), [
      "/backup_logs/login_logs",
    ]);
    assert.equal(after[archives[0]!], new TextDecoder().decode(random.stdout));

    await Deno.remove(`${root}/filler`);
    const report = await checkAndBackupLogs({ root, compress: true, now });
    assert.equal(report.reason, "due");
    const names = [...Deno.readDirSync(`${root}/backup_logs`)].map((e) => e.name);
    assert.deepEqual(names, [archives[0]!.slice("/backup_logs/".length) + ".gz"]);
  },
});

Deno.test({
  name: "checkAndBackupLogs() on a read-only file system changes nothing and says so",
  ignore: !mountable,
  fn: async () => {
    await using mount = await tmpfs("1m");
    const root = mount.dir;
    await checkAndBackupLogs({ root, now: () => new Date("2026-01-01T00:00:00Z") });
    await Deno.writeTextFile(`${root}/users_logs.txt`, "2026-01-01T00:00:01.000+00:00 - alice\n");
    const before = await snapshot(root);
    assert.ok(await sh("mount", "-o", "remount,ro", root));
    const error = await checkAndBackupLogs({ root, force: true }).catch((e) => e);
    assert.ok(error instanceof LogFileError, String(error));
    assert.match(error.message, /read-only; remount it read-write or choose another root$/);
    const write = await logEvent(`${root}/users_logs.txt`, "bob").catch((e) => e);
    assert.match(
      write.message,
      /^Cannot append to log file ".*users_logs\.txt": the file system is read-only/,
    );
    assert.deepEqual(await snapshot(root), before);
    assert.ok(await sh("mount", "-o", "remount,rw", root));
  },
});

Deno.test({
  name: "logEvent() after a write cut short by a full disk starts its next line on a new line",
  ignore: !mountable,
  fn: async () => {
    await using mount = await tmpfs("64k");
    const path = `${mount.dir}/users_logs.txt`;
    await fill(mount.dir);
    // Free two pages (8 KiB): the burst below (about 11,000 bytes) fills them mid-line.
    const filler = `${mount.dir}/filler`;
    await Deno.truncate(filler, (await Deno.stat(filler)).size - 8192);
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => logEvent(path, `burst-${i}-${"x".repeat(80)}`)),
    );
    assert.ok(results.some((r) => r.status === "rejected"), "the disk did not fill");
    const cut = await Deno.readTextFile(path);
    assert.ok(!cut.endsWith("\n"), "the burst did not stop mid-line, so this test shows nothing");
    await Deno.remove(filler);
    await logEvent(path, "after space freed");
    releaseFiles([path]);
    const lines = (await Deno.readTextFile(path)).split("\n");
    assert.equal(lines.pop(), "");
    assert.match(lines.at(-1)!, /^\d{4}-\d\d-\d\dT[\d:.]+[+-]\d\d:\d\d - after space freed$/);
    const whole = /^\d{4}-\d\d-\d\dT[\d:.]+[+-]\d\d:\d\d - burst-\d+-x{80}$/;
    assert.ok(lines.slice(0, -1).filter((line) => !whole.test(line)).length <= 1);
  },
});
