/**
 * `readLogs`: the records of the live files and the archives, newest (or oldest) first, merged
 * across categories by time, with cursors to page on.
 * @module
 */
import { findLogFiles } from "./files.ts";
import { type CompiledFilter, compileFilter, type LogFilter } from "./filter.ts";
import { type Boundary, type CursorState, decodeCursor, encodeCursor } from "./cursor.ts";
import { type CategoryRecord, readCategory } from "./category.ts";
import { decodeHostsCursor, hostRoots, mergeHosts } from "./hosts.ts";

/** One event read back. */
export interface LogRecord {
  /** The time at the start of its line. */
  time: Date;
  /** Its category. */
  category: string;
  /** With `hosts`: the host folder it was read from. */
  host?: string;
  /** The entry, unescaped. */
  entry: string;
  /** Opaque: pass it back as `cursor` to continue right after this record. */
  cursor: string;
}

/** Where a malformed line was skipped. */
export interface MalformedLine {
  /** The file. */
  path: string;
  /** The byte offset of the line in the file's content (decompressed for `.gz`). */
  offset: number;
  /** The line's text, at most 200 characters. */
  text: string;
}

/** Options of {@linkcode readLogs}. */
export interface ReadLogsOptions extends LogFilter {
  /** Newest first, or oldest first. @default "newest" */
  order?: "newest" | "oldest";
  /** At most this many records. @default Infinity */
  limit?: number;
  /** Continue right after the record this cursor came from (a listing of the same order). */
  cursor?: string;
  /** Stops the listing. */
  signal?: AbortSignal;
  /** Called for each malformed line skipped. */
  onMalformed?: (info: MalformedLine) => void;
}

interface Head {
  category: string;
  records: AsyncGenerator<CategoryRecord, Boundary>;
  record: CategoryRecord | null;
  final: Boundary;
}

/** The checked options, ready to read. */
export interface ReadPlan {
  /** The compiled filter. */
  filter: CompiledFilter;
  /** The order. */
  order: "newest" | "oldest";
  /** The limit. */
  limit: number;
  /** The cursor read back, if any. */
  cursor: CursorState | null;
  /** The options given. */
  options: ReadLogsOptions;
  /** Told, for oldest-first reads, how far each file of a category was read. */
  onFileRead?: (category: string, fingerprint: string, offset: number) => void;
}

/** Checks the options of {@linkcode readLogs}. */
export function planRead(options: ReadLogsOptions): ReadPlan {
  const { order = "newest", limit = Infinity } = options;
  if (order !== "newest" && order !== "oldest") {
    throw new RangeError(`Invalid order ${JSON.stringify(order)}: use "newest" or "oldest"`);
  }
  if (!(limit === Infinity || (Number.isSafeInteger(limit) && limit > 0))) {
    throw new RangeError(`Invalid limit ${limit}: use a positive whole number`);
  }
  const cursor = options.cursor === undefined ? null : decodeCursor(options.cursor);
  if (cursor && cursor.order !== order) {
    throw new RangeError(
      `Invalid cursor for order "${order}": it comes from a ${cursor.order}-first listing; pass order "${cursor.order}"`,
    );
  }
  return { filter: compileFilter(options), order, limit, cursor, options };
}

function cursorOf(plan: ReadPlan, heads: Head[], head: Head, record: CategoryRecord): string {
  const at: Record<string, Boundary> = {};
  const newest = plan.order === "newest";
  for (const other of heads) {
    const r = other.record;
    const offset = r && (other === head ? (newest ? r.start : r.end) : (newest ? r.end : r.start));
    at[other.category] = r ? [r.fingerprint, r.ino, offset!, r.time] : other.final;
  }
  const after = [record.fingerprint, record.ino, record.end, record.time] as const;
  return encodeCursor({ order: plan.order, at, after: [head.category, after] });
}

async function advance(head: Head): Promise<void> {
  const next = await head.records.next();
  head.record = next.done ? null : next.value;
  if (next.done) head.final = next.value;
}

