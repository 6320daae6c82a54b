/// <reference lib="dom" />
/**
 * The viewer page in a real browser: Debian's chromium driven by puppeteer-core, against
 * `serve.ts` in a subprocess, on sample logs. Run by tests/serve/browser_test.ts as its own
 * `deno test` with the flags puppeteer needs; see the README.
 */
import assert from "node:assert/strict";
import { checkAndBackupLogs } from "../../../lib/backup/archive.ts";
import { formatTimestamp } from "../../../lib/format/time.ts";
import { countLogs } from "../../../lib/read/count.ts";
import { logTo } from "../../../lib/write/log.ts";
import { tempRoot } from "../../helpers.ts";
import { HTML_ENTRY, writeSampleLogs } from "../sample.ts";
import { launchBrowser, startViewer, watchPage } from "./viewer.ts";
import { expected, loadAll, rows, settled } from "./page_helpers.ts";

Deno.test("viewer page in chromium", async (t) => {
  await using tmp = await tempRoot();
  const { root } = tmp;
  const total = await writeSampleLogs(root, new Date(), 450);
  await using viewer = await startViewer(root);
  const browser = await launchBrowser();
  const page = await browser.newPage();
  const seen = watchPage(page);
  try {
    await page.setViewport({ width: 1280, height: 900 });
    const response = await page.goto(viewer.loginUrl);
    assert.equal(new URL(page.url()).search, "", "the token leaves the URL");
    assert.match(response!.headers()["content-security-policy"]!, /script-src 'self'/);
    await settled(page);

    await t.step("lists the logged records, newest first, 200 to a page", async () => {
      const headers = await page.$$eval(
        "#records thead th",
        (ths) => ths.map((th) => th.textContent),
      );
      assert.deepEqual(headers, ["Time", "Category", "Entry"]);
      assert.equal(await page.$eval("#range", (s) => (s as HTMLSelectElement).value), "24h");
      const shown = await rows(page);
      assert.equal(shown.length, 200);
      assert.deepEqual(shown, (await expected(root, page)).slice(0, 200));
      await page.keyboard.press("/");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "q");
    });

    await t.step("an HTML entry shows as text and never runs", async () => {
      const cell = await page.$$eval(
        "#records td.entry",
        (tds, html) => tds.filter((td) => td.textContent === html).length,
        HTML_ENTRY,
      );
      assert.equal(cell, 1);
      assert.equal(await page.$("#records img"), null);
      assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    });

    await t.step("the chart shows the counts countLogs gives", async () => {
      const data = await page.$eval("#chart", (svg) => ({ ...(svg as SVGElement).dataset }));
      const every = /^\d+$/.test(data.every!) ? Number(data.every) : data.every as "minute";
      const counts = await countLogs({
        root,
        since: new Date(data.since!),
        until: new Date(data.until!),
        every,
      });
      const bars = await page.$$eval("#chart g", (groups) =>
        groups.map((g) => ({
          start: g.getAttribute("data-start"),
          total: Number(g.getAttribute("data-total")),
          rects: [...g.querySelectorAll("rect.bar")].map((
            r,
          ) => [
            r.getAttribute("data-category"),
            Number(r.getAttribute("data-count")),
            Number(r.getAttribute("height")),
          ]),
        })));
      assert.equal(bars.length, counts.buckets.length);
      const max = Math.max(...counts.buckets.map((b) => b.total));
      counts.buckets.forEach((bucket, i) => {
        const bar = bars[i]!;
        assert.equal(bar.start, formatTimestamp(bucket.start));
        assert.equal(bar.total, bucket.total);
        const drawn = Object.fromEntries(bar.rects.map(([c, n]) => [c, n]));
        const want = Object.fromEntries(Object.entries(bucket.counts).filter(([, n]) => n > 0));
        assert.deepEqual(drawn, want);
        for (const [, n, height] of bar.rects) {
          assert.ok(Math.abs((height as number) - (n as number) * 116 / max) < 0.01);
        }
      });
      assert.equal(bars.reduce((sum, b) => sum + b.total, 0), total);
    });

    await t.step("filters narrow the records and the URL follows", async () => {
      for (const name of ["console", "server", "users"]) {
        await page.click(`::-p-aria([name="${name}"][role="checkbox"])`);
      }
      await settled(page, (q) => q === "?category=login");
      const login = await loadAll(page);
      assert.deepEqual(login, await expected(root, page, { categories: ["login"] }));
      await page.type('::-p-aria([name="Search"][role="searchbox"])', "ALICE");
      await page.waitForFunction(() => location.search.includes("q=ALICE"));
      await settled(page);
      const alice = await rows(page);
      assert.ok(alice.length > 0 && alice.length < login.length);
      assert.deepEqual(
        alice,
        (await expected(root, page, { categories: ["login"], contains: "ALICE", ignoreCase: true }))
          .slice(0, 200),
      );
      await page.click('::-p-aria([name="Case"][role="checkbox"])');
      await settled(page, (q) => q === "?category=login&q=ALICE&case=1");
      assert.deepEqual(await rows(page), []);
      await page.click('::-p-aria([name="Case"][role="checkbox"])');
      await page.$eval("#q", (input) => ((input as HTMLInputElement).value = ""));
      await page.type("#q", "^failed login for (bob|carol) ");
      await page.click('::-p-aria([name="Regex"][role="checkbox"])');
      await settled(page, (q) => q.includes("regex=1") && q.includes("q=%5Efailed"));
      const failed = await rows(page);
      assert.ok(failed.length > 0);
      assert.deepEqual(
        failed,
        await expected(root, page, {
          categories: ["login"],
          match: /^failed login for (bob|carol) /i,
        }),
      );
      const shared = await browser.newPage();
      const sharedSeen = watchPage(shared);
      await shared.goto(page.url());
      await settled(shared);
      assert.deepEqual(await rows(shared), failed, "the URL alone gives the same view");
      await shared.close();
      seen.requests.push(...sharedSeen.requests);
      seen.problems.push(...sharedSeen.problems);
    });

    await t.step("Load older pages without gaps or repeats, across a backup", async () => {
      await page.goto(viewer.origin + "/");
      await settled(page);
      assert.equal((await rows(page)).length, 200);
      await checkAndBackupLogs({ root, force: true, compress: true });
      const all = await loadAll(page);
      assert.equal(all.length, total);
      assert.equal(new Set(all.map((r) => r.join("\n"))).size, total);
      assert.deepEqual(all, await expected(root, page));
    });

    await t.step("a record logged while Live is on appears within 2 s", async () => {
      await page.click('::-p-aria([name="Live"][role="checkbox"])');
      await page.waitForFunction(() =>
        document.getElementById("live-status")!.textContent === "live"
      );
      assert.ok(new URL(page.url()).searchParams.get("live") === "1");
      for (const entry of [`live record ${crypto.randomUUID()}`, HTML_ENTRY]) {
        await logTo("server", entry, { root });
        await page.waitForFunction(
          (text) => document.querySelector("#records tbody tr td.entry")?.textContent === text,
          { timeout: 2000 },
          entry,
        );
      }
      assert.equal(await page.$("#records img"), null);
      assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    });

    await t.step("fits a phone-width screen", async () => {
      await page.setViewport({ width: 375, height: 740 });
      const overflow = await page.evaluate(() =>
        document.documentElement.scrollWidth - globalThis.innerWidth
      );
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
    });

    await t.step("no request leaves the origin, and the page logs no error", () => {
      assert.ok(seen.requests.length > 10);
      const foreign = seen.requests.filter((url) => new URL(url).origin !== viewer.origin);
      assert.deepEqual(foreign, []);
      assert.deepEqual(seen.problems, []);
    });
  } finally {
    await page.close();
    await browser.close();
  }
});
