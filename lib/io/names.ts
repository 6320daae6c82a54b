/**
 * Listing names: what a backup needs to tell known categories from typos.
 * @module
 */
import { isNotFound } from "./errors.ts";

/** The names in folder `dir`, sorted; none when it does not exist. Nothing is opened or followed. */
export async function listNames(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    // A link in place of the folder is not listed: what it points to is outside the root.
    if (!(await Deno.lstat(dir)).isDirectory) return names;
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  } catch (error) {
    // Not there, or not a folder: no names; creating the layout reports what is in the way.
    if (!isNotFound(error) && !(error instanceof Deno.errors.NotADirectory)) throw error;
  }
  return names.sort();
}

/**
 * Whether Deno may read, and write when `write`, under `path`: asked of Deno's permissions,
 * without touching the disk.
 * @returns The flags to add, e.g. `["--allow-write=logs"]`; empty when all is granted.
 */
export function missingPermissions(path: string, write: boolean): string[] {
  const missing: string[] = [];
  for (const name of write ? ["read", "write"] as const : ["read"] as const) {
    if (Deno.permissions.querySync({ name, path }).state !== "granted") {
      missing.push(`--allow-${name}=${path}`);
    }
  }
  return missing;
}
