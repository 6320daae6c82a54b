/**
 * Backups of a central root, a root of roots: `<root>/<host>/` is one log root per server
 * (written by rsyslog). Each named host folder is backed up as a log root of its own, all under
 * one lock, with one report; then the writer is told to reopen its files (SIGHUP), as
 * logrotate's postrotate does.
 * @module
 */
import { join, resolve, sep } from "node:path";
import { fileError, LogFileError } from "../errors.ts";
import { checkHostName, HOST_PATTERN } from "../format/hosts.ts";
import { describeUnsafe, listEntries, lstatEntry } from "../io/entries.ts";
import { lockExclusive } from "../io/lock.ts";
import { readFileBounded } from "../io/open.ts";
import { signalProcess } from "../io/signal.ts";
import type { BackupReason, BackupReport } from "./plan.ts";

const q = JSON.stringify;

/** The options of a backup that concern hosts and the writer to signal. */
export interface HostsOptions {
  /** The central root. @default "logs" */
  root?: string;
  /** Back up these host folders of the central root, each a log root: `<root>/<host>/`. */
  hosts?: readonly string[];
  /** Back up every host folder of the central root (plain folders named like a host). */
  allHosts?: boolean;
  /**
   * After the moves, send SIGHUP to the process whose id this file holds, so that it reopens
   * its files (rsyslogd's `-i` file). A file inside the root must be a regular file; the
   * process needs `--allow-run=kill`.
   */
  reopenPidFile?: string;
}

/** The name of the one lock a hosts backup holds, at the central root; never a host name. */
export const HOSTS_LOCK = ".backup-hosts.lock";

/**
 * The host folders a run covers: the named ones (each must be a plain folder), or with
 * `allHosts` every plain folder whose name matches `HOST_PATTERN`. Links are never followed.
 * @returns The host names, sorted; `undefined` when the run is not a hosts run.
 */
export async function resolveHosts(options: HostsOptions): Promise<string[] | undefined> {
  const root = options.root ?? "logs";
  if (options.allHosts && options.hosts !== undefined) {
    throw new RangeError(
      "Invalid options: give hosts or allHosts (--hosts or --all-hosts), not both",
    );
  }
  if (options.allHosts) {
    const entries = await listEntries(root).catch((e) => {
      throw fileError("Cannot list", root, e);
    });
    return (entries ?? [])
      .filter((entry) => entry.kind === "directory" && HOST_PATTERN.test(entry.name))
      .map((entry) => entry.name);
  }
  if (options.hosts === undefined) return undefined;
  if (!Array.isArray(options.hosts) || options.hosts.length === 0) {
    throw new RangeError(`Invalid hosts ${q(options.hosts)}: name at least one host folder`);
  }
  const hosts = [...new Set(options.hosts.map((host) => checkHostName(host, "host name")))];
  for (const host of hosts) await checkHostFolder(root, host);
  return hosts.sort();
}

async function checkHostFolder(root: string, host: string): Promise<void> {
  const path = join(root, host);
  const entry = await lstatEntry(path).catch((e) => {
    throw fileError("Cannot check", path, e);
  });
  if (entry.kind === "directory") return;
  const why = entry.kind === "missing"
    ? "there is no such folder; check the host name, or leave it out until its first line arrives"
    : entry.kind === "file"
    ? "it is a file, not a host folder"
    : describeUnsafe(entry.kind);
  throw new LogFileError(`Cannot back up host folder ${q(path)}: ${why}`, path);
}

const STRENGTH: BackupReason[] = [
  "not-due",
  "first-run",
  "size",
  "state-unreadable",
  "due",
  "forced",
];

/** Sums up the hosts' reports: lists joined, the strongest reason, the earliest next backup. */
export function combineReports(reports: Record<string, BackupReport>, at: Date): BackupReport {
  const all = Object.values(reports);
  const pick = (key: "archived" | "compressed" | "held" | "deleted") => all.flatMap((r) => r[key]);
  const times = (dates: (Date | null)[]) => dates.filter((d): d is Date => d !== null);
  const earliest = (dates: Date[]) => dates.reduce((a, b) => (b < a ? b : a), dates[0]!);
  const last = times(all.map((r) => r.lastBackup));
  return {
    performed: all.some((r) => r.performed),
    reason: all.reduce(
      (a, r) => STRENGTH.indexOf(r.reason) > STRENGTH.indexOf(a) ? r.reason : a,
      "not-due" as BackupReason,
    ),
    dryRun: all.every((r) => r.dryRun),
    lastBackup: last.length ? earliest(last) : null,
    nextBackup: all.length ? earliest(all.map((r) => r.nextBackup)) : at,
    archived: pick("archived"),
    compressed: pick("compressed"),
    held: pick("held"),
    deleted: pick("deleted"),
    problems: all.flatMap((r) => r.problems),
    hosts: reports,
  };
}

/**
 * Runs `backupOne` on each host folder under one lock at the central root, then signals the
 * writer if asked. `backupOne` is `checkAndBackupLogs` for one log root.
 */
export async function backupHosts(
  options: HostsOptions & { now?: () => Date },
  hosts: readonly string[],
  backupOne: (root: string) => Promise<BackupReport>,
): Promise<BackupReport> {
  const root = options.root ?? "logs";
  const lockFile = join(root, HOSTS_LOCK);
  let lock: AsyncDisposable;
  try {
    lock = await lockExclusive(lockFile);
  } catch (error) {
    throw fileError("Cannot lock", lockFile, error, root);
  }
  await using _ = lock;
  const reports: Record<string, BackupReport> = {};
  for (const host of hosts) reports[host] = await backupOne(join(root, host));
  return await reopenAfter(combineReports(reports, (options.now ?? (() => new Date()))()), options);
}

/** Sends SIGHUP to the process in `reopenPidFile` when the run moved at least one file. */
export async function reopenAfter(
  report: BackupReport,
  options: HostsOptions,
): Promise<BackupReport> {
  const file = options.reopenPidFile;
  if (file === undefined || report.archived.length === 0) return report;
  const pid = await readPid(file, options.root ?? "logs");
  try {
    await signalProcess(pid, "HUP");
  } catch (error) {
    const why = error instanceof Deno.errors.NotCapable
      ? "Deno has no permission to run kill; run with --allow-run=kill"
      : `${(error as Error).message}; check that the process still runs`;
    throw new LogFileError(
      `Cannot send SIGHUP to process ${pid} from pid file ${q(file)}: ${why}`,
      file,
      { cause: error },
    );
  }
  return { ...report, signalled: pid };
}

// A pid file inside the untrusted root must be a regular file (never a link, FIFO or device);
// readFileBounded refuses anything else everywhere, and reads at most 64 bytes.
async function readPid(file: string, root: string): Promise<number> {
  const inside = resolve(file).startsWith(resolve(root) + sep);
  let bytes: Uint8Array | null;
  try {
    bytes = await readFileBounded(file, 64);
  } catch (error) {
    throw fileError("Cannot read pid file", file, error, inside ? root : undefined);
  }
  const text = bytes === null ? "" : new TextDecoder().decode(bytes);
  const pid = /^\s*(\d{1,10})\s*$/.exec(text)?.[1];
  if (pid !== undefined && Number(pid) > 1) return Number(pid);
  throw new LogFileError(
    `Cannot read pid file ${q(file)}: ${
      bytes === null
        ? "it does not exist"
        : `it holds ${q(text.slice(0, 20))}, not a process id above 1`
    }; give the file rsyslogd -i writes`,
    file,
  );
}
