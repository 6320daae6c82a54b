/**
 * The handler's responses: JSON bodies, errors as `{"error": "…"}`, and the headers every
 * response carries. Pure.
 * @module
 */

/**
 * The page's Content-Security-Policy: scripts, styles, images and connections from its own
 * origin only, no inline script or style, no framing.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Headers on every response of the handler. The policy goes on every response, not only the
 * page's, so that a JSON answer opened in a tab cannot run anything either.
 */
export function baseHeaders(contentType?: string): Headers {
  const headers = new Headers({
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "content-security-policy": PAGE_CSP,
  });
  if (contentType) headers.set("content-type", contentType);
  return headers;
}

/** A JSON response with the base headers. */
export function jsonResponse(body: unknown, status = 200, extra: HeadersInit = {}): Response {
  const headers = baseHeaders("application/json; charset=utf-8");
  for (const [name, value] of new Headers(extra)) headers.set(name, value);
  return new Response(JSON.stringify(body), { status, headers });
}

/** An error response: `{"error": message}` and nothing else. */
export function errorResponse(status: number, message: string, extra: HeadersInit = {}): Response {
  return jsonResponse({ error: message }, status, extra);
}

/** A redirect with the base headers. */
export function redirectResponse(location: string, status = 308): Response {
  const headers = baseHeaders();
  headers.set("location", location);
  return new Response(null, { status, headers });
}

/**
 * A bad request: the parameter parsers throw it, the handler answers 400 with its message.
 */
export class BadRequestError extends Error {
  /** Always `"BadRequestError"`. */
  override name = "BadRequestError";
}
