import assert from "node:assert/strict";
import {
  categoryFile,
  checkCategory,
  LOG_CATEGORIES,
  LOG_FILES,
  logPaths,
} from "../../lib/format/paths.ts";

Deno.test("LOG_CATEGORIES lists the four built-in categories", () => {
  assert.deepEqual(LOG_CATEGORIES, ["console", "login", "server", "users"]);
});

Deno.test("LOG_FILES names one file per built-in category under logs/", () => {
  assert.deepEqual(LOG_FILES, {
    console: "logs/console_logs.txt",
    login: "logs/login_logs.txt",
    server: "logs/server_logs.txt",
    users: "logs/users_logs.txt",
  });
});

Deno.test("logPaths() defaults to the root logs", () => {
  assert.deepEqual(logPaths(), {
    root: "logs",
    backupDir: "logs/backup_logs",
    datesDir: "logs/dates",
    backupDateFile: "logs/dates/backup_date.txt",
    lockFile: "logs/dates/backup.lock",
    files: LOG_FILES,
  });
});

Deno.test("logPaths() lists every path under a custom root", () => {
  assert.deepEqual(logPaths("/srv/logs"), {
    root: "/srv/logs",
    backupDir: "/srv/logs/backup_logs",
    datesDir: "/srv/logs/dates",
    backupDateFile: "/srv/logs/dates/backup_date.txt",
    lockFile: "/srv/logs/dates/backup.lock",
    files: {
      console: "/srv/logs/console_logs.txt",
      login: "/srv/logs/login_logs.txt",
      server: "/srv/logs/server_logs.txt",
      users: "/srv/logs/users_logs.txt",
    },
  });
});

Deno.test("logPaths() normalizes a trailing slash in the root but keeps root as given", () => {
  const paths = logPaths("/r/");
  assert.equal(paths.root, "/r/");
  assert.equal(paths.backupDir, "/r/backup_logs");
  assert.equal(paths.files.login, "/r/login_logs.txt");
});

Deno.test("logPaths() names files for custom categories only", () => {
  const paths = logPaths("/r", { categories: ["billing", "a_b-1"] });
  assert.deepEqual(paths.files, {
    billing: "/r/billing_logs.txt",
    "a_b-1": "/r/a_b-1_logs.txt",
  });
  assert.equal(paths.backupDateFile, "/r/dates/backup_date.txt");
});

Deno.test("logPaths() with no categories names no files", () => {
  assert.deepEqual(logPaths("/r", { categories: [] }).files, {});
});

Deno.test("logPaths() throws RangeError for an invalid custom category", () => {
  assert.throws(() => logPaths("/r", { categories: ["login", "../x"] }), {
    name: "RangeError",
    message: /^Invalid log category "\.\.\/x": use 1 to 64 characters/,
  });
});

Deno.test("categoryFile() joins root and <category>_logs.txt", () => {
  assert.equal(categoryFile("logs", "billing"), "logs/billing_logs.txt");
  assert.equal(categoryFile("/srv/logs", "login"), "/srv/logs/login_logs.txt");
  assert.throws(() => categoryFile("logs", "a/b"), { name: "RangeError", message: /"a\/b"/ });
});

function label(name: string): string {
  return name.length > 10 ? `${name.length} characters` : JSON.stringify(name);
}

const VALID = ["a", "0", "login", "a_b-1", "9lives", "x".repeat(64)];

for (const name of VALID) {
  Deno.test(`checkCategory() accepts ${label(name)}`, () => {
    assert.equal(checkCategory(name), undefined);
  });
}

const INVALID = [
  "../x",
  "a/b",
  "",
  "A",
  "Login",
  "x".repeat(65),
  "-x",
  "_x",
  "a b",
  "a.b",
  "a\n",
  "é",
];

for (const name of INVALID) {
  Deno.test(`checkCategory() throws RangeError for ${label(name)}`, () => {
    assert.throws(() => checkCategory(name), {
      name: "RangeError",
      message: new RegExp(
        `^Invalid log category ${JSON.stringify(name).replace(/[\\.]/g, "\\$&")}: `,
      ),
    });
  });
}
