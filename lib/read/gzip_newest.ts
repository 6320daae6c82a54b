/**
 * Newest-first records of a `.gz` archive. A gzip stream cannot be read backward: decode it
 * forward and keep the last `limit` matching records, then hand them out newest first. Memory is
 * bounded by `limit` (without a limit, by the archive's matching records).
 * @module
 */
import { type RawRecord, type ScanContext, type ScanFile, scanForward } from "./file_scan.ts";

/** The records of a gzip `file` that start before `to`, newest first, at most `limit`. */
export async function* readNewestGzip(
  file: ScanFile,
  to: number,
  scan: ScanContext & { limit: number },
): AsyncGenerator<RawRecord, number> {
  const ring: RawRecord[] = [];
  let next = 0;
  for await (const record of scanForward(file, 0, Infinity, scan)) {
    if (record.start >= to) break;
    if (ring.length < scan.limit) ring.push(record);
    else {
      ring[next] = record;
      next = (next + 1) % scan.limit;
    }
  }
  const ordered = [...ring.slice(next), ...ring.slice(0, next)];
  for (let i = ordered.length - 1; i >= 0; i--) yield ordered[i]!;
  return 0;
}
