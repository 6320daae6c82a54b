// Issue 7, the writer's rows: whoever can write into the log root cannot make a writer create,
// read or write a file outside it, hang it, exhaust its memory, or corrupt an acknowledged line.
// Each trial runs the writer in a subprocess with -R=<root> -W=<root> (or as the row says),
// under a timeout and an RSS ceiling, and compares the victim folder before and after.
import assert from "node:assert/strict";
import { join } from "node:path";
import { canMount, readLines, tempRoot } from "../helpers.ts";
import {
  assertBounded,
  assertLinesIntact,
  mkfifo,
  runGuarded,
  runLogger,
  victimFolder,
} from "../safety_helpers.ts";

Deno.test("safety row 5: a writer never creates a file through a dangling link at a category path (-A)", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const before = await out.snapshot();
  const target = join(out.dir, "created-by-writer.txt");
  await Deno.symlink(target, join(tmp.root, "login_logs.txt"));
  const run = await runLogger(tmp.root, "login", ["x"], ["-A"]);
  assertBounded(run, "writer");
  assert.match(
    run.stdout,
    /^LogFileError: .*login_logs\.txt": it is a symbolic link; remove it\n$/,
  );
  assert.deepEqual(await out.snapshot(), before);
  assert.ok((await Deno.lstat(join(tmp.root, "login_logs.txt"))).isSymlink);
});

Deno.test("safety row 6: a writer rejects a FIFO at a category path and never blocks", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const before = await out.snapshot();
  const run = await runLogger(tmp.root, "server", ["first"]);
  await mkfifo(join(tmp.root, "login_logs.txt"));
  const blocked = await runLogger(tmp.root, "login", ["x"]);
  assertBounded(blocked, "writer on a FIFO");
  assert.match(
    blocked.stdout,
    /^LogFileError: Cannot append to log file ".*login_logs\.txt": it is a named pipe \(FIFO\); remove it\n$/,
  );
  assert.equal(run.stdout, "ok\n");
  assert.deepEqual(await out.snapshot(), before);
  await assertLinesIntact(tmp.root, ["first"]);
});

Deno.test("safety row 10: a line torn by another process is ended before the next line", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const before = await out.snapshot();
  const path = join(tmp.root, "login_logs.txt");
  const first = await runLogger(tmp.root, "login", ["a1", "a2"]);
  assert.equal(first.stdout, "ok\nok\n");
  // Process A's third write was cut short by a full disk: a fragment without its line break.
  await Deno.writeTextFile(path, "2026-11-24T13:05:09.042+00:00 - a3 cut sh", { append: true });
  const second = await runLogger(tmp.root, "login", ["b1", "b2"]);
  assertBounded(second, "writer B");
  assert.equal(second.stdout, "ok\nok\n");
  const lines = await readLines(path);
  assert.equal(lines.length, 5);
  assert.equal(lines[2], "2026-11-24T13:05:09.042+00:00 - a3 cut sh");
  await assertLinesIntact(tmp.root, ["a1", "a2", "b1", "b2"]);
  assert.deepEqual(await out.snapshot(), before);
});

Deno.test("safety row 13: a symlinked root works when the message's flags are given", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const before = await out.snapshot();
  const real = join(tmp.root, "real");
  const link = join(tmp.root, "link");
  await Deno.mkdir(real);
  await Deno.symlink(real, link);
  const denied = await runLogger(link, "login", ["x"], [`-R=${link}`, `-W=${link}`]);
  assertBounded(denied, "writer");
  const both = `${link},${real}`;
  assert.equal(
    denied.stdout,
    `LogFileError: Cannot append to log file "${link}/login_logs.txt": Deno has no permission for it; "${link}" is a link to "${real}", grant both: run with --allow-read=${both} --allow-write=${both}\n`,
  );
  const granted = await runLogger(link, "login", ["y", "z"], [`-R=${both}`, `-W=${both}`]);
  assertBounded(granted, "writer");
  assert.equal(granted.stdout, "ok\nok\n");
  await assertLinesIntact(real, ["y", "z"]);
  assert.deepEqual(await out.snapshot(), before);
});

Deno.test("safety row 14: a 10-million-line entry is cut to maxEntryLength with a marker", async () => {
  await using tmp = await tempRoot();
  await using out = await victimFolder();
  const before = await out.snapshot();
  const script = join(tmp.root, "huge.ts");
  const mod = new URL("../../mod.ts", import.meta.url).href;
  await Deno.writeTextFile(
    script,
    `import { logToLogin } from "${mod}";
const root = Deno.args[0];
await logToLogin("before", { root });
await logToLogin("\\n".repeat(10_000_000), { root });
await logToLogin("x".repeat(50_000_000), { root });
await logToLogin("after", { root });
console.log("ok");`,
  );
  const run = await runGuarded(["run", `-R=${tmp.root}`, `-W=${tmp.root}`, script, tmp.root]);
  assertBounded(run, "writer");
  assert.equal(run.stdout, "ok\n");
  const lines = await readLines(join(tmp.root, "login_logs.txt"));
  assert.equal(lines.length, 4);
  assert.ok(lines[1]!.endsWith(` - ${"\\n".repeat(65_536)}…[cut 9934464 chars]`));
  assert.ok(lines[2]!.endsWith(` - ${"x".repeat(65_536)}…[cut 49934464 chars]`));
  await assertLinesIntact(tmp.root, ["before", "after"]);
  assert.deepEqual(await out.snapshot(), before);
});

const mountable = await canMount();

Deno.test({
  name:
    "safety row 10 on a real full disk: process A's write is cut short, process B's line stays whole",
  ignore: !mountable,
  fn: async () => {
    await using tmp = await tempRoot();
    await using out = await victimFolder();
    const before = await out.snapshot();
    const sh = (...args: string[]) => new Deno.Command(args[0]!, { args: args.slice(1) }).output();
    assert.ok((await sh("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", tmp.root)).success);
    try {
      const filler = join(tmp.root, "filler");
      await sh("sh", "-c", `head -c 1000000 /dev/urandom > "${filler}" 2>/dev/null; true`);
      await Deno.truncate(filler, (await Deno.stat(filler)).size - 8192); // two free pages
      const entries = Array.from({ length: 150 }, (_, i) => `a-${i}-${"x".repeat(80)}`);
      const a = await runLogger(tmp.root, "users", entries);
      assertBounded(a, "writer A");
      const results = a.stdout.trim().split("\n");
      const acked = entries.filter((_, i) => results[i] === "ok");
      assert.ok(acked.length < entries.length, "the disk did not fill");
      const path = join(tmp.root, "users_logs.txt");
      assert.ok(!(await Deno.readTextFile(path)).endsWith("\n"), "no write was cut mid-line");
      await Deno.remove(filler);
      const b = await runLogger(tmp.root, "users", ["b after space freed"]);
      assertBounded(b, "writer B");
      assert.equal(b.stdout, "ok\n");
      await assertLinesIntact(tmp.root, [...acked, "b after space freed"]);
    } finally {
      await sh("umount", tmp.root);
    }
    assert.deepEqual(await out.snapshot(), before);
  },
});
