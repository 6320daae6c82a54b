/**
 * The central host's rsyslog configuration: receive over RELP and plain TCP, write
 * `<root>/<host>/<category>_logs.txt` byte for byte as the sender wrote it. Pure.
 * @module
 */
import type { Address, ConfLine } from "./conf_text.ts";
import { globalLines, internalLogLines } from "./common.ts";

/** What the central text is made from, already checked. */
export interface CentralSettings {
  /** The central root, absolute: one folder per host below it. */
  root: string;
  /** The RELP listener. */
  listen: Address;
  /** The plain TCP listener. */
  listenTcp: Address;
  /** rsyslogd's work directory, absolute. */
  workDirectory: string;
}

// The same rules as HOST_PATTERN and CATEGORY_PATTERN, in POSIX ERE for re_match().
const HOST_ERE = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
const CATEGORY_ERE = "^[a-z0-9][a-z0-9_-]{0,63}$";

function queueLines(): ConfLine[] {
  return [
    [`main_queue(`, "the queue every received line waits in before it is written:"],
    [`  queue.size="100000"`, "large, so that 8.2302 spills to disk only when writing stalls"],
    [`  queue.filename="panelCentral"`, "it may spill to disk in the work directory"],
    [`  queue.saveOnShutdown="on"`, "a clean stop keeps acknowledged, unwritten lines on disk"],
    [`)`, "end of the queue settings"],
  ];
}

function inputLines(listen: Address, listenTcp: Address): ConfLine[] {
  return [
    [`module(load="imrelp")`, "RELP input (Debian package rsyslog-relp)"],
    [`module(load="imtcp")`, "plain TCP input, octet-counted or LF framing"],
    [
      `input(type="imrelp" address="${listen.host}" port="${listen.port}" ruleset="panelLines")`,
      "RELP listener, for the agents",
    ],
    [
      `input(type="imtcp" address="${listenTcp.host}" port="${listenTcp.port}" ruleset="panelLines")`,
      "plain TCP listener, for senders without RELP",
    ],
  ];
}

function templateLines(root: string): ConfLine[] {
  return [
    [`template(name="panelFile" type="list") {`, "the file: <root>/<HOSTNAME>/<APP-NAME>_logs.txt"],
    [`  constant(value="${root}/")`, "the central root"],
    [`  property(name="hostname" securepath="replace")`, "one folder per host; no / or .."],
    [`  constant(value="/")`, "path separator"],
    [`  property(name="app-name" securepath="replace")`, "the category; no / or .."],
    [`  constant(value="_logs.txt")`, "the module's file name ending"],
    [`}`, "end of the template"],
    [`template(name="panelLine" type="string" string="%msg%\\n")`, "the sender's line, unchanged"],
  ];
}

function rulesetLines(workDirectory: string): ConfLine[] {
  const rejected = `action(type="omfile" file="${workDirectory}/rejected.log")`;
  return [
    [`ruleset(name="panelLines") {`, "what happens to each received line"],
    [
      `  if not re_match($hostname, '${HOST_ERE}') or not re_match($app-name, '${CATEGORY_ERE}') then {`,
      "a host name that is not a plain folder name, or not a category name:",
    ],
    [`    ${rejected}`, "kept aside, never under the root"],
    [`    stop`, "and not written anywhere else"],
    [`  }`, "end of the rejection"],
    [`  action(type="omfile" dynaFile="panelFile" template="panelLine"`, "append to its file:"],
    [`    dynaFileCacheSize="100"`, "files kept open at once (default 10)"],
    [`    dirCreateMode="0755" fileCreateMode="0644")`, "the modes @panel/logging creates with"],
    [`}`, "end of the ruleset"],
  ];
}

/** The central configuration as commented lines. */
export function centralConfLines(settings: CentralSettings): ConfLine[] {
  return [
    ["", "@panel/logging central host: writes <root>/<host>/<category>_logs.txt."],
    ["", "Run: rsyslogd -n -f THIS_FILE -i PIDFILE (a private instance, in the foreground)."],
    ["", "After moving its files away, send SIGHUP to the pid in PIDFILE to reopen them."],
    ...globalLines(settings.workDirectory),
    ...queueLines(),
    ...inputLines(settings.listen, settings.listenTcp),
    ...templateLines(settings.root),
    ...rulesetLines(settings.workDirectory),
    ...internalLogLines(settings.workDirectory),
  ];
}
