/**
 * checkAndBackupLogs() after a crash, with compression and retention, from several processes at
 * once, and in other time zones. Half-done backups are laid out by hand; subprocesses run real
 * backups against the same root.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type BackupReport, checkAndBackupLogs, LogFileError } from "../../mod.ts";
import { canMount, fixedClock, repoPath, skipUnless, tempRoot } from "../helpers.ts";
import {
  archiveNames,
  categoryTexts,
  fileUrl,
  gunzip,
  layOut,
  listTree,
  readState,
  rfc3339,
  snapshot,
} from "./archive_helpers.ts";

const NOW = "2026-11-24T14:05:09"; // local time
const STAMP = "2026-11-24_14-05-09";
const AT = new Date(NOW);
const now = fixedClock(NOW);
const CRASH_STAMP = "2026-11-24_14-00-00"; // the backup that was cut short
const OLD = "2026-10-20T08:00:00Z"; // due at NOW
const RECENT = "2026-11-20T08:00:00Z"; // not due at NOW
const EMPTY_FILES = { console: "", login: "", server: "", users: "" };

/** Every line in the category files and the plain archives, sorted. */
async function allLines(root: string): Promise<string[]> {
  const lines: string[] = [];
  for (const [path, text] of await snapshot(root)) {
    if (path.startsWith("dates/") || path.endsWith("/")) continue;
    lines.push(...text.split("\n").filter((line) => line !== ""));
  }
  return lines.sort();
}

async function gzipText(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

Deno.test("checkAndBackupLogs() finishes a backup cut short after some files moved, once", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, {
    state: OLD,
    files: {
      [`backup_logs/login_logs_${CRASH_STAMP}.txt`]: "l1\nl2\n", // moved, not recreated
      "console_logs.txt": "c1\n", // not moved yet
      "server_logs.txt": "s1\ns2\n",
    },
  });
  const report = await checkAndBackupLogs({ root: tmp.root, now });
  const dir = join(tmp.root, "backup_logs");
  assert.equal(report.reason, "due");
  assert.deepEqual(report.archived, [
    join(dir, `console_logs_${STAMP}.txt`),
    join(dir, `server_logs_${STAMP}.txt`),
  ]);
  assert.deepEqual(await snapshot(dir), [
    [`console_logs_${STAMP}.txt`, "c1\n"],
    [`login_logs_${CRASH_STAMP}.txt`, "l1\nl2\n"],
    [`server_logs_${STAMP}.txt`, "s1\ns2\n"],
  ]);
  assert.deepEqual(await categoryTexts(tmp.root), EMPTY_FILES);
  assert.deepEqual(await allLines(tmp.root), ["c1", "l1", "l2", "s1", "s2"]);
  assert.equal(await readState(tmp.root), `${rfc3339(AT)}\n`);
  const before = await snapshot(tmp.root);
  const second = await checkAndBackupLogs({ root: tmp.root, now });
  assert.equal(second.reason, "not-due");
  assert.deepEqual(second.archived, []);
  assert.deepEqual(await snapshot(tmp.root), before);
});

Deno.test("checkAndBackupLogs() finishes a backup cut short before the state was written", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, {
    state: OLD,
    files: {
      [`backup_logs/login_logs_${CRASH_STAMP}.txt`]: "l1\n",
      ...Object.fromEntries(Object.keys(EMPTY_FILES).map((c) => [`${c}_logs.txt`, ""])),
    },
  });
  const report = await checkAndBackupLogs({ root: tmp.root, now });
  assert.equal(report.performed, true);
  assert.equal(report.reason, "due");
  assert.deepEqual(report.archived, []);
  assert.deepEqual(await archiveNames(tmp.root), [`login_logs_${CRASH_STAMP}.txt`]);
  assert.equal(await readState(tmp.root), `${rfc3339(AT)}\n`);
  assert.equal((await checkAndBackupLogs({ root: tmp.root, now })).reason, "not-due");
});

const mountable = await canMount();

