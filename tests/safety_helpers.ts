/**
 * Helpers of the safety trials (issue 7): a victim folder outside the root whose names, sizes
 * and hashes must not change, a subprocess guarded by a timeout and an RSS ceiling, and the
 * lines found under a root (archives included) to check that acknowledged lines are intact.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { repoPath } from "./helpers.ts";

/** The RSS a trial's subprocess may reach, in MiB. */
export const MAX_RSS_MIB = 100;
/** How long a trial's subprocess may run before it counts as hung, in ms. */
export const HANG_MS = 20_000;

/** One entry of a tree: relative path, kind, size, and SHA-256 of a regular file's bytes. */
export type TreeEntry = [path: string, kind: string, size: number, sha256: string];

async function sha256(path: string): Promise<string> {
  const bytes = await Deno.readFile(path);
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Every entry under `dir`, links not followed, sorted: names, kinds, sizes and hashes. */
export async function snapshotTree(dir: string): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  const walk = async (at: string): Promise<void> => {
    for await (const { name } of Deno.readDir(at)) {
      const path = join(at, name);
      const info = await Deno.lstat(path);
      const kind = info.isSymlink
        ? "symlink"
        : info.isFile
        ? "file"
        : info.isDirectory
        ? "dir"
        : "other";
      out.push([relative(dir, path), kind, info.size, kind === "file" ? await sha256(path) : ""]);
      if (kind === "dir") await walk(path);
    }
  };
  await walk(dir);
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/**
 * A folder outside the root that an attacker aims at: a victim file, a 0600 secret, and names
 * a backup could mistake for its own (an archive name, a `.gz.tmp`). Removed when disposed.
 */
export async function victimFolder(): Promise<
  & { dir: string; victim: string; secret: string; snapshot(): Promise<TreeEntry[]> }
  & AsyncDisposable
> {
  const dir = await Deno.makeTempDir({ prefix: "panel_victim_" });
  const victim = join(dir, "victim.txt");
  const secret = join(dir, "secret.txt");
  await Deno.writeTextFile(victim, "victim: must stay as it is\n");
  await Deno.writeTextFile(secret, "TOP-SECRET-0600\n", { mode: 0o600 });
  await Deno.chmod(secret, 0o600);
  await Deno.writeTextFile(join(dir, "login_logs_2020-01-01_00-00-00.txt"), "not an archive\n");
  await Deno.writeTextFile(join(dir, "login_logs_2020-01-01_00-00-00.txt.gz.tmp"), "mine\n");
  return {
    dir,
    victim,
    secret,
    snapshot: () => snapshotTree(dir),
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

/** What a guarded subprocess did. */
export interface Guarded {
  code: number;
  stdout: string;
  stderr: string;
  /** Killed after {@linkcode HANG_MS}. */
  hung: boolean;
  /** The highest RSS seen, in MiB (sampled every 20 ms; killed above the ceiling). */
  peakRssMiB: number;
}

function rssMiB(pid: number): number {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0; // gone
  }
}

/** Runs `deno <args>` with a timeout and an RSS ceiling; kills it when either is passed. */
export async function runGuarded(
  args: string[],
  options: { cwd?: string; hangMs?: number } = {},
): Promise<Guarded> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: options.cwd,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let hung = false, peak = 0;
  const started = Date.now();
  const poll = setInterval(() => {
    peak = Math.max(peak, rssMiB(child.pid));
    const late = Date.now() - started > (options.hangMs ?? HANG_MS);
    if (late) hung = true;
    if (late || peak > MAX_RSS_MIB) {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    }
  }, 20);
  const output = await child.output();
  clearInterval(poll);
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
    hung,
    peakRssMiB: peak,
  };
}

/** Asserts that a guarded run neither hung nor grew past the RSS ceiling. */
export function assertBounded(run: Guarded, label = ""): void {
  assert.equal(run.hung, false, `${label} hung: ${run.stderr}`);
  assert.ok(run.peakRssMiB < MAX_RSS_MIB, `${label} RSS ${run.peakRssMiB.toFixed(0)} MiB`);
}

/** Runs the backup command on `root` with read and write access to `root` only. */
export function runBackup(root: string, flags: string[] = [], perms?: string[]): Promise<Guarded> {
  const grant = perms ?? [`-R=${root}`, `-W=${root}`];
  return runGuarded(["run", ...grant, repoPath("backup.ts"), "--root", root, ...flags]);
}

