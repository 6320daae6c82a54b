/**
 * The viewer page in a real browser. The checks live in browser/page_checks.ts and run as
 * their own `deno test`, with the flags puppeteer-core needs (`--allow-env`, and `--allow-run`
 * for chromium and deno) kept out of the main test task. Without chromium they skip, saying how
 * to install it.
 */
import assert from "node:assert/strict";
import { repoPath, runDeno } from "../helpers.ts";
import { CHROMIUM } from "./browser/chromium.ts";

const hasChromium = await Deno.stat(CHROMIUM).then((info) => info.isFile, () => false);
if (!hasChromium) {
  console.warn(
    `Skipping the browser tests: no chromium at ${CHROMIUM}; install it with ` +
      "`apt-get install chromium` (Debian's package)",
  );
}

/** The steps page_checks.ts must report as passed: the list, plus two. */
const STEPS = [
  "lists the logged records, newest first, 200 to a page",
  "an HTML entry shows as text and never runs",
  "the chart shows the counts countLogs gives",
  "filters narrow the records and the URL follows",
  "Load older pages without gaps or repeats, across a backup",
  "a record logged while Live is on appears within 2 s",
  "fits a phone-width screen",
  "no request leaves the origin, and the page logs no error",
  // host_checks.ts, on a central root served with --hosts
  "the Host column shows each record's host",
  "host toggles narrow the records and the URL follows",
  "the chart stacked by host matches countLogs' byHost",
];

Deno.test({
  name:
    "viewer page in chromium (puppeteer-core): every check of tests/serve/browser/page_checks.ts and host_checks.ts",
  ignore: !hasChromium,
  async fn() {
    const { code, stdout, stderr } = await runDeno([
      "test",
      "--allow-env",
      "--allow-read",
      "--allow-write",
      "--allow-net=127.0.0.1",
      `--allow-run=${CHROMIUM},${Deno.execPath()}`,
      repoPath("tests/serve/browser/page_checks.ts"),
      repoPath("tests/serve/browser/host_checks.ts"),
    ]);
    const report = `${stdout}\n${stderr}`;
    assert.equal(code, 0, report);
    for (const step of STEPS) {
      assert.ok(report.includes(`${step} ... ok`), `step "${step}" did not pass:\n${report}`);
    }
  },
});
