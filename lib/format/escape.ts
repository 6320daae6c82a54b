/**
 * One event is one line: the escaping that keeps an entry from breaking or forging lines.
 * Pure.
 * @module
 */

// Backslash, C0 controls but TAB, DEL, the Unicode line and paragraph separators, and lone
// surrogates (UTF-8 cannot carry them: they would turn into U+FFFD on disk).
// deno-lint-ignore no-control-regex
const NEEDS_ESCAPE = /[\\\0-\x08\n-\x1f\x7f\u2028\u2029\ud800-\udfff]/u;
// deno-lint-ignore no-control-regex
const NEEDS_ESCAPE_ALL = /[\\\0-\x08\n-\x1f\x7f\u2028\u2029\ud800-\udfff]/gu;
const ESCAPE_SEQUENCE = /\\(?:([\\nr])|u([0-9a-fA-F]{4})|)/g;

function escapeChar(char: string): string {
  if (char === "\\") return "\\\\";
  if (char === "\n") return "\\n";
  if (char === "\r") return "\\r";
  return "\\u" + char.charCodeAt(0).toString(16).padStart(4, "0");
}

/**
 * Escapes an entry so that it fits on one line: `\` becomes `\\`, LF `\n`, CR `\r`, and every
 * other control character (U+0000–U+001F but TAB, U+007F, U+2028, U+2029, lone surrogates)
 * `\uXXXX` with lowercase hex. Everything else, TAB included, stays as it is.
 * @param entry The event text.
 * @returns The escaped text; the same string when nothing needs escaping.
 * @example Line breaks cannot forge a second line
 * ```ts
 * import { escapeEntry } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.equal(escapeEntry("a\nb\\c\u0007"), "a\\nb\\\\c\\u0007");
 * ```
 */
export function escapeEntry(entry: string): string {
  if (!NEEDS_ESCAPE.test(entry)) return entry;
  return entry.replace(NEEDS_ESCAPE_ALL, escapeChar);
}

/**
 * Reverses {@linkcode escapeEntry}: `unescapeEntry(escapeEntry(s)) === s` for every string.
 * @param text An escaped entry, as it stands after ` - ` in a log line.
 * @returns The original entry.
 * @throws {SyntaxError} If `text` holds a backslash that starts none of `\\`, `\n`, `\r`,
 * `\uXXXX`; the message gives its index.
 * @example Read an entry back from a line
 * ```ts
 * import { unescapeEntry } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.equal(unescapeEntry("a\\nb\\\\c\\u0007"), "a\nb\\c\u0007");
 * ```
 */
export function unescapeEntry(text: string): string {
  if (!text.includes("\\")) return text;
  return text.replace(ESCAPE_SEQUENCE, (_match, simple, hex, index: number) => {
    if (simple === "\\") return "\\";
    if (simple === "n") return "\n";
    if (simple === "r") return "\r";
    if (hex !== undefined) return String.fromCharCode(parseInt(hex, 16));
    throw new SyntaxError(
      `Cannot unescape entry: invalid escape ${
        JSON.stringify(text.slice(index, index + 6))
      } at index ${index}; escaped entries use only \\\\, \\n, \\r and \\uXXXX`,
    );
  });
}
