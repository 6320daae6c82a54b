/**
 * The `logs` command's output: one line per record, JSON Lines, and the count table. Pure.
 * @module
 */
import { escapeEntry } from "../format/escape.ts";
import { formatTimestamp } from "../format/time.ts";
import type { LogRecord } from "./query.ts";
import type { LogCounts } from "./count.ts";

/**
 * `<timestamp> <category> - <entry, escaped as in the file>` (`<host>/<category>` with hosts):
 * an entry cannot forge a line.
 */
export function formatRecordText(record: LogRecord): string {
  const where = record.host === undefined ? record.category : `${record.host}/${record.category}`;
  return `${formatTimestamp(record.time)} ${where} - ${escapeEntry(record.entry)}`;
}

/** One JSON object: `{"time","category","entry","cursor"}`, the time as local RFC 3339. */
export function formatRecordJson(record: LogRecord): string {
  return JSON.stringify({
    time: formatTimestamp(record.time),
    ...(record.host === undefined ? {} : { host: record.host }),
    category: record.category,
    entry: record.entry,
    cursor: record.cursor,
  });
}

const BAR_WIDTH = 40;

/**
 * The counts as a table: one row per bucket, a column per category, and a bar scaled to the
 * largest bucket so that a spike shows at a glance.
 */
export function formatCountTable(counts: LogCounts, categories: readonly string[]): string {
  const max = Math.max(1, ...counts.buckets.map((b) => b.total));
  const hosts = Object.keys(counts.buckets[0]?.byHost ?? {});
  const header = ["start", "total", ...categories, ...hosts];
  const rows = counts.buckets.map((b) => [
    formatTimestamp(b.start),
    String(b.total),
    ...categories.map((c) => String(b.counts[c] ?? 0)),
    ...hosts.map((h) => String(b.byHost?.[h] ?? 0)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join("  ");
  return [
    line(header),
    ...rows.map((row, i) => {
      const total = counts.buckets[i]!.total;
      const bar = "#".repeat(Math.ceil((total / max) * BAR_WIDTH));
      return `${line(row)}  ${bar}`.trimEnd();
    }),
  ].join("\n");
}

/** The counts as JSON Lines: `{"start","total","counts"}` per bucket. */
export function formatCountJson(counts: LogCounts): string {
  return counts.buckets.map((b) =>
    JSON.stringify({
      start: formatTimestamp(b.start),
      total: b.total,
      counts: b.counts,
      ...(b.byHost === undefined ? {} : { byHost: b.byHost }),
    })
  ).join("\n");
}

/** The one stderr line about skipped malformed lines, or `null` when there were none. */
export function formatMalformed(count: number, first: { path: string; offset: number } | null) {
  if (count === 0 || !first) return null;
  return `Skipped ${count} malformed line${count === 1 ? "" : "s"} (first in ${
    JSON.stringify(first.path)
  } at byte ${first.offset})`;
}
