/** Counting for the rsyslog end-to-end test: every line of a log root, by category. */

async function readText(path: string): Promise<string> {
  if (!path.endsWith(".gz")) return await Deno.readTextFile(path);
  const file = await Deno.open(path);
  return await new Response(file.readable.pipeThrough(new DecompressionStream("gzip"))).text();
}

function categoryOf(name: string): string | undefined {
  return /^([a-z0-9][a-z0-9_-]*?)_logs(?:_[\d_-]+)?\.txt(?:\.gz)?$/.exec(name)?.[1];
}

/** Every line under a log root (live files and `backup_logs/`), grouped by category. */
export async function linesByCategory(root: string): Promise<Map<string, string[]>> {
  const byCategory = new Map<string, string[]>();
  for (const dir of [root, `${root}/backup_logs`]) {
    const entries = await Array.fromAsync(Deno.readDir(dir)).catch(() => []);
    for (const entry of entries) {
      const category = categoryOf(entry.name);
      if (!entry.isFile || category === undefined) continue;
      const text = await readText(`${dir}/${entry.name}`);
      const lines = text === "" ? [] : text.replace(/\n$/, "").split("\n");
      byCategory.set(category, [...(byCategory.get(category) ?? []), ...lines]);
    }
  }
  return byCategory;
}

/** The total size of the category files and archives under a folder tree. */
export async function treeSize(dir: string): Promise<number> {
  let size = 0;
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) size += await treeSize(path);
    else if (entry.isFile) size += (await Deno.lstat(path)).size;
  }
  return size;
}

/** How the central copy of one category compares with the server's. */
export interface Comparison {
  /** Lines at the server. */
  server: number;
  /** Lines at the central host, copies included. */
  central: number;
  /** Server lines found nowhere at the central host. */
  missing: number;
  /** Extra copies at the central host of lines that the server has. */
  duplicated: number;
  /** Central lines the server never wrote. */
  foreign: number;
  /** Server lines that the server itself holds more than once. */
  serverDuplicated: number;
  /** The first and last missing line, for the log. */
  missingRange?: [string, string];
}

function counts(lines: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of lines) map.set(line, (map.get(line) ?? 0) + 1);
  return map;
}

/** Compares the lines of one category, as multisets. */
export function compareLines(server: readonly string[], central: readonly string[]): Comparison {
  const s = counts(server);
  const c = counts(central);
  let missing = 0, duplicated = 0, foreign = 0, serverDuplicated = 0;
  for (const [line, n] of s) {
    serverDuplicated += n - 1;
    const m = c.get(line) ?? 0;
    if (m === 0) missing++;
    else duplicated += m - 1;
  }
  for (const [line, n] of c) if (!s.has(line)) foreign += n;
  return {
    server: server.length,
    central: central.length,
    missing,
    duplicated,
    foreign,
    serverDuplicated,
  };
}

/**
 * imfile state files in an agent's work directory that are empty or not JSON: what 8.2302
 * leaves when it is killed while rewriting one in place. Returns their inode numbers.
 */
export async function brokenStateFiles(workDirectory: string): Promise<number[]> {
  const broken: number[] = [];
  for await (const entry of Deno.readDir(workDirectory)) {
    if (!entry.name.startsWith("imfile-state:")) continue;
    const text = await Deno.readTextFile(`${workDirectory}/${entry.name}`);
    try {
      JSON.parse(text);
    } catch {
      broken.push(Number(entry.name.split(":")[1]));
    }
  }
  return broken;
}
