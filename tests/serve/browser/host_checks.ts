/// <reference lib="dom" />
/**
 * The viewer page on a central root (`serve.ts --hosts app1,app2`) in a real browser: host
 * toggles, the Host column, and the chart stacked by host. Run by tests/serve/browser_test.ts
 * like page_checks.ts.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { formatTimestamp } from "../../../lib/format/time.ts";
import { countLogs } from "../../../lib/read/count.ts";
import { readLogs } from "../../../lib/read/query.ts";
import { tempRoot } from "../../helpers.ts";
import { writeSampleLogs } from "../sample.ts";
import { launchBrowser, startViewer, watchPage } from "./viewer.ts";
import { settled } from "./page_helpers.ts";

const HOSTS = ["app1", "app2"];

/** Every loaded row as time, host, category, entry (Load older until there is no more). */
async function hostRows(page: Page): Promise<string[][]> {
  while (!(await page.$eval("#older", (b) => (b as HTMLButtonElement).disabled))) {
    await page.click("::-p-text(Load older)");
    await settled(page);
  }
  return await page.$$eval("#records tbody tr", (trs) =>
    trs.map((tr) => {
      const cells = [...(tr as HTMLTableRowElement).cells];
      return [
        cells[0]!.querySelector("time")!.dateTime,
        ...cells.slice(1).map((c) => c.textContent!),
      ];
    }));
}

/** What readLogs gives for the chart's range and these hosts, in the same shape. */
async function expectedRows(root: string, page: Page, hosts: string[]): Promise<string[][]> {
  const data = await page.$eval("#chart", (svg) => ({ ...(svg as SVGElement).dataset }));
  const found: string[][] = [];
  const range = { since: new Date(data.since!), until: new Date(data.until!) };
  for await (const r of readLogs({ root, hosts, ...range })) {
    found.push([formatTimestamp(r.time), r.host!, r.category, r.entry]);
  }
  return found;
}

Deno.test("viewer page on a central root in chromium", async (t) => {
  await using tmp = await tempRoot();
  const { root } = tmp;
  const now = new Date();
  const total = await writeSampleLogs(`${root}/app1`, now, 120) +
    await writeSampleLogs(`${root}/app2`, now, 80);
  await using viewer = await startViewer(root, ["--hosts", HOSTS.join(",")]);
  const browser = await launchBrowser();
  const page = await browser.newPage();
  const seen = watchPage(page);
  try {
    await page.goto(viewer.loginUrl);
    await settled(page);

    await t.step("the Host column shows each record's host", async () => {
      const headers = await page.$$eval(
        "#records thead th",
        (ths) => ths.map((th) => th.textContent),
      );
      assert.deepEqual(headers, ["Time", "Host", "Category", "Entry"]);
      const shown = await hostRows(page);
      assert.equal(shown.length, total);
      assert.deepEqual(shown, await expectedRows(root, page, HOSTS));
    });

    await t.step("host toggles narrow the records and the URL follows", async () => {
      await page.click('::-p-aria([name="app1"][role="checkbox"])');
      await settled(page, (q) => q === "?host=app2");
      const shown = await hostRows(page);
      assert.equal(shown.length, 81);
      assert.deepEqual(shown, await expectedRows(root, page, ["app2"]));
      const shared = await browser.newPage();
      await shared.goto(page.url());
      await settled(shared);
      assert.deepEqual(await hostRows(shared), shown, "the URL alone gives the same view");
      await shared.close();
      await page.click('::-p-aria([name="app1"][role="checkbox"])');
      await settled(page, (q) => q === "");
    });

    await t.step("the chart stacked by host matches countLogs' byHost", async () => {
      await page.select('::-p-aria([name="Stack by"])', "host");
      await page.waitForFunction(() => location.search === "?stack=host");
      const data = await page.$eval("#chart", (svg) => ({ ...(svg as SVGElement).dataset }));
      const every = /^\d+$/.test(data.every!) ? Number(data.every) : data.every as "hour";
      const since = new Date(data.since!), until = new Date(data.until!);
      const counts = await countLogs({ root, hosts: HOSTS, since, until, every });
      const bars = await page.$$eval("#chart g", (groups) =>
        groups.map((g) =>
          Object.fromEntries(
            [...g.querySelectorAll("rect.bar")].map((r) => [
              r.getAttribute("data-host"),
              Number(r.getAttribute("data-count")),
            ]),
          )
        ));
      assert.deepEqual(
        bars,
        counts.buckets.map((b) =>
          Object.fromEntries(Object.entries(b.byHost!).filter(([, n]) => n))
        ),
      );
      assert.equal(bars.flatMap((b) => Object.values(b)).reduce((a, b) => a + b, 0), total);
    });

    await t.step("no request leaves the origin, and the page logs no error", () => {
      const foreign = seen.requests.filter((url) => new URL(url).origin !== viewer.origin);
      assert.deepEqual(foreign, []);
      assert.deepEqual(seen.problems, []);
    });
  } finally {
    await page.close();
    await browser.close();
  }
});
