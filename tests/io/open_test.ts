import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createNew,
  createNewSync,
  openExisting,
  openExistingSync,
  openRead,
  openReadSync,
  readFileBounded,
} from "../../lib/io/open.ts";
import { listEntries, lstatEntry, UnsafeEntryError } from "../../lib/io/entries.ts";
import { tempRoot } from "../helpers.ts";
import { describeCause } from "../../lib/errors.ts";

async function mkfifo(path: string): Promise<void> {
  const { success } = await new Deno.Command("mkfifo", { args: [path] }).output();
  assert.ok(success, `mkfifo ${path} failed`);
}

/** A root with a regular file, a link to a file outside, a dangling link, a FIFO, a folder. */
async function plantedRoot(root: string, outside: string) {
  await Deno.writeTextFile(join(root, "plain.txt"), "plain\n");
  await Deno.writeTextFile(outside, "secret\n");
  await Deno.symlink(outside, join(root, "link.txt"));
  await Deno.symlink(join(outside, "..", "nowhere.txt"), join(root, "dangling.txt"));
  await Deno.symlink("/dev/zero", join(root, "zero.txt"));
  await mkfifo(join(root, "fifo.txt"));
  await Deno.mkdir(join(root, "dir.txt"));
}

const REFUSED: [string, string][] = [
  ["link.txt", "symlink"],
  ["dangling.txt", "symlink"],
  ["zero.txt", "symlink"],
  ["fifo.txt", "fifo"],
];

Deno.test("openRead() and openExisting() refuse links, FIFOs and folders without opening them", async () => {
  await using tmp = await tempRoot();
  await using out = await tempRoot();
  await plantedRoot(tmp.root, join(out.root, "secret.txt"));
  for (const [name, reason] of REFUSED) {
    const path = join(tmp.root, name);
    for (const open of [openRead, (p: string) => openExisting(p, { append: true })]) {
      const error = await open(path).then(() => null, (e) => e);
      assert.ok(error instanceof UnsafeEntryError, `${name}: ${error}`);
      assert.equal(error.reason, reason);
      assert.equal(error.path, path);
    }
    assert.throws(() => openReadSync(path), UnsafeEntryError);
    assert.throws(() => openExistingSync(path), UnsafeEntryError);
  }
  await assert.rejects(openRead(join(tmp.root, "dir.txt")), Deno.errors.IsADirectory);
  assert.equal(await Deno.readTextFile(join(out.root, "secret.txt")), "secret\n");
  assert.deepEqual((await listEntries(out.root))?.map((e) => e.name), ["secret.txt"]);
});

Deno.test("openRead() reads a regular file at any position and streams a range", async () => {
  await using tmp = await tempRoot();
  const path = join(tmp.root, "a.txt");
  await Deno.writeTextFile(path, "0123456789");
  using file = await openRead(path);
  assert.equal(file.size, 10);
  const buffer = new Uint8Array(4);
  assert.equal(await file.readAt(buffer, 6), 4);
  assert.equal(new TextDecoder().decode(buffer), "6789");
  assert.equal(file.readAtSync(buffer, 9), 1);
  const text = await new Response(file.stream({ start: 2, end: 7, chunkSize: 2 })).text();
  assert.equal(text, "23456");
});

Deno.test("readFileBounded() reads at most the limit and refuses a larger or endless file", async () => {
  await using tmp = await tempRoot();
  const path = join(tmp.root, "state.txt");
  await Deno.writeTextFile(path, "x".repeat(4096));
  assert.equal((await readFileBounded(path, 4096))?.length, 4096);
  await Deno.writeTextFile(path, "x".repeat(4097));
  const error = await readFileBounded(path, 4096).catch((e) => e);
  assert.ok(error instanceof UnsafeEntryError);
  assert.equal(error.reason, "too-large");
  const sparse = join(tmp.root, "sparse.txt");
  using file = await Deno.open(sparse, { write: true, createNew: true });
  await file.truncate(3 * 2 ** 30); // 3 GiB, sparse
  assert.equal((await readFileBounded(sparse, 4096).catch((e) => e)).reason, "too-large");
  assert.equal(await readFileBounded(join(tmp.root, "none.txt"), 4096), null);
});

Deno.test("createNew() never writes through a link, dangling or not", async () => {
  await using tmp = await tempRoot();
  await using out = await tempRoot();
  const target = join(out.root, "target.txt");
  await Deno.symlink(target, join(tmp.root, "dangling.tmp"));
  await assert.rejects(createNew(join(tmp.root, "dangling.tmp")), Deno.errors.AlreadyExists);
  assert.throws(() => createNewSync(join(tmp.root, "dangling.tmp")), Deno.errors.AlreadyExists);
  assert.equal((await lstatEntry(target)).kind, "missing");
  const file = await createNew(join(tmp.root, "fresh.tmp"));
  file.close();
  assert.equal((await lstatEntry(join(tmp.root, "fresh.tmp"))).kind, "file");
});

Deno.test("listEntries() reports each entry's kind without following links", async () => {
  await using tmp = await tempRoot();
  await using out = await tempRoot();
  await plantedRoot(tmp.root, join(out.root, "secret.txt"));
  const entries = await listEntries(tmp.root);
  assert.deepEqual(entries?.map((e) => [e.name, e.kind]), [
    ["dangling.txt", "symlink"],
    ["dir.txt", "directory"],
    ["fifo.txt", "fifo"],
    ["link.txt", "symlink"],
    ["plain.txt", "file"],
    ["zero.txt", "symlink"],
  ]);
  assert.equal(await listEntries(join(tmp.root, "none")), null);
  await Deno.symlink(out.root, join(tmp.root, "linked_dir"));
  const error = await listEntries(join(tmp.root, "linked_dir")).catch((e) => e);
  assert.ok(error instanceof UnsafeEntryError);
  assert.equal(error.reason, "symlink");
});

Deno.test("describeCause() says what to do for EMFILE and EXDEV", () => {
  assert.equal(
    describeCause("logs/a.txt", new Error("Too many open files (os error 24)")),
    "too many open files; raise the limit with ulimit -n (or LimitNOFILE in a systemd unit)",
  );
  assert.equal(
    describeCause("logs/a.txt", new Error("Invalid cross-device link (os error 18)")),
    "backup_logs is on another file system; keep backup_logs on the same file system as the log files",
  );
});