Deno.test({
  name:
    "checkAndBackupLogs() failing mid-backup keeps the old state; the next run completes it once",
  ignore: skipUnless(
    mountable,
    "archive_recovery_test: the bind-mount case needs root (mount --bind); run as root",
  ),
}, async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, {
    state: OLD,
    files: { "login_logs.txt": "l1\n", "server_logs.txt": "s1\n", "users_logs.txt": "u1\n" },
  });
  // A file bind-mounted over server_logs.txt cannot be linked or moved (EXDEV, EBUSY): the
  // login file moves, then the server move fails.
  const server = join(tmp.root, "server_logs.txt");
  const stand = join(tmp.root, "stand-in.txt");
  await Deno.writeTextFile(stand, "s1\n");
  assert.ok(
    (await new Deno.Command("mount", { args: ["--bind", stand, server] }).output()).success,
  );
  try {
    await assert.rejects(checkAndBackupLogs({ root: tmp.root, now }), (error) => {
      assert.ok(error instanceof LogFileError);
      assert.equal(error.path, server);
      const archive = join(tmp.root, "backup_logs", `server_logs_${STAMP}.txt`);
      assert.match(
        error.message,
        new RegExp(
          `^Cannot archive log file ${RegExp.escape(JSON.stringify(server))} as ${
            RegExp.escape(JSON.stringify(archive))
          }: `,
        ),
      );
      return true;
    });
  } finally {
    await new Deno.Command("umount", { args: [server] }).output();
    await Deno.remove(stand);
  }
  assert.equal(await readState(tmp.root), OLD);
  assert.deepEqual(await categoryTexts(tmp.root), {
    console: null,
    login: null,
    server: "s1\n",
    users: "u1\n",
  });
  const report = await checkAndBackupLogs({ root: tmp.root, now });
  assert.equal(report.reason, "due");
  assert.deepEqual(await snapshot(join(tmp.root, "backup_logs")), [
    [`login_logs_${STAMP}.txt`, "l1\n"],
    [`server_logs_${STAMP}.txt`, "s1\n"],
    [`users_logs_${STAMP}.txt`, "u1\n"],
  ]);
  assert.deepEqual(await categoryTexts(tmp.root), EMPTY_FILES);
  assert.deepEqual(await allLines(tmp.root), ["l1", "s1", "u1"]);
  assert.equal(await readState(tmp.root), `${rfc3339(AT)}\n`);
  assert.equal((await checkAndBackupLogs({ root: tmp.root, now })).reason, "not-due");
});

Deno.test("checkAndBackupLogs() finishes a move cut short after the hard link, archiving it once", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, {
    state: OLD,
    files: { "login_logs.txt": "l1\nl2\n", "server_logs.txt": "s1\n" },
  });
  const login = join(tmp.root, "login_logs.txt");
  const twin = join(tmp.root, "backup_logs", `login_logs_${CRASH_STAMP}.txt`);
  await Deno.link(login, twin);
  const report = await checkAndBackupLogs({ root: tmp.root, now });
  assert.equal(report.reason, "due");
  assert.deepEqual(report.archived.toSorted(), [
    twin,
    join(tmp.root, "backup_logs", `server_logs_${STAMP}.txt`),
  ]);
  assert.deepEqual(await archiveNames(tmp.root), [
    `login_logs_${CRASH_STAMP}.txt`,
    `server_logs_${STAMP}.txt`,
  ]);
  assert.equal(await Deno.readTextFile(twin), "l1\nl2\n");
  assert.equal((await Deno.stat(twin)).nlink, 1);
  assert.equal((await Deno.stat(login)).nlink, 1);
  assert.deepEqual(await categoryTexts(tmp.root), EMPTY_FILES);
  assert.deepEqual(await allLines(tmp.root), ["l1", "l2", "s1"]);
  const before = await snapshot(tmp.root);
  const second = await checkAndBackupLogs({ root: tmp.root, now });
  assert.equal(second.reason, "not-due");
  assert.deepEqual(second.archived, []);
  assert.deepEqual(await snapshot(tmp.root), before);
});

Deno.test("checkAndBackupLogs() separates a hard-linked twin even when no backup is due", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: RECENT, files: { "login_logs.txt": "l1\n" } });
  const login = join(tmp.root, "login_logs.txt");
  const twin = join(tmp.root, "backup_logs", `login_logs_${CRASH_STAMP}.txt`);
  await Deno.link(login, twin);
  const report = await checkAndBackupLogs({ root: tmp.root, now });
  assert.equal(report.reason, "not-due");
  assert.equal(await Deno.readTextFile(twin), "l1\n");
  assert.equal(await Deno.readTextFile(login), "");
  assert.equal((await Deno.stat(twin)).nlink, 1);
  assert.equal(await readState(tmp.root), RECENT);
  await Deno.writeTextFile(login, "l2\n", { append: true });
  assert.equal(await Deno.readTextFile(twin), "l1\n");
});

