/**
 * `createLogsHandler`: the logs, their API and the viewer page as one
 * `(request) => Promise<Response>` for `Deno.serve` or any router.
 * @module
 */
import { CATEGORY_PATTERN, LOG_CATEGORIES } from "../format/paths.ts";
import { LogFileError } from "../errors.ts";
import { checkHostName } from "../format/hosts.ts";
import { BadRequestError, errorResponse, redirectResponse } from "./http.ts";
import { assetRoute, pageRoute } from "./page/assets.ts";
import type { Route, RouteContext } from "./context.ts";
import { countsRoute, filesRoute, recordsRoute, streamRoute } from "./routes.ts";

/** Options of {@linkcode createLogsHandler}. */
export interface LogsHandlerOptions {
  /** Decides each request; refused requests get a 401 with no data. Required. */
  authorize: (request: Request) => boolean | Promise<boolean>;
  /**
   * The log root.
   * @default "logs"
   */
  root?: string;
  /**
   * The categories served; each must match `CATEGORY_PATTERN`.
   * @default LOG_CATEGORIES
   */
  categories?: readonly string[];
  /**
   * The root is a central root (`<root>/<host>/`, one log root per server): serve these host
   * folders, each name matching `HOST_PATTERN`. Records then carry `host`, counts `byHost`, and
   * the routes take `host=` (repeatable) to choose among them.
   * @default undefined (the root is one log root)
   */
  hosts?: readonly string[];
  /**
   * The path the routes live under; `/` mounts them at the root.
   * @default "/logs"
   */
  basePath?: string;
  /**
   * The largest `limit` of `/api/records`.
   * @default 1000
   */
  maxLimit?: number;
  /**
   * Milliseconds between keep-alive comments on `/api/stream`.
   * @default 15000
   */
  keepAliveMs?: number;
  /** Aborting it ends every open stream, so that the server can shut down. */
  signal?: AbortSignal;
  /**
   * Told about file errors and failed streams; the client gets a short message only.
   * @default console.error
   */
  onError?: (error: unknown) => void;
  /**
   * The clock relative times (`since=-2h`) are read against, read once per request.
   * @default () => new Date()
   */
  now?: () => Date;
}

const ROUTES: Record<string, Route> = {
  "/": pageRoute,
  "/api/records": recordsRoute,
  "/api/counts": countsRoute,
  "/api/stream": streamRoute,
  "/api/files": filesRoute,
};

function checkOptions(options: LogsHandlerOptions): void {
  if (typeof options?.authorize !== "function") {
    throw new TypeError(
      "Cannot create the logs handler: `authorize` is missing; pass a function that returns " +
        "true for the requests that may read the logs",
    );
  }
  const { basePath = "/logs", maxLimit = 1000, categories = LOG_CATEGORIES } = options;
  if (!/^\/$|^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) {
    throw new RangeError(
      `Cannot create the logs handler: basePath ${JSON.stringify(basePath)} is not a path; ` +
        'use "/" or a path such as "/logs", without a trailing slash',
    );
  }
  if (!Number.isSafeInteger(maxLimit) || maxLimit < 1) {
    throw new RangeError(
      `Cannot create the logs handler: maxLimit ${maxLimit} is not a whole number of at least 1`,
    );
  }
  if (options.hosts !== undefined) checkHosts(options.hosts);
  const bad = categories.find((name) => !CATEGORY_PATTERN.test(name));
  if (bad !== undefined || categories.length === 0) {
    throw new RangeError(
      `Cannot create the logs handler: category ${JSON.stringify(bad ?? "")} is not valid; ` +
        "use lowercase letters, digits, _ and -",
    );
  }
}

function checkHosts(hosts: readonly string[]): void {
  if (!Array.isArray(hosts) || hosts.length === 0) {
    throw new RangeError("Cannot create the logs handler: hosts is empty; name at least one host");
  }
  for (const host of hosts) checkHostName(host, "host name for the logs handler");
}

/**
 * Serves the logs under `basePath`: the viewer page at `/`, and `/api/records`, `/api/counts`,
 * `/api/stream` (Server-Sent Events) and `/api/files` as JSON. GET only (405 otherwise), 404
 * for other paths, 401 for any request `authorize` refuses, 400 with `{"error": …}` for a bad
 * parameter, 500 with a short message for a file error (the details go to `onError`). Reads
 * only: needs `--allow-read` on the root and nothing else.
 * @param options `authorize` (required), `root`, `categories`, `hosts`, `basePath`, `maxLimit`, …
 * @returns The handler.
 * @throws {TypeError} If `authorize` is not a function.
 * @throws {TypeError} If a host name is not a string.
 * @throws {RangeError} If `basePath`, `maxLimit`, a category or a host name is not valid.
 * @example Ask for the newest record with a bearer token
 * ```ts
 * import { createLogsHandler, logToLogin } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * await logToLogin("alice logged in", { root });
 * const handler = createLogsHandler({
 *   root,
 *   authorize: (request) => request.headers.get("authorization") === "Bearer s3cret",
 * });
 * const url = "http://localhost/logs/api/records?limit=1";
 * const response = await handler(new Request(url, { headers: { authorization: "Bearer s3cret" } }));
 * const body = await response.json();
 * assert.equal(body.records[0].entry, "alice logged in");
 * assert.equal((await handler(new Request(url))).status, 401);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export function createLogsHandler(
  options: LogsHandlerOptions,
): (request: Request) => Promise<Response> {
  checkOptions(options);
  const { basePath = "/logs", authorize, now = () => new Date() } = options;
  const base = basePath === "/" ? "" : basePath;
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const settings = {
    root: options.root ?? "logs",
    categories: [...(options.categories ?? LOG_CATEGORIES)],
    ...(options.hosts ? { hosts: [...new Set(options.hosts)] } : {}),
    maxLimit: options.maxLimit ?? 1000,
    keepAliveMs: options.keepAliveMs ?? 15_000,
    onError,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return notFound();
    try {
      if (!(await authorize(request))) {
        return errorResponse(401, "Not authorized: sign in or send the token", {
          "www-authenticate": 'Bearer realm="logs"',
        });
      }
    } catch (error) {
      onError(error);
      return errorResponse(500, "Cannot check access: the authorize function failed");
    }
    if (url.pathname === base) return redirectResponse(`${base}/${url.search}`);
    const sub = url.pathname.slice(base.length);
    const route = (Object.hasOwn(ROUTES, sub) ? ROUTES[sub] : undefined) ?? assetRoute(sub);
    if (!route) return notFound();
    if (request.method !== "GET") {
      return errorResponse(405, `Method ${request.method} not allowed: use GET`, { allow: "GET" });
    }
    return await answer(route, request, { ...settings, now: now() });
  };
}

function notFound(): Response {
  return errorResponse(404, "Not found");
}

async function answer(route: Route, request: Request, context: RouteContext): Promise<Response> {
  try {
    return await route(request, context);
  } catch (error) {
    if (error instanceof BadRequestError || error instanceof RangeError) {
      return errorResponse(400, error.message);
    }
    context.onError(error);
    const what = error instanceof LogFileError ? "Cannot read the log files" : "Cannot answer";
    return errorResponse(500, `${what}; the server's log has the details`);
  }
}
