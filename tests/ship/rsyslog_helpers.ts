/** Shared by the shipping tests: find rsyslogd with RELP, or say what to install. */

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

const RELP_MODULES = [
  "/usr/lib/x86_64-linux-gnu/rsyslog/omrelp.so",
  "/usr/lib/aarch64-linux-gnu/rsyslog/omrelp.so",
  "/usr/lib/rsyslog/omrelp.so",
];

/** The rsyslogd binary, or undefined where rsyslogd or its RELP modules are missing. */
export const RSYSLOGD: string | undefined =
  exists("/usr/sbin/rsyslogd") && RELP_MODULES.some(exists) ? "/usr/sbin/rsyslogd" : undefined;

/** Says, once per test file, why the rsyslog tests are skipped. */
export function explainSkip(): boolean {
  if (RSYSLOGD) return false;
  console.warn(
    "skipping the rsyslogd tests: rsyslogd or its RELP modules are missing; " +
      "install them with: apt-get install rsyslog rsyslog-relp",
  );
  return true;
}

/** Runs `rsyslogd -N1 -f file` and returns its exit code and messages. */
export async function validateConfig(file: string): Promise<{ code: number; output: string }> {
  const result = await new Deno.Command(RSYSLOGD!, {
    args: ["-N1", "-f", file],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: result.code,
    output: decoder.decode(result.stdout) + decoder.decode(result.stderr),
  };
}
