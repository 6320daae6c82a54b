/**
 * The backup command's body: parse, back up, print, exit status. `backup.ts` runs it; tests run
 * it with a shorter progress delay. Internal.
 * @module
 */
import { checkAndBackupLogs, previewBackup, previewHostsBackup } from "./archive.ts";
import {
  BACKUP_USAGE,
  formatPlan,
  formatProblems,
  formatReport,
  formatReportJson,
  parseBackupArgs,
} from "./cli.ts";
import { progressLine } from "./progress.ts";
import { combineReports } from "./hosts.ts";
import { errorExit, printExit, usageExit } from "../cli/args.ts";

/** Options of {@linkcode runBackupCommand}. */
export interface CommandOptions {
  /** How long a step runs before its progress is shown on a terminal, in ms. @default 1000 */
  progressDelayMs?: number;
}

// Progress goes to stderr, only when it is a terminal and the output is not JSON.
function stderrProgress(json: boolean, delayMs: number): ReturnType<typeof progressLine> | null {
  if (json || !Deno.stderr.isTerminal()) return null;
  const encoder = new TextEncoder();
  return progressLine({ write: (text) => Deno.stderr.writeSync(encoder.encode(text)), delayMs });
}

/**
 * Runs the backup command: parse the flags, back up, print, and return the exit status.
 * @param args The command-line arguments.
 * @param options `progressDelayMs`.
 * @returns 0 when done or not due, 1 on a file error or an entry skipped, 2 on bad usage.
 */
export async function runBackupCommand(
  args: readonly string[],
  options: CommandOptions = {},
): Promise<number> {
  const command = parseBackupArgs(args);
  if (command.kind !== "run") return printExit(usageExit(command, BACKUP_USAGE));
  const progress = stderrProgress(command.json, options.progressDelayMs ?? 1000);
  try {
    let report;
    const { hosts, allHosts } = command.options;
    if (command.dryRun && (hosts !== undefined || allHosts)) {
      const plans = await previewHostsBackup(command.options);
      for (const [host, plan] of Object.entries(plans)) {
        console.log(command.json ? formatReportJson(plan.report) : `${host}: ${formatPlan(plan)}`);
      }
      const reports = Object.entries(plans).map(([host, plan]) => [host, plan.report] as const);
      report = combineReports(Object.fromEntries(reports), new Date());
    } else if (command.dryRun) {
      const plan = await previewBackup(command.options);
      report = plan.report;
      console.log(command.json ? formatReportJson(plan.report) : formatPlan(plan));
    } else {
      const run = { ...command.options, onProgress: progress?.onProgress };
      report = await checkAndBackupLogs(run);
      console.log(command.json ? formatReportJson(report) : formatReport(report));
    }
    // One stderr line per entry left untouched (a link, a FIFO…), and exit status 1.
    for (const line of formatProblems(report)) console.error(line);
    return report.problems.length > 0 ? 1 : 0;
  } catch (error) {
    progress?.end();
    return printExit(errorExit(error));
  }
}
