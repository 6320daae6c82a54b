/** Helpers for the handler's tests: a handler on a temporary root, requests, paging. */
import { createLogsHandler, type LogsHandlerOptions } from "../../lib/serve/handler.ts";
import { logTo } from "../../lib/write/log.ts";

/** The bearer token the test handlers accept. */
export const TOKEN = "test-token-0123456789";

/** A handler on `root` that accepts `Authorization: Bearer TOKEN`. */
export function testHandler(
  root: string,
  options: Partial<LogsHandlerOptions> = {},
): (request: Request) => Promise<Response> {
  return createLogsHandler({
    root,
    authorize: (request) => request.headers.get("authorization") === `Bearer ${TOKEN}`,
    onError: () => {},
    ...options,
  });
}

/** A request to `path` (under http://localhost), with the token unless `headers` says otherwise. */
export function get(path: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  if (!headers.has("authorization")) headers.set("authorization", `Bearer ${TOKEN}`);
  return new Request(`http://localhost${path}`, { ...init, headers });
}

/** The JSON body and status of a response. */
export async function json(
  response: Response | Promise<Response>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await response;
  return { status: r.status, body: await r.json() };
}

/** A record as the API sends it. */
export interface ApiRecord {
  /** RFC 3339 with ms. */
  time: string;
  /** Category. */
  category: string;
  /** Entry. */
  entry: string;
  /** Cursor. */
  cursor: string;
}

/** Pages through `/logs/api/records?query` by `next`; `between` runs after each page. */
export async function pageAll(
  handler: (request: Request) => Promise<Response>,
  query: string,
  between: (page: number) => Promise<void> = () => Promise.resolve(),
): Promise<{ records: ApiRecord[]; pages: number }> {
  const records: ApiRecord[] = [];
  let next: string | null = null;
  let pages = 0;
  do {
    const cursor: string = next ? `&cursor=${encodeURIComponent(next)}` : "";
    const { status, body } = await json(handler(get(`/logs/api/records?${query}${cursor}`)));
    if (status !== 200) throw new Error(`status ${status}: ${JSON.stringify(body)}`);
    records.push(...(body.records as ApiRecord[]));
    next = body.next as string | null;
    await between(++pages);
  } while (next);
  return { records, pages };
}

/** The sample's first minute. */
export const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);
/** A clock at minute `minute` after T0. */
export const at = (minute: number) => () => new Date(T0 + minute * 60_000);
/** Two hours after T0. */
export const NOW = () => new Date(T0 + 120 * 60_000);

/** Six records over an hour: login, server, users. */
export async function sample(root: string): Promise<void> {
  const lines: [number, string, string][] = [
    [0, "login", "user alice logged in"],
    [1, "server", "GET /dashboard 200"],
    [2, "login", "user Bob logged in"],
    [3, "users", "alice exported report 12"],
    [61, "login", "failed login for bob"],
    [62, "server", "worker 3 restarted\nexit code 137"],
  ];
  for (const [minute, category, entry] of lines) {
    await logTo(category, entry, { root, now: at(minute) });
  }
}
