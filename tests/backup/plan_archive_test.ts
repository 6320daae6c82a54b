/**
 * planBackup() and the archive folder: half-done moves, compression left to do, leftovers and
 * retention. Hand-built states, no disk; times are built as local times.
 */
import assert from "node:assert/strict";
import { ALL, DAY, file, plan, shift, state } from "./plan_helpers.ts";
import { formatArchiveStamp } from "../../lib/format/time.ts";

/** An archive name from `days` days before AT (negative: after). */
const old = (category: string, days: number, suffix = ".txt"): string =>
  `${category}_logs_${formatArchiveStamp(shift(-days * DAY))}${suffix}`;
const fresh = (category: string, suffix = ".txt"): string => old(category, 0, suffix);
const inDir = (name: string): string => `/r/backup_logs/${name}`;
const move = (category: string) => ({
  from: `/r/${category}_logs.txt`,
  to: inDir(fresh(category)),
});

const TWIN = old("login", 30);
const HALF_DONE = {
  archives: [TWIN],
  files: { console: file(10), login: file(20, 2), server: file(30), users: file(40) },
  linked: { login: TWIN },
};

Deno.test("planBackup() finishes a half-done move when not due, and records nothing", () => {
  assert.deepEqual(plan(state(1 * DAY, HALF_DONE)), {
    report: {
      performed: false,
      reason: "not-due",
      dryRun: false,
      lastBackup: shift(-DAY),
      nextBackup: shift(29 * DAY),
      archived: [inDir(TWIN)],
      compressed: [],
      held: [],
      deleted: [],
      problems: [],
    },
    unlink: ["/r/login_logs.txt"],
    moves: [],
    touch: ALL,
    state: null,
    compress: [],
    remove: [],
    verify: [],
  });
});

Deno.test("planBackup() does not move a half-moved file again when due", () => {
  const result = plan(state(30 * DAY, HALF_DONE));
  assert.deepEqual(result.unlink, ["/r/login_logs.txt"]);
  assert.deepEqual(result.moves, [move("console"), move("server"), move("users")]);
  assert.deepEqual(result.report.archived, [
    inDir(TWIN),
    inDir(fresh("console")),
    inDir(fresh("server")),
    inDir(fresh("users")),
  ]);
  assert.deepEqual(result.touch, ALL);
});

Deno.test("planBackup() with compress compresses the twin of a half-done move and reports its .gz", () => {
  const result = plan(state(1 * DAY, HALF_DONE), { compress: true });
  assert.deepEqual(result.compress, [{ source: inDir(TWIN), dest: inDir(`${TWIN}.gz`) }]);
  assert.deepEqual(result.report.archived, [inDir(`${TWIN}.gz`)]);
});

Deno.test("planBackup() with compress compresses plain archives left by earlier runs", () => {
  const archives = [old("login", 60), old("users", 40, ".txt.gz")];
  const result = plan(state(1 * DAY, { archives }), { compress: true });
  assert.deepEqual(result.compress, [
    { source: inDir(old("login", 60)), dest: inDir(old("login", 60, ".txt.gz")) },
  ]);
  assert.deepEqual(result.report.archived, []);
  assert.deepEqual(result.remove, []);
  assert.deepEqual(plan(state(1 * DAY, { archives })).compress, []);
});

Deno.test("planBackup() removes the plain archive beside its .gz once the .gz is verified", () => {
  const archives = [old("login", 60, ".txt.gz"), old("login", 60)];
  for (const compress of [false, true]) {
    const result = plan(state(1 * DAY, { archives }), { compress });
    assert.deepEqual(result.remove, []);
    assert.deepEqual(result.verify, [
      { source: inDir(old("login", 60)), dest: inDir(old("login", 60, ".txt.gz")) },
    ]);
    assert.deepEqual(result.compress, []);
    assert.deepEqual(result.report.deleted, [inDir(old("login", 60))]);
  }
});

Deno.test("planBackup() removes .gz.tmp leftovers of a cut-short compression", () => {
  const archives = [old("login", 60), old("login", 60, ".txt.gz.tmp")];
  const result = plan(state(1 * DAY, { archives }), { compress: true });
  assert.deepEqual(result.compress, [
    { source: inDir(old("login", 60)), dest: inDir(old("login", 60, ".txt.gz")) },
  ]);
  assert.deepEqual(result.remove, [inDir(old("login", 60, ".txt.gz.tmp"))]);
});

const KEPT = [
  old("login", 90),
  old("login", 90, ".txt.gz"),
  old("login", 60, ".txt.gz"),
  old("login", 30),
  old("users", 90),
  old("billing", 90),
  "notes.txt",
];

Deno.test("planBackup() with keep deletes all but the newest archives per category", () => {
  const result = plan(state(30 * DAY, { archives: KEPT }), { keep: 2 });
  const doomed = [old("login", 90), old("login", 90, ".txt.gz"), old("login", 60, ".txt.gz")];
  assert.deepEqual(result.report.deleted, doomed.map(inDir));
  assert.deepEqual(result.remove, doomed.map(inDir));
  assert.equal(result.moves.length, 4);
});

Deno.test("planBackup() with maxAgeDays deletes older archives of its categories only, keeping the newest", () => {
  const result = plan(state(30 * DAY, { archives: KEPT }), { maxAgeDays: 45 });
  // users_logs of 90 days ago is the newest earlier archive of users: the floor keeps it.
  const doomed = [
    old("login", 90),
    old("login", 90, ".txt.gz"),
    old("login", 60, ".txt.gz"),
  ];
  assert.deepEqual(result.report.deleted, doomed.map(inDir));
  assert.deepEqual(result.remove, doomed.map(inDir));
});

Deno.test("planBackup() applies retention on a run that is not due", () => {
  const result = plan(state(1 * DAY, { archives: KEPT }), { keep: 1 });
  assert.equal(result.report.reason, "not-due");
  const doomed = [old("login", 90), old("login", 90, ".txt.gz"), old("login", 60, ".txt.gz")];
  assert.deepEqual(result.report.deleted, doomed.map(inDir));
});

Deno.test("planBackup() never deletes the archives it creates", () => {
  const archives = [old("login", -2), old("login", 60)];
  const result = plan(state(30 * DAY, { archives }), { keep: 1, maxAgeDays: 0.5 });
  assert.deepEqual(result.report.deleted, [inDir(old("login", 60))]);
  assert.ok(result.report.archived.includes(inDir(fresh("login"))));
  assert.ok(result.moves.some((m) => m.to === inDir(fresh("login"))));
  assert.ok(!result.remove.includes(inDir(fresh("login"))));
});
