/**
 * The viewer command's words: reading its flags and the line it prints. Pure.
 * @module
 */
import { parseArgs } from "node:util";
import { formatUsageError } from "../cli/args.ts";

/** The usage text printed by `--help`. */
export const SERVE_USAGE = `Usage: deno task serve [options]
       deno run -R=DIR --allow-net=HOST:PORT serve.ts --root DIR [options]

Serves the log viewer page and its API, read-only, to whoever has the token.

Options:
  --root DIR          log root (default: logs)
  --host H            address to listen on (default: 127.0.0.1)
  --port N            port to listen on, 0 for any free one (default: 8080)
  --token-file FILE   read the token from FILE (default: a random token, printed once)
  -h, --help          show this help

Stop it with Ctrl-C or SIGTERM. Exit status: 0 stopped, 1 cannot listen or read, 2 bad usage.`;

/** What the command line asks for. */
export type ServeCommand =
  | { kind: "help" }
  | { kind: "error"; message: string }
  | { kind: "run"; root: string; host: string; port: number; tokenFile?: string };

function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new RangeError(`Invalid value for --port: ${JSON.stringify(text)} is not 0 to 65535`);
  }
  return port;
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