Deno.test("checkAndBackupLogs() with compress finishes a cut-short move and reports the .gz it made", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: OLD, files: { "login_logs.txt": "l1\n" } });
  const twin = join(tmp.root, "backup_logs", `login_logs_${CRASH_STAMP}.txt`);
  await Deno.link(join(tmp.root, "login_logs.txt"), twin);
  const report = await checkAndBackupLogs({ root: tmp.root, now, compress: true });
  assert.deepEqual(await archiveNames(tmp.root), [`login_logs_${CRASH_STAMP}.txt.gz`]);
  assert.equal(new TextDecoder().decode(await gunzip(`${twin}.gz`)), "l1\n");
  assert.deepEqual(report.archived, [`${twin}.gz`]);
});

Deno.test("checkAndBackupLogs() with compress writes .txt.gz archives that gunzip to the original bytes", async () => {
  await using tmp = await tempRoot();
  const text = Array.from(
    { length: 5000 },
    (_, i) => `line ${i} – é ✓ \u2028 ${"x".repeat(i % 97)}\n`,
  )
    .join("");
  await layOut(tmp.root, { state: OLD, files: { "login_logs.txt": text, "users_logs.txt": "u1" } });
  const report = await checkAndBackupLogs({ root: tmp.root, now, compress: true });
  const dir = join(tmp.root, "backup_logs");
  assert.deepEqual(report.archived, [
    join(dir, `login_logs_${STAMP}.txt.gz`),
    join(dir, `users_logs_${STAMP}.txt.gz`),
  ]);
  assert.deepEqual(await archiveNames(tmp.root), [
    `login_logs_${STAMP}.txt.gz`,
    `users_logs_${STAMP}.txt.gz`,
  ]);
  const gz = await Deno.readFile(join(dir, `login_logs_${STAMP}.txt.gz`));
  assert.deepEqual([gz[0], gz[1]], [0x1f, 0x8b]);
  assert.deepEqual(
    await gunzip(join(dir, `login_logs_${STAMP}.txt.gz`)),
    new TextEncoder().encode(text),
  );
  assert.deepEqual(
    await gunzip(join(dir, `users_logs_${STAMP}.txt.gz`)),
    new TextEncoder().encode("u1"),
  );
  assert.deepEqual(await categoryTexts(tmp.root), EMPTY_FILES);
});

Deno.test("checkAndBackupLogs() removes .gz.tmp leftovers and a plain archive that has its .gz", async () => {
  await using tmp = await tempRoot();
  const old = "2026-10-01_00-00-00";
  const gz = await gzipText("s-old\n");
  await layOut(tmp.root, {
    state: RECENT,
    files: {
      [`backup_logs/login_logs_${old}.txt.gz.tmp`]: "half",
      [`backup_logs/server_logs_${old}.txt`]: "s-old\n",
      [`backup_logs/users_logs_${old}.txt`]: "u-old\n",
    },
  });
  await Deno.writeFile(join(tmp.root, "backup_logs", `server_logs_${old}.txt.gz`), gz);
  const plain = await checkAndBackupLogs({ root: tmp.root, now });
  assert.equal(plain.reason, "not-due");
  assert.deepEqual(await archiveNames(tmp.root), [
    `server_logs_${old}.txt.gz`,
    `users_logs_${old}.txt`,
  ]);
  assert.deepEqual(
    await Deno.readFile(join(tmp.root, "backup_logs", `server_logs_${old}.txt.gz`)),
    gz,
  );
  await checkAndBackupLogs({ root: tmp.root, now, compress: true });
  assert.deepEqual(await archiveNames(tmp.root), [
    `server_logs_${old}.txt.gz`,
    `users_logs_${old}.txt.gz`,
  ]);
  assert.equal(
    new TextDecoder().decode(
      await gunzip(join(tmp.root, "backup_logs", `users_logs_${old}.txt.gz`)),
    ),
    "u-old\n",
  );
});

Deno.test("checkAndBackupLogs() with keep deletes the oldest archives of each category", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: RECENT });
  const dir = join(tmp.root, "backup_logs");
  const deleted: string[][] = [];
  for (const day of [1, 2, 3, 4]) {
    await Deno.writeTextFile(join(tmp.root, "login_logs.txt"), `login day ${day}\n`);
    if (day <= 2) {
      await Deno.writeTextFile(join(tmp.root, "server_logs.txt"), `server day ${day}\n`);
    }
    const clock = fixedClock(`2026-11-0${day}T10:00:00`);
    const report = await checkAndBackupLogs({ root: tmp.root, now: clock, force: true, keep: 2 });
    deleted.push(report.deleted);
  }
  assert.deepEqual(deleted, [
    [],
    [],
    [join(dir, "login_logs_2026-11-01_10-00-00.txt")],
    [join(dir, "login_logs_2026-11-02_10-00-00.txt")],
  ]);
  assert.deepEqual(await snapshot(dir), [
    ["login_logs_2026-11-03_10-00-00.txt", "login day 3\n"],
    ["login_logs_2026-11-04_10-00-00.txt", "login day 4\n"],
    ["server_logs_2026-11-01_10-00-00.txt", "server day 1\n"],
    ["server_logs_2026-11-02_10-00-00.txt", "server day 2\n"],
  ]);
});

