/**
 * The real parts of the browser tests: `serve.ts` in a subprocess on 127.0.0.1, and Debian's
 * chromium driven by puppeteer-core over a pipe (no debugging port is opened).
 */
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { repoPath } from "../../helpers.ts";
import { CHROMIUM } from "./chromium.ts";

/** A running `serve.ts`: its URL with the token, and how to stop it. */
export interface Viewer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The URL printed once, with `?token=`. */
  loginUrl: string;
  /** The process, to signal it. */
  process: Deno.ChildProcess;
}

/** Starts `serve.ts` on a free port with read permission on `root` only; `flags` are added. */
export async function startViewer(root: string, flags: string[] = []): Promise<Viewer> {
  const process = new Deno.Command(Deno.execPath(), {
    args: ["run", `--allow-read=${root}`, "--allow-net=127.0.0.1", repoPath("serve.ts")]
      .concat(["--root", root, "--port", "0", ...flags]),
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
    env: { NO_COLOR: "1" },
  }).spawn();
  const lines = process.stdout.pipeThrough(new TextDecoderStream()).values();
  let text = "";
  for (let chunk; !/\?token=\S+\n/.test(text) && !(chunk = await lines.next()).done;) {
    text += chunk.value;
  }
  const loginUrl = /(http:\/\/\S+\?token=\S+)/.exec(text)?.[1];
  if (!loginUrl) throw new Error(`serve.ts printed no URL: ${text}`);
  // Keep reading stdout so the process never blocks on a full pipe.
  const drain = (async () => {
    for await (const _ of lines) { /* nothing more is expected */ }
  })();
  return {
    origin: new URL(loginUrl).origin,
    loginUrl,
    process,
    async [Symbol.asyncDispose]() {
      try {
        process.kill("SIGTERM");
      } catch { /* already gone */ }
      await process.status;
      await drain;
    },
  };
}

/** Launches chromium headless, with a fresh profile, talking over a pipe. */
export async function launchBrowser(): Promise<Browser> {
  return await puppeteer.launch({
    executablePath: CHROMIUM,
    pipe: true,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"],
  });
}

/** Every URL a page requests, and every console error or uncaught exception it has. */
export function watchPage(page: Page): { requests: string[]; problems: string[] } {
  const requests: string[] = [];
  const problems: string[] = [];
  page.on("request", (request) => void requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => void problems.push(`page error: ${String(error)}`));
  return { requests, problems };
}
