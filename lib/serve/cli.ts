/**
 * The viewer command's words: reading its flags and the line it prints. Pure.
 * @module
 */
import { parseArgs } from "node:util";
import { formatUsageError } from "../cli/args.ts";
import { checkHostName } from "../format/hosts.ts";

/** The usage text printed by `--help`. */
export const SERVE_USAGE = `Usage: deno task serve [options]
       deno run -R=DIR --allow-net=HOST:PORT serve.ts --root DIR [options]

Serves the log viewer page and its API, read-only, to whoever has the token.

Options:
  --root DIR          log root (default: logs)
  --host H            address to listen on (default: 127.0.0.1)
  --port N            port to listen on, 0 for any free one (default: 8080)
  --token-file FILE   read the token from FILE (default: a random token, printed once)
  --hosts LIST        the root is a central root: serve these host folders (app1,app2)
  --all-hosts         the root is a central root: serve every host folder found at start
  -h, --help          show this help

Stop it with Ctrl-C or SIGTERM. Exit status: 0 stopped, 1 cannot listen or read, 2 bad usage.`;

/** What the command line asks for. */
export type ServeCommand =
  | { kind: "help" }
  | { kind: "error"; message: string }
  | {
    kind: "run";
    root: string;
    host: string;
    port: number;
    tokenFile?: string;
    hosts?: string[];
    allHosts?: boolean;
  };

function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new RangeError(`Invalid value for --port: ${JSON.stringify(text)} is not 0 to 65535`);
  }
  return port;
}

function parseHostList(text: string): string[] {
  const hosts = text.split(",").map((host) => host.trim()).filter((host) => host !== "");
  if (hosts.length === 0) throw new RangeError("Invalid value for --hosts: it is empty");
  return hosts.map((host) => checkHostName(host, "host name in --hosts"));
}

/** Reads the viewer's flags. */
export function parseServeArgs(args: readonly string[]): ServeCommand {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: {
        root: { type: "string", default: "logs" },
        host: { type: "string", default: "127.0.0.1" },
        port: { type: "string", default: "8080" },
        "token-file": { type: "string" },
        hosts: { type: "string" },
        "all-hosts": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return { kind: "help" };
    for (const flag of ["root", "host", "token-file"] as const) {
      if (values[flag] === "") throw new RangeError(`Invalid value for --${flag}: it is empty`);
    }
    const command: ServeCommand = {
      kind: "run",
      root: values.root,
      host: values.host,
      port: parsePort(values.port),
    };
    if (values["token-file"] !== undefined) command.tokenFile = values["token-file"];
    if (values.hosts !== undefined && values["all-hosts"]) {
      throw new RangeError("Invalid options: give --hosts or --all-hosts, not both");
    }
    if (values.hosts !== undefined) command.hosts = parseHostList(values.hosts);
    if (values["all-hosts"]) command.allHosts = true;
    return command;
  } catch (error) {
    const positional = "the viewer takes options only";
    return { kind: "error", message: formatUsageError(error, { positional }) };
  }
}

/** The address as a URL host: IPv6 in brackets. */
export function urlHost(hostname: string, port: number): string {
  return `${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
}
