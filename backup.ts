/**
 * The backup command: archives the log files when due. Run it from cron or CI:
 *
 * ```sh
 * deno task backup                      # the ./logs root
 * deno run -R=/srv/logs -W=/srv/logs backup.ts --root /srv/logs --keep 12 --compress
 * ```
 *
 * While a step takes more than a second (compressing a large archive), and stderr is a terminal,
 * a progress line on stderr shows the bytes done; never with `--json`.
 *
 * Exit status 0 when done or not due, 1 on a file error (one line on stderr naming the path
 * and the fix) or when an entry of the root was skipped (a link, FIFO… where a file belongs;
 * one stderr line each), 2 on bad usage.
 * @module
 */
import { runBackupCommand } from "./lib/backup/command.ts";

/**
 * Runs the backup command: parse the flags, back up, print, and return the exit status.
 * @param args The command-line arguments.
 * @returns 0 when done or not due, 1 on a file error, 2 on bad usage.
 * @example Print the usage
 * ```ts ignore
 * import { main } from "@panel/logging/backup";
 * const status = await main(["--help"]); // prints the usage, returns 0
 * ```
 */
export function main(args: readonly string[]): Promise<number> {
  return runBackupCommand(args);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
