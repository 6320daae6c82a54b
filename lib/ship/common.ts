/**
 * The parts both rsyslog roles share: global settings and rsyslogd's own log. Pure.
 * @module
 */
import type { ConfLine } from "./conf_text.ts";

/** `global(...)`: work directory, rsyslogd's own messages, message size, TAB, host name. */
export function globalLines(workDirectory: string, hostname?: string): ConfLine[] {
  const name: ConfLine[] = hostname === undefined
    ? []
    : [[`  localHostname="${hostname}"`, "the HOSTNAME sent: this server's central folder"]];
  return [
    ["global(", "settings for the whole instance:"],
    [`  workDirectory="${workDirectory}"`, "state and queue files; the folder must exist"],
    [`  processInternalMessages="on"`, "rsyslogd's own messages go to the last line, not /dev/log"],
    [`  maxMessageSize="64k"`, "lines up to 64 KiB travel whole (default 8k)"],
    [`  parser.escapeControlCharacterTab="off"`, 'keep TAB as written (default: "#011")'],
    ...name,
    [")", "end of the global settings"],
  ];
}

/** The last line: rsyslogd's own messages (start, stop, errors) into the work directory. */
export function internalLogLines(workDirectory: string): ConfLine[] {
  return [
    [
      `*.* action(type="omfile" file="${workDirectory}/rsyslogd.log")`,
      "rsyslogd's own messages: start, stop, errors",
    ],
  ];
}