Deno.test("checkAndBackupLogs() with keep 1 and compress keeps the new .gz and deletes the old one", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: RECENT });
  const dir = join(tmp.root, "backup_logs");
  const reports: BackupReport[] = [];
  for (const day of [1, 2]) {
    await Deno.writeTextFile(join(tmp.root, "login_logs.txt"), `login day ${day}\n`);
    const clock = fixedClock(`2026-11-0${day}T10:00:00`);
    reports.push(
      await checkAndBackupLogs({
        root: tmp.root,
        now: clock,
        force: true,
        keep: 1,
        compress: true,
      }),
    );
  }
  assert.deepEqual(reports.map((r) => [r.archived, r.deleted]), [
    [[join(dir, "login_logs_2026-11-01_10-00-00.txt.gz")], []],
    [
      [join(dir, "login_logs_2026-11-02_10-00-00.txt.gz")],
      [join(dir, "login_logs_2026-11-01_10-00-00.txt.gz")],
    ],
  ]);
  assert.deepEqual(await archiveNames(tmp.root), ["login_logs_2026-11-02_10-00-00.txt.gz"]);
  assert.equal(
    new TextDecoder().decode(await gunzip(join(dir, "login_logs_2026-11-02_10-00-00.txt.gz"))),
    "login day 2\n",
  );
});

Deno.test("checkAndBackupLogs() with maxAgeDays deletes archives older than that", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: RECENT });
  const dir = join(tmp.root, "backup_logs");
  const deleted: string[][] = [];
  for (const date of ["2026-11-01", "2026-11-10", "2026-11-20"]) {
    await Deno.writeTextFile(join(tmp.root, "login_logs.txt"), `login ${date}\n`);
    const clock = fixedClock(`${date}T10:00:00`);
    deleted.push(
      (await checkAndBackupLogs({ root: tmp.root, now: clock, force: true, maxAgeDays: 15 }))
        .deleted,
    );
  }
  assert.deepEqual(deleted, [[], [], [join(dir, "login_logs_2026-11-01_10-00-00.txt")]]);
  assert.deepEqual(await archiveNames(tmp.root), [
    "login_logs_2026-11-10_10-00-00.txt",
    "login_logs_2026-11-20_10-00-00.txt",
  ]);
});

/** Spawns `deno run --allow-read --allow-write <script> ...args` with piped output. */
function spawnScript(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", script, ...args],
    cwd: join(script, ".."),
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function stop(children: Deno.ChildProcess[]): Promise<void> {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch { /* already exited */ }
    await child.status;
  }
}

const BACKUP_SCRIPT = `import { checkAndBackupLogs } from ${
  JSON.stringify(fileUrl(repoPath("mod.ts")))
};
const [root, iso] = Deno.args;
const report = await checkAndBackupLogs({ root, force: false, now: () => new Date(iso) });
console.log(JSON.stringify(report));
`;

Deno.test("checkAndBackupLogs() from 4 processes at once on a due root archives once", async () => {
  await using tmp = await tempRoot();
  const root = join(tmp.root, "logs");
  const script = join(tmp.root, "backup_once.ts");
  await Deno.writeTextFile(script, BACKUP_SCRIPT);
  await layOut(root, {
    state: OLD,
    files: { "login_logs.txt": "l1\n", "server_logs.txt": "s1\n" },
  });
  const children = [1, 2, 3, 4].map(() => spawnScript(script, [root, AT.toISOString()]));
  try {
    const outputs = await Promise.all(children.map((child) => child.output()));
    const decoder = new TextDecoder();
    assert.deepEqual(outputs.map((o) => [o.code, decoder.decode(o.stderr)]), [
      [0, ""],
      [0, ""],
      [0, ""],
      [0, ""],
    ]);
    const reports = outputs.map((o) => JSON.parse(decoder.decode(o.stdout)));
    assert.equal(reports.filter((r) => r.performed).length, 1);
    assert.deepEqual(reports.map((r) => r.reason).sort(), ["due", "not-due", "not-due", "not-due"]);
    assert.deepEqual(await snapshot(join(root, "backup_logs")), [
      [`login_logs_${STAMP}.txt`, "l1\n"],
      [`server_logs_${STAMP}.txt`, "s1\n"],
    ]);
    assert.deepEqual(await categoryTexts(root), EMPTY_FILES);
    assert.equal(await readState(root), `${rfc3339(AT)}\n`);
  } finally {
    await stop(children);
  }
});

