import assert from "node:assert/strict";
import { type BackupReport, LogFileError, scheduleBackups } from "../../mod.ts";
import { tempRoot } from "../helpers.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await sleep(10);
  assert.ok(check(), "the condition did not come true within 5 s");
}

Deno.test("scheduleBackups() checks at start, then every everyMs, and stop() ends it", async () => {
  await using tmp = await tempRoot();
  const reports: BackupReport[] = [];
  const schedule = scheduleBackups({
    root: tmp.root,
    everyMs: 20,
    onReport: (r) => reports.push(r),
  });
  await waitFor(() => reports.length >= 3);
  await schedule.stop();
  const count = reports.length;
  await sleep(80);
  assert.equal(reports.length, count);
  assert.deepEqual(reports.map((r) => r.reason), [
    "first-run",
    ...Array(count - 1).fill("not-due"),
  ]);
  assert.match(await Deno.readTextFile(`${tmp.root}/dates/backup_date.txt`), /^\d{4}-\d\d-\d\dT/);
});

Deno.test("scheduleBackups() reports a failed check to onError and tries again at the next tick", async () => {
  await using tmp = await tempRoot();
  await Deno.writeTextFile(`${tmp.root}/backup_logs`, "a file where the folder belongs");
  const errors: unknown[] = [];
  {
    await using _schedule = scheduleBackups({
      root: tmp.root,
      everyMs: 10,
      onError: (e) => errors.push(e),
    });
    await waitFor(() => errors.length >= 2);
  }
  const error = errors[0];
  assert.ok(error instanceof LogFileError);
  assert.equal(error.path, `${tmp.root}/backup_logs`);
  assert.match(error.message, /a file of that name is in the way/);
});

Deno.test("scheduleBackups() refuses a period a timer cannot hold", () => {
  for (const everyMs of [0, -1, 1.5, NaN, 2 ** 31, 30 * 86_400_000]) {
    assert.throws(() => scheduleBackups({ everyMs }), {
      name: "RangeError",
      message: /everyMs must be a whole number from 1 to 2147483647/,
    });
  }
});

Deno.test("scheduleBackups() throws for a bad backup option before any check", async () => {
  await using tmp = await tempRoot();
  assert.throws(() => scheduleBackups({ root: tmp.root, keep: 0 }), {
    name: "RangeError",
    message: /keep/,
  });
  assert.throws(() => scheduleBackups({ root: "" }), { name: "TypeError", message: /root/ });
  assert.deepEqual([...Deno.readDirSync(tmp.root)], []);
});

Deno.test("scheduleBackups() survives an onError that throws, and goes on", async () => {
  await using tmp = await tempRoot();
  await Deno.writeTextFile(`${tmp.root}/backup_logs`, "a file where the folder belongs");
  let calls = 0;
  const schedule = scheduleBackups({
    root: tmp.root,
    everyMs: 10,
    onError: () => {
      calls++;
      throw new Error("the callback itself fails");
    },
  });
  await waitFor(() => calls >= 3);
  await schedule.stop();
});
