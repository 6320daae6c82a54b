/**
 * The one error class for disk failures, and the wording that says what to fix.
 * @module
 */
import { dirname } from "node:path";
import { describeUnsafe, realFolderSync, UnsafeEntryError } from "./io/entries.ts";

/**
 * A log file, archive or state file could not be read or written.
 * @example Tell a disk failure from bad input
 * ```ts
 * import { logEvent, LogFileError } from "@panel/logging";
 * import assert from "node:assert/strict";
 * const root = await Deno.makeTempDir();
 * const error = await logEvent(root, "x").catch((e) => e); // a folder, not a file
 * assert.ok(error instanceof LogFileError);
 * assert.equal(error.path, root);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export class LogFileError extends Error {
  /** Always `"LogFileError"`. */
  override name = "LogFileError";
  /** The path that failed. */
  readonly path: string;

  /**
   * Creates the error. The functions of this module throw it for you; create one yourself only
   * to report a disk failure of your own the same way.
   * @param message What failed, the quoted path, what was found, and the fix.
   * @param path The path that failed.
   * @param options `cause`: the original error.
   */
  constructor(message: string, path: string, options?: { cause?: unknown }) {
    super(message, options);
    this.path = path;
  }
}

function errorCode(cause: unknown): string {
  const code = (cause as { code?: unknown })?.code;
  const message = cause instanceof Error ? cause.message : "";
  if (typeof code === "string" && code) return code;
  if (/no space left/i.test(message)) return "ENOSPC";
  if (/read-only file system/i.test(message)) return "EROFS";
  if (/too many open files/i.test(message)) return "EMFILE";
  if (/cross-device link/i.test(message)) return "EXDEV";
  return "";
}

/**
 * Says why a disk operation failed and what to do, from the class of the cause.
 * @param path The path that failed.
 * @param cause The error the runtime threw.
 * @param folder The folder to grant permissions on; the path's folder by default.
 * @returns The part of a message after the colon.
 */
export function describeCause(
  path: string,
  cause: unknown,
  folder: string = dirname(path),
): string {
  if (cause instanceof UnsafeEntryError) return describeUnsafe(cause.reason);
  if (cause instanceof Deno.errors.NotCapable) {
    const real = realFolderSync(folder);
    if (real === null) {
      return `Deno has no permission for it; run with --allow-read=${folder} --allow-write=${folder}`;
    }
    const both = `${folder},${real}`;
    return `Deno has no permission for it; "${folder}" is a link to "${real}", grant both: run with --allow-read=${both} --allow-write=${both}`;
  }
  if (cause instanceof Deno.errors.IsADirectory) {
    return "it is a directory; move that directory away";
  }
  if (cause instanceof Deno.errors.NotADirectory) {
    return "a file stands where a folder is expected on its path; move that file away";
  }
  if (cause instanceof Deno.errors.AlreadyExists) {
    return "a file of that name is in the way; move that file away";
  }
  if (cause instanceof Deno.errors.NotFound) {
    return "a folder on its path does not exist; create it first";
  }
  const code = errorCode(cause);
  if (code === "ENOSPC") {
    return "no space left on the device; free some space and run again";
  }
  if (code === "EMFILE" || code === "ENFILE") {
    return "too many open files; raise the limit with ulimit -n (or LimitNOFILE in a systemd unit)";
  }
  if (code === "EXDEV") {
    return "backup_logs is on another file system; keep backup_logs on the same file system as the log files";
  }
  if (code === "EROFS") {
    return "the file system is read-only; remount it read-write or choose another root";
  }
  if (cause instanceof Deno.errors.PermissionDenied) {
    return `the operating system denied access; give this user write access to ${folder}`;
  }
  // The runtime's own words, without the error number and the path it repeats.
  const words = (cause instanceof Error ? cause.message : String(cause))
    .replace(/ \(os error \d+\)/, "").replace(/: \w+ '.*'$/s, "");
  return words.charAt(0).toLowerCase() + words.slice(1);
}

/**
 * Wraps a disk failure into a {@linkcode LogFileError} whose message names the path.
 * @param action What was attempted, e.g. `Cannot append to log file`.
 * @param path The path that failed.
 * @param cause The error the runtime threw; kept as `cause`.
 * @param folder The folder to grant permissions on; the path's folder by default.
 * @returns The error to throw.
 */
export function fileError(
  action: string,
  path: string,
  cause: unknown,
  folder?: string,
): LogFileError {
  if (cause instanceof LogFileError) return cause;
  return new LogFileError(
    `${action} ${JSON.stringify(path)}: ${describeCause(path, cause, folder)}`,
    path,
    { cause },
  );
}