function pick(heads: Head[], newest: boolean): Head | null {
  let best: Head | null = null;
  for (const head of heads) {
    const time = head.record?.time;
    if (time === undefined) continue;
    if (!best || (newest ? time > best.record!.time : time < best.record!.time)) best = head;
  }
  return best;
}

/** Runs a checked plan; see {@linkcode readLogs}. */
export async function* runRead(plan: ReadPlan): AsyncGenerator<LogRecord> {
  const { filter, order, limit, options } = plan;
  const files = await findLogFiles(filter.root, filter.categories, filter.archives);
  const scan = { filter, order, limit, onMalformed: options.onMalformed, signal: options.signal };
  const heads: Head[] = filter.categories.map((category) => ({
    category,
    records: readCategory(files.get(category)!, plan.cursor?.at[category], {
      ...scan,
      onFileRead: plan.onFileRead && ((print, offset) => plan.onFileRead!(category, print, offset)),
    }),
    record: null,
    final: null,
  }));
  try {
    for (const head of heads) await advance(head);
    for (let count = 0; count < limit && !options.signal?.aborted; count++) {
      const head = pick(heads, order === "newest");
      if (!head) return;
      const record = head.record!;
      const cursor = cursorOf(plan, heads, head, record);
      yield { time: new Date(record.time), category: head.category, entry: record.entry, cursor };
      await advance(head);
    }
  } finally {
    for (const head of heads) await head.records.return(null);
  }
}

/**
 * Reads records back from the live files and the archives (`backup_logs/`, `.txt` and
 * `.txt.gz`), newest first by default. Within a category records come in file order (append
 * order), reversed for `newest`; across categories they are merged by time. Malformed lines are
 * skipped and reported to `onMalformed`. A missing root or file means no records. Lines of one
 * file are assumed to be in time order within 5 minutes: a time range stops reading a file once
 * it is 5 minutes past the range. Requires `--allow-read` on the root, nothing else.
 * @param options The filter (`root`, `categories`, `since`, `until`, `contains`, `match`,
 * `ignoreCase`, `archives`, `hosts`), `order`, `limit`, `cursor`, `signal`, `onMalformed`.
 * With `hosts`, the root is a central root: each `<root>/<host>/` is read as a log root, the
 * records are merged by time and carry `host`.
 * @returns The records; each has a `cursor` to continue right after it.
 * @throws {TypeError} For an option of the wrong type.
 * @throws {RangeError} For a bad category, order, limit or cursor.
 * @throws {LogFileError} From the iteration, when a file or folder exists but cannot be read.
 * @example The newest two records, then the page after them
 * ```ts
 * import { logToLogin, readLogs } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * for (const who of ["ann", "bob", "cid"]) await logToLogin(`${who} logged in`, { root });
 * const page = await Array.fromAsync(readLogs({ root, limit: 2 }));
 * assert.deepEqual(page.map((r) => r.entry), ["cid logged in", "bob logged in"]);
 * const next = await Array.fromAsync(readLogs({ root, cursor: page[1]!.cursor }));
 * assert.deepEqual(next.map((r) => r.entry), ["ann logged in"]);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export function readLogs(options: ReadLogsOptions = {}): AsyncIterableIterator<LogRecord> {
  if (options.hosts === undefined) return runRead(planRead(options));
  const one = { ...options, hosts: undefined, cursor: undefined, limit: undefined };
  const plan = planRead({ ...one, limit: options.limit }); // checks everything at once
  const start = options.cursor === undefined ? new Map() : decodeHostsCursor(options.cursor);
  return readHosts(options, one, plan, start);
}

// Each host folder read as a log root, merged by time; the cursor carries every host's cursor.
async function* readHosts(
  options: ReadLogsOptions,
  one: ReadLogsOptions,
  plan: ReadPlan,
  start: Map<string, string>,
): AsyncGenerator<LogRecord> {
  const roots = await hostRoots(options.root ?? "logs", options.hosts);
  const sources = new Map(
    [...roots].map(([host, root]) => [host, readLogs({ ...one, root, cursor: start.get(host) })]),
  );
  const { limit, order } = plan;
  yield* mergeHosts(sources, { newest: order === "newest", limit, start, signal: options.signal });
}
