/**
 * Host names at a central root: `<root>/<host>/<category>_logs.txt`. Pure: no disk access.
 * @module
 */

/**
 * What a host name must look like, checked like a category name: a letter or digit first, then
 * letters, digits, `.`, `_` and `-`, at most 64 characters. `.`, `..` and anything with `/`
 * never match, so a host name is always one plain folder under the central root.
 * @example
 * ```ts
 * import { HOST_PATTERN } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.ok(HOST_PATTERN.test("app1.example.com"));
 * assert.ok(!HOST_PATTERN.test("../../etc"));
 * ```
 */
export const HOST_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Checks a host name against {@linkcode HOST_PATTERN}.
 * @param host The name to check.
 * @param what Where it came from, for the message (an option or a flag).
 * @returns The name, unchanged.
 * @throws {TypeError} If it is not a string.
 * @throws {RangeError} If it does not match.
 * @example
 * ```ts
 * import { checkHostName } from "@panel/logging";
 * import assert from "node:assert/strict";
 * assert.equal(checkHostName("app1"), "app1");
 * assert.throws(() => checkHostName(".."), RangeError);
 * ```
 */
export function checkHostName(host: unknown, what = "host name"): string {
  if (typeof host !== "string") {
    throw new TypeError(`Invalid ${what}: expected a string, got ${typeof host}`);
  }
  if (!HOST_PATTERN.test(host)) {
    throw new RangeError(
      `Invalid ${what} ${JSON.stringify(host)}: use letters, digits, ".", "_" and "-", ` +
        `starting with a letter or digit, at most 64 characters`,
    );
  }
  return host;
}
