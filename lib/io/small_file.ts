/**
 * Reads a small text file the operator names (a token file): a regular file only, bounded.
 * @module
 */
import { fileError, LogFileError } from "../errors.ts";

/**
 * Reads `path` as UTF-8, refusing anything but a regular file and anything over `maxBytes`.
 * @throws {LogFileError} If it cannot be read, is not a regular file, or is too large.
 */
export async function readSmallTextFile(path: string, maxBytes: number): Promise<string> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    throw fileError("Cannot read", path, error);
  }
  using _file = file;
  const info = await file.stat();
  if (!info.isFile) {
    throw new LogFileError(
      `Cannot read ${JSON.stringify(path)}: it is not a regular file; name a regular file`,
      path,
    );
  }
  const buffer = new Uint8Array(maxBytes + 1);
  let length = 0;
  for (let n; length < buffer.length && (n = await file.read(buffer.subarray(length)));) {
    length += n;
  }
  if (length > maxBytes) {
    throw new LogFileError(
      `Cannot read ${JSON.stringify(path)}: it is larger than ${maxBytes} bytes; ` +
        "put only the token in it",
      path,
    );
  }
  return new TextDecoder().decode(buffer.subarray(0, length));
}
