/**
 * Reading the records of one file, forward or backward, in blocks: only the lines that can
 * match are decoded, and a time range stops the scan once the file is past it.
 * @module
 */
import { gunzip, readAt, type ReadHandle } from "../io/read.ts";
import { LineClock } from "../format/line.ts";
import { type CompiledFilter, TIME_SLACK_MS } from "./filter.ts";
import { lineRanges, pivotOf } from "./scan.ts";
import { evaluateLine, malformedText } from "./line_eval.ts";

/** One record of a file: its time, entry and byte range in the file's content. */
export interface RawRecord {
  /** The time in ms. */
  time: number;
  /** The unescaped entry. */
  entry: string;
  /** The offset of the line's first byte. */
  start: number;
  /** The offset after the line's `\n`. */
  end: number;
}

/** How to scan: the filter, and where to report malformed lines. */
export interface ScanContext {
  /** The compiled filter. */
  filter: CompiledFilter;
  /** Called for each malformed line. */
  onMalformed?: (info: { path: string; offset: number; text: string }) => void;
  /** Stops the scan between blocks. */
  signal?: AbortSignal;
}

/** A file being scanned. */
export interface ScanFile {
  /** The open file. */
  handle: ReadHandle;
  /** Whether its content is gzip. */
  compressed: boolean;
  /** Whether an unfinished last line is malformed (archives) or still being written (live). */
  archived: boolean;
}

const BLOCK = 1 << 20;
const FIRST_BACKWARD_BLOCK = 64 << 10;

// The lines of `bytes[0, length)` that starts at file offset `base`, as records.
function* blockRecords(
  file: ScanFile,
  bytes: Uint8Array,
  ranges: number[],
  base: number,
  ctx: ScanContext,
  clock: LineClock,
  backward: boolean,
): Generator<RawRecord> {
  const count = ranges.length / 2;
  for (let k = 0; k < count; k++) {
    const i = backward ? (count - 1 - k) * 2 : k * 2;
    const start = ranges[i]!, end = ranges[i + 1]!;
    const value = evaluateLine(bytes, start, end - 1, clock, ctx.filter);
    if (value === null) {
      ctx.onMalformed?.({
        path: file.handle.path,
        offset: base + start,
        text: malformedText(bytes, start, end - 1),
      });
    } else if (value.entry !== null) {
      yield { time: value.time, entry: value.entry, start: base + start, end: base + end };
    }
  }
}

async function* plainChunks(file: ScanFile, from: number, to: number): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(BLOCK);
  for (let position = from; position < to;) {
    const n = await readAt(
      file.handle,
      buffer.subarray(0, Math.min(BLOCK, to - position)),
      position,
    );
    if (n === 0) return;
    position += n;
    yield buffer.subarray(0, n);
  }
}

async function* gzipChunks(file: ScanFile, from: number): AsyncGenerator<Uint8Array> {
  let position = 0;
  for await (const chunk of gunzip(file.handle)) {
    const skip = Math.max(0, Math.min(chunk.length, from - position));
    position += chunk.length;
    if (skip < chunk.length) yield chunk.subarray(skip);
  }
}

function append(
  buffer: Uint8Array<ArrayBuffer>,
  used: number,
  chunk: Uint8Array,
): Uint8Array<ArrayBuffer> {
  if (used + chunk.length > buffer.length) {
    const bigger = new Uint8Array(Math.max(buffer.length * 2, used + chunk.length));
    bigger.set(buffer.subarray(0, used));
    buffer = bigger;
  }
  buffer.set(chunk, used);
  return buffer;
}

/**
 * The records of `file` from offset `from` (a line start) up to `to` (plain files; gzip reads
 * to the end), in file order. Stops once a block starts more than the slack past `until`.
 * Returns the offset of the first line it did not read.
 */
export async function* scanForward(
  file: ScanFile,
  from: number,
  to: number,
  ctx: ScanContext,
): AsyncGenerator<RawRecord, number> {
  const { needle, until } = ctx.filter;
  const pivot = needle ? pivotOf(needle) : 0;
  const clock = new LineClock();
  let buffer = new Uint8Array(BLOCK);
  let used = 0, base = from;
  const chunks = file.compressed ? gzipChunks(file, from) : plainChunks(file, from, to);
  for await (const chunk of chunks) {
    if (ctx.signal?.aborted) return base;
    buffer = append(buffer, used, chunk);
    used += chunk.length;
    const view = buffer.subarray(0, used);
    const firstEnd = view.indexOf(10);
    if (firstEnd >= 0 && clock.timeOf(view, 0, firstEnd) >= until + TIME_SLACK_MS) return base;
    const { ranges, rest } = lineRanges(view, 0, used, needle, pivot);
    yield* blockRecords(file, view, ranges, base, ctx, clock, false);
    buffer.copyWithin(0, rest, used);
    used -= rest;
    base += rest;
  }
  if (used > 0 && file.archived) {
    const text = malformedText(buffer, 0, used);
    ctx.onMalformed?.({ path: file.handle.path, offset: base, text });
  }
  return base;
}

