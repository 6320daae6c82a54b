/**
 * Server-Sent Events: the framing, and a response body that streams records from a follower,
 * sends a comment every `keepAliveMs`, and stops the follower and its timer when the client
 * goes away or the server stops.
 * @module
 */
import { formatTimestamp } from "../format/time.ts";

/** A record as the API sends it: `time` is RFC 3339 with milliseconds. */
export interface RecordJson {
  /** Local time with milliseconds and offset, as written in the file. */
  time: string;
  /** The category of the file it came from. */
  category: string;
  /** The entry, unescaped. */
  entry: string;
  /** Passing it back continues right after this record. */
  cursor: string;
  /** With hosts: the host folder it was read from. */
  host?: string;
}

/** The fields of a record the API needs (the readers' `LogRecord`). */
export interface RecordLike {
  /** When it was logged. */
  time: Date;
  /** Its category. */
  category: string;
  /** The unescaped entry. */
  entry: string;
  /** The opaque cursor. */
  cursor: string;
  /** With hosts: its host. */
  host?: string;
}

/** A record in the API's JSON shape. */
export function recordJson(record: RecordLike): RecordJson {
  const { category, entry, cursor, host } = record;
  const json: RecordJson = { time: formatTimestamp(record.time), category, entry, cursor };
  if (host !== undefined) json.host = host;
  return json;
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * One SSE event: `event:`, `id:`, one `data:` line per line of `data`, then a blank line. An
 * `id` with a line break or NUL cannot be framed and throws a `RangeError`.
 */
export function formatEvent(event: { event?: string; id?: string; data: string }): string {
  let text = event.event ? `event: ${event.event}\n` : "";
  if (event.id !== undefined) {
    if (/[\r\n\0]/.test(event.id)) {
      throw new RangeError(`Cannot send event id ${JSON.stringify(event.id)}: it has a line break`);
    }
    text += `id: ${event.id}\n`;
  }
  for (const line of event.data.split(LINE_BREAK)) text += `data: ${line}\n`;
  return text + "\n";
}

/** An SSE comment line, which clients ignore and proxies see as traffic. */
export function formatComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, " ")}\n\n`;
}

// Not `event: error`: EventSource fires its own `error` events, and the page must tell them apart.
const FAILED_EVENT = formatEvent({
  event: "failed",
  data: JSON.stringify({ error: "Cannot follow the log files; the server's log has the details" }),
});

/** Options of {@linkcode recordEventStream}. */
export interface EventStreamOptions {
  /** Aborting it ends the stream; the stream aborts it when it ends or the client goes away. */
  stop: AbortController;
  /** Milliseconds between keep-alive comments. */
  keepAliveMs: number;
  /** The reconnection delay sent to the browser, in ms. */
  retryMs: number;
  /** Told about a failure of the follower; the client gets a `failed` event without details. */
  onError: (error: unknown) => void;
}

/**
 * A response body of `event: record` events from `records`, with keep-alive comments. The
 * follower is pulled only as fast as the client reads. When `stop` aborts, for whatever
 * reason, the timer is cleared, the follower is returned and the body ends.
 */
export function recordEventStream(
  records: AsyncIterator<RecordLike>,
  options: EventStreamOptions,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const { stop, keepAliveMs, retryMs, onError } = options;
  let timer: ReturnType<typeof setInterval> | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      send(`retry: ${retryMs}\n${formatComment("live")}`);
      timer = setInterval(() => {
        try {
          send(formatComment("keep-alive"));
        } catch {
          stop.abort();
        }
      }, keepAliveMs);
      const finish = () => {
        clearInterval(timer);
        closeQuietly(controller, "");
        records.return?.().catch(() => {});
      };
      if (stop.signal.aborted) finish();
      else stop.signal.addEventListener("abort", finish, { once: true });
    },
    async pull(controller) {
      try {
        const next = await records.next();
        if (next.done) throw null;
        const record = recordJson(next.value);
        const data = JSON.stringify(record);
        controller.enqueue(
          encoder.encode(formatEvent({ event: "record", id: record.cursor, data })),
        );
      } catch (error) {
        if (error !== null && !stop.signal.aborted) {
          onError(error);
          closeQuietly(controller, FAILED_EVENT);
        }
        stop.abort();
      }
    },
    cancel() {
      stop.abort();
    },
  });
}

function closeQuietly(controller: ReadableStreamDefaultController<Uint8Array>, last: string) {
  try {
    if (last) controller.enqueue(new TextEncoder().encode(last));
    controller.close();
  } catch {
    // Already closed, or the client went away first: nothing to close.
  }
}
