/**
 * The `rsyslog-config` command: prints an rsyslog configuration for an agent (a server that
 * ships its log root) or for the central host (one folder per server).
 *
 * ```sh
 * deno task rsyslog-config agent --root /srv/panel/logs --central logs.example.com:2514 > agent.conf
 * deno task rsyslog-config central --root /srv/central > central.conf
 * ```
 *
 * It needs no permissions: it reads nothing and writes only to stdout. Exit status 0 when
 * printed, 2 on bad usage (one line on stderr).
 * @module
 */
import { parseRsyslogConfigArgs, RSYSLOG_CONFIG_USAGE } from "./lib/ship/cli.ts";
import { rsyslogConfig } from "./lib/ship/rsyslog_config.ts";
import { errorExit, printExit, usageExit } from "./lib/cli/args.ts";

/**
 * Runs the command: parse the arguments, print the configuration, return the exit status.
 * @param args The command-line arguments.
 * @returns 0 when printed, 2 on bad usage.
 * @example Print the usage
 * ```ts ignore
 * import { main } from "@panel/logging/rsyslog-config";
 * const status = await main(["--help"]); // prints the usage, returns 0
 * ```
 */
export function main(args: readonly string[]): Promise<number> {
  const command = parseRsyslogConfigArgs(args);
  if (command.kind !== "run") {
    return Promise.resolve(printExit(usageExit(command, RSYSLOG_CONFIG_USAGE)));
  }
  try {
    console.log(rsyslogConfig(command.options).replace(/\n$/, ""));
    return Promise.resolve(0);
  } catch (error) {
    return Promise.resolve(printExit(errorExit(error)));
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
