/**
 * What stands at a path inside the untrusted log root, read with `lstat` (a link is never
 * followed), and the error for an entry that is not a plain folder or regular file.
 *
 * Use {@linkcode lstatEntry} before acting on a name, {@linkcode listEntries} to list a folder
 * with each entry's kind, and {@linkcode UnsafeEntryError} (with `kind`) to refuse.
 * @module
 */
import { resolve } from "node:path";
import { isNotFound } from "./errors.ts";

/** The kind of a directory entry, as `lstat` sees it; `missing` when there is none. */
export type EntryKind =
  | "file"
  | "directory"
  | "symlink"
  | "fifo"
  | "socket"
  | "device"
  | "missing";

/** An entry of the log root, as `lstat` saw it. */
export interface Entry {
  /** Its name in its folder (the last path component). */
  name: string;
  /** What it is; links are reported as `symlink`, never followed. */
  kind: EntryKind;
  /** Its size in bytes (0 when missing). */
  size: number;
  /** The device it lives on (0 when missing or unknown). */
  dev: number;
  /** Its inode number (`null` when missing or unknown). */
  ino: number | null;
  /** How many names it has (0 when missing). */
  nlink: number;
  /** Its modification time, `null` when missing or unknown. */
  mtime: Date | null;
}

/** Why an entry was refused; `changed`: it was swapped between the check and the open. */
export type UnsafeReason = Exclude<EntryKind, "file" | "missing"> | "changed" | "too-large";

/**
 * An entry inside the log root is not what it must be (a regular file or a plain folder), was
 * swapped while being opened, or is larger than a bounded read allows. Nothing was done to it.
 */
export class UnsafeEntryError extends Error {
  /** Always `"UnsafeEntryError"`. */
  override name = "UnsafeEntryError";
  /** The path refused. */
  readonly path: string;
  /** What was found there. */
  readonly reason: UnsafeReason;

  /**
   * @param path The path refused.
   * @param reason What was found there.
   */
  constructor(path: string, reason: UnsafeReason) {
    super(`Refused ${JSON.stringify(path)}: ${describeUnsafe(reason)}`);
    this.path = path;
    this.reason = reason;
  }
}

const WORDS: Record<UnsafeReason, string> = {
  symlink: "it is a symbolic link; remove it",
  fifo: "it is a named pipe (FIFO); remove it",
  socket: "it is a socket; remove it",
  device: "it is a device file; remove it",
  directory: "it is a directory; move that directory away",
  changed: "it was replaced while being opened; check who else writes to the log folder",
  "too-large": "it is larger than expected; remove it",
};

/**
 * Says what is wrong with an entry and the fix, for a report or a message after a colon.
 * @param reason What was found.
 * @returns For example `it is a symbolic link; remove it`.
 */
export function describeUnsafe(reason: UnsafeReason): string {
  return WORDS[reason];
}

/** The kind of an entry from its `lstat` information. */
export function kindOf(info: Deno.FileInfo): EntryKind {
  if (info.isSymlink) return "symlink";
  if (info.isFile) return "file";
  if (info.isDirectory) return "directory";
  if (info.isFifo) return "fifo";
  if (info.isSocket) return "socket";
  return "device";
}

function toEntry(path: string, info: Deno.FileInfo | null): Entry {
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (info === null) {
    return { name, kind: "missing", size: 0, dev: 0, ino: null, nlink: 0, mtime: null };
  }
  return {
    name,
    kind: kindOf(info),
    size: info.size,
    dev: info.dev,
    ino: info.ino,
    nlink: info.nlink ?? 1,
    mtime: info.mtime,
  };
}

/** `lstat` of `path`: what stands there, links not followed; kind `missing` when nothing. */
export async function lstatEntry(path: string): Promise<Entry> {
  try {
    return toEntry(path, await Deno.lstat(path));
  } catch (error) {
    if (isNotFound(error)) return toEntry(path, null);
    throw error;
  }
}

/** The synchronous {@linkcode lstatEntry}. */
export function lstatEntrySync(path: string): Entry {
  try {
    return toEntry(path, Deno.lstatSync(path));
  } catch (error) {
    if (isNotFound(error)) return toEntry(path, null);
    throw error;
  }
}

/**
 * The real path of a folder when it differs from `path` (a link on the way), else `null`; also
 * `null` when it cannot be resolved. For messages that name what to grant.
 */
export function realFolderSync(path: string): string | null {
  try {
    const real = Deno.realPathSync(path);
    return real === resolve(path) ? null : real;
  } catch {
    return null;
  }
}

/**
 * Throws unless `entry` is of kind `want` (or `missing`, when `missingOk`).
 * @throws {Deno.errors.NotADirectory} If a file stands where a folder is wanted.
 * @throws {Deno.errors.IsADirectory} If a folder stands where a file is wanted.
 * @throws {UnsafeEntryError} If it is a link, FIFO, socket or device.
 */
export function expectKind(
  path: string,
  entry: Entry,
  want: "file" | "directory",
  missingOk = true,
): void {
  if (entry.kind === want || (missingOk && entry.kind === "missing")) return;
  if (entry.kind === "missing") throw new Deno.errors.NotFound(`No such entry: ${path}`);
  if (entry.kind === "file") throw new Deno.errors.NotADirectory(`Not a directory: ${path}`);
  if (entry.kind === "directory") throw new Deno.errors.IsADirectory(`Is a directory: ${path}`);
  throw new UnsafeEntryError(path, entry.kind);
}

/** Throws unless `entry` is a regular file: `NotFound`, `IsADirectory` or `UnsafeEntryError`. */
export function refuseUnlessFile(path: string, entry: Entry): void {
  if (entry.kind === "file") return;
  if (entry.kind === "missing") throw new Deno.errors.NotFound(`No such file: ${path}`);
  if (entry.kind === "directory") throw new Deno.errors.IsADirectory(`Is a directory: ${path}`);
  throw new UnsafeEntryError(path, entry.kind);
}

/**
 * Lists a plain folder of the log root, each entry with its `lstat` kind, sorted by name.
 * @param dir The folder; it must be a plain folder, not a link to one.
 * @returns The entries, or `null` when the folder does not exist.
 * @throws {UnsafeEntryError} If `dir` is a link, FIFO, socket or device.
 */
export async function listEntries(dir: string): Promise<Entry[] | null> {
  const self = await lstatEntry(dir);
  if (self.kind === "missing") return null;
  expectKind(dir, self, "directory");
  const entries: Entry[] = [];
  for await (const { name } of Deno.readDir(dir)) {
    const entry = await lstatEntry(`${dir}/${name}`);
    if (entry.kind !== "missing") entries.push(entry); // removed since the listing: skip
  }
  const after = await lstatEntry(dir);
  if (after.kind !== "directory" || after.ino !== self.ino || after.dev !== self.dev) {
    throw new UnsafeEntryError(dir, "changed");
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
