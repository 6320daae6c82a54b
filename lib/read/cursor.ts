/**
 * Cursors: where a listing stands in each category, as text a caller passes back. Pure.
 *
 * A position names a file by the hash of its first line and its inode (both survive the
 * backup's rename; the hash also survives compression) and a byte offset in its content, so a
 * cursor taken in the live file still points at the same record once that file is archived.
 * @module
 */

/** A place between two records of a category: file (first-line hash, inode), offset, time. */
export type Position = readonly [fingerprint: string, ino: number, offset: number, time: number];

/**
 * Where a listing stands in one category: a position; `null` for the start of the category in
 * the listing's direction (nothing read yet); `0` for nothing left in that direction.
 */
export type Boundary = Position | null | 0;

/** What a cursor holds. */
export interface CursorState {
  /** The order of the listing it came from. */
  order: "newest" | "oldest";
  /** Per category: where the listing continues. */
  at: Record<string, Boundary>;
  /** The category of the record it was taken at, and the position right after that record. */
  after: readonly [category: string, position: Position];
}

const PREFIX = "c1.";

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(
    Uint8Array.from(binary, (c) => c.charCodeAt(0)),
  );
}

/** Writes a cursor as opaque URL-safe text. */
export function encodeCursor(state: CursorState): string {
  return PREFIX + toBase64Url(JSON.stringify([state.order[0], state.at, state.after]));
}

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length === 4 && typeof value[0] === "string" &&
    value[0].length <= 16 && value.slice(1).every((n) => Number.isSafeInteger(n) && n >= 0);
}

function isBoundary(value: unknown): value is Boundary {
  return value === null || value === 0 || isPosition(value);
}

function parseState(text: string): CursorState | null {
  if (!text.startsWith(PREFIX) || text.length > 16_384) return null;
  const [order, at, after] = JSON.parse(fromBase64Url(text.slice(PREFIX.length)));
  if (order !== "n" && order !== "o") return null;
  if (typeof at !== "object" || at === null || Array.isArray(at)) return null;
  if (!Object.values(at).every(isBoundary)) return null;
  if (!Array.isArray(after) || typeof after[0] !== "string" || !isPosition(after[1])) return null;
  return { order: order === "n" ? "newest" : "oldest", at, after: [after[0], after[1]] };
}

/**
 * Reads a cursor back.
 * @throws {RangeError} If `text` is not a cursor this module wrote.
 */
export function decodeCursor(text: string): CursorState {
  let state: CursorState | null = null;
  try {
    state = typeof text === "string" ? parseState(text) : null;
  } catch { /* not base64 or not JSON */ }
  if (state) return state;
  throw new RangeError(
    `Invalid cursor ${
      JSON.stringify(String(text).slice(0, 40))
    }: pass back the cursor of a record exactly as the reader returned it`,
  );
}
