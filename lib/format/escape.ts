/**
 * One event is one line: the escaping that keeps an entry from breaking or forging lines.
 * Pure.
 * @module
 */

// Backslash, C0 controls but TAB, DEL, the Unicode line and paragraph separators, and lone
// surrogates (UTF-8 cannot carry them: they would turn into U+FFFD on disk).
// deno-lint-ignore no-control-regex
const NEEDS_ESCAPE = /[\\\0-\x08\n-\x1f\x7f\u2028\u2029\ud800-\udfff]/u;
const ESCAPE_SEQUENCE = /\\(?:([\\nr])|u([0-9a-fA-F]{4})|)/g;

const HEX = "0123456789abcdef";

// The escape of the UTF-16 code unit at `i`, or undefined when it stays; a valid surrogate pair
// stays (the caller skips its second half).
function escapeAt(entry: string, i: number): string | undefined {
  const c = entry.charCodeAt(i);
  if (c === 0x5c) return "\\\\";
  if (c === 0x0a) return "\\n";
  if (c === 0x0d) return "\\r";
  if (c >= 0xd800 && c <= 0xdfff) {
    const next = entry.charCodeAt(i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) return undefined;
  } else if (!((c < 0x20 && c !== 0x09) || c === 0x7f || c === 0x2028 || c === 0x2029)) {
    return undefined;
  }
  return "\\u" + HEX[c >> 12] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
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
  // One pass with no callback per match: an entry full of line breaks costs a loop, not a
  // regular-expression callback for each of them.
  let out = "", from = 0;
  for (let i = 0; i < entry.length; i++) {
    const escaped = escapeAt(entry, i);
    if (escaped === undefined) {
      if (entry.charCodeAt(i) >= 0xd800 && entry.charCodeAt(i) <= 0xdbff) i++; // a whole pair
      continue;
    }
    out += entry.slice(from, i) + escaped;
    from = i + 1;
  }
  return out + entry.slice(from);
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
