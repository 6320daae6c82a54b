/** The standalone viewer's token gate and flags: pure functions on requests and argument lists. */
import assert from "node:assert/strict";
import { parseServeArgs, urlHost } from "../../lib/serve/cli.ts";
import { createTokenGate, randomToken, sameToken, TOKEN_PATTERN } from "../../lib/serve/token.ts";

const TOKEN = "0123456789abcdef0123";
const gate = createTokenGate(TOKEN, "/");
const at = (path: string, headers: HeadersInit = {}, method = "GET") =>
  new Request(`http://127.0.0.1:8080${path}`, { headers, method });

Deno.test("randomToken() gives 64 hex digits, different each time", () => {
  const a = randomToken();
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.ok(TOKEN_PATTERN.test(a));
  assert.notEqual(a, randomToken());
});

Deno.test("sameToken() is true only for the same text", () => {
  const cases: [string, boolean][] = [
    [TOKEN, true],
    [TOKEN + "x", false],
    [TOKEN.slice(1), false],
    ["", false],
    [TOKEN.replace("0", "1"), false],
  ];
  for (const [given, expected] of cases) assert.equal(sameToken(given, TOKEN), expected, given);
});

Deno.test("TokenGate.authorize() takes a bearer header or the cookie, nothing else", () => {
  const cases: [HeadersInit, boolean][] = [
    [{ authorization: `Bearer ${TOKEN}` }, true],
    [{ authorization: `bearer ${TOKEN}` }, true],
    [{ cookie: `theme=dark; panel_logs_token=${TOKEN}` }, true],
    [{ authorization: `Bearer ${TOKEN}x` }, false],
    [{ authorization: `Basic ${btoa(`u:${TOKEN}`)}` }, false],
    [{ cookie: `other_token=${TOKEN}` }, false],
    [{}, false],
  ];
  for (const [headers, expected] of cases) {
    assert.equal(gate.authorize(at("/", headers)), expected, JSON.stringify(headers));
  }
  assert.equal(gate.authorize(at(`/?token=${TOKEN}`)), false, "the query alone is no access");
});

Deno.test("TokenGate.login() sets an HttpOnly SameSite=Strict cookie and redirects to the clean URL", async () => {
  const response = gate.login(at(`/?range=1h&token=${TOKEN}&q=a`))!;
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), "/?range=1h&q=a");
  assert.equal(
    response.headers.get("set-cookie"),
    `panel_logs_token=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`,
  );
  assert.equal(response.headers.get("cache-control"), "no-store");
  const refused = gate.login(at("/?token=wrong-token-0000000"))!;
  assert.equal(refused.status, 401);
  assert.equal(refused.headers.get("set-cookie"), null);
  assert.deepEqual(await refused.json(), {
    error: "Not authorized: the token in the link is not the server's",
  });
  assert.equal(gate.login(at("/?q=token")), undefined);
  assert.equal(gate.login(at(`/?token=${TOKEN}`, {}, "POST"))!.status, 401);
});

Deno.test("parseServeArgs() reads every flag, with defaults", () => {
  assert.deepEqual(parseServeArgs([]), {
    kind: "run",
    root: "logs",
    host: "127.0.0.1",
    port: 8080,
  });
  assert.deepEqual(
    parseServeArgs(["--root", "/srv/logs", "--host=::1", "--port", "0", "--token-file", "/etc/t"]),
    { kind: "run", root: "/srv/logs", host: "::1", port: 0, tokenFile: "/etc/t" },
  );
  assert.deepEqual(parseServeArgs(["-h"]), { kind: "help" });
});

Deno.test("parseServeArgs() says what is wrong", () => {
  const cases: [string[], string][] = [
    [["--port", "70000"], 'Invalid value for --port: "70000" is not 0 to 65535'],
    [["--port", "8o"], 'Invalid value for --port: "8o" is not 0 to 65535'],
    [["--prot", "1"], 'Unknown option "--prot": check its spelling'],
    [["logs"], 'Unexpected argument "logs": the viewer takes options only'],
    [["--root="], "Invalid value for --root: it is empty"],
  ];
  for (const [args, message] of cases) {
    assert.deepEqual(parseServeArgs(args), { kind: "error", message });
  }
});

Deno.test("urlHost() brackets IPv6", () => {
  assert.equal(urlHost("127.0.0.1", 8080), "127.0.0.1:8080");
  assert.equal(urlHost("::1", 80), "[::1]:80");
});
