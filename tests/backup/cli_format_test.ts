/**
 * The backup command's output: reports and dry-run plans as text. Exact texts run in a subprocess
 * with TZ=UTC, since reports print local times.
 */
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { formatReport } from "../../lib/backup/cli.ts";
import type { BackupPlan, BackupReport } from "../../lib/backup/plan.ts";
import { formatTimestamp } from "../../lib/format/time.ts";
import { repoPath, runScript, tempRoot } from "../helpers.ts";

const CLI_URL = pathToFileURL(repoPath("lib/backup/cli.ts")).href;

/** Runs `fn` from lib/cli.ts on a report or plan in a process whose zone is UTC. */
async function inUtc(
  fn: "formatReport" | "formatReportJson" | "formatPlan",
  value: BackupReport | BackupPlan,
): Promise<string> {
  const code = `import * as cli from ${JSON.stringify(CLI_URL)};
const revive = (r) => ({ ...r, lastBackup: r.lastBackup && new Date(r.lastBackup),
  nextBackup: new Date(r.nextBackup) });
const input = ${JSON.stringify(value)};
const value = "report" in input ? { ...input, report: revive(input.report) } : revive(input);
console.log(JSON.stringify(cli.${fn}(value)));`;
  await using tmp = await tempRoot();
  const result = await runScript(code, tmp.root, { env: { TZ: "UTC" } });
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  return JSON.parse(result.stdout);
}

const LAST = new Date("2026-10-25T12:00:00Z");
const NEXT = new Date("2026-12-24T12:00:00Z");
const DIR = "/r/backup_logs";
const REPORT: BackupReport = {
  performed: true,
  reason: "due",
  dryRun: false,
  lastBackup: LAST,
  nextBackup: NEXT,
  archived: [
    `${DIR}/login_logs_2026-11-24_12-00-00.txt`,
    `${DIR}/users_logs_2026-11-24_12-00-00.txt`,
  ],
  compressed: [],
  held: [],
  deleted: [`${DIR}/login_logs_2026-01-01_00-00-00.txt`],
  problems: [],
};

const HEADLINES: [BackupReport["reason"], string][] = [
  ["first-run", "First run: recorded the time, archived nothing"],
  ["not-due", "Not due"],
  ["due", "Backed up: due"],
  ["forced", "Backed up: forced"],
  ["state-unreadable", "Backed up: backup_date.txt was unreadable"],
  ["size", "Backed up: a log file reached --max-bytes"],
];

for (const [reason, headline] of HEADLINES) {
  Deno.test(`formatReport() heads a ${reason} report with "${headline}"`, () => {
    const report = { ...REPORT, reason, archived: [], deleted: [] };
    assert.equal(
      formatReport(report),
      `${headline} (last backup ${formatTimestamp(LAST)}, next due ${formatTimestamp(NEXT)})`,
    );
  });
}

Deno.test("formatReport() writes none for a missing last backup", () => {
  const report: BackupReport = { ...REPORT, reason: "first-run", lastBackup: null, archived: [] };
  assert.equal(
    formatReport({ ...report, deleted: [] }),
    `First run: recorded the time, archived nothing (last backup none, next due ${
      formatTimestamp(NEXT)
    })`,
  );
});

Deno.test("formatReport() lists archives created, then deleted, in UTC", async () => {
  assert.equal(
    await inUtc("formatReport", REPORT),
    "Backed up: due (last backup 2026-10-25T12:00:00.000+00:00, next due 2026-12-24T12:00:00.000+00:00)\n" +
      `archived ${DIR}/login_logs_2026-11-24_12-00-00.txt\n` +
      `archived ${DIR}/users_logs_2026-11-24_12-00-00.txt\n` +
      `deleted ${DIR}/login_logs_2026-01-01_00-00-00.txt`,
  );
});

Deno.test("formatReportJson() writes the report with local RFC 3339 dates, in UTC", async () => {
  assert.equal(
    await inUtc("formatReportJson", { ...REPORT, lastBackup: null }),
    JSON.stringify(
      {
        performed: true,
        reason: "due",
        dryRun: false,
        lastBackup: null,
        nextBackup: "2026-12-24T12:00:00.000+00:00",
        archived: REPORT.archived,
        compressed: [],
        held: [],
        deleted: REPORT.deleted,
        problems: [],
      },
      null,
      2,
    ),
  );
});

const PLAN: BackupPlan = {
  report: { ...REPORT, archived: [`${DIR}/login_logs_2026-11-24_12-00-00.txt.gz`] },
  unlink: ["/r/users_logs.txt"],
  moves: [{ from: "/r/login_logs.txt", to: `${DIR}/login_logs_2026-11-24_12-00-00.txt` }],
  touch: ["/r/login_logs.txt", "/r/users_logs.txt"],
  state: "2026-11-24T12:00:00.000+00:00\n",
  compress: [{
    source: `${DIR}/login_logs_2026-11-24_12-00-00.txt`,
    dest: `${DIR}/login_logs_2026-11-24_12-00-00.txt.gz`,
  }],
  remove: [`${DIR}/login_logs_2026-01-01_00-00-00.txt`],
  verify: [],
};

Deno.test("formatPlan() lists each step once, and no deleted line, in UTC", async () => {
  assert.equal(
    await inUtc("formatPlan", PLAN),
    "Dry run, nothing changed: due, would back up (last backup 2026-10-25T12:00:00.000+00:00, " +
      "next due 2026-12-24T12:00:00.000+00:00)\n" +
      "would finish moving /r/users_logs.txt\n" +
      `would move /r/login_logs.txt -> ${DIR}/login_logs_2026-11-24_12-00-00.txt\n` +
      `would compress ${DIR}/login_logs_2026-11-24_12-00-00.txt -> ` +
      `${DIR}/login_logs_2026-11-24_12-00-00.txt.gz\n` +
      "would record 2026-11-24T12:00:00.000+00:00\n" +
      `would delete ${DIR}/login_logs_2026-01-01_00-00-00.txt`,
  );
});

Deno.test("formatPlan() of a plan that changes nothing prints the headline only, in UTC", async () => {
  const report: BackupReport = { ...REPORT, reason: "not-due", performed: false, archived: [] };
  const plan: BackupPlan = {
    report: { ...report, deleted: [] },
    unlink: [],
    moves: [],
    touch: [],
    state: null,
    compress: [],
    remove: [],
    verify: [],
  };
  assert.equal(
    await inUtc("formatPlan", plan),
    "Dry run, nothing changed: not due (last backup 2026-10-25T12:00:00.000+00:00, " +
      "next due 2026-12-24T12:00:00.000+00:00)",
  );
});
