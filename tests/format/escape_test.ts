import assert from "node:assert/strict";
import { seededRandom } from "../helpers.ts";
import { escapeEntry, unescapeEntry } from "../../lib/format/escape.ts";

const ESCAPES: [string, string, string][] = [
  ["backslash", "\\", "\\\\"],
  ["LF", "\n", "\\n"],
  ["CR", "\r", "\\r"],
  ["NUL", "\0", "\\u0000"],
  ["BEL", "\x07", "\\u0007"],
  ["BS", "\b", "\\u0008"],
  ["VT", "\v", "\\u000b"],
  ["FF", "\f", "\\u000c"],
  ["ESC", "\x1b", "\\u001b"],
  ["U+001F", "\x1f", "\\u001f"],
  ["DEL", "\x7f", "\\u007f"],
  ["U+2028", "\u2028", "\\u2028"],
  ["U+2029", "\u2029", "\\u2029"],
  ["a lone high surrogate", "\ud800", "\\ud800"],
  ["a lone low surrogate", "\udfff", "\\udfff"],
  ["a reversed surrogate pair", "\ude00\ud83d", "\\ude00\\ud83d"],
];

for (const [what, input, expected] of ESCAPES) {
  Deno.test(`escapeEntry() escapes ${what} as ${expected}`, () => {
    assert.equal(escapeEntry(input), expected);
    assert.equal(escapeEntry(`a${input}b`), `a${expected}b`);
    assert.equal(unescapeEntry(expected), input);
  });
}

const UNCHANGED: [string, string][] = [
  ["TAB", "\t"],
  ["an empty string", ""],
  ["plain text", "user alice logged in from 10.0.0.1"],
  ["U+0080", "\x80"],
  ["U+0085 (NEL)", "\x85"],
  ["U+009F", "\x9f"],
  ["U+00A0", "\xa0"],
  ["an emoji (a surrogate pair)", "😀"],
  ["letters n, u and r", "nur"],
];

for (const [what, input] of UNCHANGED) {
  Deno.test(`escapeEntry() leaves ${what} unchanged`, () => {
    assert.equal(escapeEntry(input), input);
    assert.equal(unescapeEntry(input), input);
  });
}

Deno.test("escapeEntry() escapes a mixed entry exactly", () => {
  assert.equal(
    escapeEntry("a\nb\\c\u0007\td\r\n😀\u2028\\n"),
    "a\\nb\\\\c\\u0007\td\\r\\n😀\\u2028\\\\n",
  );
});

Deno.test("escapeEntry() escapes every C0 control but TAB as lowercase \\u00XX", () => {
  for (let code = 0; code < 0x20; code++) {
    const char = String.fromCharCode(code);
    const expected = code === 9
      ? "\t"
      : code === 10
      ? "\\n"
      : code === 13
      ? "\\r"
      : `\\u00${code.toString(16).padStart(2, "0")}`;
    assert.equal(escapeEntry(char), expected, `U+${code.toString(16)}`);
  }
});

function singleUnits(): string[] {
  const units: string[] = [];
  for (let code = 0; code <= 0x9f; code++) units.push(String.fromCharCode(code));
  return [...units, "\u2028", "\u2029", "\ud800", "\udbff", "\udc00", "\udfff"];
}

function assertSafe(escaped: string): void {
  assert.ok(!/[\n\r\u2028\u2029]/.test(escaped), JSON.stringify(escaped));
  // deno-lint-ignore no-control-regex
  assert.ok(!/[\0-\x08\n-\x1f\x7f]/.test(escaped), JSON.stringify(escaped));
  assert.ok(escaped.isWellFormed(), JSON.stringify(escaped));
}

Deno.test("unescapeEntry() reverses escapeEntry() for every code unit U+0000-U+009F", () => {
  for (const unit of singleUnits()) {
    const escaped = escapeEntry(unit);
    assertSafe(escaped);
    assert.equal(unescapeEntry(escaped), unit);
    assert.equal(unescapeEntry(escapeEntry(`x${unit}\\${unit}n`)), `x${unit}\\${unit}n`);
  }
});

const PIECES = [
  ...singleUnits(),
  "\\",
  "\\\\",
  "n",
  "u",
  "r",
  "\\n",
  "\\u0041",
  "\\u",
  "0",
  "a",
  "f",
  "😀",
  "\ud83d",
  "\ude00",
  " - ",
  "é",
];

function randomEntry(random: () => number): string {
  const length = Math.floor(random() * 24);
  let entry = "";
  for (let i = 0; i < length; i++) entry += PIECES[Math.floor(random() * PIECES.length)];
  return entry;
}

Deno.test("unescapeEntry() reverses escapeEntry() for 5000 seeded random entries", () => {
  const random = seededRandom(20261124);
  for (let i = 0; i < 5000; i++) {
    const entry = randomEntry(random);
    const escaped = escapeEntry(entry);
    assertSafe(escaped);
    assert.equal(unescapeEntry(escaped), entry, JSON.stringify(entry));
  }
});

Deno.test("escapeEntry() applied to escaped text only doubles its backslashes", () => {
  const random = seededRandom(7);
  for (let i = 0; i < 500; i++) {
    const escaped = escapeEntry(randomEntry(random));
    assert.equal(escapeEntry(escaped), escaped.replaceAll("\\", "\\\\"));
  }
});

Deno.test("unescapeEntry() reads uppercase hex in \\uXXXX", () => {
  assert.equal(unescapeEntry("\\u000A\\u2028\\uD83D\\uDE00"), "\n\u2028😀");
});

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

const INVALID: [string, number, string][] = [
  ["ab\\x", 2, '"\\\\x"'],
  ["abc\\", 3, '"\\\\"'],
  ["\\u12", 0, '"\\\\u12"'],
  ["ok\\n\\u12g4", 4, '"\\\\u12g4"'],
  ["\\\\\\ ", 2, '"\\\\ "'],
];

for (const [text, index, quoted] of INVALID) {
  Deno.test(`unescapeEntry() throws SyntaxError at index ${index} for ${JSON.stringify(text)}`, () => {
    assert.throws(() => unescapeEntry(text), {
      name: "SyntaxError",
      message: new RegExp(
        `^Cannot unescape entry: invalid escape ${escapeRegExp(quoted)} at index ${index};`,
      ),
    });
  });
}
