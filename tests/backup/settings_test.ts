import assert from "node:assert/strict";
import { parseSize, resolveBackupSettings } from "../../lib/backup/settings.ts";

const SIZES: [string, number][] = [
  ["500KB", 500_000],
  ["10MB", 10_000_000],
  ["1GB", 1_000_000_000],
  ["2TB", 2_000_000_000_000],
  ["1KiB", 1024],
  ["1.5KiB", 1536],
  ["3MiB", 3_145_728],
  ["1GiB", 1_073_741_824],
  ["1TiB", 1_099_511_627_776],
  ["42", 42],
  ["42B", 42],
  ["1.9", 1],
  ["10mb", 10_000_000],
  ["1gib", 1_073_741_824],
  ["5Kb", 5000],
  [" 10 MB ", 10_000_000],
];

for (const [text, bytes] of SIZES) {
  Deno.test(`parseSize() reads ${JSON.stringify(text)} as ${bytes}`, () => {
    assert.equal(parseSize(text), bytes);
  });
}

const BAD_SIZES = ["0", "0.5", "0KB", "-1", "10XB", "", "abc", "1e3", "1.KB", ".5KB", "10 M B"];

for (const text of BAD_SIZES) {
  Deno.test(`parseSize() throws RangeError for ${JSON.stringify(text)}`, () => {
    assert.throws(() => parseSize(text), {
      name: "RangeError",
      message: new RegExp(
        `^Invalid size ${JSON.stringify(text).replace(/[.]/g, "\\.")}: give a number above zero`,
      ),
    });
  });
}

Deno.test("resolveBackupSettings() fills in the defaults", () => {
  assert.deepEqual(resolveBackupSettings({}), {
    intervalDays: 30,
    createCategories: false,
    force: false,
    compress: false,
    keep: undefined,
    maxAgeDays: undefined,
    maxBytes: undefined,
    categories: ["console", "login", "server", "users"],
  });
});

Deno.test("resolveBackupSettings() keeps the options given and reads a maxBytes text", () => {
  assert.deepEqual(
    resolveBackupSettings({
      intervalDays: 0.5,
      force: true,
      compress: true,
      keep: 3,
      maxAgeDays: 90.5,
      maxBytes: "10MB",
      categories: ["billing", "login"],
    }),
    {
      intervalDays: 0.5,
      createCategories: false,
      force: true,
      compress: true,
      keep: 3,
      maxAgeDays: 90.5,
      maxBytes: 10_000_000,
      categories: ["billing", "login"],
    },
  );
  assert.equal(resolveBackupSettings({ maxBytes: 1 }).maxBytes, 1);
});

Deno.test("resolveBackupSettings() copies the categories array", () => {
  const categories = ["login"];
  const settings = resolveBackupSettings({ categories });
  assert.notEqual(settings.categories, categories);
  assert.deepEqual(settings.categories, ["login"]);
});

const BAD_OPTIONS: [string, Record<string, unknown>, RegExp][] = [
  [
    "intervalDays 0",
    { intervalDays: 0 },
    /^Invalid intervalDays 0: intervalDays must be a positive finite number$/,
  ],
  ["intervalDays -1", { intervalDays: -1 }, /^Invalid intervalDays -1: intervalDays must be/],
  ["intervalDays NaN", { intervalDays: NaN }, /^Invalid intervalDays NaN: intervalDays must be/],
  ["intervalDays Infinity", { intervalDays: Infinity }, /^Invalid intervalDays Infinity: /],
  ["keep 0", { keep: 0 }, /^Invalid keep 0: keep must be a positive whole number$/],
  ["keep 1.5", { keep: 1.5 }, /^Invalid keep 1\.5: keep must be a positive whole number$/],
  [
    "maxAgeDays 0",
    { maxAgeDays: 0 },
    /^Invalid maxAgeDays 0: maxAgeDays must be a positive finite number$/,
  ],
  ["maxBytes 0", { maxBytes: 0 }, /^Invalid maxBytes 0: maxBytes must be a positive whole number$/],
  ["maxBytes 1.5", { maxBytes: 1.5 }, /^Invalid maxBytes 1\.5: /],
  ['maxBytes "0"', { maxBytes: "0" }, /maxBytes/],
  ['categories ["../x"]', { categories: ["login", "../x"] }, /^Invalid log category "\.\.\/x": /],
  ["categories []", { categories: [] }, /^Invalid categories \[\]: name at least one category$/],
];

for (const [what, input, message] of BAD_OPTIONS) {
  Deno.test(`resolveBackupSettings() throws RangeError for ${what}`, () => {
    assert.throws(() => resolveBackupSettings(input), { name: "RangeError", message });
  });
}

Deno.test("resolveBackupSettings() throws TypeError for an intervalDays given as a string", () => {
  assert.throws(() => resolveBackupSettings({ intervalDays: "30" as unknown as number }), {
    name: "TypeError",
    message: /^Invalid intervalDays "30": intervalDays must be a number, not a string$/,
  });
});

Deno.test("resolveBackupSettings() throws TypeError for categories given as a string", () => {
  assert.throws(() => resolveBackupSettings({ categories: "login" as unknown as string[] }), {
    name: "TypeError",
    message: /^Invalid categories "login": give an array of names/,
  });
});
