/** The API's query parsers: tables of query strings and what they read, or the 400 message. */
import assert from "node:assert/strict";
import { BadRequestError } from "../../lib/serve/http.ts";
import { parseFilter } from "../../lib/serve/params.ts";
import {
  checkBucketCount,
  chooseEvery,
  parseCountsQuery,
  parseRecordsQuery,
  parseStreamQuery,
} from "../../lib/serve/queries.ts";

const now = new Date(Date.UTC(2026, 10, 24, 12, 0, 0));
const context = { categories: ["console", "login", "server", "users"], now, maxLimit: 1000 };
const q = (text: string) => new URLSearchParams(text);

Deno.test("parseFilter() reads categories, times, text, regex and case", () => {
  assert.deepEqual(parseFilter(q(""), context), { categories: context.categories });
  assert.deepEqual(parseFilter(q("category=login&category=users,login"), context), {
    categories: ["login", "users"],
  });
  assert.deepEqual(parseFilter(q("since=-2h&until=now"), context), {
    categories: context.categories,
    since: new Date(now.getTime() - 7_200_000),
    until: now,
  });
  assert.deepEqual(parseFilter(q("q=Alice&ignoreCase=1"), context), {
    categories: context.categories,
    contains: "Alice",
    ignoreCase: true,
  });
  const regex = parseFilter(q("regex=^user \\d&ignoreCase=true"), context).match!;
  assert.equal(regex.source, "^user \\d");
  assert.equal(regex.flags, "iu");
  assert.equal(parseFilter(q("regex=a&ignoreCase=0"), context).match!.flags, "u");
});

Deno.test("parseFilter() and the route parsers throw BadRequestError with the accepted forms", () => {
  const cases: [() => unknown, string | RegExp][] = [
    [
      () => parseFilter(q("category=billing"), context),
      'Unknown category "billing": choose from console, login, server, users',
    ],
    [() => parseFilter(q("since=soon"), context), /^Invalid "since": /],
    [() => parseFilter(q("regex=[a-"), context), /^Invalid regex "\[a-": /],
    [() => parseFilter(q("ignoreCase=on"), context), 'Invalid "ignoreCase" "on": use 1 or 0'],
    [
      () => parseRecordsQuery(q("limit=1001"), context),
      'Invalid limit "1001": use a whole number from 1 to 1000',
    ],
    [
      () => parseRecordsQuery(q("limit=-1"), context),
      'Invalid limit "-1": use a whole number from 1 to 1000',
    ],
    [() => parseRecordsQuery(q("order=asc"), context), 'Invalid order "asc": use newest or oldest'],
    [
      () => parseRecordsQuery(q("every=hour"), context),
      'Unknown parameter "every": this route takes category, host, since, until, q, regex, ignoreCase, limit, order, cursor',
    ],
    [() => parseRecordsQuery(q("q=a&q=b"), context), 'Parameter "q" is given twice: give it once'],
    [
      () => parseCountsQuery(q("every=1.5"), context),
      'Invalid every "1.5": use minute, hour, day, or a whole number of milliseconds of at least 1000',
    ],
    [
      () => parseStreamQuery(q("limit=5"), context, null),
      'Unknown parameter "limit": this route takes category, host, since, until, q, regex, ignoreCase, cursor',
    ],
    [
      () => checkBucketCount(new Date(0), now, "minute"),
      `Too many buckets: ${now.getTime() / 60_000} buckets of minute from "since" to "until"; ` +
      'choose a wider "every" or a shorter range (at most 10000 buckets)',
    ],
  ];
  for (const [parse, message] of cases) {
    assert.throws(parse, (error: unknown) => {
      assert.ok(error instanceof BadRequestError);
      if (typeof message === "string") assert.equal(error.message, message);
      else assert.match(error.message, message);
      return true;
    });
  }
});

Deno.test("parseRecordsQuery() defaults: newest, 100, no cursor", () => {
  assert.deepEqual(parseRecordsQuery(q(""), context), {
    filter: { categories: context.categories },
    order: "newest",
    limit: 100,
  });
  assert.equal(parseRecordsQuery(q(""), { ...context, maxLimit: 20 }).limit, 20);
  assert.deepEqual(parseRecordsQuery(q("order=oldest&limit=5&cursor=abc"), context), {
    filter: { categories: context.categories },
    order: "oldest",
    limit: 5,
    cursor: "abc",
  });
});

Deno.test("parseStreamQuery() takes Last-Event-ID over ?cursor=", () => {
  assert.equal(parseStreamQuery(q("cursor=a"), context, "b").cursor, "b");
  assert.equal(parseStreamQuery(q("cursor=a"), context, null).cursor, "a");
  assert.equal(parseStreamQuery(q(""), context, null).cursor, undefined);
});

Deno.test("chooseEvery() and parseCountsQuery() pick bucket widths", () => {
  const table: [number, string][] = [
    [60_000, "minute"],
    [7_200_000, "minute"],
    [7_200_001, "hour"],
    [7 * 86_400_000, "hour"],
    [30 * 86_400_000, "day"],
  ];
  for (const [span, every] of table) assert.equal(chooseEvery(span), every, String(span));
  assert.equal(parseCountsQuery(q("every=day"), context).every, "day");
  assert.equal(parseCountsQuery(q("every=900000"), context).every, 900_000);
  assert.equal(parseCountsQuery(q(""), context).every, undefined);
  checkBucketCount(new Date(now.getTime() - 86_400_000), now, "minute"); // 1440 buckets: fine
});
