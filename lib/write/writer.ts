/**
 * The write path. The first line of a turn is written at once, with one synchronous append;
 * the lines that follow it in the same turn are queued, and a flush at the end of the microtask
 * turn writes them with one synchronous append per file (at most 1 MiB a write) and then
 * resolves their promise. A sequential caller pays one write per line, a burst two writes per
 * batch, and a promise resolves only once its line is in the operating system's hands.
 *
 * Open files are kept, at most {@linkcode MAX_OPEN_FILES} of them, each under a shared lock so
 * that a backup can tell whether anyone may still write to a file it renamed. A kept file is
 * checked against its path (one `stat`) before a batch written in a later millisecond than the
 * last check ({@linkcode RECHECK_MS}), so a rename by another process is noticed by the first
 * batch after it, save one in the same millisecond; in this process a backup releases renamed
 * files at once ({@linkcode releaseRenamedFiles}).
 *
 * A kept file that has not been written to for {@linkcode IDLE_RELEASE_MS} is closed, so that a
 * backup in another process can finish an archive soon after the rename even when the app logs
 * rarely. One unref'd timer serves every file: it is armed by the first write after it last
 * fired, and when it fires it closes the idle files and re-arms itself for the next one to go
 * idle, or not at all when no file is kept. The hot path pays one comparison for it.
 * @module
 */
import {
  type AppendHandle,
  closeQuietly,
  isCurrentSync,
  openAppendSync,
  PartialWriteError,
  writeAllSync,
} from "../io/append.ts";
import { fileError } from "../errors.ts";

/** How many log files stay open at most; the longest-open is closed first. */
export const MAX_OPEN_FILES = 32;
/**
 * How long a kept file is trusted before it is checked against its path again, in ms: a batch
 * written in a later millisecond than the last check checks again (one `stat`).
 */
export const RECHECK_MS = 1;
/** How long a kept file may go without a write before it is closed, in ms. */
export const IDLE_RELEASE_MS = 1000;
// 1 MiB of UTF-8 at most: a UTF-16 code unit never takes more than 3 bytes.
const MAX_CHUNK_CHARS = Math.floor((1 << 20) / 3);

