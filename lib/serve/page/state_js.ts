/**
 * The page's state module (`assets/state.js`): the page URL holds the whole query; this reads
 * it, writes it back, and turns it into API parameters.
 * @module
 */

/** The source of `assets/state.js`. */
export const STATE_JS: string = String.raw`
export const RANGES = { "15m": 9e5, "1h": 36e5, "24h": 864e5, "7d": 6048e5, "30d": 2592e6 };
export const DEFAULT_RANGE = "24h";
const OTHER_RANGES = ["all", "custom"];

function instant(text) {
  const date = new Date(text || "");
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}

// The values of a repeated URL parameter among all of them; all when none is named.
function chosen(p, name, all) {
  const named = p.getAll(name).filter((value) => all.includes(value));
  return named.length ? named : all.slice();
}

// Appends a repeated parameter unless every value is chosen (the default).
function appendChosen(p, name, values, all) {
  if (values.length !== all.length) for (const value of values) p.append(name, value);
}

// Reads the page URL: category and host (repeated), range, from, to, q, regex=1, case=1,
// live=1, stack=host.
export function readState(search, allCategories, allHosts) {
  const p = new URLSearchParams(search);
  const range = p.get("range") || DEFAULT_RANGE;
  const known = range in RANGES || OTHER_RANGES.includes(range);
  return {
    categories: chosen(p, "category", allCategories),
    hosts: chosen(p, "host", allHosts),
    stack: p.get("stack") === "host" && allHosts.length ? "host" : "category",
    range: known ? range : DEFAULT_RANGE,
    from: instant(p.get("from")),
    to: instant(p.get("to")),
    q: p.get("q") || "",
    regex: p.get("regex") === "1",
    matchCase: p.get("case") === "1",
    live: p.get("live") === "1",
  };
}

// The page URL's query for a state; defaults are left out, so a plain URL is the default view.
export function stateSearch(state, allCategories, allHosts) {
  const p = new URLSearchParams();
  appendChosen(p, "category", state.categories, allCategories);
  appendChosen(p, "host", state.hosts, allHosts);
  if (state.stack === "host") p.set("stack", "host");
  if (state.range !== DEFAULT_RANGE) p.set("range", state.range);
  if (state.range === "custom" && state.from) p.set("from", state.from);
  if (state.range === "custom" && state.to) p.set("to", state.to);
  if (state.q) p.set("q", state.q);
  if (state.regex) p.set("regex", "1");
  if (state.matchCase) p.set("case", "1");
  if (state.live) p.set("live", "1");
  const text = p.toString();
  return text ? "?" + text : "";
}

// The instants a state covers, read once against now: { since, until } as ISO strings or "".
export function resolveRange(state, now) {
  if (state.range in RANGES) {
    return { since: new Date(now - RANGES[state.range]).toISOString(), until: now.toISOString() };
  }
  if (state.range === "custom") return { since: state.from, until: state.to };
  return { since: "", until: "" };
}

// The API parameters of a state: what both /api/records and /api/counts take.
export function filterParams(state, allCategories, allHosts, range) {
  const p = new URLSearchParams();
  appendChosen(p, "category", state.categories, allCategories);
  appendChosen(p, "host", state.hosts, allHosts);
  if (range.since) p.set("since", range.since);
  if (range.until) p.set("until", range.until);
  if (state.q) p.set(state.regex ? "regex" : "q", state.q);
  if (state.q && !state.matchCase) p.set("ignoreCase", "1");
  return p;
}

// The bucket width for a span: a chart of 15 to 170 bars. Calendar units follow the server's
// local calendar; a number of ms is aligned to the epoch.
export function chooseEvery(spanMs) {
  if (spanMs <= 2 * 36e5) return "minute";
  if (spanMs <= 2 * 864e5) return "900000";
  if (spanMs <= 8 * 864e5) return "hour";
  return "day";
}
`;
