/// <reference lib="dom" />
/**
 * Saves docs/viewer.png: the viewer page on 450 sample records, in chromium, 1280 × 900.
 * Run with `deno task screenshot`.
 */
import { repoPath, tempRoot } from "../../helpers.ts";
import { writeSampleLogs } from "../sample.ts";
import { launchBrowser, startViewer } from "./viewer.ts";

await using tmp = await tempRoot();
await writeSampleLogs(tmp.root, new Date(), 450);
await using viewer = await startViewer(tmp.root);
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(viewer.loginUrl);
  await page.waitForFunction(() => !document.body.dataset.loading);
  const path = repoPath("docs/viewer.png");
  await Deno.mkdir(repoPath("docs"), { recursive: true });
  await page.screenshot({ path: path as `${string}.png` });
  console.log(`Saved ${path}`);
} finally {
  await browser.close();
}
