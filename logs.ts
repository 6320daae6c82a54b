/**
 * The logs command: prints, follows or counts the records of the live files and the archives.
 *
 * ```sh
 * deno task logs                                  # the newest 100 records of ./logs
 * deno task logs login --since -2h --grep alice   # a category, a time range, a text
 * deno run --allow-read=/srv/logs logs.ts --root /srv/logs --follow
 * ```
 *
 * Exit status 0 when done (even when nothing matched), 1 on a file error (one line on stderr
 * naming the path and the fix), 2 on bad usage.
 * @module
 */
import { readLogs } from "./lib/read/query.ts";
import { followLogs } from "./lib/read/follow.ts";
import { countLogs } from "./lib/read/count.ts";
import { LOGS_USAGE, type LogsCommand, parseLogsArgs } from "./lib/read/cli_args.ts";
import {
  formatCountJson,
  formatCountTable,
  formatMalformed,
  formatRecordJson,
  formatRecordText,
} from "./lib/read/cli_format.ts";
import type { LogRecord, MalformedLine } from "./lib/read/query.ts";
import { errorExit, printExit, usageExit } from "./lib/cli/args.ts";

type Run = Extract<LogsCommand, { filter: unknown }>;

// Buffered stdout: one write per 64 KiB, not one per record.
function output(): { line: (text: string) => Promise<void>; flush: () => Promise<void> } {
  const encoder = new TextEncoder();
  let pending = "";
  const flush = async () => {
    const bytes = encoder.encode(pending);
    pending = "";
    for (let done = 0; done < bytes.length;) done += await Deno.stdout.write(bytes.subarray(done));
  };
  return {
    line: async (text) => {
      pending += text + "\n";
      if (pending.length >= 65_536) await flush();
    },
    flush,
  };
}

async function printRecords(
  command: Run,
  records: AsyncIterable<LogRecord> | Iterable<LogRecord>,
  live = false,
) {
  const out = output();
  const format = command.json ? formatRecordJson : formatRecordText;
  for await (const record of records) {
    await out.line(format(record));
    if (live) await out.flush();
  }
  await out.flush();
}

async function read(command: Run, onMalformed: (info: MalformedLine) => void): Promise<void> {
  const { filter, limit, newestFirst } = command;
  if (limit === Infinity || newestFirst) {
    const order = newestFirst ? "newest" : "oldest";
    return await printRecords(command, readLogs({ ...filter, order, limit, onMalformed }));
  }
  const newest = await Array.fromAsync(readLogs({ ...filter, limit, onMalformed }));
  await printRecords(command, newest.reverse());
}

async function follow(command: Run): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  try {
    const records = followLogs({
      ...command.filter,
      backlog: command.limit,
      signal: controller.signal,
    });
    await printRecords(command, records, true);
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
  }
}

async function count(command: Run): Promise<void> {
  const { filter } = command;
  const counts = await countLogs({
    ...filter,
    since: filter.since!,
    until: filter.until!,
    every: command.countBy,
  });
  const categories = (filter.categories ?? []) as string[];
  const text = command.json ? formatCountJson(counts) : formatCountTable(counts, categories);
  if (text) console.log(text);
}

async function run(command: Run): Promise<void> {
  let skipped = 0;
  let first: MalformedLine | null = null;
  const onMalformed = (info: MalformedLine) => {
    first ??= info;
    skipped++;
  };
  if (command.kind === "follow") await follow(command);
  else if (command.kind === "count") await count(command);
  else await read(command, onMalformed);
  const note = formatMalformed(skipped, first);
  if (note) console.error(note);
}

/**
 * Runs the logs command: parse the flags, read, print, and return the exit status.
 * @param args The command-line arguments.
 * @returns 0 when done, 1 on a file error, 2 on bad usage.
 * @example Print the usage
 * ```ts ignore
 * import { main } from "@panel/logging/logs";
 * const status = await main(["--help"]); // prints the usage, returns 0
 * ```
 */
export async function main(args: readonly string[]): Promise<number> {
  const command = parseLogsArgs(args, new Date());
  if (command.kind === "help" || command.kind === "error") {
    return printExit(usageExit(command, LOGS_USAGE));
  }
  try {
    await run(command);
    return 0;
  } catch (error) {
    return printExit(errorExit(error));
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
