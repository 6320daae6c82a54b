/**
 * Reading a central root, a root of roots: `<root>/<host>/` is one log root per server. Each
 * host folder is read as a log root and the results are merged: records by time (each gains
 * `host`), counts summed, files listed. Host names are checked like categories, and a host
 * folder that is a link is refused, never followed.
 * @module
 */
import { join } from "node:path";
import { LogFileError } from "../errors.ts";
import { checkHostName } from "../format/hosts.ts";
import { lstatEntry } from "../io/entries.ts";

/**
 * Checks `hosts` and finds their folders: each name must match `HOST_PATTERN`; a folder that is
 * missing is read as empty, one that is a link or not a folder is refused.
 * @returns Host name → log root, in the order given, without repeats.
 * @throws {TypeError} If `hosts` is not an array of strings.
 * @throws {RangeError} If a name does not match, or the list is empty.
 * @throws {LogFileError} If a host folder is a link or not a folder.
 */
export async function hostRoots(root: string, hosts: unknown): Promise<Map<string, string>> {
  if (!Array.isArray(hosts)) {
    throw new TypeError(`Invalid hosts: expected an array of host names, got ${typeof hosts}`);
  }
  if (hosts.length === 0) throw new RangeError("Invalid hosts []: name at least one host");
  const roots = new Map<string, string>();
  for (const host of hosts) roots.set(checkHostName(host, "host name"), join(root, host));
  for (const path of roots.values()) {
    const found = await lstatEntry(path);
    if (found.kind === "missing" || found.kind === "directory") continue;
    const what = found.kind === "symlink"
      ? "a symbolic link, which is never followed"
      : "not a folder";
    throw new LogFileError(
      `Cannot read host folder ${
        JSON.stringify(path)
      }: it is ${what}; a host folder must be a plain folder`,
      path,
    );
  }
  return roots;
}

const CURSOR_PREFIX = "hosts.";

/** Packs each host's cursor into one cursor for a merged listing. */
export function encodeHostsCursor(cursors: Map<string, string>): string {
  const json = JSON.stringify(Object.fromEntries(cursors));
  return CURSOR_PREFIX + btoa(String.fromCharCode(...new TextEncoder().encode(json)))
    .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * Unpacks a cursor of a merged listing into each host's cursor.
 * @throws {RangeError} If it is not such a cursor.
 */
export function decodeHostsCursor(text: string): Map<string, string> {
  try {
    if (!text.startsWith(CURSOR_PREFIX)) throw new Error("prefix");
    const b64 = text.slice(CURSOR_PREFIX.length).replaceAll("-", "+").replaceAll("_", "/");
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new Error("shape");
    }
    const entries = Object.entries(parsed);
    if (!entries.every(([, v]) => typeof v === "string")) throw new Error("values");
    return new Map(entries as [string, string][]);
  } catch {
    throw new RangeError(
      `Invalid cursor ${
        JSON.stringify(text.slice(0, 40))
      }: it does not come from a listing with hosts; pass a cursor that readLogs returned with the same hosts`,
    );
  }
}

interface Head<R> {
  host: string;
  records: AsyncIterator<R>;
  record: R | null;
}

// The head whose record comes next: the newest or the oldest; ties keep the hosts' order.
function pickHead<R extends { time: Date }>(heads: Head<R>[], newest: boolean): Head<R> | null {
  let best: Head<R> | null = null;
  for (const head of heads) {
    const t = head.record?.time.getTime();
    if (t === undefined) continue;
    const b = best?.record?.time.getTime();
    if (b === undefined || (newest ? t > b : t < b)) best = head;
  }
  return best;
}

/**
 * Merges each host's records by time (newest or oldest first; ties keep the hosts' order),
 * giving each record its host and a cursor that continues every host right after it.
 */
export async function* mergeHosts<R extends { time: Date; cursor: string }>(
  sources: Map<string, AsyncIterableIterator<R>>,
  options: { newest: boolean; limit: number; start: Map<string, string>; signal?: AbortSignal },
): AsyncGenerator<R & { host: string }> {
  const heads: Head<R>[] = [...sources].map(([host, it]) => ({ host, records: it, record: null }));
  const last = new Map(options.start);
  const advance = async (head: Head<R>) => {
    const next = await head.records.next();
    head.record = next.done ? null : next.value;
  };
  try {
    for (const head of heads) await advance(head);
    for (let n = 0; n < options.limit && !options.signal?.aborted; n++) {
      const best = pickHead(heads, options.newest);
      if (!best) return;
      const record = best.record!;
      last.set(best.host, record.cursor);
      yield { ...record, host: best.host, cursor: encodeHostsCursor(last) };
      await advance(best);
    }
  } finally {
    for (const head of heads) await head.records.return?.();
  }
}

/**
 * Interleaves live sources as their records arrive (following never waits for a quiet host),
 * giving each record its host and a cursor that continues every host right after it. Stop it
 * with the sources' `signal`: a source is only ended once it sees the abort.
 */
export async function* mergeLive<R extends { cursor: string }>(
  sources: Map<string, AsyncIterableIterator<R>>,
  start: Map<string, string>,
): AsyncGenerator<R & { host: string }> {
  const last = new Map(start);
  const pending = new Map<string, Promise<[string, IteratorResult<R>]>>();
  const arm = (host: string) =>
    pending.set(host, sources.get(host)!.next().then((result) => [host, result]));
  for (const host of sources.keys()) arm(host);
  try {
    while (pending.size > 0) {
      const [host, result] = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(host);
        continue;
      }
      last.set(host, result.value.cursor);
      yield { ...result.value, host, cursor: encodeHostsCursor(last) };
      arm(host);
    }
  } finally {
    for (const source of sources.values()) void source.return?.();
  }
}
