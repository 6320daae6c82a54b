import assert from "node:assert/strict";
import { cutEntry, MAX_ENTRY_LENGTH } from "../../mod.ts";

const CUTS: [string, number, string][] = [
  ["abc", 4, "abc"],
  ["abcd", 4, "abcd"],
  ["abcde", 4, "abcd…[cut 1 chars]"],
  ["ab😀cd", 3, "ab…[cut 4 chars]"], // never half a surrogate pair
  ["ab😀cd", 4, "ab😀…[cut 2 chars]"],
  ["x".repeat(10), Infinity, "x".repeat(10)],
];

for (const [entry, max, expected] of CUTS) {
  Deno.test(`cutEntry(${JSON.stringify(entry)}, ${max}) is ${JSON.stringify(expected)}`, () => {
    assert.equal(cutEntry(entry, max), expected);
  });
}

Deno.test("cutEntry() refuses a maxEntryLength that is not a positive whole number or Infinity", () => {
  for (const max of [0, -1, 1.5, NaN, -Infinity]) {
    assert.throws(() => cutEntry("abc", max), {
      name: "RangeError",
      message:
        `Invalid maxEntryLength ${max}: maxEntryLength must be a positive whole number or Infinity`,
    });
  }
});

Deno.test("cutEntry() at the default keeps 65,536 code units of a 10 MB entry", () => {
  const cut = cutEntry("\n".repeat(10_000_000), MAX_ENTRY_LENGTH);
  assert.equal(cut, `${"\n".repeat(65_536)}…[cut 9934464 chars]`);
});
