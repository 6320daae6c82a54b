/**
 * Telling a category a backup knows from a typo: one that has a log file, an archive, or is
 * built in. Pure.
 * @module
 */
import { LOG_CATEGORIES } from "../format/paths.ts";
import { parseArchives } from "../format/archives.ts";

const LIVE_FILE = /^([a-z0-9][a-z0-9_-]{0,63})_logs\.txt$/;

/**
 * The categories a backup of this root knows: the four built-in ones, those with a log file in
 * the root, and those with an archive.
 * @param rootNames The names in the log root.
 * @param archiveNames The names in `backup_logs`.
 * @returns The category names, sorted.
 */
export function knownCategories(
  rootNames: readonly string[],
  archiveNames: readonly string[],
): string[] {
  const known = new Set<string>(LOG_CATEGORIES);
  for (const name of rootNames) {
    const category = LIVE_FILE.exec(name)?.[1];
    if (category !== undefined) known.add(category);
  }
  for (const entry of parseArchives(archiveNames)) known.add(entry.category);
  return [...known].sort();
}

/**
 * Refuses a category that is not known, unless `create` allows it: a typo must not create an
 * empty file, archive nothing and move the next due date.
 * @param categories The categories asked for.
 * @param known What {@linkcode knownCategories} returned.
 * @param create `true` allows any new category, a list allows those named.
 * @throws {RangeError} For the first unknown one; the message lists the known ones.
 */
export function checkKnownCategories(
  categories: readonly string[],
  known: readonly string[],
  create: boolean | readonly string[] = false,
): void {
  if (create === true) return;
  const allowed = new Set([...known, ...(create === false ? [] : create)]);
  const unknown = categories.find((category) => !allowed.has(category));
  if (unknown === undefined) return;
  const q = JSON.stringify;
  throw new RangeError(
    `Unknown log category ${q(unknown)}: it has no log file, no archive and is not built in; ` +
      `the known ones are ${known.map((name) => q(name)).join(", ")}; to start a new one, ` +
      `give --create-category ${unknown} (createCategories: true in the API)`,
  );
}
