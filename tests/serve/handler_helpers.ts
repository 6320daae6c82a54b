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
  /** Host, when the handler has hosts. */
  host?: string;
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

/** Reads SSE blocks from a response body, one at a time. */
export function events(response: Response): {
  next(): Promise<string>;
  record(): Promise<{ id: string; data: ApiRecord }>;
  cancel(): Promise<void>;
} {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    async next(): Promise<string> {
      while (!buffer.includes("\n\n")) {
        const chunk = await reader.read();
        if (chunk.done) return "";
        buffer += chunk.value;
      }
      const end = buffer.indexOf("\n\n");
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      return block;
    },
    async record(): Promise<{ id: string; data: ApiRecord }> {
      for (let block = await this.next(); block !== ""; block = await this.next()) {
        if (!block.startsWith("event: record\n")) continue;
        const id = /^id: (.*)$/m.exec(block)![1]!;
        return { id, data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!) };
      }
      throw new Error("the stream ended");
    },
    cancel: () => reader.cancel(),
  };
}
