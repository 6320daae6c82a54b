/** createLogsHandler: options, routing, auth, methods, headers, the page and its assets. */
import assert from "node:assert/strict";
import { createLogsHandler } from "../../lib/serve/handler.ts";
import { logTo } from "../../lib/write/log.ts";
import { tempRoot } from "../helpers.ts";
import { get, json, testHandler } from "./handler_helpers.ts";

const ROUTES = ["/", "/api/records", "/api/counts", "/api/stream", "/api/files", "/assets/app.js"];

Deno.test("createLogsHandler() without authorize is a TypeError", () => {
  for (const options of [{}, { authorize: true }, undefined]) {
    assert.throws(() => createLogsHandler(options as never), {
      name: "TypeError",
      message: "Cannot create the logs handler: `authorize` is missing; pass a function that " +
        "returns true for the requests that may read the logs",
    });
  }
});

Deno.test("createLogsHandler() checks basePath, maxLimit and categories", () => {
  const authorize = () => true;
  const cases: [Record<string, unknown>, string][] = [
    [
      { basePath: "logs" },
      'basePath "logs" is not a path; use "/" or a path such as "/logs", without a trailing slash',
    ],
    [
      { basePath: "/logs/" },
      'basePath "/logs/" is not a path; use "/" or a path such as "/logs", without a trailing slash',
    ],
    [{ maxLimit: 0 }, "maxLimit 0 is not a whole number of at least 1"],
    [{ maxLimit: 2.5 }, "maxLimit 2.5 is not a whole number of at least 1"],
    [
      { categories: ["login", "../etc"] },
      'category "../etc" is not valid; use lowercase letters, digits, _ and -',
    ],
    [{ categories: [] }, 'category "" is not valid; use lowercase letters, digits, _ and -'],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => createLogsHandler({ authorize, ...options }), {
      name: "RangeError",
      message: `Cannot create the logs handler: ${message}`,
    });
  }
});

Deno.test("handler: a request authorize refuses is 401 with no data, on every route", async () => {
  await using tmp = await tempRoot();
  await logTo("login", "secret entry", { root: tmp.root });
  let asked = 0;
  const handler = createLogsHandler({
    root: tmp.root,
    authorize: async () => {
      asked++;
      return await Promise.resolve(false);
    },
  });
  for (const path of [...ROUTES, "", "/nope"]) {
    const response = await handler(get(`/logs${path}?since=-1h`));
    assert.equal(response.status, 401, path);
    assert.equal(response.headers.get("www-authenticate"), 'Bearer realm="logs"');
    assert.deepEqual(await response.json(), { error: "Not authorized: sign in or send the token" });
  }
  assert.equal(asked, ROUTES.length + 2);
});

Deno.test("handler: an authorize that throws is a 500, reported to onError", async () => {
  await using tmp = await tempRoot();
  const errors: unknown[] = [];
  const handler = createLogsHandler({
    root: tmp.root,
    authorize: () => {
      throw new Error("session store down");
    },
    onError: (error) => errors.push(error),
  });
  assert.deepEqual(await json(handler(get("/logs/api/records"))), {
    status: 500,
    body: { error: "Cannot check access: the authorize function failed" },
  });
  assert.equal(String(errors[0]), "Error: session store down");
});

Deno.test("handler: every method but GET is 405 with Allow: GET", async () => {
  await using tmp = await tempRoot();
  const handler = testHandler(tmp.root);
  for (const method of ["POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]) {
    for (const path of ROUTES) {
      const response = await handler(get(`/logs${path}`, { method }));
      assert.equal(response.status, 405, `${method} ${path}`);
      assert.equal(response.headers.get("allow"), "GET");
      if (method !== "HEAD") {
        assert.deepEqual(await response.json(), { error: `Method ${method} not allowed: use GET` });
      } else await response.body?.cancel();
    }
  }
});

Deno.test("handler: unknown paths are 404; basePath without its slash redirects", async () => {
  await using tmp = await tempRoot();
  const handler = testHandler(tmp.root);
  for (
    const path of ["/logs/api", "/logs/api/records/", "/logs/assets/x.js", "/logsx", "/other", "/"]
  ) {
    assert.deepEqual(
      await json(handler(get(path))),
      { status: 404, body: { error: "Not found" } },
      path,
    );
  }
  const redirect = await handler(get("/logs?range=1h"));
  assert.equal(redirect.status, 308);
  assert.equal(redirect.headers.get("location"), "/logs/?range=1h");
  const rooted = testHandler(tmp.root, { basePath: "/" });
  assert.equal((await rooted(get("/"))).status, 200);
  assert.equal((await rooted(get("/api/files"))).status, 200);
  const deep = testHandler(tmp.root, { basePath: "/admin/logs" });
  assert.equal((await deep(get("/admin/logs/api/files"))).status, 200);
  assert.equal((await deep(get("/admin/logs"))).headers.get("location"), "/admin/logs/");
});

Deno.test("handler: responses are no-store and nosniff; the page's policy allows its origin only", async () => {
  await using tmp = await tempRoot();
  const handler = testHandler(tmp.root);
  for (
    const path of [...ROUTES.filter((p) => p !== "/api/stream"), "/nope", "/api/records?limit=x"]
  ) {
    const response = await handler(get(`/logs${path}`));
    assert.equal(response.headers.get("cache-control"), "no-store", path);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff", path);
    await response.body?.cancel();
  }
  const page = await handler(get("/logs/"));
  const csp = page.headers.get("content-security-policy")!;
  for (const directive of ["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"]) {
    assert.ok(csp.split("; ").includes(directive), directive);
  }
  assert.ok(!/unsafe-inline|unsafe-eval|\*|http/.test(csp), csp);
  const html = await page.text();
  assert.ok(
    !/<script>|<script(?![^>]*\bsrc=)|\son\w+=|style=/.test(html),
    "no inline script or style",
  );
  assert.ok(!/https?:\/\//.test(html.replaceAll('"http://www.w3.org', "")), "no absolute URL");
});

Deno.test("handler: the page has a toggle per category and serves its assets", async () => {
  await using tmp = await tempRoot();
  const handler = testHandler(tmp.root, { categories: ["login", "billing_eu"] });
  const html = await (await handler(get("/logs/"))).text();
  assert.match(html, /value="login" checked> login<\/label>/);
  assert.match(html, /value="billing_eu" checked> billing_eu<\/label>/);
  assert.ok(!html.includes('value="server"'));
  const types: [string, RegExp][] = [
    ["app.js", /^text\/javascript/],
    ["state.js", /^text\/javascript/],
    ["table.js", /^text\/javascript/],
    ["chart.js", /^text\/javascript/],
    ["controls.js", /^text\/javascript/],
    ["live.js", /^text\/javascript/],
    ["style.css", /^text\/css/],
    ["icon.svg", /^image\/svg\+xml/],
  ];
  for (const [name, type] of types) {
    const response = await handler(get(`/logs/assets/${name}`));
    assert.equal(response.status, 200, name);
    assert.match(response.headers.get("content-type")!, type);
    assert.ok((await response.text()).length > 100, name);
    assert.ok(html.includes(`assets/${name}`) || name.endsWith(".js"), name);
  }
  const app = await (await handler(get("/logs/assets/app.js"))).text();
  assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/.test(app));
});
