/** planBackup() decisions on hand-built states: no disk. Times are built as local times. */
import assert from "node:assert/strict";
import { type BackupPlan, isBackupDue } from "../../lib/backup/plan.ts";
import { ALL, AT, DAY, file, plan, shift, state } from "./plan_helpers.ts";
import { formatTimestamp } from "../../lib/format/time.ts";

const STAMP = "2026-11-24_14-05-09";
const NEW_STATE = `${formatTimestamp(AT)}\n`;

const archive = (category: string, suffix = ""): string =>
  `/r/backup_logs/${category}_logs_${STAMP}${suffix}`;
const move = (category: string, suffix = ".txt") => ({
  from: `/r/${category}_logs.txt`,
  to: archive(category, suffix),
});

/** The plan of a backup that moves all four files. */
function fullBackup(reason: string, lastBackup: Date | null): BackupPlan {
  return {
    report: {
      performed: true,
      reason: reason as BackupPlan["report"]["reason"],
      dryRun: false,
      lastBackup,
      nextBackup: shift(30 * DAY),
      archived: ["console", "login", "server", "users"].map((c) => archive(c, ".txt")),
      compressed: [],
      held: [],
      deleted: [],
      problems: [],
    },
    unlink: [],
    moves: ["console", "login", "server", "users"].map((c) => move(c)),
    touch: ALL,
    state: NEW_STATE,
    compress: [],
    remove: [],
    verify: [],
  };
}

Deno.test("isBackupDue() is due at exactly intervalDays × 24 h, not 1 ms before", () => {
  assert.equal(isBackupDue(shift(-30 * DAY), AT, 30), true);
  assert.equal(isBackupDue(shift(-30 * DAY + 1), AT, 30), false);
  assert.equal(isBackupDue(shift(-DAY / 2), AT, 0.5), true);
  assert.equal(isBackupDue(shift(-DAY / 2 + 1), AT, 0.5), false);
  assert.equal(isBackupDue(shift(DAY), AT, 30), false);
});

Deno.test("planBackup() on a first run archives nothing but records the time and touches all files", () => {
  assert.deepEqual(plan(state(null)), {
    report: {
      performed: false,
      reason: "first-run",
      dryRun: false,
      lastBackup: null,
      nextBackup: shift(30 * DAY),
      archived: [],
      compressed: [],
      held: [],
      deleted: [],
      problems: [],
    },
    unlink: [],
    moves: [],
    touch: ALL,
    state: NEW_STATE,
    compress: [],
    remove: [],
    verify: [],
  });
});

Deno.test("planBackup() when not due changes nothing", () => {
  assert.deepEqual(plan(state(30 * DAY - 1)), {
    report: {
      performed: false,
      reason: "not-due",
      dryRun: false,
      lastBackup: shift(-30 * DAY + 1),
      nextBackup: shift(1),
      archived: [],
      compressed: [],
      held: [],
      deleted: [],
      problems: [],
    },
    unlink: [],
    moves: [],
    touch: [],
    state: null,
    compress: [],
    remove: [],
    verify: [],
  });
});

Deno.test("planBackup() when due moves every file and records the time", () => {
  assert.deepEqual(plan(state(30 * DAY)), fullBackup("due", shift(-30 * DAY)));
  assert.deepEqual(plan(state(400 * DAY)), fullBackup("due", shift(-400 * DAY)));
});

Deno.test("planBackup() reads a backup_date.txt written as local time with offset", () => {
  const input = state(null, { stateText: `${formatTimestamp(shift(-30 * DAY))}\n` });
  assert.deepEqual(plan(input), fullBackup("due", shift(-30 * DAY)));
});

Deno.test("planBackup() with force backs up even when not due or on a first run", () => {
  assert.deepEqual(plan(state(DAY), { force: true }), fullBackup("forced", shift(-DAY)));
  assert.deepEqual(plan(state(null), { force: true }), fullBackup("forced", null));
  assert.deepEqual(
    plan(state(null, { stateText: "garbage" }), { force: true }),
    fullBackup("forced", null),
  );
});

Deno.test("planBackup() backs up when backup_date.txt is unreadable", () => {
  for (const stateText of ["garbage", "", "2026-02-29 00:00:00"]) {
    assert.deepEqual(
      plan(state(null, { stateText })),
      fullBackup("state-unreadable", null),
      stateText,
    );
  }
});

Deno.test("planBackup() treats a date more than 1 day in the future as unreadable", () => {
  assert.deepEqual(plan(state(-DAY - 1)), fullBackup("state-unreadable", null));
  const tomorrow = plan(state(-DAY));
  assert.equal(tomorrow.report.reason, "not-due");
  assert.deepEqual(tomorrow.report.lastBackup, shift(DAY));
  assert.deepEqual(tomorrow.report.nextBackup, shift(31 * DAY));
});

Deno.test("planBackup() backs up for size once a file reaches maxBytes, not before", () => {
  assert.deepEqual(plan(state(DAY), { maxBytes: 40 }), fullBackup("size", shift(-DAY)));
  const below = plan(state(DAY), { maxBytes: 41 });
  assert.equal(below.report.reason, "not-due");
  assert.deepEqual(below.moves, []);
  assert.equal(plan(state(30 * DAY), { maxBytes: 1 }).report.reason, "due");
  assert.equal(plan(state(null), { maxBytes: 1 }).report.reason, "first-run");
});

Deno.test("planBackup() does not move empty or missing files but touches them", () => {
  const files = { console: file(0), login: null, server: file(5), users: file(0) };
  const result = plan(state(30 * DAY, { files }));
  assert.deepEqual(result.moves, [move("server")]);
  assert.deepEqual(result.touch, ALL);
  assert.deepEqual(result.report.archived, [archive("server", ".txt")]);
  assert.equal(result.state, NEW_STATE);
});

Deno.test("planBackup() names around archives that exist, plain or .gz only", () => {
  const archives = [
    `console_logs_${STAMP}.txt`,
    `login_logs_${STAMP}.txt.gz`,
    `server_logs_${STAMP}.txt`,
    `server_logs_${STAMP}_1.txt.gz`,
  ];
  const result = plan(state(30 * DAY, { archives }));
  assert.deepEqual(result.moves, [
    move("console", "_1.txt"),
    move("login", "_1.txt"),
    move("server", "_2.txt"),
    move("users"),
  ]);
  // Listed oldest first, like the archive folder: by time, then collision counter.
  assert.deepEqual(result.report.archived, [
    archive("users", ".txt"),
    archive("console", "_1.txt"),
    archive("login", "_1.txt"),
    archive("server", "_2.txt"),
  ]);
});

Deno.test("planBackup() with compress reports .txt.gz archives and plans their compression", () => {
  const result = plan(state(30 * DAY, { archives: [`login_logs_${STAMP}.txt.gz`] }), {
    compress: true,
  });
  assert.deepEqual(result.moves[1], move("login", "_1.txt"));
  assert.deepEqual(result.report.archived, [
    archive("console", ".txt.gz"),
    archive("server", ".txt.gz"),
    archive("users", ".txt.gz"),
    archive("login", "_1.txt.gz"),
  ]);
  assert.deepEqual(result.compress, [
    { source: archive("console", ".txt"), dest: archive("console", ".txt.gz") },
    { source: archive("server", ".txt"), dest: archive("server", ".txt.gz") },
    { source: archive("users", ".txt"), dest: archive("users", ".txt.gz") },
    { source: archive("login", "_1.txt"), dest: archive("login", "_1.txt.gz") },
  ]);
  assert.deepEqual(result.remove, []);
});
