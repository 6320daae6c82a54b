/**
 * The page's live module (`assets/live.js`): an EventSource on `/api/stream`, and what it says
 * about itself (live, reconnecting, stopped).
 * @module
 */

/** The source of `assets/live.js`. */
export const LIVE_JS: string = String.raw`
// Streams the records logged after "cursor" (or after now). The browser reconnects on its own
// and sends Last-Event-ID, so the server resumes right after the last record received.
export function startLive(params, cursor, handlers) {
  const query = new URLSearchParams(params);
  query.delete("until");
  query.delete("since");
  if (cursor) query.set("cursor", cursor);
  const source = new EventSource("api/stream?" + query);
  handlers.onStatus("connecting");
  source.addEventListener("open", () => handlers.onStatus("live"));
  source.addEventListener("record", (event) => handlers.onRecord(JSON.parse(event.data)));
  source.addEventListener("failed", (event) => {
    source.close();
    handlers.onStatus("stopped");
    handlers.onError(JSON.parse(event.data).error);
  });
  source.addEventListener("error", () => {
    handlers.onStatus(source.readyState === EventSource.CLOSED ? "stopped" : "reconnecting");
  });
  return () => {
    source.close();
    handlers.onStatus("stopped");
  };
}
`;
