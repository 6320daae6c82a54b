/** Sample logs for the viewer's tests and its screenshot: realistic entries over the last day. */
import { logTo } from "../../lib/write/log.ts";
import { seededRandom } from "../helpers.ts";

/** The entry that must show as text and never run. */
export const HTML_ENTRY = '<img src=x onerror="window.__pwned=1">';

const USERS = ["alice", "bob", "carol", "dave", "erin", "Mallory"];
const PAGES = ["/dashboard", "/reports/12", "/settings", "/users", "/billing"];
const HOSTS = ["10.0.0.7", "10.0.0.12", "192.168.1.40", "172.16.3.9"];

function entry(category: string, pick: <T>(items: readonly T[]) => T, n: number): string {
  const user = pick(USERS);
  switch (category) {
    case "login":
      return n % 7 === 0
        ? `failed login for ${user} from ${pick(HOSTS)}: wrong password`
        : `user ${user} logged in from ${pick(HOSTS)}`;
    case "server":
      return n % 11 === 0
        ? `worker ${n % 4} restarted after ${(n % 9) + 1} s: exit code 137`
        : `GET ${pick(PAGES)} 200 in ${(n * 7) % 300} ms`;
    case "users":
      return `${user} exported report ${n % 40} as CSV`;
    default:
      return n % 13 === 0
        ? `warning: slow query took ${n % 5000} ms\n  at db.query`
        : `${user} opened ${pick(PAGES)}`;
  }
}

/**
 * Logs `count` records spread over the day before `now`, oldest first, plus the HTML entry
 * one minute before `now` in `login`. Returns the number of records written.
 */
export async function writeSampleLogs(root: string, now: Date, count: number): Promise<number> {
  const random = seededRandom(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const categories = ["console", "login", "server", "users"];
  const span = 23 * 3_600_000;
  for (let n = 0; n < count; n++) {
    const at = new Date(now.getTime() - span + Math.floor((span * n) / count));
    const category = pick(categories);
    await logTo(category, entry(category, pick, n), { root, now: () => at });
  }
  await logTo("login", HTML_ENTRY, { root, now: () => new Date(now.getTime() - 60_000) });
  return count + 1;
}
