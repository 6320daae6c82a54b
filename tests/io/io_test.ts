import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { renameNoClobber, touchFile, writeFileAtomic } from "../../lib/io/files.ts";
import { UnsafeEntryError } from "../../lib/io/entries.ts";
import { gzipFile } from "../../lib/io/gzip.ts";
import { isUnused, lockExclusive } from "../../lib/io/lock.ts";
import { logEvent } from "../../mod.ts";
import { releaseFiles } from "../../lib/write/writer.ts";
import { repoPath, tempRoot } from "../helpers.ts";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function listNames(dir: string): Promise<string[]> {
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let at = 0; at < length; at += 65536) {
    crypto.getRandomValues(bytes.subarray(at, Math.min(at + 65536, length)));
  }
  return bytes;
}

Deno.test("renameNoClobber() fails with AlreadyExists and leaves both files untouched", async () => {
  await using tmp = await tempRoot();
  const [from, to] = [join(tmp.root, "from.txt"), join(tmp.root, "to.txt")];
  await Deno.writeTextFile(from, "source\n");
  await Deno.writeTextFile(to, "target\n");
  await assert.rejects(renameNoClobber(from, to), Deno.errors.AlreadyExists);
  assert.equal(await Deno.readTextFile(from), "source\n");
  assert.equal(await Deno.readTextFile(to), "target\n");
  assert.notEqual((await Deno.stat(from)).ino, (await Deno.stat(to)).ino);
  assert.equal((await Deno.stat(from)).nlink, 1);
  assert.deepEqual(await listNames(tmp.root), ["from.txt", "to.txt"]);
});

Deno.test("renameNoClobber() moves a file to a free name", async () => {
  await using tmp = await tempRoot();
  const [from, to] = [join(tmp.root, "from.txt"), join(tmp.root, "to.txt")];
  await Deno.writeTextFile(from, "source\n");
  await renameNoClobber(from, to);
  assert.deepEqual(await listNames(tmp.root), ["to.txt"]);
  assert.equal(await Deno.readTextFile(to), "source\n");
});

Deno.test("renameNoClobber() of a file gone since the plan refuses it as changed and creates nothing", async () => {
  // Another process (the swapping trial's attacker, a second tool) moved the name away.
  await using tmp = await tempRoot();
  const [from, to] = [join(tmp.root, "from.txt"), join(tmp.root, "to.txt")];
  const error = await renameNoClobber(from, to).then(() => null, (e) => e);
  assert.ok(error instanceof UnsafeEntryError, String(error));
  assert.equal(error.path, from);
  assert.equal(error.reason, "changed");
  assert.deepEqual(await listNames(tmp.root), []);
});

Deno.test("writeFileAtomic() replaces the content and leaves no .tmp file", async () => {
  await using tmp = await tempRoot();
  const path = join(tmp.root, "backup_date.txt");
  await writeFileAtomic(path, "first, and longer\n");
  await writeFileAtomic(path, "second\n");
  assert.equal(await Deno.readTextFile(path), "second\n");
  assert.deepEqual(await listNames(tmp.root), ["backup_date.txt"]);
});

Deno.test("touchFile() creates an empty file and never truncates an existing one", async () => {
  await using tmp = await tempRoot();
  const [fresh, old] = [join(tmp.root, "fresh.txt"), join(tmp.root, "old.txt")];
  await Deno.writeTextFile(old, "keep me\n");
  await touchFile(fresh);
  await touchFile(old);
  await touchFile(fresh);
  assert.deepEqual(await Deno.readFile(fresh), new Uint8Array());
  assert.equal(await Deno.readTextFile(old), "keep me\n");
});

