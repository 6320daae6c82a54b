/// <reference lib="dom" />
/** What the browser checks read off the page, and what they expect from the readers. */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { formatTimestamp } from "../../../lib/format/time.ts";
import { readLogs } from "../../../lib/read/query.ts";

/** A table row: time, category, entry. */
export type Row = [time: string, category: string, entry: string];

export async function rows(page: Page): Promise<Row[]> {
  return await page.$$eval("#records tbody tr", (trs) =>
    trs.map((tr) => {
      const cells = (tr as HTMLTableRowElement).cells;
      return [
        cells[0]!.querySelector("time")!.dateTime,
        cells[1]!.textContent!,
        cells[2]!.textContent!,
      ] as Row;
    }));
}

export async function settled(page: Page, search?: (query: string) => boolean): Promise<void> {
  await page.waitForFunction(() =>
    !document.body.dataset.loading &&
    !/Loading/.test(document.getElementById("summary")!.textContent!)
  );
  if (search) assert.ok(search(await page.evaluate(() => location.search)));
}

export async function expected(
  root: string,
  page: Page,
  filter: Record<string, unknown> = {},
): Promise<Row[]> {
  const since = new Date(await page.$eval("#chart", (svg) => (svg as SVGElement).dataset.since!));
  const until = new Date(await page.$eval("#chart", (svg) => (svg as SVGElement).dataset.until!));
  const found: Row[] = [];
  for await (const r of readLogs({ root, since, until, ...filter })) {
    found.push([formatTimestamp(r.time), r.category, r.entry]);
  }
  return found;
}

export async function loadAll(page: Page): Promise<Row[]> {
  while (!(await page.$eval("#older", (b) => (b as HTMLButtonElement).disabled))) {
    await page.click("::-p-text(Load older)");
    await settled(page);
  }
  return await rows(page);
}
