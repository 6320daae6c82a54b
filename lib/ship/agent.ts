/**
 * The agent's rsyslog configuration: tail `<root>/*_logs.txt`, forward over RELP. Pure.
 * @module
 */
import type { Address, ConfLine } from "./conf_text.ts";
import { globalLines, internalLogLines } from "./common.ts";

/** What the agent's text is made from, already checked. */
export interface AgentSettings {
  /** The local log root, absolute. */
  root: string;
  /** Where the central host listens for RELP. */
  central: Address;
  /** The name to send as HOSTNAME, or undefined for the machine's own. */
  hostname: string | undefined;
  /** rsyslogd's work directory, absolute. */
  workDirectory: string;
}

function inputLines(root: string): ConfLine[] {
  return [
    [`module(load="imfile" mode="inotify")`, "tail files; inotify notices new lines and renames"],
    [`input(type="imfile"`, "one input for every category file, new ones included:"],
    [`  file="${root}/*_logs.txt"`, "the category files (backup_logs/ is not matched)"],
    [`  tag="panel"`, "imfile requires a tag; the template below does not use it"],
    [`  addMetadata="on"`, "gives $!metadata!filename, from which the category is taken"],
    [
      `  persistStateAfterSubmission="on"`,
      "save the read offset after each batch: a crash resends next to nothing",
    ],
    [`  ruleset="panelShip")`, "these lines go only to the ruleset below"],
  ];
}

function templateLines(): ConfLine[] {
  return [
    [
      `template(name="panelForward" type="list") {`,
      "RFC 5424: <134>1 TIME HOST CATEGORY - - - LINE",
    ],
    [`  constant(value="<134>1 ")`, "PRI local0.info, version 1"],
    [`  property(name="timegenerated" dateFormat="rfc3339")`, "when the agent read the line"],
    [`  constant(value=" ")`, "field separator"],
    [`  property(name="hostname")`, "HOSTNAME: the central folder for this server"],
    [`  constant(value=" ")`, "field separator"],
    [`  property(name="$.cat")`, "APP-NAME: the category, from the file name"],
    [`  constant(value=" - - - ")`, "no PROCID, MSGID or structured data"],
    [`  property(name="msg")`, "MSG: the local line exactly as written"],
    [`}`, "end of the template"],
  ];
}

function actionLines(central: Address): ConfLine[] {
  const target = central.host;
  return [
    [`ruleset(name="panelShip") {`, "what happens to each line read from a category file"],
    [
      `  set $.cat = re_extract($!metadata!filename, '/([a-z0-9][a-z0-9_-]{0,63})_logs[.]txt$', 0, 1, "");`,
      "the category: the file name without _logs.txt",
    ],
    [`  if $.cat == "" then stop`, "not a category file of @panel/logging: not shipped"],
    [`  action(type="omrelp" name="panelToCentral"`, "RELP: the central host acknowledges lines"],
    [`    target="${target}" port="${central.port}"`, "the central host's RELP listener"],
    [`    template="panelForward"`, "the RFC 5424 message above"],
    [`    windowSize="1024"`, "lines in flight before an ack; the default 128 is 45x slower"],
    [`    queue.type="LinkedList"`, "a memory queue while the central host is slow or away ..."],
    [`    queue.size="100000"`, "... large, so that 8.2302 spills to disk only in an outage"],
    [`    queue.filename="panelToCentral"`, "... that spills to disk in the work directory"],
    [`    queue.maxDiskSpace="1g"`, "at most 1 GB on disk; then reading waits"],
    [`    queue.saveOnShutdown="on"`, "a clean stop keeps unsent lines on disk for the next start"],
    [`    action.resumeRetryCount="-1"`, "retry for ever; the default discards lines on failure"],
    [`    action.resumeInterval="1")`, "first retry after 1 s"],
    [`}`, "end of the ruleset"],
  ];
}

/** The agent's configuration as commented lines. */
export function agentConfLines(settings: AgentSettings): ConfLine[] {
  return [
    ["", "@panel/logging agent: ships every <root>/*_logs.txt line to the central host."],
    ["", "Run: rsyslogd -n -f THIS_FILE -i PIDFILE (a private instance, in the foreground)."],
    ...globalLines(settings.workDirectory, settings.hostname),
    ['module(load="omrelp")', "RELP output (Debian package rsyslog-relp)"],
    ...inputLines(settings.root),
    ...templateLines(),
    ...actionLines(settings.central),
    ...internalLogLines(settings.workDirectory),
  ];
}