Deno.test("gzipFile() writes gzip that decompresses to the exact bytes, keeps the source", async () => {
  await using tmp = await tempRoot();
  const [source, dest] = [join(tmp.root, "a.txt"), join(tmp.root, "a.txt.gz")];
  const data = randomBytes(3 * 2 ** 20 + 12345);
  await Deno.writeFile(source, data);
  await gzipFile(source, dest);
  assert.deepEqual(await listNames(tmp.root), ["a.txt", "a.txt.gz"]);
  assert.deepEqual(await Deno.readFile(source), data);
  const file = await Deno.open(dest, { read: true });
  const stream = file.readable.pipeThrough(new DecompressionStream("gzip"));
  assert.deepEqual(new Uint8Array(await new Response(stream).arrayBuffer()), data);
  let gunzip: Deno.CommandOutput | undefined;
  try {
    gunzip = await new Deno.Command("gzip", { args: ["-dc", dest], stderr: "inherit" }).output();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error; // no gzip on PATH
  }
  if (gunzip) {
    assert.equal(gunzip.code, 0);
    assert.deepEqual(gunzip.stdout, data);
  }
});

Deno.test("isUnused() is false while logEvent() keeps the file open, true after releaseFiles()", async () => {
  await using tmp = await tempRoot();
  const path = join(tmp.root, "server_logs.txt");
  try {
    assert.equal(await isUnused(path), true); // missing
    await logEvent(path, "x");
    assert.equal(await isUnused(path), false);
    assert.equal(await isUnused(path), false); // checking does not drop the writer's lock
  } finally {
    releaseFiles([path]);
  }
  assert.equal(await isUnused(path), true);
});

const LOCKER = (io: string) =>
  `import { lockExclusive } from ${JSON.stringify(io)};
const lock = await lockExclusive(Deno.args[0]);
console.log("locked");
for await (const _ of Deno.stdin.readable);
await lock[Symbol.asyncDispose]();
console.log("released");
`;

/** Starts a process that takes the lock, prints "locked", and disposes it when stdin closes. */
async function spawnLocker(dir: string, lockPath: string) {
  const script = join(dir, "locker.ts");
  await Deno.writeTextFile(script, LOCKER(pathToFileURL(repoPath("lib/io/lock.ts")).href));
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", script, lockPath],
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let out = "";
  const reading = (async () => {
    for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) out += text;
  })();
  const stop = async () => {
    await child.stdin.close().catch(() => {});
    try {
      child.kill("SIGKILL");
    } catch { /* already exited */ }
    await child.status;
    await reading;
  };
  const waitFor = async (text: string) => {
    for (let tries = 0; !out.includes(text); tries++) {
      if (tries > 3000) throw new Error(`Gave up waiting for ${JSON.stringify(text)}`);
      await delay(10);
    }
  };
  return { child, stop, waitFor, output: () => out };
}

Deno.test("lockExclusive() waits while another process holds the lock", async () => {
  await using tmp = await tempRoot();
  const lockPath = join(tmp.root, "backup.lock");
  const locker = await spawnLocker(tmp.root, lockPath);
  try {
    await locker.waitFor("locked\n");
    let acquired = false;
    const pending = lockExclusive(lockPath).then((lock) => (acquired = true, lock));
    await delay(300);
    assert.equal(acquired, false);
    await locker.child.stdin.close();
    const lock = await pending;
    await lock[Symbol.asyncDispose]();
    assert.equal((await locker.child.status).code, 0);
    assert.equal(locker.output(), "locked\nreleased\n");
  } finally {
    await locker.stop();
  }
});

Deno.test("lockExclusive() is not blocked by a lock whose holder was killed with SIGKILL", async () => {
  await using tmp = await tempRoot();
  const lockPath = join(tmp.root, "backup.lock");
  const locker = await spawnLocker(tmp.root, lockPath);
  try {
    await locker.waitFor("locked\n");
    locker.child.kill("SIGKILL");
    assert.equal((await locker.child.status).signal, "SIGKILL");
    await using _lock = await lockExclusive(lockPath);
    assert.equal(locker.output(), "locked\n");
  } finally {
    await locker.stop();
  }
});
