/**
 * Unknown categories: a typo in `--categories` or `categories` is refused before anything is
 * created; `--create-category` and `createCategories` start a new one on purpose.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { checkAndBackupLogs, previewBackup } from "../../mod.ts";
import { checkKnownCategories, knownCategories } from "../../lib/backup/categories.ts";
import { runBackup, tempRoot } from "../helpers.ts";
import { archiveNames, layOut, listTree, readState } from "./archive_helpers.ts";

/** A recorded time that is certainly not due yet: one hour ago. */
const STATE = `${new Date(Date.now() - 3_600_000).toISOString()}\n`;
const KNOWN = '"console", "login", "server", "users"';

const backup = runBackup;

Deno.test("backup.ts --categories with a typo exits 2, lists the known ones and changes nothing", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: STATE, files: { "login_logs.txt": "alice\n" } });
  const before = await listTree(tmp.root);
  const result = await backup(tmp.root, ["--categories", "logins", "--force"]);
  assert.deepEqual(result, {
    code: 2,
    stdout: "",
    stderr: `Unknown log category "logins": it has no log file, no archive and is not built in; ` +
      `the known ones are ${KNOWN}; to start a new one, give --create-category logins ` +
      `(createCategories: true in the API); run with --help for usage\n`,
  });
  assert.deepEqual(await listTree(tmp.root), before); // no logins_logs.txt, nothing archived
  assert.equal(await readState(tmp.root), STATE); // the due date did not move
});

Deno.test("backup.ts --create-category starts a new category on purpose", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, { state: STATE, files: { "login_logs.txt": "alice\n" } });
  const args = ["--categories", "login", "--create-category", "billing", "--force", "--json"];
  const result = await backup(tmp.root, args);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  assert.equal(JSON.parse(result.stdout).archived.length, 1); // login's line
  assert.equal(await Deno.readTextFile(join(tmp.root, "billing_logs.txt")), "");
  const again = await backup(tmp.root, ["--categories", "billing,login"]);
  assert.equal(again.stderr, ""); // known now: it has a log file
  assert.equal(again.code, 0);
});

Deno.test("checkAndBackupLogs() and previewBackup() refuse an unknown category with a RangeError", async () => {
  await using tmp = await tempRoot();
  const message = new RegExp(`^Unknown log category "audit": .* the known ones are ${KNOWN}; `);
  for (const run of [checkAndBackupLogs, previewBackup]) {
    await assert.rejects(run({ root: tmp.root, categories: ["login", "audit"] }), {
      name: "RangeError",
      message,
    });
  }
  assert.deepEqual(await listTree(tmp.root), []);
  const report = await checkAndBackupLogs({
    root: tmp.root,
    categories: ["audit"],
    createCategories: ["audit"],
  });
  assert.equal(report.reason, "first-run");
  assert.equal(await Deno.readTextFile(join(tmp.root, "audit_logs.txt")), "");
});

Deno.test("checkAndBackupLogs() knows a category that has only archives left", async () => {
  await using tmp = await tempRoot();
  await layOut(tmp.root, {
    state: STATE,
    files: { "backup_logs/audit_logs_2026-01-01_00-00-00.txt": "a\n" },
  });
  const report = await checkAndBackupLogs({ root: tmp.root, categories: ["audit"], keep: 1 });
  assert.equal(report.reason, "not-due");
  assert.deepEqual(await archiveNames(tmp.root), ["audit_logs_2026-01-01_00-00-00.txt"]);
});

Deno.test("knownCategories() and checkKnownCategories() decide from names alone", () => {
  const known = knownCategories(
    ["billing_logs.txt", "notes.txt", "x_logs.txt.bak", "Bad_logs.txt"],
    ["audit_logs_2026-01-01_00-00-00.txt.gz", "junk"],
  );
  assert.deepEqual(known, ["audit", "billing", "console", "login", "server", "users"]);
  checkKnownCategories(["billing", "audit", "login"], known);
  checkKnownCategories(["new"], known, true);
  checkKnownCategories(["new"], known, ["new"]);
  assert.throws(() => checkKnownCategories(["new", "other"], known, ["new"]), {
    name: "RangeError",
    message: /^Unknown log category "other": /,
  });
});

Deno.test("checkAndBackupLogs() rejects a createCategories that is not a boolean or names", async () => {
  await assert.rejects(
    // @ts-expect-error: a string is not allowed
    checkAndBackupLogs({ root: "logs", createCategories: "yes" }),
    {
      name: "TypeError",
      message:
        'Invalid createCategories "yes": give true, false or an array of names, e.g. ["billing"]',
    },
  );
});
