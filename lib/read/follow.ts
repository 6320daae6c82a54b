/**
 * `followLogs`: the records appended after it starts (or after a cursor), across backups,
 * until its signal aborts or its consumer stops.
 * @module
 */
import { decodeHostsCursor, hostRoots, mergeLive } from "./hosts.ts";
import { compileFilter, type LogFilter } from "./filter.ts";
import {
  type Boundary,
  type CursorState,
  decodeCursor,
  encodeCursor,
  type Position,
} from "./cursor.ts";
import type { CategoryRecord } from "./category.ts";
import { type LogRecord, planRead, runRead } from "./query.ts";
import { CategoryTail } from "./tail.ts";

/** Options of {@linkcode followLogs}. */
export interface FollowLogsOptions extends LogFilter {
  /** Continue right after the record this cursor came from (from `readLogs` or `followLogs`). */
  cursor?: string;
  /** First yield the newest this many records already there, oldest of them first. @default 0 */
  backlog?: number;
  /** How often to look for new lines, in ms. @default 250 */
  pollMs?: number;
  /** Ends the follow. */
  signal?: AbortSignal;
}

function checkCount(name: string, value: number, min: number): void {
  if (Number.isSafeInteger(value) && value >= min) return;
  throw new RangeError(`Invalid ${name} ${value}: use a whole number of at least ${min}`);
}

// Where each category continues after a cursor's record, as an oldest-first boundary; a category
// the cursor does not name starts at the end. A category that a newest-first listing had
// finished (`0`: it had no record, or every one was listed) is followed from its start, so that
// nothing it logged after the listing is missed; for a cursor taken below the first records of
// a listing, that can repeat the records of a category it had listed whole.
function startsFrom(state: CursorState): Record<string, Boundary | undefined> {
  const starts: Record<string, Boundary | undefined> = {};
  for (const [category, boundary] of Object.entries(state.at)) {
    starts[category] = state.order === "newest" && boundary === 0 ? null : boundary;
  }
  starts[state.after[0]] = state.after[1];
  return starts;
}

function cursorFor(tails: CategoryTail[], tail: CategoryTail, record: CategoryRecord): string {
  tail.position = [record.fingerprint, record.ino, record.end, record.time];
  const at: Record<string, Boundary> = {};
  for (const t of tails) at[t.category] = t.position;
  return encodeCursor({ order: "oldest", at, after: [tail.category, tail.position] });
}

