/**
 * The backup command: archives the log files when due. Run it from cron or CI:
 *
 * ```sh
 * deno task backup                      # the ./logs root
 * deno run -R=/srv/logs -W=/srv/logs backup.ts --root /srv/logs --keep 12 --compress
 * ```
 *
 * Exit status 0 when done or not due, 1 on a file error (one line on stderr naming the path
 * and the fix), 2 on bad usage.
 * @module
 */
import { checkAndBackupLogs, previewBackup } from "./lib/backup/archive.ts";
import {
  BACKUP_USAGE,
  formatPlan,
  formatReport,
  formatReportJson,
  parseBackupArgs,
} from "./lib/backup/cli.ts";
import { LogFileError } from "./lib/errors.ts";

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
export async function main(args: readonly string[]): Promise<number> {
  const command = parseBackupArgs(args);
  if (command.kind === "help") {
    console.log(BACKUP_USAGE);
    return 0;
  }
  if (command.kind === "error") {
    console.error(`${command.message}; run with --help for usage`);
    return 2;
  }
  try {
    if (command.dryRun) {
      const plan = await previewBackup(command.options);
      console.log(
        command.json ? formatReportJson(plan.report) : formatPlan(plan),
      );
    } else {
      const report = await checkAndBackupLogs(command.options);
      console.log(
        command.json ? formatReportJson(report) : formatReport(report),
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof LogFileError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof RangeError || error instanceof TypeError) {
      console.error(`${error.message}; run with --help for usage`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
