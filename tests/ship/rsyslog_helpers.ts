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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function countStarts(internalLog: string): Promise<number> {
  const text = await Deno.readTextFile(internalLog).catch(() => "");
  return text.split("] start\n").length - 1;
}

/** One private, foreground rsyslogd instance; disposing it kills it if it still runs. */
export class Rsyslogd implements AsyncDisposable {
  #process: Deno.ChildProcess | undefined;

  /** `internalLog` is the file the config sends rsyslogd's own messages to. */
  constructor(readonly conf: string, readonly pidFile: string, readonly internalLog: string) {}

  /** Starts it and waits until it has logged "start" (rsyslogd's own message). */
  async start(): Promise<void> {
    const before = await countStarts(this.internalLog);
    this.#process = new Deno.Command(RSYSLOGD!, {
      args: ["-n", "-f", this.conf, "-i", this.pidFile],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    for (let waited = 0; (await countStarts(this.internalLog)) <= before; waited += 20) {
      if (waited > 30_000) throw new Error(`rsyslogd -f ${this.conf} did not start in 30 s`);
      await sleep(20);
    }
  }

  /** The process id, while it runs. */
  get pid(): number {
    return this.#process!.pid;
  }

  /** Stops it with `signal` and waits for it to exit. */
  async stop(signal: Deno.Signal = "SIGTERM"): Promise<void> {
    const process = this.#process;
    if (!process) return;
    this.#process = undefined;
    process.kill(signal);
    await process.status;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop("SIGKILL");
  }
}

/** Runs a fixture in tests/fixtures/net.ts with network access to 127.0.0.1 only. */
export async function net(repoFile: string, args: string[]): Promise<string> {
  const result = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net=127.0.0.1", repoFile, ...args],
    stdin: "null",
  }).output();
  if (!result.success) throw new Error(new TextDecoder().decode(result.stderr));
  return new TextDecoder().decode(result.stdout);
}