// Interleaves the categories' new records by time, keeping each category's file order.
function* mergeBatch(
  tails: CategoryTail[],
  batches: CategoryRecord[][],
): Generator<LogRecord> {
  const next = batches.map(() => 0);
  for (;;) {
    let best = -1;
    for (let i = 0; i < batches.length; i++) {
      const record = batches[i]![next[i]!];
      if (record && (best < 0 || record.time < batches[best]![next[best]!]!.time)) best = i;
    }
    if (best < 0) return;
    const record = batches[best]![next[best]!++]!;
    const tail = tails[best]!;
    const cursor = cursorFor(tails, tail, record);
    yield { time: new Date(record.time), category: tail.category, entry: record.entry, cursor };
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

interface FollowPlan {
  options: FollowLogsOptions;
  filter: ReturnType<typeof compileFilter>;
  cursor: CursorState | null;
  backlog: number;
  pollMs: number;
}

// What is already there: the backlog (newest N, oldest first), or everything after a cursor.
async function* catchUp(plan: FollowPlan, tails: CategoryTail[]): AsyncGenerator<LogRecord> {
  const { options, cursor } = plan;
  const starts = cursor ? startsFrom(cursor) : {};
  for (const tail of tails) {
    if (starts[tail.category] === undefined) await tail.startAtEnd();
    else await tail.noteArchives();
  }
  if (cursor) {
    const at: Record<string, Boundary> = {};
    for (const tail of tails) at[tail.category] = starts[tail.category] ?? 0;
    const read = planRead({ ...options, order: "oldest", cursor: undefined });
    read.cursor = { order: "oldest", at, after: cursor.after };
    const byCategory = new Map(tails.map((t) => [t.category, t]));
    read.onFileRead = (category, print, offset) =>
      byCategory.get(category)!.noteRead(print, offset);
    for await (const record of runRead(read)) {
      const state = decodeCursor(record.cursor);
      for (const tail of tails) {
        tail.position = positionIn(state.at[tail.category]) ?? tail.position;
      }
      yield record;
    }
    return;
  }
  if (plan.backlog === 0) return;
  const read = planRead({ ...options, order: "newest", limit: plan.backlog, cursor: undefined });
  read.cursor = {
    order: "newest",
    at: Object.fromEntries(tails.map((t) => [t.category, t.position])),
    after: [tails[0]!.category, ["", 0, 0, 0]],
  };
  const records = await Array.fromAsync(runRead(read));
  for (const record of records.reverse()) {
    const state = decodeCursor(record.cursor);
    const at = { ...state.at, [state.after[0]]: state.after[1] };
    yield { ...record, cursor: encodeCursor({ order: "oldest", at, after: state.after }) };
  }
}

function positionIn(boundary: Boundary | undefined): Position | null {
  return boundary ? boundary : null;
}

async function* runFollow(plan: FollowPlan): AsyncGenerator<LogRecord> {
  const { filter, options } = plan;
  const tails = filter.categories.map((c) => new CategoryTail(filter.root, c, filter));
  try {
    yield* catchUp(plan, tails);
    while (!options.signal?.aborted) {
      const batches: CategoryRecord[][] = [];
      for (const tail of tails) batches.push(await tail.poll());
      let any = false;
      for (const record of mergeBatch(tails, batches)) {
        any = true;
        yield record;
      }
      if (!any) await sleep(plan.pollMs, options.signal);
    }
  } finally {
    for (const tail of tails) tail.close();
  }
}

/**
 * Follows the log files: yields the records appended after it starts, or after `cursor`; with
 * `backlog: N` it first yields the newest N records already there, oldest of them first. It
 * follows each category across backups: when the live file is moved into `backup_logs` (and
 * perhaps compressed), it reads the old file to its end through the handle it holds, then the
 * archives that appeared meanwhile, then the fresh file from its start; nothing is lost or
 * repeated, and a truncated file restarts at 0. It polls every `pollMs`. It ends when `signal`
 * aborts or the consumer stops; no timer or open file outlives it. Requires `--allow-read` on
 * the root, nothing else.
 * @param options The filter (`root`, `categories`, `since`, `until`, `contains`, `match`,
 * `ignoreCase`, `archives`, `hosts`), `cursor`, `backlog`, `pollMs`, `signal`. With `hosts`,
 * each `<root>/<host>/` is followed as a log root (`backlog` per host) and records come as they
 * arrive, each with its `host`; stop it with `signal`.
 * @returns The records, each with a cursor to resume right after it.
 * @throws {TypeError} For an option of the wrong type.
 * @throws {RangeError} For a bad category, cursor, backlog or pollMs.
 * @example Follow a category while another part of the program logs
 * ```ts
 * import { followLogs, logToLogin } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * await logToLogin("before", { root });
 * const controller = new AbortController();
 * const follow = followLogs({ root, backlog: 1, pollMs: 20, signal: controller.signal });
 * assert.equal((await follow.next()).value?.entry, "before");
 * await logToLogin("after", { root });
 * assert.equal((await follow.next()).value?.entry, "after");
 * controller.abort();
 * assert.equal((await follow.next()).done, true);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export function followLogs(options: FollowLogsOptions = {}): AsyncIterableIterator<LogRecord> {
  const { backlog = 0, pollMs = 250 } = options;
  checkCount("backlog", backlog, 0);
  checkCount("pollMs", pollMs, 1);
  if (options.hosts !== undefined) return followHosts(options);
  const filter = compileFilter(options);
  const cursor = options.cursor === undefined ? null : decodeCursor(options.cursor);
  return runFollow({ options, filter, cursor, backlog, pollMs });
}

// Each host folder followed as a log root (each with its own backlog), records as they arrive.
function followHosts(options: FollowLogsOptions): AsyncIterableIterator<LogRecord> {
  const one = { ...options, hosts: undefined, cursor: undefined };
  compileFilter(one); // checks the filter at once
  const start = options.cursor === undefined ? new Map() : decodeHostsCursor(options.cursor);
  return (async function* () {
    const roots = await hostRoots(options.root ?? "logs", options.hosts);
    const since = absentHostsSince(start, options.since);
    const sources = new Map([...roots].map(([host, root]) => {
      const cursor = start.get(host);
      // A host the cursor does not name had no record up to the cursor's record: what it logged
      // since that record's time is caught up first, so a resumed stream misses none of it.
      const from = cursor === undefined && since ? { since, backlog: Number.MAX_SAFE_INTEGER } : {};
      return [host, followLogs({ ...one, ...from, root, cursor })];
    }));
    yield* mergeLive(sources, start);
  })();
}

// The time of the record a cursor with hosts was taken at (the oldest record of a newest-first
// listing, the newest of an oldest-first one), or `null` for no cursor; never before `since`.
function absentHostsSince(start: Map<string, string>, since?: Date): Date | null {
  const states = [...start.values()].map(decodeCursor);
  if (states.length === 0) return null;
  const times = states.map((state) => state.after[1][3]);
  const newest = states[0]!.order === "newest";
  const at = newest ? Math.min(...times) : Math.max(...times);
  return since && since.getTime() > at ? since : new Date(at);
}
