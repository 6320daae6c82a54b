import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  formatTimestamp,
  logEvent,
  LogFileError,
  logTo,
  logToConsole,
  logToLogin,
  logToUsers,
  logToWork,
  unescapeEntry,
} from "../../mod.ts";
import { releaseFiles } from "../../lib/write/writer.ts";
import { fixedClock, readLines, repoPath, runScript, tempRoot } from "../helpers.ts";

const now = fixedClock("2026-11-24T14:05:09.042+01:00");
const TS = formatTimestamp(now());
const line = (entry: string): string => `${TS} - ${entry}`;
const numbered = (n: number, label = "entry"): string[] =>
  Array.from({ length: n }, (_, i) => `${label} ${i}`);

/** Closes the writer's cached files for these paths when the scope ends. */
function released(...paths: string[]): Disposable {
  return { [Symbol.dispose]: () => releaseFiles(paths) };
}

async function listNames(dir: string): Promise<string[]> {
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

Deno.test("logEvent() writes `<local RFC 3339> - <entry>\\n` in the process time zone", async () => {
  await using tmp = await tempRoot();
  const cases: [string, string][] = [
    ["UTC", "2026-11-24T13:05:09.042+00:00"],
    ["Asia/Kolkata", "2026-11-24T18:35:09.042+05:30"],
    ["America/St_Johns", "2026-11-24T09:35:09.042-03:30"],
  ];
  for (const [tz, stamp] of cases) {
    const path = join(tmp.root, `${tz.replace("/", "_")}.txt`);
    const mod = JSON.stringify(pathToFileURL(repoPath("mod.ts")).href);
    const at = "new Date(Date.UTC(2026, 10, 24, 13, 5, 9, 42))";
    const code = `import { logEvent } from ${mod};
await logEvent(${JSON.stringify(path)}, "boot\\nnext", { now: () => ${at} });`;
    const result = await runScript(code, tmp.root, { env: { TZ: tz } });
    assert.equal(result.stderr, "");
    assert.equal(result.code, 0);
    assert.equal(await Deno.readTextFile(path), `${stamp} - boot\\nnext\n`);
  }
});

Deno.test("logEvent() creates missing parent folders and appends one line per call", async () => {
  await using tmp = await tempRoot();
  const path = join(tmp.root, "a", "b", "c", "x.txt");
  using _ = released(path);
  await logEvent(path, "boot", { now });
  await logEvent(path, "ready", { now });
  assert.equal(await Deno.readTextFile(path), `${line("boot")}\n${line("ready")}\n`);
});

Deno.test("logToLogin/logToWork/logToConsole/logToUsers/logTo() write <root>/<category>_logs.txt", async () => {
  await using tmp = await tempRoot();
  const root = join(tmp.root, "logs");
  const cases: [(entry: string) => Promise<void>, string][] = [
    [(e) => logToLogin(e, { root, now }), "login_logs.txt"],
    [(e) => logToWork(e, { root, now }), "server_logs.txt"],
    [(e) => logToConsole(e, { root, now }), "console_logs.txt"],
    [(e) => logToUsers(e, { root, now }), "users_logs.txt"],
    [(e) => logTo("billing-2_x", e, { root, now }), "billing-2_x_logs.txt"],
  ];
  using _ = released(...cases.map(([, name]) => join(root, name)));
  for (const [log, name] of cases) await log(`to ${name}`);
  assert.deepEqual(await listNames(root), cases.map(([, name]) => name).sort());
  for (const [, name] of cases) {
    assert.equal(await Deno.readTextFile(join(root, name)), `${line(`to ${name}`)}\n`);
  }
});

Deno.test("logTo() rejects an invalid category with RangeError and creates nothing", async () => {
  await using tmp = await tempRoot();
  const root = join(tmp.root, "logs");
  for (const category of ["../x", "a/b", "", "Upper", "-x", "x".repeat(65)]) {
    await assert.rejects(logTo(category, "x", { root, now }), {
      name: "RangeError",
      message: new RegExp(`^Invalid log category ${RegExp.escape(JSON.stringify(category))}: `),
    });
  }
  assert.deepEqual(await listNames(tmp.root), []);
});

Deno.test("logEvent() and the helpers reject a non-string entry with TypeError and write nothing", async () => {
  await using tmp = await tempRoot();
  const path = join(tmp.root, "x.txt");
  const notString = { name: "TypeError", message: /entry must be a string/ };
  for (const entry of [42, undefined, null, { text: "x" }, ["x"]]) {
    const bad = entry as unknown as string;
    await assert.rejects(logEvent(path, bad), notString);
    await assert.rejects(logToLogin(bad, { root: tmp.root }), notString);
  }
  assert.deepEqual(await listNames(tmp.root), []);
});

Deno.test("logEvent() rejects an empty path and logTo() an empty root with TypeError", async () => {
  await using tmp = await tempRoot();
  await assert.rejects(logEvent("", "x"), {
    name: "TypeError",
    message: /^Cannot log event: filePath must be a non-empty string, got ""$/,
  });
  await assert.rejects(logToWork("x", { root: "" }), {
    name: "TypeError",
    message: /^Invalid log root "": root must be a non-empty folder path/,
  });
  assert.deepEqual(await listNames(tmp.root), []);
});

Deno.test("logEvent() rejects LogFileError when the path is a directory, other paths unaffected", async () => {
  await using tmp = await tempRoot();
  const dir = join(tmp.root, "server_logs.txt");
  const inside = join(dir, "keep.txt");
  const good = join(tmp.root, "good.txt");
  using _ = released(dir, good);
  await Deno.mkdir(dir);
  await Deno.writeTextFile(inside, "keep\r\n\u0000");
  const results = await Promise.allSettled([
    logEvent(dir, "x", { now }),
    logEvent(good, "y", { now }),
  ]);
  assert.equal(results[1]?.status, "fulfilled");
  const error = results[0]?.status === "rejected" ? results[0].reason : undefined;
  assert.ok(error instanceof LogFileError);
  assert.equal(error.name, "LogFileError");
  assert.equal(error.path, dir);
  assert.equal(
    error.message,
    `Cannot append to log file "${dir}": it is a directory; move that directory away`,
  );
  assert.ok(error.cause instanceof Deno.errors.IsADirectory);
  assert.equal(await Deno.readTextFile(inside), "keep\r\n\u0000");
  assert.deepEqual(await listNames(dir), ["keep.txt"]);
  assert.equal(await Deno.readTextFile(good), `${line("y")}\n`);
});

Deno.test("logEvent() rejects LogFileError naming the path when a file stands in place of a folder", async () => {
  await using tmp = await tempRoot();
  const blocker = join(tmp.root, "logs");
  await Deno.writeFile(blocker, new Uint8Array([1, 2, 3, 10, 0]));
  for (const path of [join(blocker, "x.txt"), join(blocker, "a", "x.txt")]) {
    await assert.rejects(logEvent(path, "x", { now }), (error: unknown) => {
      assert.ok(error instanceof LogFileError);
      assert.equal(error.path, path);
      assert.equal(
        error.message,
        `Cannot append to log file "${path}": a file stands where a folder is expected on its path; move that file away`,
      );
      return true;
    });
  }
  assert.deepEqual(await Deno.readFile(blocker), new Uint8Array([1, 2, 3, 10, 0]));
});

// deno-fmt-ignore
const SPECIAL_ENTRIES = ["a\nb", "\r\n", "\n\n\n", "x\u2028y\u2029z", "\ud800", "a\udfffb", "\udc00\ud800",
  "😀 pair", "tab\tkept", "back\\slash\\n \\u0041", "", "\u0000\u0007\u001b[31m\u007f\u0085", "a - b"];

/** Seeded random entries over U+0000–U+009F, U+2028/9, lone surrogates, `\\`, ` - ` and an emoji. */
function randomEntries(count: number): string[] {
  let seed = 7;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pool = [0x2028, 0x2029, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0x5c, 0x20, 0x2d, 0xe9, 0x1f600];
  for (let code = 0; code <= 0x9f; code++) pool.push(code);
  return Array.from({ length: count }, () => {
    const length = Math.floor(random() * 20);
    const codes = Array.from({ length }, () => pool[Math.floor(random() * pool.length)]!);
    return String.fromCodePoint(...codes) + (random() < 0.3 ? " - x" : "");
  });
}

Deno.test("logEvent() writes one line per entry and unescapeEntry() reads each entry back", async () => {
  await using tmp = await tempRoot();
  const path = join(tmp.root, "x.txt");
  using _ = released(path);
  const entries = [...SPECIAL_ENTRIES, ...randomEntries(300)];
  await Promise.all(entries.map((entry) => logEvent(path, entry, { now })));
  const lines = await readLines(path);
  assert.equal(lines.length, entries.length);
  lines.forEach((text, i) => {
    assert.ok(text.startsWith(`${TS} - `), `line ${i}: ${JSON.stringify(text)}`);
    assert.equal(unescapeEntry(text.slice(TS.length + 3)), entries[i]);
  });
});

Deno.test("logEvent() keeps call order for 10,000 concurrent calls on one file", async () => {
  await using tmp = await tempRoot();
  const path = join(tmp.root, "x.txt");
  using _ = released(path);
  const entries = numbered(10_000);
  await Promise.all(entries.map((entry) => logEvent(path, entry, { now })));
  assert.deepEqual(await readLines(path), entries.map(line));
});

Deno.test("logEvent() keeps per-file order for 10,000 concurrent calls over 4 files", async () => {
  await using tmp = await tempRoot();
  const paths = [0, 1, 2, 3].map((k) => join(tmp.root, `f${k}.txt`));
  using _ = released(...paths);
  const entries = numbered(10_000);
  await Promise.all(entries.map((entry, i) => logEvent(paths[i % 4]!, entry, { now })));
  for (const [k, path] of paths.entries()) {
    assert.deepEqual(await readLines(path), entries.filter((_, i) => i % 4 === k).map(line));
  }
});

Deno.test("logEvent() lands sequential awaited calls in order", async () => {
  await using tmp = await tempRoot();
  const path = join(tmp.root, "x.txt");
  using _ = released(path);
  const entries = numbered(300);
  for (const entry of entries) await logEvent(path, entry, { now });
  assert.deepEqual(await readLines(path), entries.map(line));
});

Deno.test("logEvent() keeps per-file order for interleaved calls to two files", async () => {
  await using tmp = await tempRoot();
  const [a, b] = [join(tmp.root, "a.txt"), join(tmp.root, "b.txt")];
  using _ = released(a, b);
  const pending: Promise<void>[] = [];
  for (let i = 0; i < 500; i++) {
    pending.push(logEvent(a, `a ${i}`, { now }), logEvent(b, `b ${i}`, { now }));
    if (i % 50 === 0) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  assert.deepEqual(await readLines(a), numbered(500, "a").map(line));
  assert.deepEqual(await readLines(b), numbered(500, "b").map(line));
});

Deno.test("logEvent() writes a 3 MiB entry whole with maxEntryLength Infinity", async () => {
  await using tmp = await tempRoot();
  const path = join(tmp.root, "x.txt");
  using _ = released(path);
  const big = "0123456789abcdé\n".repeat(3 * 2 ** 16) + "end";
  const options = { now, maxEntryLength: Infinity };
  await Promise.all(["before", big, "after"].map((entry) => logEvent(path, entry, options)));
  const lines = await readLines(path);
  assert.equal(lines.length, 3, "three lines");
  assert.ok(lines[1] === line(big.replaceAll("\n", "\\n")), "the big entry whole");
  assert.deepEqual([lines[0], lines[2]], [line("before"), line("after")]);
});

Deno.test("logEvent() lands a 5 MiB burst of 5,000 × 1 KiB entries whole and in order", async () => {
  await using tmp = await tempRoot();
  const path = join(tmp.root, "x.txt");
  using _ = released(path);
  const entries = numbered(5_000).map((head) => head.padEnd(1024, "é."));
  await Promise.all(entries.map((entry) => logEvent(path, entry, { now })));
  assert.deepEqual(await readLines(path), entries.map(line));
});
