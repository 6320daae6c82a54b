/**
 * The public surface is intentional: `deno doc` of every entry point shows no plan plumbing,
 * no doc names a helper that is not exported, `deno doc --lint` is clean, and the README's API
 * table names every export.
 */
import assert from "node:assert/strict";
import { repoPath, runDeno } from "./helpers.ts";

const config = JSON.parse(await Deno.readTextFile(repoPath("deno.json")));
const ENTRIES: Record<string, string> = config.exports;
const README = await Deno.readTextFile(repoPath("README.md"));

/** `deno doc --json` of one entry point: its symbols, and the whole JSON text. */
async function doc(entry: string): Promise<{ names: string[]; json: string }> {
  const run = await runDeno(["doc", "--json", repoPath(entry)]);
  assert.equal(run.code, 0, run.stderr);
  const nodes = JSON.parse(run.stdout).nodes as Record<string, { symbols: { name: string }[] }>;
  const names = Object.values(nodes).flatMap((node) => node.symbols.map((s) => s.name));
  return { names, json: run.stdout };
}

/** Every property name anywhere in the doc JSON of interfaces and classes. */
function propertyNames(json: string): Set<string> {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.properties)) {
      for (const p of record.properties) names.add((p as { name: string }).name);
    }
    Object.values(record).forEach(walk);
  };
  walk(JSON.parse(json));
  return names;
}

Deno.test("deno doc of mod.ts shows no plan plumbing and names no internal helper", async () => {
  const { names, json } = await doc(ENTRIES["."]!);
  for (const internal of ["PlanInput", "BackupState", "FileInfo", "BackupSettings", "planBackup"]) {
    assert.ok(!names.includes(internal), `mod.ts exports ${internal}`);
  }
  const properties = propertyNames(json);
  for (const internal of ["linked", "nlink", "stateText"]) {
    assert.ok(!properties.has(internal), `deno doc shows the property ${internal}`);
  }
  assert.ok(!json.includes("fileError"), "a doc refers to fileError, which is not exported");
  for (const needed of ["BackupReport", "BackupPlan", "BackupProgress", "BackupOptions"]) {
    assert.ok(names.includes(needed), `mod.ts does not export ${needed}, which users receive`);
  }
});

Deno.test("deno doc --lint is clean on every entry point", async () => {
  const run = await runDeno(["doc", "--lint", ...Object.values(ENTRIES).map(repoPath)]);
  assert.equal(run.code, 0, run.stdout + run.stderr);
});

Deno.test("README's API table names every export of every entry point", async () => {
  const table = README.slice(README.indexOf("\n## API\n"), README.indexOf("\n### Logging\n"));
  const missing: string[] = [];
  for (const [key, entry] of Object.entries(ENTRIES)) {
    const specifier = key === "." ? "@panel/logging" : `@panel/logging/${key.slice(2)}`;
    for (const name of (await doc(entry)).names) {
      const listed = name === "main"
        ? table.includes(`\`main\` of \`${specifier}\``)
        : new RegExp(`\`${name}[\`(]`).test(table);
      if (!listed) missing.push(`${specifier}: ${name}`);
    }
  }
  assert.deepEqual(missing, [], "exports missing from the README's API table");
});
