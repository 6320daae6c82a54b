/** Cursors: paging returns every record exactly once, across backups, with and without gzip. */
import assert from "node:assert/strict";
import { readLogs } from "../../lib/read/query.ts";
import { decodeCursor, encodeCursor } from "../../lib/read/cursor.ts";
import { checkAndBackupLogs } from "../../lib/backup/archive.ts";
import { logTo } from "../../lib/write/log.ts";
import { LOG_CATEGORIES } from "../../lib/format/paths.ts";
import { seededRandom, tempRoot } from "../helpers.ts";

const T0 = Date.UTC(2026, 10, 24, 10);

async function writeEvents(root: string, from: number, count: number, random: () => number) {
  const written: string[] = [];
  for (let i = from; i < from + count; i++) {
    const category = LOG_CATEGORIES[Math.floor(random() * 4)]!;
    // Two events often share a millisecond: paging must not lose or repeat either.
    await logTo(category, `event ${i}`, {
      root,
      now: () => new Date(T0 + Math.floor(i / 2) * 1000),
    });
    written.push(`event ${i}`);
  }
  return written;
}

async function pageAll(
  root: string,
  order: "newest" | "oldest",
  between: (page: number) => Promise<void>,
): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const records = await Array.fromAsync(readLogs({ root, order, limit: 7, cursor }));
    if (records.length === 0) return seen;
    seen.push(...records.map((r) => r.entry));
    cursor = records.at(-1)!.cursor;
    await between(page);
  }
  throw new Error("paging did not end");
}

for (const compress of [false, true]) {
  for (const order of ["newest", "oldest"] as const) {
    Deno.test(`readLogs cursor: ${order} pages across backups${compress ? " with --compress" : ""}`, async () => {
      await using tmp = await tempRoot();
      const root = tmp.root;
      const random = seededRandom(compress ? 11 : 12);
      await checkAndBackupLogs({ root, now: () => new Date(T0 - 1000) }); // first run
      const written = await writeEvents(root, 0, 40, random);
      await checkAndBackupLogs({ root, force: true, compress, now: () => new Date(T0 + 21_000) });
      written.push(...await writeEvents(root, 40, 40, random));
      let next = 80;
      const seen = await pageAll(root, order, async (page) => {
        if (page % 3 === 1) {
          await checkAndBackupLogs({
            root,
            force: true,
            compress,
            now: () => new Date(T0 + 60_000 + page * 1000),
          });
        }
        if (page % 4 === 2) {
          // New events between pages: after everything for "oldest", not part of a "newest" walk.
          const more = await writeEvents(root, next, 3, random);
          next += 3;
          if (order === "oldest") written.push(...more);
        }
      });
      const expected = order === "newest" ? written.toReversed() : written;
      assert.equal(new Set(seen).size, seen.length, "no record twice");
      assert.deepEqual(seen.toSorted(), expected.toSorted(), "every record");
      const all = await Array.fromAsync(readLogs({ root, order }));
      const inOrder = all.map((r) => r.entry).filter((e) => expected.includes(e));
      assert.deepEqual(seen, inOrder, "the same order as one listing");
    });
  }
}

Deno.test("readLogs cursor: a cursor of one order is a RangeError in the other", async () => {
  await using tmp = await tempRoot();
  await logTo("login", "x", { root: tmp.root });
  const [record] = await Array.fromAsync(readLogs({ root: tmp.root }));
  assert.throws(
    () => readLogs({ root: tmp.root, order: "oldest", cursor: record!.cursor }),
    {
      name: "RangeError",
      message:
        'Invalid cursor for order "oldest": it comes from a newest-first listing; pass order "newest"',
    },
  );
});

Deno.test("decodeCursor: round trip, and RangeError for anything not written by encodeCursor", () => {
  const state = {
    order: "oldest" as const,
    at: { login: ["0a1b2c3d1f", 42, 1000, T0] as const, users: null, server: 0 as const },
    after: ["login", ["0a1b2c3d1f", 42, 1000, T0] as const] as const,
  };
  const text = encodeCursor(state);
  assert.match(text, /^c1\.[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeCursor(text), state);
  const bad = [
    "",
    "c1.",
    "c2." + text.slice(3),
    text.slice(0, -4),
    "c1." + btoa(JSON.stringify(["o", { login: [1, 2, 3, 4] }, ["login", ["a", 1, 2, 3]]])),
    "c1." + btoa(JSON.stringify(["o", { login: ["a", -1, 3, 4] }, ["login", ["a", 1, 2, 3]]])),
    "c1." + btoa(JSON.stringify(["x", {}, ["login", ["a", 1, 2, 3]]])),
  ];
  for (const cursor of bad) assert.throws(() => decodeCursor(cursor), RangeError, cursor);
});
