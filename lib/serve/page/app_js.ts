/**
 * The page's main module (`assets/app.js`): reads the controls and the URL, loads records and
 * counts, pages with "Load older", and streams live records in.
 * @module
 */

/** The source of `assets/app.js`. */
export const APP_JS: string = String.raw`
import { chooseEvery, filterParams, readState, resolveRange, stateSearch } from "./state.js";
import { appendRows, prependRows } from "./table.js";
import { countRecord, drawChart, widthLabel } from "./chart.js";
import { startLive } from "./live.js";
import { controlState, writeControls } from "./controls.js";

const PAGE_SIZE = 200;
const $ = (id) => document.getElementById(id);
const controls = {
  form: $("filters"), q: $("q"), regex: $("regex"), matchCase: $("case"), range: $("range"),
  custom: $("custom"), from: $("from"), to: $("to"), live: $("live"), status: $("live-status"),
  older: $("older"), summary: $("summary"), error: $("error"), chart: $("chart"), stack: $("stack"),
  tbody: document.querySelector("#records tbody"),
};
const toggles = [...document.querySelectorAll("#categories input, #hosts input")];
const valuesOf = (name) => toggles.filter((i) => i.name === name).map((i) => i.value);
const ALL = valuesOf("category");
const HOSTS = valuesOf("host");
const colorIn = (names) => (name) => "c" + (Math.max(0, names.indexOf(name)) % 8);
const colorOf = colorIn(ALL);
const SERIES = {
  category: { kind: "category", field: "counts", names: ALL, colorOf },
  host: { kind: "host", field: "byHost", names: HOSTS, colorOf: colorIn(HOSTS) },
};
const search = () => location.pathname + stateSearch(state, ALL, HOSTS);

let state = readState(location.search, ALL, HOSTS);
const showState = () => writeControls(controls, toggles, state);
const readControls = () => (state = controlState(controls, toggles));
let view = { generation: 0, params: null, next: null, newest: "", shown: 0, counts: null };

function showError(message) {
  controls.error.hidden = !message;
  controls.error.textContent = message || "";
}

async function getJson(path, params) {
  const response = await fetch(path + "?" + params, { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || "HTTP " + response.status);
  return body;
}

function showSummary() {
  const count = view.shown.toLocaleString("en");
  controls.summary.textContent = count + (view.shown === 1 ? " record" : " records") +
    (view.next ? " shown, newest first" : " (all that match), newest first");
  controls.older.disabled = !view.next;
}

function showRecords(page, generation) {
  if (generation !== view.generation) return false;
  appendRows(controls.tbody, page.records, colorOf);
  if (!view.newest && page.records.length) view.newest = page.records[0].cursor;
  view.next = page.next;
  view.shown += page.records.length;
  showSummary();
  return true;
}

async function loadCounts(params, range, generation) {
  const query = new URLSearchParams(params);
  if (!range.until) query.set("until", new Date().toISOString());
  const span = range.since ? Date.parse(query.get("until")) - Date.parse(range.since) : 0;
  if (range.since) query.set("every", chooseEvery(span));
  const counts = await getJson("api/counts", query);
  if (generation !== view.generation) return;
  view.counts = counts;
  for (const key of ["since", "until", "every"]) {
    controls.chart.dataset[key] = query.get(key) || "";
  }
  redrawChart();
}

function redrawChart() {
  const max = drawChart(controls.chart, view.counts, SERIES[state.stack]);
  const buckets = view.counts.buckets;
  $("axis-start").textContent = buckets.length ? buckets[0].start.slice(0, 16).replace("T", " ") : "";
  $("axis-max").textContent = widthLabel(view.counts.every) + " per bar, at most " + max;
  $("axis-end").textContent = controls.chart.dataset.until.slice(0, 16).replace("T", " ");
}

function onLiveRecord(record) {
  prependRows(controls.tbody, [record], colorOf);
  view.newest = record.cursor;
  view.shown += 1;
  showSummary();
  if (view.counts && countRecord(view.counts, record)) redrawChart();
}

async function load() {
  const generation = view.generation + 1;
  if (view.stopLive) view.stopLive();
  view = { generation, params: null, next: null, newest: "", shown: 0, counts: null };
  history.replaceState(null, "", search());
  controls.tbody.replaceChildren();
  showError("");
  const none = !state.categories.length ? "category" : HOSTS.length && !state.hosts.length ? "host" : "";
  if (none) {
    controls.summary.textContent = "No " + none + " chosen: tick one to see its records";
    delete document.body.dataset.loading;
    return;
  }
  const range = resolveRange(state, new Date());
  view.params = filterParams(state, ALL, HOSTS, range);
  controls.summary.textContent = "Loading…";
  document.body.dataset.loading = "1"; // tests and scripts wait for it to go
  try {
    const first = new URLSearchParams(view.params);
    first.set("limit", String(PAGE_SIZE));
    const [page] = await Promise.all([
      getJson("api/records", first),
      loadCounts(view.params, range, generation),
    ]);
    if (!showRecords(page, generation)) return;
    if (state.live) goLive();
  } catch (error) {
    if (generation === view.generation) showError(error.message);
  }
  if (generation === view.generation) delete document.body.dataset.loading;
}

function goLive() {
  const handlers = {
    onRecord: onLiveRecord,
    onStatus: (status) => (controls.status.textContent = status),
    onError: showError,
  };
  view.stopLive = startLive(view.params, view.newest, handlers);
}

// Live on or off keeps the rows: the stream starts right after the newest one shown.
function toggleLive() {
  history.replaceState(null, "", search());
  if (view.stopLive) view.stopLive();
  view.stopLive = null;
  if (state.live && view.params) goLive();
}

async function loadOlder() {
  if (!view.next) return;
  const generation = view.generation;
  const query = new URLSearchParams(view.params);
  query.set("limit", String(PAGE_SIZE));
  query.set("cursor", view.next);
  controls.older.disabled = true;
  document.body.dataset.loading = "1";
  try {
    showRecords(await getJson("api/records", query), generation);
  } catch (error) {
    showError(error.message);
    controls.older.disabled = false;
  }
  if (generation === view.generation) delete document.body.dataset.loading;
}

let typing = 0;
function onChange(event) {
  clearTimeout(typing);
  readControls();
  if (event.target === controls.q) typing = setTimeout(load, 300);
  else if (event.target === controls.live) toggleLive();
  else if (event.target === controls.stack) {
    history.replaceState(null, "", search());
    if (view.counts) redrawChart();
  }
  else load();
}

controls.form.addEventListener("input", onChange);
controls.form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typing);
  readControls();
  load();
});
controls.older.addEventListener("click", loadOlder);
document.addEventListener("keydown", (event) => {
  const typingInField = event.target.closest("input, select, textarea");
  if (event.key === "/" && !typingInField && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    controls.q.focus();
  }
});
showState();
load();
`;
