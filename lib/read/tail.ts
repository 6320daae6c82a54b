/**
 * Following one category across backups. Each poll reads the live file it holds to its end;
 * when the live path names another file (a backup moved it), it reads the old file to its end
 * through the handle it holds, then the archives that appeared since it last looked (a live file
 * can be created, written and archived between two polls), then the new live file from its
 * start. Every file read is remembered by its identity (first-line hash) and how far it was read,
 * so an archive of a file already read is read only past that point: nothing twice.
 * @module
 */
import { join } from "node:path";
import { listLogFolder, lstatLogFile, openLogFile, type ReadHandle } from "../io/read.ts";
import { parseArchives } from "../format/archives.ts";
import type { CompiledFilter } from "./filter.ts";
import type { Position } from "./cursor.ts";
import type { CategoryRecord } from "./category.ts";
import { scanForward } from "./file_scan.ts";
import { fingerprint, lastLineEnd } from "./file_probe.ts";

interface Held {
  handle: ReadHandle;
  fingerprint: string;
  offset: number;
  polls: number; // for a retired handle: polls left to re-read it (a writer's late line)
}

/** Polls a moved file stays open, to catch a line a writer added just after the move. */
const RETIRED_POLLS = 4;

/** One category being followed. */
export class CategoryTail {
  readonly category: string;
  readonly #live: string;
  readonly #backupDir: string;
  readonly #filter: CompiledFilter;
  #held: Held | null = null;
  #retired: Held[] = [];
  #known = new Set<string>();
  #read = new Map<string, number>(); // fingerprint → offset read to
  /** The position after the last record this tail returned. */
  position: Position | null = null;

  constructor(root: string, category: string, filter: CompiledFilter) {
    this.category = category;
    this.#live = join(root, `${category}_logs.txt`);
    this.#backupDir = join(root, "backup_logs");
    this.#filter = filter;
  }

  /** Remembers the archives there now as seen; call before reading what the follow starts after. */
  async noteArchives(): Promise<void> {
    for (const name of await this.#archiveNames()) this.#known.add(name);
  }

  /** Records that the file with this identity was read up to `offset`. */
  noteRead(print: string, offset: number): void {
    if (print) this.#read.set(print, Math.max(this.#read.get(print) ?? 0, offset));
  }

  /** Starts at the end of the live file as it is now: only what comes next is returned. */
  async startAtEnd(): Promise<void> {
    const held = await this.#open(this.#live);
    if (held) {
      held.offset = await lastLineEnd(held.handle, held.handle.size);
      this.noteRead(held.fingerprint, held.offset);
      if (held.fingerprint) {
        this.position = [held.fingerprint, held.handle.ino, held.offset, 0];
      }
    }
    this.#held = held;
    await this.noteArchives(); // after opening: an archive made meanwhile was read through it
    if (!this.position) this.position = await this.#newestArchiveEnd();
  }

  // The end of the newest archive, for a cursor: "after everything archived".
  async #newestArchiveEnd(): Promise<Position | null> {
    const archives = parseArchives([...this.#known]).filter((a) => a.category === this.category);
    const newest = archives.at(-1);
    if (!newest) return null;
    const name = newest.plain ? newest.base : `${newest.base}.gz`;
    const file = await this.#open(join(this.#backupDir, name));
    file?.handle.close();
    return file?.fingerprint
      ? [file.fingerprint, file.handle.ino, Number.MAX_SAFE_INTEGER, 0]
      : null;
  }

  async #archiveNames(): Promise<string[]> {
    const entries = this.#filter.archives ? await listLogFolder(this.#backupDir) : [];
    return entries.filter((e) => e.kind === "file").map((e) => e.name);
  }

  async #open(path: string): Promise<Held | null> {
    const handle = await openLogFile(path);
    if (!handle) return null;
    const print = await fingerprint(handle, path.endsWith(".gz"));
    return { handle, fingerprint: print, offset: this.#read.get(print) ?? 0, polls: 0 };
  }

  // Reads `file` from its offset to its end; remembers how far.
  async #drain(file: Held, out: CategoryRecord[], compressed = false): Promise<void> {
    if (!file.fingerprint) {
      file.fingerprint = await fingerprint(file.handle, compressed);
      if (!file.fingerprint) return; // no complete line yet
    }
    // Another handle on the same content (the archive of a file held) may have read further.
    file.offset = Math.max(file.offset, this.#read.get(file.fingerprint) ?? 0);
    const scan = { handle: file.handle, compressed, archived: false };
    const records = scanForward(scan, file.offset, Infinity, { filter: this.#filter });
    let next = await records.next();
    for (; !next.done; next = await records.next()) {
      out.push({ ...next.value, fingerprint: file.fingerprint, ino: file.handle.ino });
    }
    file.offset = next.value;
    this.#read.set(file.fingerprint, file.offset);
  }

  /** The records added since the last poll, in file order. */
  async poll(): Promise<CategoryRecord[]> {
    const out: CategoryRecord[] = [];
    const held = this.#held;
    if (held) await this.#drain(held, out);
    const now = await lstatLogFile(this.#live);
    if (held && now?.kind === "file" && now.ino === held.handle.ino) {
      if (await this.#truncated(held)) await this.#drain(held, out);
    } else {
      if (held) await this.#retire(held, out);
      // Open the new file before listing the archives: whatever was archived before it
      // existed is in the listing, and what is archived after was read through it.
      this.#held = now?.kind === "file" ? await this.#open(this.#live) : null;
      await this.#readNewArchives(out);
      if (this.#held) await this.#drain(this.#held, out);
    }
    for (const old of this.#retired) await this.#drain(old, out);
    this.#closeRetired();
    return out;
  }

  async #truncated(held: Held): Promise<boolean> {
    const print = await fingerprint(held.handle, false);
    const size = (await lstatLogFile(this.#live))?.size ?? 0;
    if (print === held.fingerprint && size >= held.offset) return false;
    held.fingerprint = print;
    held.offset = 0;
    return true;
  }

  async #retire(held: Held, out: CategoryRecord[]): Promise<void> {
    await this.#drain(held, out); // what was written before the move
    held.polls = RETIRED_POLLS;
    this.#retired.push(held);
    this.#held = null;
  }

  #closeRetired(): void {
    this.#retired = this.#retired.filter((old) => {
      if (--old.polls > 0) return true;
      old.handle.close();
      return false;
    });
  }

  async #readNewArchives(out: CategoryRecord[]): Promise<void> {
    const names = await this.#archiveNames();
    const fresh = names.filter((name) => !this.#known.has(name));
    for (const entry of parseArchives(fresh)) {
      if (entry.category !== this.category) continue;
      // A plain archive may be compressed and removed meanwhile: then read its `.gz`.
      const plain = entry.plain ? await this.#open(join(this.#backupDir, entry.base)) : null;
      const file = plain ?? await this.#open(join(this.#backupDir, `${entry.base}.gz`));
      if (!file) continue; // deleted (retention)
      try {
        await this.#drain(file, out, !plain);
      } finally {
        file.handle.close();
      }
    }
    for (const name of fresh) this.#known.add(name);
  }

  /** Closes every file held. */
  close(): void {
    this.#held?.handle.close();
    for (const old of this.#retired) old.handle.close();
    this.#held = null;
    this.#retired = [];
  }
}
