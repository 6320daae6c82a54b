/**
 * Creating and opening files for writing and locking inside the untrusted log root: exclusive
 * create, which never follows a link, and `Deno.FsFile`s on existing regular files checked before
 * and after opening. Re-exported by `open.ts`, where the module documentation says more.
 * @module
 */
import { lstatEntry, lstatEntrySync, refuseUnlessFile, UnsafeEntryError } from "./entries.ts";
import type { Entry } from "./entries.ts";

/**
 * Creates a new file exclusively (`O_CREAT|O_EXCL`): fails with `AlreadyExists` if anything at
 * all is at `path`, a dangling link included, and so never writes through a link.
 * @param path The file to create.
 * @param options `read`: also open for reading (default `false`); `append`: every write goes
 * to the end, as other processes append too (default `false`).
 * @returns The new, empty file, open for writing.
 * @throws {Deno.errors.AlreadyExists} If something is at `path`.
 * @example
 * ```ts
 * import { createNew } from "./create.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * (await createNew(`${dir}/a.tmp`)).close();
 * await assert.rejects(createNew(`${dir}/a.tmp`), Deno.errors.AlreadyExists);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function createNew(
  path: string,
  options: CreateNewOptions = {},
): Promise<Deno.FsFile> {
  return await Deno.open(path, createOptions(options));
}

/** How {@linkcode createNew} opens the new file. */
export interface CreateNewOptions {
  /** Also open for reading. @default false */
  read?: boolean;
  /** Open in append mode: every write goes to the end. @default false */
  append?: boolean;
}

function createOptions(options: CreateNewOptions): Deno.OpenOptions {
  const { read = false, append = false } = options;
  return { read, write: true, append, createNew: true };
}

/** The synchronous {@linkcode createNew}. */
export function createNewSync(path: string, options: CreateNewOptions = {}): Deno.FsFile {
  return Deno.openSync(path, createOptions(options));
}

/** How {@linkcode openExisting} opens a file. */
export interface OpenExistingOptions {
  /** Open for reading. @default true */
  read?: boolean;
  /** Open for writing at the end. @default false */
  append?: boolean;
}

function checkFile(path: string, before: Entry, file: Deno.FsFile, info: Deno.FileInfo): void {
  if (info.isFile && info.ino === before.ino && info.dev === before.dev) return;
  file.close();
  throw new UnsafeEntryError(path, info.isFifo ? "fifo" : "changed");
}

function denoOptions(options: OpenExistingOptions): Deno.OpenOptions {
  return { read: options.read ?? true, append: options.append ?? false };
}

/**
 * Opens an existing regular file of the log root as a `Deno.FsFile` (for locks and appends),
 * refusing links, FIFOs and the like before opening, and checking the open file after.
 * @param path The file.
 * @param options `read` (default `true`), `append` (default `false`).
 * @returns The open file.
 * @throws {Deno.errors.NotFound} If nothing is there.
 * @throws {Deno.errors.IsADirectory} If it is a folder.
 * @throws {UnsafeEntryError} If it is not a regular file, or was swapped while being opened.
 * @example
 * ```ts
 * import { openExisting } from "./create.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "x");
 * using file = await openExisting(`${dir}/a.txt`);
 * assert.equal((await file.stat()).size, 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function openExisting(
  path: string,
  options: OpenExistingOptions = {},
): Promise<Deno.FsFile> {
  const before = await lstatEntry(path);
  refuseUnlessFile(path, before);
  const file = await Deno.open(path, denoOptions(options));
  checkFile(path, before, file, await file.stat());
  return file;
}

/** The synchronous {@linkcode openExisting}. */
export function openExistingSync(path: string, options: OpenExistingOptions = {}): Deno.FsFile {
  const before = lstatEntrySync(path);
  refuseUnlessFile(path, before);
  const file = Deno.openSync(path, denoOptions(options));
  checkFile(path, before, file, file.statSync());
  return file;
}
