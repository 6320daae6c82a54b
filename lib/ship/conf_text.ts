/**
 * Small pieces for writing rsyslog configuration text: commented lines, quoted values,
 * `HOST:PORT` addresses. Pure.
 * @module
 */

/** One line of configuration and the comment that explains it. */
export type ConfLine = readonly [code: string, comment: string];

const COMMENT_COLUMN = 52;

/**
 * Lays out lines with their comments: after the code at a fixed column, or on the line above
 * when the code is too long for that.
 */
export function formatConf(lines: readonly ConfLine[]): string {
  const out: string[] = [];
  for (const [code, comment] of lines) {
    if (code === "") {
      out.push(`# ${comment}`);
    } else if (code.length + 2 > COMMENT_COLUMN) {
      const indent = /^ */.exec(code)![0];
      out.push(`${indent}# ${comment}`, code);
    } else {
      out.push(`${code.padEnd(COMMENT_COLUMN)}# ${comment}`);
    }
  }
  return out.join("\n") + "\n";
}

/**
 * Checks that a path can be written into an rsyslog string as it is: absolute (rsyslogd
 * changes into `/`), without quotes, backslashes, `$`, glob characters or control characters.
 */
export function checkConfPath(path: unknown, what: string): string {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`Missing ${what}: give an absolute folder path`);
  }
  if (!path.startsWith("/")) {
    throw new RangeError(
      `Invalid ${what} ${JSON.stringify(path)}: it is relative; give an absolute path, ` +
        `because rsyslogd changes into "/" at start`,
    );
  }
  // deno-lint-ignore no-control-regex
  if (/["'\\$*?[\]{}\x00-\x1f\x7f]/.test(path)) {
    throw new RangeError(
      `Invalid ${what} ${JSON.stringify(path)}: it contains a quote, backslash, "$", glob ` +
        `or control character; choose a plainer path`,
    );
  }
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

/** A network address split into host and port. */
export interface Address {
  /** The host name or IP address (IPv6 without brackets). */
  host: string;
  /** The port, 1 to 65535. */
  port: number;
}

/** Reads `HOST`, `HOST:PORT`, `[IPV6]` or `[IPV6]:PORT`; `defaultPort` where none is given. */
export function parseAddress(text: unknown, defaultPort: number, what: string): Address {
  if (typeof text !== "string" || text === "") {
    throw new TypeError(`Missing ${what}: give HOST:PORT`);
  }
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(text);
  const port = match?.[3] === undefined ? defaultPort : Number(match[3]);
  if (!match || port < 1 || port > 65535) {
    throw new RangeError(
      `Invalid ${what} ${JSON.stringify(text)}: expected HOST:PORT with a port from 1 to 65535, ` +
        `e.g. "logs.example.com:2514" or "[::1]:2514"`,
    );
  }
  return { host: match[1] ?? match[2]!, port };
}
