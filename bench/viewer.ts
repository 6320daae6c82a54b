/// <reference lib="dom" />
/**
 * The viewer page with 10,000 rows loaded, in chromium: how long "Load older" takes near the
 * start and near 10,000 rows (medians of 5, and their ratio), "/" to a focused search box, and a
 * scroll to the bottom. Run with `deno task bench:viewer`.
 */
import { tempRoot } from "../tests/helpers.ts";
import { writeSampleLogs } from "../tests/serve/sample.ts";
import { launchBrowser, startViewer } from "../tests/serve/browser/viewer.ts";
await using tmp = await tempRoot();
await writeSampleLogs(tmp.root, new Date(), 10_400);
await using viewer = await startViewer(tmp.root);
const browser = await launchBrowser();
const page = await browser.newPage();
await page.setViewport({ width: 1280, height: 900 });
await page.goto(viewer.loginUrl);
await page.waitForFunction(() => !document.body.dataset.loading);
const times: [number, number][] = [];
while ((await page.$$("#records tbody tr")).length < 10_000) {
  const rows = await page.$$eval("#records tbody tr", (r) => r.length);
  const t = performance.now();
  await page.click("#older");
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll("#records tbody tr").length > n && !document.body.dataset.loading,
    {},
    rows,
  );
  times.push([rows, performance.now() - t]);
}
const first = times.slice(0, 5).map(([, t]) => t).sort((a, b) => a - b)[2]!;
const last = times.slice(-5).map(([, t]) => t).sort((a, b) => a - b)[2]!;
console.log(`rows loaded: ${await page.$$eval("#records tbody tr", (r) => r.length)}`);
console.log(
  `Load older (200 rows), median of 5, at 200-1,200 rows: ${
    first.toFixed(0)
  } ms; at 9,000-10,000 rows: ${last.toFixed(0)} ms; ratio ${(last / first).toFixed(2)}`,
);
const key = [];
for (let i = 0; i < 5; i++) {
  await page.evaluate(() => (document.activeElement as HTMLElement)?.blur());
  const t = performance.now();
  await page.keyboard.press("/");
  await page.waitForFunction(() => document.activeElement?.id === "q");
  key.push(performance.now() - t);
}
key.sort((a, b) => a - b);
console.log(`"/" to focused search with 10,000 rows, median of 5: ${key[2]!.toFixed(0)} ms`);
const t = performance.now();
await page.evaluate(() => globalThis.scrollTo(0, document.body.scrollHeight));
await page.evaluate(() => new Promise(requestAnimationFrame));
console.log(`scroll to the bottom and next frame: ${(performance.now() - t).toFixed(0)} ms`);
await browser.close();
