/** Helpers for the reader tests: write log files and archives with chosen times and entries. */
import { formatLine } from "../../lib/write/log.ts";
import { formatArchiveStamp } from "../../lib/format/time.ts";

/** A line to write: its time and entry. */
export type Line = readonly [time: Date, entry: string];

/** Lines at `start`, `start + step`, …, with entries `<prefix> <i>`. */
export function lineSeries(prefix: string, count: number, start: Date, stepMs = 1000): Line[] {
  return Array.from(
    { length: count },
    (_, i) => [new Date(start.getTime() + i * stepMs), `${prefix} ${i}`] as const,
  );
}

/** The text of lines as the writer writes them. */
export function linesText(lines: readonly Line[]): string {
  return lines.map(([time, entry]) => formatLine(time, entry)).join("");
}

/** Writes (replaces) a live category file. */
export async function writeLive(root: string, category: string, lines: readonly Line[]) {
  await Deno.writeTextFile(`${root}/${category}_logs.txt`, linesText(lines));
}

/** Writes an archive of a category, named after `at`; gzip-compressed with `gzip`. */
export async function writeArchive(
  root: string,
  category: string,
  at: Date,
  lines: readonly Line[],
  options: { gzip?: boolean; plainToo?: boolean } = {},
): Promise<string> {
  await Deno.mkdir(`${root}/backup_logs`, { recursive: true });
  const base = `${root}/backup_logs/${category}_logs_${formatArchiveStamp(at)}.txt`;
  const bytes = new TextEncoder().encode(linesText(lines));
  if (!options.gzip || options.plainToo) await Deno.writeFile(base, bytes);
  if (options.gzip) await Deno.writeFile(`${base}.gz`, await gzip(bytes));
  return options.gzip ? `${base}.gz` : base;
}

/** Gzips bytes in memory. */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Collects an async iterable's entries (or any field) into an array. */
export async function entries(
  records: AsyncIterable<{ entry: string }>,
): Promise<string[]> {
  return (await Array.fromAsync(records)).map((r) => r.entry);
}
