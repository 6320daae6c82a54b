/**
 * The query of each API route: the filter plus what the route adds (paging, buckets, resume).
 * Pure.
 * @module
 */
import { BadRequestError } from "./http.ts";
import {
  checkNames,
  FILTER_PARAMS,
  type ParseContext,
  parseFilter,
  type QueryFilter,
} from "./params.ts";

/** `/api/records`: a page of records. */
export interface RecordsQuery {
  /** What to match. */
  filter: QueryFilter;
  /** Newest first (the default) or oldest first. */
  order: "newest" | "oldest";
  /** The most records in the page. */
  limit: number;
  /** Continue right after this record. */
  cursor?: string;
}

/** `/api/counts`: events per bucket. */
export interface CountsQuery {
  /** What to count; `since` and `until` may be absent (the handler fills them in). */
  filter: QueryFilter;
  /** The bucket width; absent means "choose from the range". */
  every?: "minute" | "hour" | "day" | number;
}

/** `/api/stream`: the records logged after the request, or after `cursor`. */
export interface StreamQuery {
  /** What to match. */
  filter: QueryFilter;
  /** Resume right after this record (the `Last-Event-ID` header wins over `?cursor=`). */
  cursor?: string;
}

/** The number of records a page holds when the query names no `limit`. */
export const DEFAULT_LIMIT = 100;
/** The most buckets `/api/counts` answers with. */
export const MAX_BUCKETS = 10_000;

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

function parseLimit(text: string | null, maxLimit: number): number {
  if (text === null || text === "") return Math.min(DEFAULT_LIMIT, maxLimit);
  const limit = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(limit >= 1 && limit <= maxLimit)) {
    throw new BadRequestError(
      `Invalid limit ${JSON.stringify(text)}: use a whole number from 1 to ${maxLimit}`,
    );
  }
  return limit;
}

function parseOrder(text: string | null): "newest" | "oldest" {
  if (text === null || text === "" || text === "newest") return "newest";
  if (text === "oldest") return "oldest";
  throw new BadRequestError(`Invalid order ${JSON.stringify(text)}: use newest or oldest`);
}

/** Reads the query of `/api/records`. */
export function parseRecordsQuery(
  params: URLSearchParams,
  context: ParseContext & { maxLimit: number },
): RecordsQuery {
  checkNames(params, [...FILTER_PARAMS, "limit", "order", "cursor"]);
  const query: RecordsQuery = {
    filter: parseFilter(params, context),
    order: parseOrder(params.get("order")),
    limit: parseLimit(params.get("limit"), context.maxLimit),
  };
  const cursor = params.get("cursor");
  if (cursor) query.cursor = cursor;
  return query;
}

function parseEvery(text: string | null): CountsQuery["every"] {
  if (text === null || text === "") return undefined;
  if (text === "minute" || text === "hour" || text === "day") return text;
  const ms = /^\d{1,12}$/.test(text) ? Number(text) : NaN;
  if (!(ms >= 1000)) {
    throw new BadRequestError(
      `Invalid every ${JSON.stringify(text)}: use minute, hour, day, or a whole number of ` +
        "milliseconds of at least 1000",
    );
  }
  return ms;
}

/** Reads the query of `/api/counts`. */
export function parseCountsQuery(params: URLSearchParams, context: ParseContext): CountsQuery {
  checkNames(params, [...FILTER_PARAMS, "every"]);
  const query: CountsQuery = { filter: parseFilter(params, context) };
  const every = parseEvery(params.get("every"));
  if (every !== undefined) query.every = every;
  return query;
}

/**
 * The bucket width for a range when the query names none: minutes up to 2 hours, hours up to
 * 7 days, days beyond (what a chart of 15 to 170 bars needs).
 */
export function chooseEvery(spanMs: number): "minute" | "hour" | "day" {
  if (spanMs <= 2 * UNIT_MS.hour) return "minute";
  if (spanMs <= 7 * UNIT_MS.day) return "hour";
  return "day";
}

/** Throws when `since`…`until` in buckets of `every` would be more than {@linkcode MAX_BUCKETS}. */
export function checkBucketCount(since: Date, until: Date, every: CountsQuery["every"]): void {
  const width = typeof every === "number" ? every : UNIT_MS[every ?? "day"];
  const buckets = Math.ceil((until.getTime() - since.getTime()) / width);
  if (buckets > MAX_BUCKETS) {
    throw new BadRequestError(
      `Too many buckets: ${buckets} buckets of ${every} from "since" to "until"; ` +
        `choose a wider "every" or a shorter range (at most ${MAX_BUCKETS} buckets)`,
    );
  }
}

/** Reads the query of `/api/stream`; `lastEventId` is the `Last-Event-ID` header. */
export function parseStreamQuery(
  params: URLSearchParams,
  context: ParseContext,
  lastEventId: string | null,
): StreamQuery {
  checkNames(params, [...FILTER_PARAMS, "cursor"]);
  const query: StreamQuery = { filter: parseFilter(params, context) };
  const cursor = lastEventId || params.get("cursor");
  if (cursor) query.cursor = cursor;
  return query;
}