/**
 * Logs entries from another process: `deno run <perms> tests/fixtures/log_entries.ts`; prints
 * one line per entry, `ok` or the error message.
 */
export function runLogger(
  root: string,
  category: string,
  entries: string[],
  perms?: string[],
): Promise<Guarded> {
  const grant = perms ?? [`-R=${root}`, `-W=${root}`];
  const script = repoPath("tests/fixtures/log_entries.ts");
  return runGuarded(["run", ...grant, script, root, category, ...entries]);
}

async function gunzip(path: string): Promise<string> {
  using file = await Deno.open(path);
  const stream = file.readable.pipeThrough(new DecompressionStream("gzip"));
  return await new Response(stream).text();
}

/**
 * Every line under a root: the category files and the archives (`.gz` decompressed), regular
 * files only. A damaged `.gz` counts as no lines.
 */
export async function linesUnder(root: string): Promise<string[]> {
  const lines: string[] = [];
  const read = async (dir: string): Promise<void> => {
    for await (const { name } of Deno.readDir(dir)) {
      const path = join(dir, name);
      const info = await Deno.lstat(path);
      if (!info.isFile || !/\.txt(\.gz)?$/.test(name)) continue;
      const text = name.endsWith(".gz")
        ? await gunzip(path).catch(() => "")
        : await Deno.readTextFile(path);
      lines.push(...text.split("\n").filter((line) => line !== ""));
    }
  };
  if ((await Deno.lstat(root).catch(() => null))?.isDirectory) await read(root);
  const backup = join(root, "backup_logs");
  if ((await Deno.lstat(backup).catch(() => null))?.isDirectory) await read(backup);
  return lines;
}

/** Asserts that each acknowledged entry is on a line of its own under `root`, whole. */
export async function assertLinesIntact(root: string, entries: string[]): Promise<void> {
  const lines = await linesUnder(root);
  for (const entry of entries) {
    // The whole line is the timestamp, " - " and the entry: nothing glued before or after it.
    const line = new RegExp(
      `^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+[+-]\\d\\d:\\d\\d - ${RegExp.escape(entry)}$`,
    );
    const found = lines.filter((text) => line.test(text));
    assert.equal(found.length, 1, `acknowledged line "${entry}" found whole ${found.length} times`);
  }
}

/** Creates a FIFO with `mkfifo`. */
export async function mkfifo(path: string): Promise<void> {
  const { success } = await new Deno.Command("mkfifo", { args: [path] }).output();
  assert.ok(success, `mkfifo ${path} failed`);
}

/** A backup time recorded long ago: every trial's backup is due. */
export const OLD_STATE = "2020-01-01T00:00:00.000+00:00\n";

/**
 * A root with a due state file and acknowledged lines in two categories (written by a writer
 * process); returns the entries acknowledged.
 */
export async function seededRoot(root: string): Promise<string[]> {
  await Deno.mkdir(join(root, "dates"), { recursive: true });
  await Deno.mkdir(join(root, "backup_logs"), { recursive: true });
  await Deno.writeTextFile(join(root, "dates", "backup_date.txt"), OLD_STATE);
  const entries = ["server one", "server two"];
  const run = await runLogger(root, "server", entries);
  assert.equal(run.stdout, "ok\nok\n", run.stderr);
  return entries;
}

/** An archive name of a category at a UTC-ish stamp, e.g. `archive("login", "2026-01-01")`. */
export function archiveName(category: string, day: string): string {
  return `${category}_logs_${day}_00-00-00.txt`;
}

/** Runs a backup at a fixed time through `tests/fixtures/backup_at.ts`; returns the report. */
export async function runBackupAt(
  root: string,
  iso: string,
  options: Record<string, unknown> = {},
): Promise<{ run: Guarded; report: Record<string, unknown> | null }> {
  const script = repoPath("tests/fixtures/backup_at.ts");
  const run = await runGuarded([
    "run",
    `-R=${root}`,
    `-W=${root}`,
    script,
    root,
    iso,
    JSON.stringify(options),
  ]);
  return { run, report: run.code === 0 ? JSON.parse(run.stdout) : null };
}