interface Chunk {
  text: string;
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface OpenFile {
  handle: AppendHandle;
  checkedAt: number;
  writtenAt: number;
}

const encoder = new TextEncoder();
const RESOLVED = Promise.resolve();
const EMPTY: Uint8Array = new Uint8Array();
// Reused for every chunk that fits: a flush is synchronous, so no write still needs it after.
const scratch = new Uint8Array(1 << 17);
let pending = new Map<string, Chunk[]>();
let flushScheduled = false;
const openFiles = new Map<string, OpenFile>();
const torn = new Set<string>();
let idleTimer: ReturnType<typeof setTimeout> | undefined;

function newChunk(): Chunk {
  const { promise, resolve, reject } = Promise.withResolvers<void>();
  return { text: "", promise, resolve, reject };
}

/**
 * Queues `text` (whole lines) for `path` and returns a promise that resolves once it has been
 * written, in call order with the other texts queued for the same path.
 */
export function enqueueWrite(path: string, text: string): Promise<void> {
  if (!flushScheduled) {
    // Nothing is queued in this turn: write this line now, and queue the lines that follow it
    // in the same turn, to be flushed at the end of the turn.
    flushScheduled = true;
    queueMicrotask(flushPending);
    try {
      appendText(path, text);
      return RESOLVED;
    } catch (error) {
      return Promise.reject(error);
    }
  }
  let chunks = pending.get(path);
  if (chunks === undefined) pending.set(path, chunks = []);
  let chunk = chunks[chunks.length - 1];
  if (
    chunk === undefined ||
    (chunk.text.length > 0 && chunk.text.length + text.length > MAX_CHUNK_CHARS)
  ) {
    chunks.push(chunk = newChunk());
  }
  chunk.text += text;
  return chunk.promise;
}

function flushPending(): void {
  flushScheduled = false;
  if (pending.size === 0) return;
  const work = pending;
  pending = new Map();
  for (const [path, chunks] of work) {
    for (const chunk of chunks) {
      try {
        appendText(path, chunk.text);
        chunk.resolve();
      } catch (error) {
        chunk.reject(error);
      }
    }
  }
}

// Writes whole lines to `path`. A write cut short (a full disk) leaves a line torn: the next
// write to that path starts with a line break, so that the lines after it stay whole. A file
// found torn when opened (by another process, or before a restart) is handled the same way.
function appendText(path: string, text: string): void {
  let bytes = EMPTY;
  try {
    const open = openFor(path);
    bytes = encodeChunk(torn.has(path) || open.handle.torn ? `\n${text}` : text);
    writeAllSync(open.handle.file, bytes);
    open.handle.torn = false;
    torn.delete(path);
  } catch (error) {
    release(path);
    if (!(error instanceof PartialWriteError)) {
      throw fileError("Cannot append to log file", path, error);
    }
    if (error.written > 0 && bytes[error.written - 1] !== 0x0a) torn.add(path);
    throw fileError("Cannot append to log file", path, error.cause);
  }
}

function encodeChunk(text: string): Uint8Array {
  if (text.length <= scratch.length) {
    const { read, written } = encoder.encodeInto(text, scratch);
    if (read === text.length) return scratch.subarray(0, written);
  }
  return encoder.encode(text);
}

// The kept file for `path`, checked against the path in a later millisecond; opened if none.
function openFor(path: string): OpenFile {
  const now = Date.now();
  let open = openFiles.get(path);
  if (open !== undefined && (now - open.checkedAt >= RECHECK_MS || now < open.checkedAt)) {
    if (isCurrentSync(open.handle, path)) open.checkedAt = now;
    else open = release(path);
  }
  if (open === undefined) {
    if (openFiles.size >= MAX_OPEN_FILES) {
      release(openFiles.keys().next().value!);
    }
    openFiles.set(
      path,
      open = { handle: openAppendSync(path), checkedAt: now, writtenAt: now },
    );
  }
  open.writtenAt = now;
  if (idleTimer === undefined) armIdleTimer(IDLE_RELEASE_MS);
  return open;
}

function armIdleTimer(ms: number): void {
  const timer = setTimeout(releaseIdleFiles, ms);
  Deno.unrefTimer(timer);
  idleTimer = timer;
}

// Closes the files idle for IDLE_RELEASE_MS; re-arms for the next one to go idle, if any.
function releaseIdleFiles(): void {
  idleTimer = undefined;
  const now = Date.now();
  let next = Infinity;
  for (const [path, open] of openFiles) {
    const idle = now - open.writtenAt;
    if (idle >= IDLE_RELEASE_MS || idle < 0) release(path);
    else next = Math.min(next, IDLE_RELEASE_MS - idle);
  }
  if (next !== Infinity) armIdleTimer(next);
}

function release(path: string): undefined {
  const open = openFiles.get(path);
  if (open !== undefined) closeQuietly(open.handle.file);
  openFiles.delete(path);
  if (openFiles.size === 0 && idleTimer !== undefined) {
    clearTimeout(idleTimer); // nothing left to release: leave no timer behind
    idleTimer = undefined;
  }
}

/**
 * Closes the kept files for these paths, so that the next line reopens the path; a backup calls
 * this after renaming them. Lines still queued are unaffected.
 * @param paths The log files, spelled as the writers spell them.
 */
export function releaseFiles(paths: Iterable<string>): void {
  for (const path of paths) release(path);
}

/**
 * Closes every kept file whose path no longer names it, however the path was spelled; a backup
 * in this process calls this after its renames, so the next line goes to the fresh file.
 */
export function releaseRenamedFiles(): void {
  for (const [path, open] of openFiles) {
    let current = false;
    try {
      current = isCurrentSync(open.handle, path);
    } catch { /* unreadable now: reopen on the next write */ }
    if (!current) release(path);
  }
}

/** How many log files this process keeps open right now. */
export function openFileCount(): number {
  return openFiles.size;
}
