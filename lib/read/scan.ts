/**
 * Finding lines in a block of bytes, and finding a needle in them without splitting the block
 * into lines first (the way grep does). Pure.
 * @module
 */

const NEWLINE = 10;

// Bytes ranked from common to rare in log text: the search jumps between occurrences of the
// needle's rarest byte with the engine's native `indexOf`.
const COMMON = " etaoinsrhldcum-.:0123456789pfgwybv,/=_ETAOINSRHLDCUMPFGWYBV";

function rarity(byte: number): number {
  const at = COMMON.indexOf(String.fromCharCode(byte));
  return at < 0 ? 1000 : at;
}

/** The index in `needle` of the byte to jump on: the rarest. */
export function pivotOf(needle: Uint8Array): number {
  let best = 0;
  for (let i = 1; i < needle.length; i++) {
    if (rarity(needle[i]!) > rarity(needle[best]!)) best = i;
  }
  return best;
}

/**
 * The index of the first occurrence of `needle` in `hay[from, to)`, or -1.
 * @param pivot `pivotOf(needle)`, computed once per needle.
 */
export function findBytes(
  hay: Uint8Array,
  needle: Uint8Array,
  pivot: number,
  from: number,
  to: number,
): number {
  const last = to - needle.length;
  const pivotByte = needle[pivot]!;
  let at = from + pivot;
  while (true) {
    at = hay.indexOf(pivotByte, at);
    const start = at - pivot;
    if (at < 0 || start > last) return -1;
    let i = 0;
    while (i < needle.length && hay[start + i] === needle[i]) i++;
    if (i === needle.length) return start;
    at++;
  }
}

/**
 * The complete lines in `bytes[from, to)`, which must start at a line start, as flat
 * `[start, end)` pairs (`end` is after the `\n`). With a needle, only the lines that hold it.
 * @returns The pairs, and where the unfinished rest begins (`to` when there is none).
 */
export function lineRanges(
  bytes: Uint8Array,
  from: number,
  to: number,
  needle: Uint8Array | null,
  pivot = 0,
): { ranges: number[]; rest: number } {
  const ranges: number[] = [];
  const lastNewline = bytes.lastIndexOf(NEWLINE, to - 1);
  const rest = lastNewline < from ? from : lastNewline + 1;
  if (needle) {
    for (let at = from; at < rest;) {
      const hit = findBytes(bytes, needle, pivot, at, rest);
      if (hit < 0) break;
      const start = hit === 0 ? 0 : bytes.lastIndexOf(NEWLINE, hit - 1) + 1;
      const end = bytes.indexOf(NEWLINE, hit + needle.length - 1) + 1;
      ranges.push(Math.max(start, from), end);
      at = end;
    }
  } else {
    for (let start = from; start < rest;) {
      const end = bytes.indexOf(NEWLINE, start) + 1;
      ranges.push(start, end);
      start = end;
    }
  }
  return { ranges, rest };
}
