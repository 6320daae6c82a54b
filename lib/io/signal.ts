/**
 * Signalling another process, as logrotate's postrotate does with `kill -HUP`. Runs the
 * system's `kill` command, so that Deno needs only `--allow-run=kill`, not `--allow-run`.
 * @module
 */

/**
 * Sends `signal` to the process `pid` with `kill -s`.
 * @throws {Deno.errors.NotCapable} Without `--allow-run=kill`.
 * @throws {Error} If `kill` fails (no such process, not permitted); the message is its own.
 */
export async function signalProcess(pid: number, signal: "HUP"): Promise<void> {
  const result = await new Deno.Command("kill", {
    args: ["-s", signal, String(pid)],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!result.success) {
    const why = new TextDecoder().decode(result.stderr).trim().split("\n")[0];
    throw new Error(why || `kill exited with status ${result.code}`);
  }
}
