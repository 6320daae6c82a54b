/**
 * The records of one category as one sequence: its archives oldest first, then its live file;
 * read forward for `oldest`, backward for `newest`, from a cursor's boundary.
 * @module
 */
import { openLogFile, type ReadHandle } from "../io/read.ts";
import type { LogFileRef } from "./files.ts";
import { TIME_SLACK_MS } from "./filter.ts";
import type { Boundary, Position } from "./cursor.ts";
import { type RawRecord, scanBackward, type ScanContext, scanForward } from "./file_scan.ts";
import { bisectTime, fingerprint } from "./file_probe.ts";
import { readNewestGzip } from "./gzip_newest.ts";

/** A record with the identity of the file it is in. */
export interface CategoryRecord extends RawRecord {
  /** The file's first-line hash. */
  fingerprint: string;
  /** The file's inode. */
  ino: number;
}

/** Reading options beyond the filter. */
export interface CategoryScan extends ScanContext {
  /** The direction. */
  order: "newest" | "oldest";
  /** At most this many records are wanted (bounds the memory of newest-first `.gz` reads). */
  limit: number;
  /** Told, oldest-first, how far each file was read: its first-line hash and offset. */
  onFileRead?: (fingerprint: string, offset: number) => void;
}

/** A file opened for reading, with its identity. */
export interface Opened {
  ref: LogFileRef;
  handle: ReadHandle;
  fingerprint: string;
}

/** Opens a planned file; `null` when it is gone. */
export async function open(ref: LogFileRef): Promise<Opened | null> {
  let handle = await openLogFile(ref.path);
  if (!handle && ref.archived && !ref.compressed) {
    // Compressed and removed since the listing: read the `.gz` instead.
    ref = { ...ref, path: `${ref.path}.gz`, compressed: true };
    handle = await openLogFile(ref.path);
  }
  if (!handle) return null; // gone (archived, deleted) or replaced by something that is no file
  return { ref, handle, fingerprint: await fingerprint(handle, ref.compressed) };
}

/** Whether a file can hold records in the time range, by the backup times in archive names. */
export function inRange(
  files: readonly LogFileRef[],
  i: number,
  since: number,
  until: number,
): boolean {
  const previous = i > 0 ? files[i - 1]!.at : -Infinity;
  return files[i]!.at >= since - TIME_SLACK_MS && previous <= until + TIME_SLACK_MS;
}

/** Finds the file a position names: same hash and inode, else same hash. */
async function locate(files: readonly LogFileRef[], at: Position): Promise<number> {
  let loose = -1;
  for (let i = files.length - 1; i >= 0; i--) {
    const opened = await open(files[i]!);
    if (!opened) continue;
    opened.handle.close();
    if (opened.fingerprint !== at[0]) continue;
    if (opened.ref.ino === at[1] || opened.ref.compressed) return i;
    if (loose < 0) loose = i;
  }
  return loose;
}

/** Where a category's scan starts: file index and offset (`-1` for the file's end). */
async function startOf(
  files: readonly LogFileRef[],
  boundary: Boundary | undefined,
  order: "newest" | "oldest",
): Promise<{ index: number; offset: number } | null> {
  if (boundary === 0) return null;
  if (boundary === undefined || boundary === null) {
    return order === "oldest" ? { index: 0, offset: 0 } : { index: files.length - 1, offset: -1 };
  }
  const index = await locate(files, boundary);
  if (index >= 0) return { index, offset: boundary[2] };
  if (order === "newest") return null; // its file was deleted: nothing older is left
  const after = files.findIndex((f) => f.at >= boundary[3] - TIME_SLACK_MS);
  return after < 0 ? null : { index: after, offset: 0 };
}

async function* scanFile(
  opened: Opened,
  offset: number,
  scan: CategoryScan,
): AsyncGenerator<RawRecord, number> {
  const { handle, ref } = opened;
  const file = { handle, compressed: ref.compressed, archived: ref.archived };
  const { since, until } = scan.filter;
  if (scan.order === "newest") {
    const size = ref.compressed ? Infinity : handle.size; // gzip: decoded offsets
    const to = offset < 0 ? size : Math.min(offset, size);
    if (ref.compressed) return yield* readNewestGzip(file, to, scan);
    const end = until === Infinity
      ? to
      : (await bisectTime(handle, 0, to, until + TIME_SLACK_MS, "early"))[1];
    yield* scanBackward(file, 0, end, scan);
    return 0;
  }
  const from = since === -Infinity || ref.compressed
    ? offset
    : (await bisectTime(handle, offset, handle.size, since - TIME_SLACK_MS, "late"))[0];
  return yield* scanForward(file, from, handle.size, scan);
}

/**
 * The records of one category after `boundary`, in `scan.order`. Returns the boundary to resume
 * at once they are all read: `0` for newest-first, the end of what was read for oldest-first.
 */
export async function* readCategory(
  files: readonly LogFileRef[],
  boundary: Boundary | undefined,
  scan: CategoryScan,
): AsyncGenerator<CategoryRecord, Boundary> {
  const start = await startOf(files, boundary, scan.order);
  let last: Boundary = scan.order === "oldest" && boundary !== undefined ? boundary : null;
  let lastTime = boundary ? boundary[3] : 0;
  if (!start) return scan.order === "newest" ? 0 : last;
  const step = scan.order === "newest" ? -1 : 1;
  for (let i = start.index; i >= 0 && i < files.length; i += step) {
    if (scan.signal?.aborted) break;
    if (!inRange(files, i, scan.filter.since, scan.filter.until)) continue;
    const opened = await open(files[i]!);
    if (!opened) continue;
    try {
      const offset = i === start.index ? start.offset : step < 0 ? -1 : 0;
      const records = scanFile(opened, offset, scan);
      const { fingerprint, ref: { ino } } = opened;
      let result = await records.next();
      for (; !result.done; result = await records.next()) {
        lastTime = result.value.time;
        yield { ...result.value, fingerprint, ino };
      }
      if (fingerprint) last = [fingerprint, ino, result.value, lastTime];
      if (step > 0) scan.onFileRead?.(fingerprint, result.value);
    } finally {
      opened.handle.close();
    }
  }
  return scan.order === "newest" ? 0 : last;
}
