/**
 * Small reads that need no scan: a file's identity (a hash of its first line) and the offset of
 * a time (binary search on the line timestamps, the way dategrep does).
 * @module
 */
import { gunzip, readAt, type ReadHandle } from "../io/read.ts";
import { LineClock, parseLogLine } from "../format/line.ts";

const HEAD = 256;

/** FNV-1a over the bytes, as 8 hex digits. */
export function hashBytes(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** The identity of content that starts with `head`: `""` while it holds no complete line. */
export function fingerprintOf(head: Uint8Array): string {
  const newline = head.indexOf(10);
  if (newline < 0 && head.length < HEAD) return "";
  const line = head.subarray(0, newline < 0 ? HEAD : newline + 1);
  return hashBytes(line) + line.length.toString(16);
}

async function gzipHead(handle: ReadHandle): Promise<Uint8Array> {
  const reader = gunzip(handle, 4096).getReader();
  const head = new Uint8Array(HEAD);
  let used = 0;
  try {
    while (used < HEAD) {
      const { value, done } = await reader.read();
      if (done) break;
      const take = Math.min(value.length, HEAD - used);
      head.set(value.subarray(0, take), used);
      used += take;
    }
  } catch {
    return new Uint8Array(); // a broken archive has no identity
  } finally {
    await reader.cancel().catch(() => {});
  }
  return head.subarray(0, used);
}

/** The identity of an open file's content (decompressed for gzip). */
export async function fingerprint(handle: ReadHandle, compressed: boolean): Promise<string> {
  if (compressed) return fingerprintOf(await gzipHead(handle));
  const head = new Uint8Array(HEAD);
  const n = await readAt(handle, head, 0);
  return fingerprintOf(head.subarray(0, n));
}

const PROBE = 4096;
const CLOSE_ENOUGH = 64 << 10;

// The start and time of the first line that starts after `offset`, or null.
async function lineAfter(
  handle: ReadHandle,
  offset: number,
  buffer: Uint8Array,
  clock: LineClock,
): Promise<{ start: number; time: number } | null> {
  const n = await readAt(handle, buffer, offset);
  const view = buffer.subarray(0, n);
  const skip = view.indexOf(10) + 1;
  const end = skip > 0 ? view.indexOf(10, skip) : -1;
  if (end < 0) return null;
  let time = clock.timeOf(view, skip, end);
  if (time !== time) {
    time = parseLogLine(new TextDecoder().decode(view.subarray(skip, end)))?.time.getTime() ?? NaN;
  }
  return { start: offset + skip, time };
}

/**
 * Bisects `[lo, hi)` (line starts) of a plain file for the first line whose time is at or after
 * `target`, to within 64 KiB. Lines whose time cannot be read count as `unreadable`.
 * @returns `[before, after]`: a line start before which every line is earlier than `target`
 * (within the file's time order), and one from which every line is at or after it.
 */
export async function bisectTime(
  handle: ReadHandle,
  lo: number,
  hi: number,
  target: number,
  unreadable: "early" | "late",
): Promise<[number, number]> {
  const buffer = new Uint8Array(PROBE);
  const clock = new LineClock();
  while (hi - lo > CLOSE_ENOUGH) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const line = await lineAfter(handle, mid, buffer, clock);
    if (!line || line.start >= hi) break;
    const early = line.time === line.time ? line.time < target : unreadable === "early";
    if (early) lo = line.start;
    else hi = line.start;
  }
  return [lo, hi];
}

/** The offset after the last `\n` before `size` (0 when there is none): where whole lines end. */
export async function lastLineEnd(handle: ReadHandle, size: number): Promise<number> {
  const buffer = new Uint8Array(64 << 10);
  for (let end = size; end > 0;) {
    const start = Math.max(0, end - buffer.length);
    const n = await readAt(handle, buffer.subarray(0, end - start), start);
    const newline = buffer.subarray(0, n).lastIndexOf(10);
    if (newline >= 0) return start + newline + 1;
    end = start;
  }
  return 0;
}
