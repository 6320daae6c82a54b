/**
 * The standalone log viewer: serves the page and its API, read-only, to whoever has the token.
 *
 * ```sh
 * deno task serve                 # ./logs on http://127.0.0.1:8080
 * deno run -R=/srv/logs --allow-net=127.0.0.1:9000 serve.ts --root /srv/logs --port 9000
 * ```
 *
 * It prints the URL with the token once; the first visit with `?token=` sets an HttpOnly,
 * SameSite=Strict cookie and redirects to the clean URL. Scripts send
 * `Authorization: Bearer <token>`. SIGINT or SIGTERM stops it, exit status 0, even with a
 * live stream open.
 * @module
 */
import { resolveHosts } from "./lib/backup/hosts.ts";
import { errorExit, printExit, usageExit } from "./lib/cli/args.ts";
import { readSmallTextFile } from "./lib/io/small_file.ts";
import { parseServeArgs, SERVE_USAGE, type ServeCommand, urlHost } from "./lib/serve/cli.ts";
import { createLogsHandler } from "./lib/serve/handler.ts";
import { createTokenGate, randomToken, TOKEN_PATTERN } from "./lib/serve/token.ts";

type ServeRun = Extract<ServeCommand, { kind: "run" }>;

async function readToken(tokenFile: string | undefined): Promise<string> {
  if (tokenFile === undefined) return randomToken();
  const token = (await readSmallTextFile(tokenFile, 4096)).trim();
  if (!TOKEN_PATTERN.test(token)) {
    throw new RangeError(
      `Invalid token in ${JSON.stringify(tokenFile)}: use 16 to 512 characters of ` +
        "A-Z a-z 0-9 . _ ~ + / = -",
    );
  }
  return token;
}

function listenError(error: unknown, address: string): string {
  if (error instanceof Deno.errors.NotCapable) {
    return `Cannot listen on ${address}: Deno has no permission for it; run with --allow-net=${address}`;
  }
  if (error instanceof Deno.errors.AddrInUse) {
    return `Cannot listen on ${address}: the address is in use; choose another --port`;
  }
  const words = error instanceof Error ? error.message : String(error);
  return `Cannot listen on ${address}: ${words.replace(/ \(os error \d+\)/, "")}`;
}

// The hosts to serve: those named, or with --all-hosts every host folder at the root now.
async function findHosts(command: ServeRun): Promise<string[] | undefined> {
  if (!command.allHosts) return command.hosts;
  const hosts = await resolveHosts({ root: command.root, allHosts: true });
  if (!hosts?.length) {
    throw new RangeError(
      `Cannot serve all hosts of ${JSON.stringify(command.root)}: it has no host folder; ` +
        "check --root, or name the hosts with --hosts",
    );
  }
  return hosts;
}

/** Listens and serves until SIGINT or SIGTERM; returns the exit status. */
async function serveUntilSignal(
  command: ServeRun,
  token: string,
  hosts: string[] | undefined,
): Promise<number> {
  const stop = new AbortController();
  const gate = createTokenGate(token, "/");
  const handler = createLogsHandler({
    root: command.root,
    ...(hosts ? { hosts } : {}),
    authorize: gate.authorize,
    basePath: "/",
    signal: stop.signal,
  });
  let server: Deno.HttpServer;
  try {
    server = Deno.serve({
      hostname: command.host,
      port: command.port,
      onListen: ({ hostname, port }) => {
        const of = hosts ? ` (hosts ${hosts.join(", ")})` : "";
        console.log(`Serving the logs in ${JSON.stringify(command.root)}${of}, read-only, at`);
        console.log(`  http://${urlHost(hostname, port)}/?token=${token}`);
      },
    }, (request) => gate.login(request) ?? handler(request));
  } catch (error) {
    console.error(listenError(error, urlHost(command.host, command.port)));
    return 1;
  }
  const shutdown = () => {
    stop.abort(); // ends the open streams, so that shutdown does not wait for them
    server.shutdown();
  };
  Deno.addSignalListener("SIGINT", shutdown);
  Deno.addSignalListener("SIGTERM", shutdown);
  await server.finished;
  Deno.removeSignalListener("SIGINT", shutdown);
  Deno.removeSignalListener("SIGTERM", shutdown);
  return 0;
}

/**
 * Runs the viewer: parse the flags, listen, print the URL, serve until SIGINT or SIGTERM.
 * @param args The command-line arguments.
 * @returns 0 when stopped by a signal, 1 when it cannot listen or read the token file, 2 on
 * bad usage.
 * @example Print the usage
 * ```ts ignore
 * import { main } from "@panel/logging/serve";
 * const status = await main(["--help"]); // prints the usage, returns 0
 * ```
 */
export async function main(args: readonly string[]): Promise<number> {
  const command = parseServeArgs(args);
  if (command.kind !== "run") return printExit(usageExit(command, SERVE_USAGE));
  let token: string, hosts: string[] | undefined;
  try {
    token = await readToken(command.tokenFile);
    hosts = await findHosts(command);
  } catch (error) {
    // A bad token file is not a bad command line: no usage hint.
    return printExit(errorExit(error, { hint: false }));
  }
  return await serveUntilSignal(command, token, hosts);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
