import assert from "node:assert/strict";
import { checkHostName, HOST_PATTERN, rsyslogConfig } from "../../mod.ts";
import type { RsyslogConfigOptions } from "../../mod.ts";

const AGENT: RsyslogConfigOptions = {
  role: "agent",
  root: "/srv/panel/logs",
  central: "logs.example.com",
  hostname: "app1",
};
const CENTRAL: RsyslogConfigOptions = { role: "central", root: "/srv/central" };

function codeLines(text: string): string[] {
  return text.split("\n").filter((line) => line !== "" && !line.trimStart().startsWith("#"));
}

Deno.test("rsyslogConfig: every generated line is explained by a comment", () => {
  for (const options of [AGENT, CENTRAL]) {
    const lines = rsyslogConfig(options).split("\n");
    lines.forEach((line, i) => {
      if (line === "" || line.trimStart().startsWith("#")) return;
      const explained = / {2,}# \S/.test(line) || lines[i - 1]!.trimStart().startsWith("# ");
      assert.ok(explained, `${options.role} line ${i + 1} has no comment: ${line}`);
    });
  }
});

Deno.test("rsyslogConfig: agent settings that the measurements call for", () => {
  const code = codeLines(rsyslogConfig(AGENT)).map((line) => line.replace(/ {2,}#.*$/, "").trim());
  for (
    const expected of [
      `workDirectory="/var/spool/rsyslog-panel-agent"`,
      `processInternalMessages="on"`,
      `parser.escapeControlCharacterTab="off"`,
      `localHostname="app1"`,
      `file="/srv/panel/logs/*_logs.txt"`,
      `persistStateAfterSubmission="on"`,
      `target="logs.example.com" port="2514"`,
      `windowSize="1024"`,
      `queue.size="100000"`,
      `queue.filename="panelToCentral"`,
      `action.resumeRetryCount="-1"`,
      `*.* action(type="omfile" file="/var/spool/rsyslog-panel-agent/rsyslogd.log")`,
    ]
  ) assert.ok(code.includes(expected), `missing ${expected}`);
});

Deno.test("rsyslogConfig: central listeners, layout and allow-lists", () => {
  const text = rsyslogConfig({
    ...CENTRAL,
    listen: "10.0.0.5:20514",
    listenTcp: "[::1]",
    workDirectory: "/var/lib/c/",
  });
  assert.match(text, /input\(type="imrelp" address="10\.0\.0\.5" port="20514"/);
  assert.match(text, /input\(type="imtcp" address="::1" port="514"/);
  assert.match(text, /constant\(value="\/srv\/central\/"\)/);
  assert.match(text, /property\(name="hostname" securepath="replace"\)/);
  assert.match(text, /re_match\(\$hostname, '\^\[A-Za-z0-9\]\[A-Za-z0-9._-\]\{0,63\}\$'\)/);
  assert.match(text, /re_match\(\$app-name, '\^\[a-z0-9\]\[a-z0-9_-\]\{0,63\}\$'\)/);
  assert.match(text, /file="\/var\/lib\/c\/rejected\.log"/);
  assert.match(text, /string="%msg%\\n"/);
  assert.doesNotMatch(text, /localHostname/);
});

Deno.test("rsyslogConfig: defaults for the central listeners", () => {
  const text = rsyslogConfig(CENTRAL);
  assert.match(text, /imrelp" address="0\.0\.0\.0" port="2514"/);
  assert.match(text, /imtcp" address="0\.0\.0\.0" port="514"/);
  assert.match(text, /workDirectory="\/var\/spool\/rsyslog-panel-central"/);
});

Deno.test("rsyslogConfig: rejects bad options with the class and message that say what to fix", () => {
  const cases: [RsyslogConfigOptions, ErrorConstructor, string][] = [
    [
      { ...AGENT, root: "logs" },
      RangeError,
      `Invalid root "logs": it is relative; give an absolute path, because rsyslogd changes into "/" at start`,
    ],
    [
      { ...AGENT, root: '/srv/"x' },
      RangeError,
      `Invalid root "/srv/\\"x": it contains a quote, backslash, "$", glob or control character; choose a plainer path`,
    ],
    [{ ...AGENT, root: "" }, TypeError, "Missing root: give an absolute folder path"],
    [{ ...AGENT, central: undefined }, TypeError, "Missing central address: give HOST:PORT"],
    [
      { ...AGENT, central: "host:99999" },
      RangeError,
      `Invalid central address "host:99999": expected HOST:PORT with a port from 1 to 65535, e.g. "logs.example.com:2514" or "[::1]:2514"`,
    ],
    [
      { ...AGENT, hostname: "../../etc" },
      RangeError,
      `Invalid hostname "../../etc": use letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64 characters`,
    ],
    [
      { ...CENTRAL, hostname: "app1" },
      RangeError,
      `Invalid option "hostname" for the central role: it belongs to the agent role`,
    ],
    [
      { ...AGENT, listen: "0.0.0.0:1" },
      RangeError,
      `Invalid option "listen" for the agent role: it belongs to the central role`,
    ],
    [
      { ...CENTRAL, role: "relay" as "agent" },
      RangeError,
      `Invalid role "relay": use "agent" or "central"`,
    ],
  ];
  for (const [options, errorClass, message] of cases) {
    assert.throws(() => rsyslogConfig(options), { name: errorClass.name, message });
  }
});

Deno.test("HOST_PATTERN and checkHostName: plain folder names only", () => {
  const table: [string, boolean][] = [
    ["app1", true],
    ["App-1.example.com", true],
    ["a".repeat(64), true],
    ["a".repeat(65), false],
    ["", false],
    [".", false],
    ["..", false],
    [".hidden", false],
    ["../../etc", false],
    ["a/b", false],
    ["a b", false],
    ["-app", false],
  ];
  for (const [name, ok] of table) {
    assert.equal(HOST_PATTERN.test(name), ok, name);
    if (ok) assert.equal(checkHostName(name), name);
    else assert.throws(() => checkHostName(name), RangeError);
  }
  assert.throws(() => checkHostName(7), { name: "TypeError" });
});
