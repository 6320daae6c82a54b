/**
 * The viewer page's HTML. No inline script or style: the policy forbids both.
 * @module
 */

const RANGES: [string, string][] = [
  ["15m", "Last 15 min"],
  ["1h", "Last hour"],
  ["24h", "Last 24 h"],
  ["7d", "Last 7 days"],
  ["30d", "Last 30 days"],
  ["all", "All"],
  ["custom", "Custom"],
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function toggle(kind: "category" | "host", value: string, index: number): string {
  const name = escapeHtml(value);
  return `<label class="toggle c${index % 8}"><input type="checkbox" name="${kind}" ` +
    `value="${name}" checked> ${name}</label>`;
}

// With hosts: a toggle per host, and the chart's "Stack by" choice.
function hostControls(hosts: readonly string[]): string {
  if (hosts.length === 0) return "";
  return `<fieldset id="hosts"><legend>Hosts</legend>
${hosts.map((host, i) => toggle("host", host, i)).join("\n")}
</fieldset>
<div class="group">
<label for="stack">Stack by</label>
<select id="stack"><option value="category">Category</option><option value="host">Host</option></select>
</div>
`;
}

/** The page, with one toggle per category, and per host when the root is a central root. */
export function renderPage(categories: readonly string[], hosts: readonly string[] = []): string {
  const hostColumn = hosts.length ? '<th scope="col">Host</th>' : "";
  const options = RANGES.map(([value, label]) => `<option value="${value}">${label}</option>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Logs</title>
<link rel="icon" href="assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="assets/style.css">
<script type="module" src="assets/app.js"></script>
</head>
<body>
<header>
<h1>Logs</h1>
<form id="filters" role="search">
<fieldset id="categories"><legend>Categories</legend>
${categories.map((category, i) => toggle("category", category, i)).join("\n")}
</fieldset>
${hostControls(hosts)}<div class="group">
<label for="q">Search</label>
<input type="search" id="q" name="q" placeholder="Search entries (press /)" autocomplete="off" spellcheck="false">
<label class="check"><input type="checkbox" id="regex"> Regex</label>
<label class="check"><input type="checkbox" id="case"> Case</label>
</div>
<div class="group">
<label for="range">Range</label>
<select id="range">${options.join("")}</select>
<span id="custom" hidden>
<label for="from">From</label> <input type="datetime-local" id="from" step="1">
<label for="to">To</label> <input type="datetime-local" id="to" step="1">
</span>
</div>
<div class="group">
<label class="check"><input type="checkbox" id="live"> Live</label>
<output id="live-status" aria-live="polite">stopped</output>
</div>
</form>
</header>
<main>
<section class="chart" aria-label="Events per bucket">
<svg id="chart" role="img" aria-label="No events"></svg>
<div class="axis"><span id="axis-start"></span><span id="axis-max"></span><span id="axis-end"></span></div>
</section>
<p id="error" role="alert" hidden></p>
<p id="summary" role="status" aria-live="polite"></p>
<table id="records">
<caption>Log records, newest first</caption>
<thead><tr><th scope="col">Time</th>${hostColumn}<th scope="col">Category</th><th scope="col">Entry</th></tr></thead>
<tbody></tbody>
</table>
<button type="button" id="older" disabled>Load older</button>
</main>
</body>
</html>
`;
}
