/** Shared test helpers: a temporary log root and a fixed clock, injected per call. */
import { fileURLToPath } from "node:url";

/** A temporary folder removed when disposed: `await using tmp = await tempRoot();`. */
export async function tempRoot(): Promise<{ root: string } & AsyncDisposable> {
  const root = await Deno.makeTempDir({ prefix: "panel_logging_" });
  return {
    root,
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

/** A clock that always returns the same instant. */
export function fixedClock(iso: string): () => Date {
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`fixedClock: invalid date ${iso}`);
  return () => new Date(ms);
}

/** The absolute path of a file in this repository, e.g. `repoPath("backup.ts")`. */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}

/** Runs a Deno subcommand in a subprocess; returns exit code, stdout and stderr as text. */
export async function runDeno(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args,
    env: { NO_COLOR: "1", ...options.env },
    cwd: options.cwd,
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** Reads a file's lines (without the final empty one after the last `\n`). */
export async function readLines(path: string): Promise<string[]> {
  const text = await Deno.readTextFile(path);
  return text === "" ? [] : text.replace(/\n$/, "").split("\n");
}

/**
 * Runs TypeScript `code` as a script in a subprocess with read and write access to `dir` only
 * (never all permissions, as `deno eval` would have).
 */
export async function runScript(
  code: string,
  dir: string,
  options: { env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = await Deno.makeTempFile({ dir, suffix: ".ts" });
  try {
    await Deno.writeTextFile(script, code);
    return await runDeno(["run", `-R=${dir}`, `-W=${dir}`, script], options);
  } finally {
    await Deno.remove(script);
  }
}

/** Whether this process may mount file systems (root in a sandbox that allows it). */
export async function canMount(): Promise<boolean> {
  const dir = await Deno.makeTempDir();
  const run = (cmd: string, args: string[]) =>
    new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output()
      .then((o) => o.success, () => false);
  const mounted = await run("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]);
  if (mounted) await run("umount", [dir]);
  await Deno.remove(dir);
  return mounted;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same numbers in [0, 1) every run. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A writer process that logs one line per `send`, and answers once it resolved. */
export function spawnWriter(file: string, permissions: string[]): {
  send(entry: string): Promise<string>;
} & AsyncDisposable {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...permissions, repoPath("tests/fixtures/line_on_demand.ts"), file],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const input = child.stdin.getWriter();
  const answers = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  return {
    async send(entry: string): Promise<string> {
      await input.write(new TextEncoder().encode(`${entry}\n`));
      while (!buffered.includes("\n")) buffered += (await answers.read()).value ?? "";
      const [answer, ...rest] = buffered.split("\n");
      buffered = rest.join("\n");
      return answer!;
    },
    async [Symbol.asyncDispose]() {
      await input.close();
      await answers.cancel();
      await child.status;
    },
  };
}

/**
 * For `ignore:` on a test that needs something this machine may lack: prints why it is skipped
 * (once, when the file loads) and returns whether to skip.
 * @param available Whether the test can run here.
 * @param why The test, what it needs and how to get it, e.g. `install gzip`.
 */
export function skipUnless(available: boolean, why: string): boolean {
  if (!available) console.log(`skipped: ${why}`);
  return !available;
}

/** Runs backup.ts on `root` with read and write permission on `granted` only (the root itself). */
export function runBackup(
  root: string,
  args: string[] = [],
  granted = root,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runDeno([
    "run",
    `-R=${granted}`,
    `-W=${granted}`,
    repoPath("backup.ts"),
    "--root",
    root,
    ...args,
  ]);
}
