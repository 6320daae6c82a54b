import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { checkAndBackupLogs, logEvent, logToWork } from "../../mod.ts";
import { MAX_OPEN_FILES, openFileCount, releaseFiles } from "../../lib/write/writer.ts";
import { isUnused } from "../../lib/io/lock.ts";
import { readLines, repoPath, tempRoot } from "../helpers.ts";

const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d - (.*)$/;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Closes the writer's cached files for these paths when the scope ends. */
function released(...paths: string[]): Disposable {
  return { [Symbol.dispose]: () => releaseFiles(paths) };
}

/** Polls `ready` every 10 ms; throws (instead of hanging) after 30 s, naming what it waited for. */
async function waitUntil(what: string, ready: () => boolean | Promise<boolean>): Promise<void> {
  for (let tries = 0; !(await ready()); tries++) {
    if (tries > 3000) throw new Error(`Gave up waiting for ${what}`);
    await delay(10);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** The entries of the lines of `paths` in order; every line must match LINE. */
async function entriesOf(paths: string[]): Promise<string[]> {
  const entries: string[] = [];
  for (const path of paths) {
    for (const text of await readLines(path)) {
      const match = LINE.exec(text);
      assert.ok(match, `malformed line in ${path}: ${JSON.stringify(text)}`);
      entries.push(match[1]!);
    }
  }
  return entries;
}

const range = (n: number, label = "line"): string[] =>
  Array.from({ length: n }, (_, i) => `${label} ${i + 1}`);

Deno.test("openFileCount() never exceeds MAX_OPEN_FILES and the oldest file is closed first", async () => {
  await using tmp = await tempRoot();
  const paths = Array.from({ length: 100 }, (_, i) => join(tmp.root, `f${i}.txt`));
  using _ = released(...paths);
  assert.equal(MAX_OPEN_FILES, 32);
  for (const path of paths) {
    await logEvent(path, "x");
    assert.ok(openFileCount() <= 32, `${openFileCount()} files open`);
  }
  assert.equal(openFileCount(), 32);
  assert.equal(await isUnused(paths[67]!), true);
  assert.equal(await isUnused(paths[68]!), false);
  await Promise.all(paths.map((path) => logEvent(path, "y")));
  assert.equal(openFileCount(), 32);
  for (const path of paths) assert.deepEqual(await entriesOf([path]), ["x", "y"]);
});

Deno.test("releaseFiles() after a rename sends the next line to a new file at the path", async () => {
  await using tmp = await tempRoot();
  const path = join(tmp.root, "server_logs.txt");
  const moved = join(tmp.root, "moved.txt");
  using _ = released(path);
  await logEvent(path, "a");
  await Deno.rename(path, moved);
  releaseFiles([path]);
  await logEvent(path, "b");
  assert.deepEqual(await entriesOf([moved]), ["a"]);
  assert.deepEqual(await entriesOf([path]), ["b"]);
});

Deno.test("logEvent() notices a rename without releaseFiles() once RECHECK_MS have passed", async () => {
  await using tmp = await tempRoot();
  const path = join(tmp.root, "server_logs.txt");
  const moved = join(tmp.root, "moved.txt");
  using _ = released(path);
  await logEvent(path, "a");
  await Deno.rename(path, moved);
  await logEvent(path, "b"); // may still go to the renamed file
  await delay(200);
  await logEvent(path, "c");
  const inPath = await entriesOf([path]);
  assert.equal(inPath.at(-1), "c");
  assert.deepEqual((await entriesOf([moved])).concat(inPath), ["a", "b", "c"]);
});

const WRITER = (mod: string) =>
  `import { logEvent } from ${JSON.stringify(mod)};
let stop = false;
(async () => { for await (const _ of Deno.stdin.readable); stop = true; })();
for (let i = 1; !stop; i++) {
  await logEvent(Deno.args[0], "line " + i);
  console.log(i);
  if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
}
`;

Deno.test("logEvent() in another process follows renames and loses no acknowledged line", async () => {
  await using tmp = await tempRoot();
  const script = join(tmp.root, "writer.ts");
  const logs = join(tmp.root, "logs");
  const path = join(logs, "server_logs.txt");
  await Deno.writeTextFile(script, WRITER(pathToFileURL(repoPath("mod.ts")).href));
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", script, path],
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const acked: number[] = [];
  const reading = (async () => {
    let rest = "";
    for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
      const parts = (rest + text).split("\n");
      rest = parts.pop()!;
      acked.push(...parts.map(Number));
    }
  })();
  let exited = false;
  void child.status.then(() => exited = true);
  const moved: string[] = [];
  try {
    for (let k = 1; k <= 6; k++) {
      const mark = acked.length;
      await waitUntil(
        `line ${mark + 100} at a fresh file`,
        async () => acked.length >= mark + 100 && await exists(path),
      );
      if (k === 6) break;
      moved.push(join(logs, `moved_${k}.txt`));
      await Deno.rename(path, moved.at(-1)!);
    }
  } finally {
    await child.stdin.close().catch(() => {});
    await waitUntil("the writer to stop", () => exited).catch(() => child.kill("SIGKILL"));
    await child.status;
    await reading;
  }
  assert.equal((await child.status).code, 0);
  assert.deepEqual(acked, Array.from({ length: acked.length }, (_, i) => i + 1));
  assert.deepEqual(await entriesOf([...moved, path]), range(acked.length));
  for (const file of moved) assert.notEqual((await readLines(file)).length, 0);
});

Deno.test("logToWork() during repeated checkAndBackupLogs() loses and duplicates no line", async () => {
  await using tmp = await tempRoot();
  const root = tmp.root;
  const path = join(root, "server_logs.txt");
  using _ = released(path);
  let stop = false;
  let acked = 0;
  const writer = (async () => {
    for (let i = 1; !stop; i++) {
      await logToWork(`line ${i}`, { root });
      acked = i;
      if (i % 10 === 0) await delay(1);
    }
  })();
  const archives: string[] = [];
  try {
    for (let k = 1; k <= 4; k++) {
      const mark = acked;
      await waitUntil(`line ${mark + 100}`, () => acked >= mark + 100);
      const report = await checkAndBackupLogs({ root, force: true });
      assert.equal(report.reason, "forced");
      assert.equal(report.archived.length, 1);
      archives.push(report.archived[0]!);
      await logToWork(`marker ${k}`, { root });
      assert.ok((await entriesOf([path])).includes(`marker ${k}`));
      assert.ok(!(await entriesOf([archives.at(-1)!])).includes(`marker ${k}`));
    }
  } finally {
    stop = true;
    await writer;
  }
  const names = [];
  for await (const entry of Deno.readDir(join(root, "backup_logs"))) names.push(entry.name);
  assert.deepEqual(
    names.sort(),
    archives.map((file) => file.slice(file.lastIndexOf("/") + 1)).sort(),
  );
  const all = await entriesOf([...archives, path]);
  assert.deepEqual(all.filter((entry) => entry.startsWith("line ")), range(acked));
  assert.deepEqual(all.filter((entry) => entry.startsWith("marker ")), range(4, "marker"));
});
