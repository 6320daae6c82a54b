/**
 * Telling the runtime's disk errors apart, for the other modules of `io/`.
 * @module
 */

/** Whether `error` says the path does not exist. */
export function isNotFound(error: unknown): boolean {
  return error instanceof Deno.errors.NotFound;
}
