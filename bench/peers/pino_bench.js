// pino 10 to a file through pino.destination({ dest, sync: false }) (SonicBoom, async writes):
// EVENTS info calls in a tight loop, then end() and wait for "close" so every line is on disk.
// Prints JSON: events/s, bytes per line, peak RSS. Lines are pino's default JSON (level, time,
// pid, hostname, msg), longer than the project's ~82-byte line.
// Run (after `npm ci` here): node pino_bench.js [events=200000]
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const pino = require("pino");

const events = Number(process.argv[2] ?? 200000);
const entry = "user 12345 logged in from 10.0.0.1 session abcdef";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pino-bench-"));
const dest = path.join(dir, "pino.log");
const stream = pino.destination({ dest, sync: false });
const logger = pino(stream);

function countLines(file) {
  const fd = fs.openSync(file, "r");
  const buf = Buffer.alloc(1 << 16);
  let lines = 0;
  for (let n; (n = fs.readSync(fd, buf)) > 0;) {
    for (let i = 0; i < n; i++) if (buf[i] === 10) lines++;
  }
  fs.closeSync(fd);
  return lines;
}

stream.once("ready", () => {
  const start = performance.now();
  for (let i = 0; i < events; i++) logger.info(entry);
  stream.once("close", () => {
    const seconds = (performance.now() - start) / 1000;
    const peak = process.resourceUsage().maxRSS; // KiB, read before the check below
    const lines = countLines(dest);
    const bytes = fs.statSync(dest).size;
    fs.rmSync(dir, { recursive: true });
    if (lines !== events) throw new Error(`pino wrote ${lines} lines, expected ${events}`);
    console.log(JSON.stringify({
      way: "pino",
      events,
      events_per_s: Math.round(events / seconds),
      bytes_per_line: Math.round(bytes / lines),
      peak_rss_mib: Math.round(peak / 1024),
    }));
  });
  stream.end();
});
