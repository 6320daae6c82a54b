/**
 * The `rsyslog-config` command's words: its usage and its flags. Pure.
 * @module
 */
import { parseArgs } from "node:util";
import type { RsyslogConfigOptions } from "./rsyslog_config.ts";
import { formatUsageError } from "../cli/args.ts";

/**
 * The usage text printed by `--help`.
 * @example
 * ```ts
 * import { RSYSLOG_CONFIG_USAGE } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.match(RSYSLOG_CONFIG_USAGE, /--central HOST:PORT/);
 * ```
 */
export const RSYSLOG_CONFIG_USAGE =
  `Usage: deno task rsyslog-config agent   --root DIR --central HOST:PORT [--hostname NAME] [--work-directory DIR]
       deno task rsyslog-config central --root DIR [--listen ADDR:PORT] [--listen-tcp ADDR:PORT] [--work-directory DIR]

Prints a complete rsyslog configuration (rsyslog 8.2302+ with rsyslog-relp), every line commented.
  agent     tail DIR/*_logs.txt and forward each line over RELP to the central host
  central   receive over RELP and plain TCP; write DIR/<host>/<category>_logs.txt unchanged

Options:
  --root DIR              the log root (agent) or central root (central); absolute
  --central HOST:PORT     agent: the central host's RELP listener (port default 2514)
  --hostname NAME         agent: this server's folder name at the central root
                          (default: the machine's host name)
  --listen ADDR:PORT      central: RELP listener (default 0.0.0.0:2514)
  --listen-tcp ADDR:PORT  central: plain TCP listener (default 0.0.0.0:514)
  --work-directory DIR    rsyslogd's work directory; it must exist
                          (default /var/spool/rsyslog-panel-agent or -central)
  -h, --help              show this help

Run the result as: rsyslogd -n -f FILE -i PIDFILE
Exit status: 0 printed, 2 bad usage.`;

/** What the command line asks for. */
export type RsyslogConfigCommand =
  | { kind: "help" }
  | { kind: "error"; message: string }
  | { kind: "run"; options: RsyslogConfigOptions };

const FLAGS = {
  root: { type: "string" },
  central: { type: "string" },
  hostname: { type: "string" },
  "work-directory": { type: "string" },
  listen: { type: "string" },
  "listen-tcp": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const OPTION_OF_FLAG = [
  ["central", "central"],
  ["hostname", "hostname"],
  ["work-directory", "workDirectory"],
  ["listen", "listen"],
  ["listen-tcp", "listenTcp"],
] as const;

function toOptions(
  role: string | undefined,
  values: Record<string, unknown>,
): RsyslogConfigOptions {
  if (role !== "agent" && role !== "central") {
    throw new RangeError(
      role === undefined
        ? `Missing role: write "agent" or "central" first`
        : `Unknown role ${JSON.stringify(role)}: write "agent" or "central" first`,
    );
  }
  const text = (name: string) => values[name] as string | undefined;
  if (text("root") === undefined) throw new RangeError(`Missing --root: give an absolute folder`);
  if (role === "agent" && text("central") === undefined) {
    throw new RangeError(`Missing --central: give the central host's RELP address, HOST:PORT`);
  }
  const options: RsyslogConfigOptions = { role, root: text("root")! };
  for (const [flag, key] of OPTION_OF_FLAG) {
    const value = text(flag);
    if (value !== undefined) options[key] = value;
  }
  return options;
}

/**
 * Reads the `rsyslog-config` command's arguments: the role, then its flags.
 * @param args The arguments after the script name.
 * @returns What to do: print help, report a usage error (exit 2), or print this configuration.
 * @example
 * ```ts
 * import { parseRsyslogConfigArgs } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const command = parseRsyslogConfigArgs(["central", "--root", "/srv/central"]);
 * assert.deepEqual(command, { kind: "run", options: { role: "central", root: "/srv/central" } });
 * assert.equal(parseRsyslogConfigArgs(["agent", "--root", "/srv/logs"]).kind, "error");
 * ```
 */
export function parseRsyslogConfigArgs(args: readonly string[]): RsyslogConfigCommand {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: FLAGS,
    });
    if (values.help) return { kind: "help" };
    if (positionals.length > 1) {
      throw new RangeError(`Unexpected argument ${JSON.stringify(positionals[1])}: give one role`);
    }
    return { kind: "run", options: toOptions(positionals[0], values) };
  } catch (error) {
    return { kind: "error", message: formatUsageError(error, { invalidValue: "missing" }) };
  }
}
