/**
 * `rsyslogConfig`: a complete, commented rsyslog configuration for an agent or the central
 * host. Pure: it writes text, nothing else.
 * @module
 */
import { agentConfLines } from "./agent.ts";
import { centralConfLines } from "./central.ts";
import { checkConfPath, formatConf, parseAddress } from "./conf_text.ts";
import { checkHostName } from "../format/hosts.ts";

/** The RELP port used where none is given (the port rsyslog's RELP examples use). */
export const DEFAULT_RELP_PORT = 2514;
/** The plain TCP syslog port used where none is given. */
export const DEFAULT_TCP_PORT = 514;

/** Options of {@linkcode rsyslogConfig}. */
export interface RsyslogConfigOptions {
  /** `"agent"`: tail a log root and forward; `"central"`: receive and write one folder per host. */
  role: "agent" | "central";
  /** The log root (agent) or the central root (central); absolute, as rsyslogd changes into `/`. */
  root: string;
  /** Agent only, required: the central host's RELP listener, `HOST:PORT` (port default 2514). */
  central?: string;
  /**
   * Agent only: the host name sent, which names this server's folder at the central root;
   * must match `HOST_PATTERN`.
   * @default the machine's host name, as rsyslogd finds it
   */
  hostname?: string;
  /**
   * rsyslogd's work directory (imfile offsets, queue files, its own log); it must exist.
   * @default "/var/spool/rsyslog-panel-agent" or "/var/spool/rsyslog-panel-central"
   */
  workDirectory?: string;
  /**
   * Central only: the RELP listener, `ADDR:PORT`.
   * @default "0.0.0.0:2514"
   */
  listen?: string;
  /**
   * Central only: the plain TCP listener, `ADDR:PORT`.
   * @default "0.0.0.0:514"
   */
  listenTcp?: string;
}

const ROLE_ONLY: Record<"agent" | "central", readonly (keyof RsyslogConfigOptions)[]> = {
  agent: ["listen", "listenTcp"],
  central: ["central", "hostname"],
};

function checkRoleOptions(options: RsyslogConfigOptions): void {
  if (options.role !== "agent" && options.role !== "central") {
    throw new RangeError(
      `Invalid role ${JSON.stringify(options.role)}: use "agent" or "central"`,
    );
  }
  const other = options.role === "agent" ? "central" : "agent";
  for (const key of ROLE_ONLY[options.role]) {
    if (options[key] !== undefined) {
      throw new RangeError(
        `Invalid option "${key}" for the ${options.role} role: it belongs to the ${other} role`,
      );
    }
  }
}

/**
 * Writes a complete rsyslog configuration (rsyslog 8.2302 or newer, with rsyslog-relp) for one
 * role, every line explained by a comment. The agent tails `<root>/*_logs.txt` and forwards
 * each line over RELP; the central host writes it to `<root>/<host>/<category>_logs.txt`
 * unchanged, so the central file is a byte copy of the server's.
 * @param options The role, the root and the addresses; see {@linkcode RsyslogConfigOptions}.
 * @returns The configuration text, ending with a newline.
 * @throws {TypeError} If `root` is missing, or `central` for an agent.
 * @throws {RangeError} If a path is relative or unsafe in a config, an address or host name is
 * invalid, or an option belongs to the other role.
 * @example An agent for the server app1
 * ```ts
 * import { rsyslogConfig } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const text = rsyslogConfig({
 *   role: "agent",
 *   root: "/srv/panel/logs",
 *   central: "logs.example.com:2514",
 *   hostname: "app1",
 * });
 * assert.match(text, /file="\/srv\/panel\/logs\/\*_logs\.txt"/);
 * assert.match(text, /target="logs\.example\.com" port="2514"/);
 * assert.throws(() => rsyslogConfig({ role: "agent", root: "logs", central: "x" }), RangeError);
 * ```
 */
export function rsyslogConfig(options: RsyslogConfigOptions): string {
  checkRoleOptions(options);
  const root = checkConfPath(options.root, "root");
  const workDirectory = checkConfPath(
    options.workDirectory ?? `/var/spool/rsyslog-panel-${options.role}`,
    "work directory",
  );
  if (options.role === "agent") {
    const central = parseAddress(options.central, DEFAULT_RELP_PORT, "central address");
    const hostname = options.hostname === undefined
      ? undefined
      : checkHostName(options.hostname, "hostname");
    return formatConf(agentConfLines({ root, central, hostname, workDirectory }));
  }
  const listen = parseAddress(
    options.listen ?? "0.0.0.0",
    DEFAULT_RELP_PORT,
    "RELP listen address",
  );
  const listenTcp = parseAddress(
    options.listenTcp ?? "0.0.0.0",
    DEFAULT_TCP_PORT,
    "TCP listen address",
  );
  return formatConf(centralConfLines({ root, listen, listenTcp, workDirectory }));
}
