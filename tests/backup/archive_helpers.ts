/** Helpers of the backup tests: laying out a log root by hand and reading it back. */
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/** The built-in categories, in the order a backup visits them. */
export const CATEGORIES = ["console", "login", "server", "users"] as const;

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** The RFC 3339 local time with milliseconds, written independently of `lib/time.ts`. */
export function rfc3339(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const abs = Math.abs(minutes);
  const offset = `${minutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${
    pad(date.getHours())
  }:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}${offset}`;
}

/** What to put under a log root: `state` for `dates/backup_date.txt`, `files` by relative path. */
export interface Layout {
  /** The content of `dates/backup_date.txt`; absent: no state file. */
  state?: string;
  /** Files to write, by path relative to the root (folders are created). */
  files?: Record<string, string>;
}

/** Creates `backup_logs/`, `dates/` and the given files under `root`. */
export async function layOut(root: string, layout: Layout): Promise<void> {
  await Deno.mkdir(join(root, "backup_logs"), { recursive: true });
  await Deno.mkdir(join(root, "dates"), { recursive: true });
  if (layout.state !== undefined) {
    await Deno.writeTextFile(join(root, "dates", "backup_date.txt"), layout.state);
  }
  for (const [path, text] of Object.entries(layout.files ?? {})) {
    await Deno.writeTextFile(join(root, path), text);
  }
}

/** Every entry under `root`, relative, sorted; folders end with `/`. */
export async function listTree(root: string, prefix = ""): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(join(root, prefix))) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory) names.push(`${path}/`, ...(await listTree(root, path)));
    else names.push(path);
  }
  return names.sort();
}

/** Every file under `root` with its content (`<dir>` for folders), relative paths, sorted. */
export async function snapshot(root: string): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const path of await listTree(root)) {
    out.push([path, path.endsWith("/") ? "<dir>" : await Deno.readTextFile(join(root, path))]);
  }
  return out;
}

/** The content of `dates/backup_date.txt`. */
export function readState(root: string): Promise<string> {
  return Deno.readTextFile(join(root, "dates", "backup_date.txt"));
}

/** The names in `backup_logs/`, sorted. */
export async function archiveNames(root: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(join(root, "backup_logs"))) names.push(entry.name);
  return names.sort();
}

/** The content of each category file, `null` when missing. */
export async function categoryTexts(
  root: string,
  categories: readonly string[] = CATEGORIES,
): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const category of categories) {
    try {
      out[category] = await Deno.readTextFile(join(root, `${category}_logs.txt`));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      out[category] = null;
    }
  }
  return out;
}

/** Decompresses a gzip file: with `gzip -dc` where installed, else `DecompressionStream`. */
export async function gunzip(path: string): Promise<Uint8Array> {
  try {
    const output = await new Deno.Command("gzip", {
      args: ["-dc", path],
      stdin: "null",
      stderr: "null",
    }).output();
    if (!output.success) throw new Error(`gzip -dc ${path} failed with ${output.code}`);
    return output.stdout;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const stream = new Blob([await Deno.readFile(path)]).stream()
    .pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The `file://` URL of a path, for `import` in a generated script. */
export function fileUrl(path: string): string {
  return pathToFileURL(path).href;
}
