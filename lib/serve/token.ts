/**
 * Access by token for the standalone viewer: a bearer header for scripts, a cookie for the
 * browser, set by a first visit with `?token=` the way Jupyter does.
 * @module
 */
import { errorResponse, redirectResponse } from "./http.ts";

/** The cookie that carries the token. */
export const TOKEN_COOKIE = "panel_logs_token";

/** What a token may hold: at least 16 URL- and cookie-safe characters. */
export const TOKEN_PATTERN: RegExp = /^[A-Za-z0-9._~+\/=-]{16,512}$/;

/** A random token: 32 bytes from the system's generator, as 64 hex digits. */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares in time that depends on the lengths only, not on where the texts differ. */
export function sameToken(given: string, token: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(token);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i] ?? 0) ^ b[i]!;
  return diff === 0;
}

function cookieToken(header: string | null): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === TOKEN_COOKIE) return value.join("=");
  }
  return undefined;
}

/** The gate in front of the handler. */
export interface TokenGate {
  /** True for a request with the token as `Authorization: Bearer` or as the cookie. */
  authorize(request: Request): boolean;
  /**
   * For a request with `?token=`: a redirect to the same URL without it that sets the cookie,
   * or a 401 when the token is wrong. `undefined` for any other request.
   */
  login(request: Request): Response | undefined;
}

/** A gate for one token; the cookie's path is `cookiePath`. */
export function createTokenGate(token: string, cookiePath = "/"): TokenGate {
  return {
    authorize(request) {
      const header = request.headers.get("authorization") ?? "";
      const bearer = /^Bearer +(\S+)$/i.exec(header)?.[1];
      const given = bearer ?? cookieToken(request.headers.get("cookie"));
      return given !== undefined && sameToken(given, token);
    },
    login(request) {
      const url = new URL(request.url);
      const given = url.searchParams.get("token");
      if (given === null) return undefined;
      if (request.method !== "GET" || !sameToken(given, token)) {
        return errorResponse(401, "Not authorized: the token in the link is not the server's");
      }
      url.searchParams.delete("token");
      const response = redirectResponse(url.pathname + url.search, 303);
      response.headers.set(
        "set-cookie",
        `${TOKEN_COOKIE}=${token}; Path=${cookiePath}; HttpOnly; SameSite=Strict`,
      );
      return response;
    },
  };
}
