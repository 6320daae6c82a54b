/**
 * checkAndBackupLogs() on real temporary roots with an injected clock: every reason, archive
 * names and contents, collisions, state formats, options and disk errors. Crash recovery,
 * compression, retention and concurrency are in archive_recovery_test.ts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type BackupOptions, checkAndBackupLogs, LogFileError } from "../../mod.ts";
import { fixedClock, tempRoot } from "../helpers.ts";
import {
  archiveNames,
  categoryTexts,
  DAY_MS,
  layOut,
  listTree,
  readState,
  rfc3339,
  snapshot,
} from "./archive_helpers.ts";

// Local times without an offset: the archive stamps are then the same in every time zone.
const NOW = "2026-11-24T14:05:09";
const STAMP = "2026-11-24_14-05-09";
const AT = new Date(NOW);
const now = fixedClock(NOW);
const OLD = "2026-10-20T08:00:00Z"; // more than 30 days before NOW
const RECENT = "2026-11-20T08:00:00Z"; // less than 30 days before NOW
const EMPTY_FILES = { console: "", login: "", server: "", users: "" };
const LAYOUT_AFTER = [
  "backup_logs/",
  "console_logs.txt",
  "dates/",
  "dates/backup.lock",
  "dates/backup_date.txt",
  "login_logs.txt",
  "server_logs.txt",
  "users_logs.txt",
];

Deno.test("checkAndBackupLogs() first run records the time, archives nothing, creates the layout", async () => {
  await using tmp = await tempRoot();
  const root = join(tmp.root, "logs");
  const report = await checkAndBackupLogs({ root, now });
  assert.deepEqual(report, {
    performed: false,
    reason: "first-run",
    dryRun: false,
    lastBackup: null,
    nextBackup: new Date(AT.getTime() + 30 * DAY_MS),
    archived: [],
    compressed: [],
    held: [],
    deleted: [],
    problems: [],
  });
  assert.deepEqual(await listTree(root), LAYOUT_AFTER);
  assert.equal(await readState(root), `${rfc3339(AT)}\n`);
  assert.deepEqual(await categoryTexts(root), EMPTY_FILES);
});

Deno.test("checkAndBackupLogs() first run leaves existing log lines where they are", async () => {
  await using tmp = await tempRoot();
  await Deno.writeTextFile(join(tmp.root, "login_logs.txt"), "l1\n");
  const report = await checkAndBackupLogs({ root: tmp.root, now });
  assert.equal(report.reason, "first-run");
  assert.deepEqual(report.archived, []);
  assert.deepEqual(await categoryTexts(tmp.root), { ...EMPTY_FILES, login: "l1\n" });
  assert.deepEqual(await archiveNames(tmp.root), []);
});

Deno.test("checkAndBackupLogs() is not-due one second before intervalDays × 24 h and changes nothing", async () => {
  await using tmp = await tempRoot();
  const last = new Date(AT.getTime() - 30 * DAY_MS + 1000);
  const state = `${last.toISOString()}\n`;
  await layOut(tmp.root, { state, files: { "login_logs.txt": "l1\n" } });
  const report = await checkAndBackupLogs({ root: tmp.root, now });
  assert.deepEqual(report, {
    performed: false,
    reason: "not-due",
    dryRun: false,
    lastBackup: last,
    nextBackup: new Date(last.getTime() + 30 * DAY_MS),
    archived: [],
    compressed: [],
    held: [],
    deleted: [],
    problems: [],
  });
  assert.equal(await readState(tmp.root), state);
  assert.deepEqual(await categoryTexts(tmp.root), {
    console: null,
    login: "l1\n",
    server: null,
    users: null,
  });
  assert.deepEqual(await archiveNames(tmp.root), []);
});

Deno.test("checkAndBackupLogs() is due at exactly intervalDays × 24 h and archives each file", async () => {
  await using tmp = await tempRoot();
  const last = new Date(AT.getTime() - 30 * DAY_MS);
  await layOut(tmp.root, {
    state: `${last.toISOString()}\n`,
    files: { "login_logs.txt": "l1\nl2\n", "server_logs.txt": "s1\n", "users_logs.txt": "u1" },
  });
  const report = await checkAndBackupLogs({ root: tmp.root, now });
  const backupDir = join(tmp.root, "backup_logs");
  assert.deepEqual(report, {
    performed: true,
    reason: "due",
    dryRun: false,
    lastBackup: last,
    nextBackup: new Date(AT.getTime() + 30 * DAY_MS),
    archived: [
      join(backupDir, `login_logs_${STAMP}.txt`),
      join(backupDir, `server_logs_${STAMP}.txt`),
      join(backupDir, `users_logs_${STAMP}.txt`),
    ],
    compressed: [],
    held: [],
    deleted: [],
    problems: [],
  });
  assert.equal(await Deno.readTextFile(join(backupDir, `login_logs_${STAMP}.txt`)), "l1\nl2\n");
  assert.equal(await Deno.readTextFile(join(backupDir, `server_logs_${STAMP}.txt`)), "s1\n");
  assert.equal(await Deno.readTextFile(join(backupDir, `users_logs_${STAMP}.txt`)), "u1");
  assert.deepEqual(await categoryTexts(tmp.root), EMPTY_FILES);
  assert.equal(await readState(tmp.root), `${rfc3339(AT)}\n`);
  assert.deepEqual(await listTree(join(tmp.root, "dates")), ["backup.lock", "backup_date.txt"]);
});

Deno.test("checkAndBackupLogs() honours intervalDays", async () => {
  await using tmp = await tempRoot();
  const last = new Date(AT.getTime() - 7 * DAY_MS);
  await layOut(tmp.root, { state: last.toISOString(), files: { "login_logs.txt": "l1\n" } });
  assert.equal(
    (await checkAndBackupLogs({ root: tmp.root, now, intervalDays: 8 })).reason,
    "not-due",
  );
  const report = await checkAndBackupLogs({ root: tmp.root, now, intervalDays: 7 });
  assert.equal(report.reason, "due");
  assert.deepEqual(report.nextBackup, new Date(AT.getTime() + 7 * DAY_MS));
  assert.deepEqual(await archiveNames(tmp.root), [`login_logs_${STAMP}.txt`]);
});

Deno.test("checkAndBackupLogs() with force archives when not due", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: RECENT, files: { "console_logs.txt": "c1\n" } });
  const report = await checkAndBackupLogs({ root: tmp.root, now, force: true });
  assert.deepEqual(report, {
    performed: true,
    reason: "forced",
    dryRun: false,
    lastBackup: new Date(RECENT),
    nextBackup: new Date(AT.getTime() + 30 * DAY_MS),
    archived: [join(tmp.root, "backup_logs", `console_logs_${STAMP}.txt`)],
    compressed: [],
    held: [],
    deleted: [],
    problems: [],
  });
  assert.deepEqual(await categoryTexts(tmp.root), EMPTY_FILES);
  assert.equal(await readState(tmp.root), `${rfc3339(AT)}\n`);
});

Deno.test("checkAndBackupLogs() twice in a row archives once; the second run is not-due", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: OLD, files: { "login_logs.txt": "l1\n" } });
  assert.equal((await checkAndBackupLogs({ root: tmp.root, now })).reason, "due");
  const second = await checkAndBackupLogs({ root: tmp.root, now });
  assert.deepEqual(second, {
    performed: false,
    reason: "not-due",
    dryRun: false,
    lastBackup: AT,
    nextBackup: new Date(AT.getTime() + 30 * DAY_MS),
    archived: [],
    compressed: [],
    held: [],
    deleted: [],
    problems: [],
  });
  assert.deepEqual(await archiveNames(tmp.root), [`login_logs_${STAMP}.txt`]);
  assert.equal(
    await Deno.readTextFile(join(tmp.root, "backup_logs", `login_logs_${STAMP}.txt`)),
    "l1\n",
  );
});

Deno.test("checkAndBackupLogs() names forced backups in the same second _1, _2", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: RECENT });
  const login = join(tmp.root, "login_logs.txt");
  const archived: string[][] = [];
  for (const text of ["first\n", "second\n", "third\n"]) {
    await Deno.writeTextFile(login, text);
    archived.push((await checkAndBackupLogs({ root: tmp.root, now, force: true })).archived);
  }
  const dir = join(tmp.root, "backup_logs");
  assert.deepEqual(archived, [
    [join(dir, `login_logs_${STAMP}.txt`)],
    [join(dir, `login_logs_${STAMP}_1.txt`)],
    [join(dir, `login_logs_${STAMP}_2.txt`)],
  ]);
  assert.equal(await Deno.readTextFile(join(dir, `login_logs_${STAMP}.txt`)), "first\n");
  assert.equal(await Deno.readTextFile(join(dir, `login_logs_${STAMP}_1.txt`)), "second\n");
  assert.equal(await Deno.readTextFile(join(dir, `login_logs_${STAMP}_2.txt`)), "third\n");
});

Deno.test("checkAndBackupLogs() never overwrites an archive, plain or compressed, of the same name", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, {
    state: OLD,
    files: {
      "login_logs.txt": "new login\n",
      "server_logs.txt": "new server\n",
      [`backup_logs/login_logs_${STAMP}.txt`]: "old login\n",
      [`backup_logs/server_logs_${STAMP}.txt.gz`]: "not really gzip",
    },
  });
  const report = await checkAndBackupLogs({ root: tmp.root, now });
  const dir = join(tmp.root, "backup_logs");
  assert.deepEqual(report.archived, [
    join(dir, `login_logs_${STAMP}_1.txt`),
    join(dir, `server_logs_${STAMP}_1.txt`),
  ]);
  assert.deepEqual(await snapshot(dir), [
    [`login_logs_${STAMP}.txt`, "old login\n"],
    [`login_logs_${STAMP}_1.txt`, "new login\n"],
    [`server_logs_${STAMP}.txt.gz`, "not really gzip"],
    [`server_logs_${STAMP}_1.txt`, "new server\n"],
  ]);
});

Deno.test("checkAndBackupLogs() archives neither empty nor missing files, and leaves all four empty", async () => {
  await using tmp = await tempRoot();
  await Deno.mkdir(join(tmp.root, "dates"));
  await Deno.writeTextFile(join(tmp.root, "dates", "backup_date.txt"), OLD);
  await Deno.writeTextFile(join(tmp.root, "login_logs.txt"), "l1\n");
  await Deno.writeTextFile(join(tmp.root, "server_logs.txt"), "");
  const report = await checkAndBackupLogs({ root: tmp.root, now });
  assert.equal(report.reason, "due");
  assert.deepEqual(report.archived, [join(tmp.root, "backup_logs", `login_logs_${STAMP}.txt`)]);
  assert.deepEqual(await archiveNames(tmp.root), [`login_logs_${STAMP}.txt`]);
  assert.deepEqual(await categoryTexts(tmp.root), EMPTY_FILES);
  assert.deepEqual(
    await listTree(tmp.root),
    LAYOUT_AFTER.toSpliced(1, 0, `backup_logs/login_logs_${STAMP}.txt`),
  );
});

Deno.test("checkAndBackupLogs() with nothing to archive is still performed and records the time", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: OLD });
  const report = await checkAndBackupLogs({ root: tmp.root, now });
  assert.equal(report.performed, true);
  assert.equal(report.reason, "due");
  assert.deepEqual(report.archived, []);
  assert.equal(await readState(tmp.root), `${rfc3339(AT)}\n`);
  assert.deepEqual(await categoryTexts(tmp.root), EMPTY_FILES);
});

Deno.test("checkAndBackupLogs() reads the local times that Python deployments write", async () => {
  const cases: [string, string, string][] = [
    ["2026-10-20 09:00:00", "due", "2026-10-20T09:00:00.000"],
    ["2026-10-20 09:00:00.123456\n", "due", "2026-10-20T09:00:00.123"],
    ["2026-11-20 09:00:00", "not-due", "2026-11-20T09:00:00.000"],
    ["  2026-11-20 09:00:00.5  \n", "not-due", "2026-11-20T09:00:00.500"],
  ];
  for (const [state, reason, local] of cases) {
    await using tmp = await tempRoot();
    await layOut(tmp.root, { state, files: { "login_logs.txt": "l1\n" } });
    const report = await checkAndBackupLogs({ root: tmp.root, now });
    assert.equal(report.reason, reason, state);
    assert.deepEqual(report.lastBackup, new Date(local), state);
    assert.deepEqual(
      await archiveNames(tmp.root),
      reason === "due" ? [`login_logs_${STAMP}.txt`] : [],
      state,
    );
    assert.equal(await readState(tmp.root), reason === "due" ? `${rfc3339(AT)}\n` : state, state);
  }
});

Deno.test("checkAndBackupLogs() backs up at once when backup_date.txt is unreadable or far ahead", async () => {
  const future = new Date(AT.getTime() + DAY_MS + 1000).toISOString();
  for (const state of ["yesterday\n", "", "2026-13-01T00:00:00Z", "2026-02-29 10:00:00", future]) {
    await using tmp = await tempRoot();
    await layOut(tmp.root, { state, files: { "login_logs.txt": "l1\n" } });
    const report = await checkAndBackupLogs({ root: tmp.root, now });
    assert.deepEqual(report, {
      performed: true,
      reason: "state-unreadable",
      dryRun: false,
      lastBackup: null,
      nextBackup: new Date(AT.getTime() + 30 * DAY_MS),
      archived: [join(tmp.root, "backup_logs", `login_logs_${STAMP}.txt`)],
      compressed: [],
      held: [],
      deleted: [],
      problems: [],
    }, JSON.stringify(state));
    assert.equal(await readState(tmp.root), `${rfc3339(AT)}\n`);
    assert.deepEqual(await categoryTexts(tmp.root), EMPTY_FILES);
  }
});

Deno.test("checkAndBackupLogs() trusts a recorded time up to one day ahead", async () => {
  await using tmp = await tempRoot();
  const ahead = new Date(AT.getTime() + DAY_MS);
  await layOut(tmp.root, { state: ahead.toISOString(), files: { "login_logs.txt": "l1\n" } });
  const report = await checkAndBackupLogs({ root: tmp.root, now });
  assert.equal(report.reason, "not-due");
  assert.deepEqual(report.lastBackup, ahead);
  assert.deepEqual(await archiveNames(tmp.root), []);
});

Deno.test("checkAndBackupLogs() with maxBytes backs up with reason size once a file reached it", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: RECENT, files: { "server_logs.txt": "x".repeat(1000) } });
  const below = await checkAndBackupLogs({ root: tmp.root, now, maxBytes: 1001 });
  assert.equal(below.reason, "not-due");
  assert.deepEqual(await archiveNames(tmp.root), []);
  const report = await checkAndBackupLogs({ root: tmp.root, now, maxBytes: "1KB" });
  assert.deepEqual(report, {
    performed: true,
    reason: "size",
    dryRun: false,
    lastBackup: new Date(RECENT),
    nextBackup: new Date(AT.getTime() + 30 * DAY_MS),
    archived: [join(tmp.root, "backup_logs", `server_logs_${STAMP}.txt`)],
    compressed: [],
    held: [],
    deleted: [],
    problems: [],
  });
  assert.equal(
    await Deno.readTextFile(join(tmp.root, "backup_logs", `server_logs_${STAMP}.txt`)),
    "x".repeat(1000),
  );
  assert.equal(await readState(tmp.root), `${rfc3339(AT)}\n`);
});

Deno.test("checkAndBackupLogs() with categories manages only those files", async () => {
  await using tmp = await tempRoot();
  const categories = ["billing", "audit-2"];
  await Deno.writeTextFile(join(tmp.root, "login_logs.txt"), "l1\n");
  assert.equal(
    (await checkAndBackupLogs({ root: tmp.root, now, categories, createCategories: true })).reason,
    "first-run",
  );
  assert.deepEqual(await listTree(tmp.root), [
    "audit-2_logs.txt",
    "backup_logs/",
    "billing_logs.txt",
    "dates/",
    "dates/backup.lock",
    "dates/backup_date.txt",
    "login_logs.txt",
  ]);
  await Deno.writeTextFile(join(tmp.root, "billing_logs.txt"), "b1\n");
  const report = await checkAndBackupLogs({ root: tmp.root, now, categories, force: true });
  assert.deepEqual(report.archived, [
    join(tmp.root, "backup_logs", `billing_logs_${STAMP}.txt`),
  ]);
  assert.deepEqual(await categoryTexts(tmp.root, ["billing", "audit-2", "login"]), {
    billing: "",
    "audit-2": "",
    login: "l1\n",
  });
});

Deno.test("checkAndBackupLogs() rejects bad options before touching the disk", async () => {
  const cases: [BackupOptions, string, RegExp][] = [
    [
      { intervalDays: 0 },
      "RangeError",
      /^Invalid intervalDays 0: intervalDays must be a positive finite number$/,
    ],
    [{ intervalDays: -1 }, "RangeError", /^Invalid intervalDays -1: /],
    [{ intervalDays: NaN }, "RangeError", /^Invalid intervalDays NaN: /],
    [{ intervalDays: Infinity }, "RangeError", /^Invalid intervalDays Infinity: /],
    [{ keep: 0 }, "RangeError", /^Invalid keep 0: keep must be a positive whole number$/],
    [{ keep: 1.5 }, "RangeError", /^Invalid keep 1.5: keep must be a positive whole number$/],
    [
      { maxAgeDays: -2 },
      "RangeError",
      /^Invalid maxAgeDays -2: maxAgeDays must be a positive finite number$/,
    ],
    [
      { maxBytes: 0 },
      "RangeError",
      /^Invalid maxBytes 0: maxBytes must be a positive whole number$/,
    ],
    [{ maxBytes: "10XB" }, "RangeError", /^Invalid maxBytes "10XB": give a number above zero/],
    [{ categories: [] }, "RangeError", /^Invalid categories \[\]: name at least one category$/],
    [
      { categories: ["../x"] },
      "RangeError",
      /^Invalid log category "\.\.\/x": use 1 to 64 characters/,
    ],
    [{ categories: ["Login"] }, "RangeError", /^Invalid log category "Login": /],
  ];
  await using tmp = await tempRoot();
  for (const [options, name, message] of cases) {
    await assert.rejects(
      checkAndBackupLogs({ ...options, root: tmp.root, now, force: true }),
      { name, message },
    );
    assert.deepEqual(await listTree(tmp.root), [], JSON.stringify(options));
  }
  await assert.rejects(checkAndBackupLogs({ root: "", now }), {
    name: "TypeError",
    message: /^Invalid log root "": root must be a non-empty folder path/,
  });
});

Deno.test("checkAndBackupLogs() throws LogFileError for a folder in place of a category file, moving nothing", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, {
    state: OLD,
    files: { "console_logs.txt": "c1\n", "server_logs.txt": "s1\n" },
  });
  const login = join(tmp.root, "login_logs.txt");
  await Deno.mkdir(login);
  const before = await snapshot(tmp.root);
  const error = await checkAndBackupLogs({ root: tmp.root, now }).then(
    () => assert.fail("expected a LogFileError"),
    (error: unknown) => error,
  );
  assert.ok(error instanceof LogFileError);
  assert.match(error.message, /^Cannot read "[^"]+": it is a directory; move that directory away$/);
  assert.equal(
    error.message,
    `Cannot read ${JSON.stringify(login)}: it is a directory; move that directory away`,
  );
  assert.equal(error.path, login);
  assert.deepEqual(
    (await snapshot(tmp.root)).filter(([path]) => path !== "dates/backup.lock"),
    before,
  );
  assert.equal(await readState(tmp.root), OLD);
});

Deno.test("checkAndBackupLogs() throws LogFileError for a file in place of backup_logs, moving nothing", async () => {
  await using tmp = await tempRoot();
  await Deno.mkdir(join(tmp.root, "dates"));
  await Deno.writeTextFile(join(tmp.root, "dates", "backup_date.txt"), OLD);
  await Deno.writeTextFile(join(tmp.root, "login_logs.txt"), "l1\n");
  const backupDir = join(tmp.root, "backup_logs");
  await Deno.writeTextFile(backupDir, "a file\n");
  const before = await snapshot(tmp.root);
  await assert.rejects(checkAndBackupLogs({ root: tmp.root, now, force: true }), (error) => {
    assert.ok(error instanceof LogFileError);
    assert.equal(error.path, backupDir);
    assert.match(
      error.message,
      new RegExp(`^Cannot create log folder ${RegExp.escape(JSON.stringify(backupDir))}: `),
    );
    return true;
  });
  assert.deepEqual(await snapshot(tmp.root), before);
});