const HOLD_LOCK_SCRIPT =
  `const file = await Deno.open(Deno.args[0], { read: true, write: true, create: true });
await file.lock(true);
console.log("locked");
setInterval(() => {}, 60_000);
`;

Deno.test("checkAndBackupLogs() is not blocked by a lock left by a SIGKILLed process", async () => {
  await using tmp = await tempRoot();
  const root = join(tmp.root, "logs");
  const script = join(tmp.root, "hold_lock.ts");
  await Deno.writeTextFile(script, HOLD_LOCK_SCRIPT);
  await layOut(root, { state: OLD, files: { "login_logs.txt": "l1\n" } });
  const lockFile = join(root, "dates", "backup.lock");
  const child = spawnScript(script, [lockFile]);
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let out = "";
    while (!out.includes("locked\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    assert.equal(out, "locked\n");
    {
      using probe = await Deno.open(lockFile, { read: true, write: true });
      assert.equal(await probe.tryLock(true), false);
    }
    child.kill("SIGKILL");
    assert.equal((await child.status).signal, "SIGKILL");
    assert.ok((await Deno.stat(lockFile)).isFile);
    const report = await checkAndBackupLogs({ root, now });
    assert.equal(report.reason, "due");
    assert.deepEqual(report.archived, [join(root, "backup_logs", `login_logs_${STAMP}.txt`)]);
  } finally {
    await stop([child]);
    await reader.cancel();
    await child.stderr.cancel();
  }
});

const ZONE_SCRIPT = `import { checkAndBackupLogs } from ${
  JSON.stringify(fileUrl(repoPath("mod.ts")))
};
const [root, ...times] = Deno.args;
const archived = [];
for (const iso of times) {
  await Deno.writeTextFile(root + "/login_logs.txt", iso + "\\n");
  const report = await checkAndBackupLogs({ root, force: true, now: () => new Date(iso) });
  archived.push(...report.archived.map((path) => path.slice(root.length + 13)));
}
const state = await Deno.readTextFile(root + "/dates/backup_date.txt");
console.log(JSON.stringify({ archived, state }));
`;

Deno.test("checkAndBackupLogs() names archives and records the time in the local time zone", async () => {
  const cases: [string, string[], string[], string][] = [
    [
      "UTC",
      ["2026-11-24T13:05:09.042Z"],
      ["login_logs_2026-11-24_13-05-09.txt"],
      "2026-11-24T13:05:09.042+00:00\n",
    ],
    [
      "Asia/Kolkata",
      ["2026-11-24T13:05:09.042Z"],
      ["login_logs_2026-11-24_18-35-09.txt"],
      "2026-11-24T18:35:09.042+05:30\n",
    ],
    [
      "America/St_Johns",
      ["2026-11-24T13:05:09.042Z"],
      ["login_logs_2026-11-24_09-35-09.txt"],
      "2026-11-24T09:35:09.042-03:30\n",
    ],
    // 02:30 happens twice in Berlin on 2026-10-25: the second archive must not replace the first.
    [
      "Europe/Berlin",
      ["2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"],
      ["login_logs_2026-10-25_02-30-00.txt", "login_logs_2026-10-25_02-30-00_1.txt"],
      "2026-10-25T02:30:00.000+01:00\n",
    ],
  ];
  await using tmp = await tempRoot();
  const script = join(tmp.root, "zone.ts");
  await Deno.writeTextFile(script, ZONE_SCRIPT);
  for (const [zone, times, archived, state] of cases) {
    const root = join(tmp.root, zone.replace("/", "_"));
    await Deno.mkdir(root);
    const child = spawnScript(script, [root, ...times], { TZ: zone });
    try {
      const output = await child.output();
      const decoder = new TextDecoder();
      assert.equal(decoder.decode(output.stderr), "", zone);
      assert.equal(output.code, 0, zone);
      assert.deepEqual(JSON.parse(decoder.decode(output.stdout)), { archived, state }, zone);
      for (const [i, name] of archived.entries()) {
        assert.equal(await Deno.readTextFile(join(root, "backup_logs", name)), `${times[i]}\n`);
      }
      assert.deepEqual(await listTree(join(root, "backup_logs")), archived);
    } finally {
      await stop([child]);
    }
  }
});
