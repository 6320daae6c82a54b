/**
 * The API routes: each reads its query, calls the readers, and answers JSON or SSE.
 * @module
 */
import { countLogs } from "../read/count.ts";
import { decodeCursor } from "../read/cursor.ts";
import { decodeHostsCursor } from "../read/hosts.ts";
import { listLogFiles } from "../read/files.ts";
import { followLogs } from "../read/follow.ts";
import { readLogs } from "../read/query.ts";
import { formatTimestamp } from "../format/time.ts";
import { baseHeaders, jsonResponse } from "./http.ts";
import { checkNames, parseHosts, type QueryFilter } from "./params.ts";
import type { Route, RouteContext } from "./context.ts";
import {
  checkBucketCount,
  chooseEvery,
  parseCountsQuery,
  parseRecordsQuery,
  parseStreamQuery,
} from "./queries.ts";
import { recordEventStream, recordJson } from "./sse.ts";

function readerFilter(root: string, filter: QueryFilter) {
  return { root, ...filter };
}

/** `/api/records`: one page, and the cursor of the next (`null` when there is none). */
export const recordsRoute: Route = async (request, context) => {
  const query = parseRecordsQuery(new URL(request.url).searchParams, context);
  const found = [];
  for await (
    const record of readLogs({
      ...readerFilter(context.root, query.filter),
      order: query.order,
      limit: query.limit + 1,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    })
  ) found.push(record);
  const more = found.length > query.limit;
  if (more) found.length = query.limit;
  const next = more ? found[found.length - 1]!.cursor : null;
  return jsonResponse({ records: found.map(recordJson), next });
};

async function oldestTime(root: string, filter: QueryFilter) {
  const { since: _since, ...rest } = filter;
  for await (const record of readLogs({ root, ...rest, order: "oldest", limit: 1 })) {
    return record.time;
  }
  return undefined;
}

/**
 * `/api/counts`: `countLogs` as JSON, bucket starts as RFC 3339. Without `until` it counts up to
 * now; without `since`, from the oldest matching record; without `every`, {@linkcode chooseEvery}.
 */
export const countsRoute: Route = async (request, context) => {
  const query = parseCountsQuery(new URL(request.url).searchParams, context);
  const until = query.filter.until ?? context.now;
  const since = query.filter.since ??
    await oldestTime(context.root, { ...query.filter, until }) ?? until;
  const every = query.every ?? chooseEvery(until.getTime() - since.getTime());
  checkBucketCount(since, until, every);
  const counts = await countLogs({
    ...readerFilter(context.root, query.filter),
    since,
    until,
    every,
  });
  const buckets = counts.buckets.map((bucket) => ({
    ...bucket,
    start: formatTimestamp(bucket.start),
  }));
  return jsonResponse({ every: counts.every, buckets });
};

/** `/api/files`: the files the readers read, paths relative to the root; `host=` chooses hosts. */
export const filesRoute: Route = async (request, context) => {
  const params = new URL(request.url).searchParams;
  checkNames(params, ["host"]);
  const hosts = parseHosts(params, context.hosts);
  const files = await listLogFiles({
    root: context.root,
    categories: context.categories,
    ...(hosts ? { hosts } : {}),
  });
  const prefix = context.root.replace(/\/+$/, "") + "/";
  const relative = files.map((file) => ({
    ...file,
    path: file.path.startsWith(prefix) ? file.path.slice(prefix.length) : file.path,
  }));
  return jsonResponse({ files: relative });
};

// A bad cursor is a `RangeError` now (a 400), not a failed stream after the 200.
function checkedCursor(text: string, hosts: boolean): string {
  if (!hosts) decodeCursor(text);
  else for (const one of decodeHostsCursor(text).values()) decodeCursor(one);
  return text;
}

/**
 * Where a stream starts. With a cursor: right after that record. Without one: at the request,
 * read from the clock. The follower starts when the body is first pulled, a moment later; a
 * backlog of what was logged since the request covers that moment, so nothing logged after the
 * request is missed.
 */
function streamStart(cursor: string | undefined, context: RouteContext, filter: QueryFilter) {
  if (cursor) return { cursor: checkedCursor(cursor, context.hosts !== undefined) };
  const since = filter.since && filter.since > context.now ? filter.since : context.now;
  return { since, backlog: context.maxLimit };
}

/** `/api/stream`: SSE of the records logged after the request, or after the cursor. */
export const streamRoute: Route = (request, context) => {
  const query = parseStreamQuery(
    new URL(request.url).searchParams,
    context,
    request.headers.get("last-event-id"),
  );
  const start = streamStart(query.cursor, context, query.filter);
  // The body's cancel (the client went away) and the server's signal both abort `stop`. Not
  // request.signal: Deno.serve aborts it once a response completes, a stream's included.
  const stop = new AbortController();
  if (context.signal?.aborted) stop.abort();
  // The listener goes when the stream ends, so a long-lived server signal collects none.
  context.signal?.addEventListener("abort", () => stop.abort(), {
    once: true,
    signal: stop.signal,
  });
  const records = followLogs({
    ...readerFilter(context.root, query.filter),
    signal: stop.signal,
    ...start,
  });
  const body = recordEventStream(records, {
    stop,
    keepAliveMs: context.keepAliveMs,
    retryMs: 1000,
    onError: context.onError,
  });
  const headers = baseHeaders("text/event-stream; charset=utf-8");
  headers.set("x-accel-buffering", "no");
  return Promise.resolve(new Response(body, { headers }));
};