/**
 * The records of a plain `file` before offset `to`, down to offset `from` (a line start), newest
 * first. Reads blocks backward (64 KiB, doubling up to 1 MiB); stops once a block starts more
 * than the slack before `since`.
 */
export async function* scanBackward(
  file: ScanFile,
  from: number,
  to: number,
  ctx: ScanContext,
): AsyncGenerator<RawRecord> {
  const { needle, since } = ctx.filter;
  const pivot = needle ? pivotOf(needle) : 0;
  const clock = new LineClock();
  let size = FIRST_BACKWARD_BLOCK, tail = to, first = true;
  let buffer = new Uint8Array(size);
  while (tail > from) {
    if (ctx.signal?.aborted) return;
    const start = Math.max(from, tail - size);
    if (buffer.length < tail - start) buffer = new Uint8Array(tail - start);
    const n = await readAt(file.handle, buffer.subarray(0, tail - start), start);
    if (n < tail - start) return; // truncated meanwhile
    const view = buffer.subarray(0, n);
    const lineStart = start === from ? 0 : view.indexOf(10) + 1;
    const lastEnd = view.lastIndexOf(10) + 1;
    if (lastEnd === 0 && start === from) return; // no complete line
    if ((start > from && lineStart === 0) || lastEnd === 0) {
      size *= 2; // one line longer than the block: read more
      continue;
    }
    if (first && lastEnd < n && file.archived) {
      const text = malformedText(view, lastEnd, n);
      ctx.onMalformed?.({ path: file.handle.path, offset: start + lastEnd, text });
    }
    first = false;
    const { ranges } = lineRanges(view, lineStart, lastEnd, needle, pivot);
    yield* blockRecords(file, view, ranges, start, ctx, clock, true);
    const firstEnd = view.indexOf(10, lineStart);
    if (clock.timeOf(view, lineStart, firstEnd) < since - TIME_SLACK_MS) return;
    tail = start + lineStart;
    size = Math.min(size * 2, BLOCK);
  }
}

// The times of the lines of `view[from, to)` that pass the filter, for counting: the entry is
// decoded only when a text filter needs it, or the line is not in this module's exact format.
function blockTimes(
  view: Uint8Array,
  to: number,
  ctx: ScanContext,
  clock: LineClock,
  pivot: number,
  onTime: (time: number) => void,
): void {
  const { filter } = ctx;
  if (!filter.test) {
    for (let start = 0; start < to;) {
      const end = view.indexOf(10, start);
      let time = clock.timeOf(view, start, end);
      if (time !== time) time = evaluateLine(view, start, end, clock, filter)?.time ?? NaN;
      if (time >= filter.since && time < filter.until) onTime(time);
      start = end + 1;
    }
    return;
  }
  const { ranges } = lineRanges(view, 0, to, filter.needle, pivot);
  for (let i = 0; i < ranges.length; i += 2) {
    const start = ranges[i]!, end = ranges[i + 1]! - 1;
    let time = NaN;
    if (time !== time) {
      const value = evaluateLine(view, start, end, clock, filter);
      if (value?.entry == null) continue;
      time = value.time;
    }
    if (time >= filter.since && time < filter.until) onTime(time);
  }
}

/**
 * Calls `onTime` with the time of each record of `file` that passes the filter, in file order,
 * without building records: what counting needs. Stops past `until` like `scanForward`.
 */
export async function scanTimes(
  file: ScanFile,
  ctx: ScanContext,
  onTime: (time: number) => void,
): Promise<void> {
  const { needle, until } = ctx.filter;
  const pivot = needle ? pivotOf(needle) : 0;
  const clock = new LineClock();
  let buffer = new Uint8Array(BLOCK);
  let used = 0;
  for await (
    const chunk of file.compressed ? gzipChunks(file, 0) : plainChunks(file, 0, Infinity)
  ) {
    ctx.signal?.throwIfAborted();
    buffer = append(buffer, used, chunk);
    used += chunk.length;
    const view = buffer.subarray(0, used);
    const firstEnd = view.indexOf(10);
    if (firstEnd >= 0 && clock.timeOf(view, 0, firstEnd) >= until + TIME_SLACK_MS) return;
    const rest = view.lastIndexOf(10) + 1;
    blockTimes(view, rest, ctx, clock, pivot, onTime);
    buffer.copyWithin(0, rest, used);
    used -= rest;
  }
}
