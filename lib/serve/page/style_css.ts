/**
 * The viewer page's stylesheet (`assets/style.css`).
 * @module
 */

/** The source of `assets/style.css`. */
export const STYLE_CSS: string = String.raw`
:root {
  color-scheme: light dark;
  --fg: #1d232a; --bg: #ffffff; --muted: #5c6773; --line: #d9dee3; --head: #f3f5f7;
  --c0: #4e79a7; --c1: #e15759; --c2: #59a14f; --c3: #f28e2b;
  --c4: #76b7b2; --c5: #b07aa1; --c6: #edc948; --c7: #9c755f;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root { --fg: #e3e7eb; --bg: #15191d; --muted: #9aa5b1; --line: #2e353c; --head: #1e2328; }
}
body { margin: 0; color: var(--fg); background: var(--bg); }
header { position: sticky; top: 0; z-index: 1; background: var(--head); border-bottom: 1px solid var(--line); padding: 0.5rem 1rem; }
h1 { font-size: 1.1rem; margin: 0 1rem 0 0; display: inline-block; vertical-align: middle; }
form { display: inline-flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; align-items: center; vertical-align: middle; }
fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: center; }
legend { float: left; margin-right: 0.5rem; color: var(--muted); }
.group { display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; align-items: center; }
.group > label:not(.check) { color: var(--muted); }
.toggle { border-left: 4px solid var(--c); padding-left: 0.3rem; }
input[type=search] { width: 16rem; max-width: 70vw; }
input, select, button { font: inherit; }
#live-status { color: var(--muted); min-width: 6rem; }
main { padding: 0.5rem 1rem 2rem; }
.chart svg { display: block; width: 100%; height: 120px; background: var(--head); }
.chart .hit { fill: transparent; }
.chart g:hover .hit { fill: var(--line); }
.axis { display: flex; justify-content: space-between; color: var(--muted); font-size: 0.8rem; }
#error { color: #b3261e; font-weight: 600; }
#summary { color: var(--muted); margin: 0.5rem 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
caption { position: absolute; left: -10000px; }
th { text-align: left; background: var(--head); border-bottom: 1px solid var(--line); padding: 0.25rem 0.5rem; }
th:nth-child(1) { width: 13.5rem; }
th:nth-child(2) { width: 6.5rem; }
td { border-bottom: 1px solid var(--line); padding: 0.15rem 0.5rem; vertical-align: top; }
td time { font-variant-numeric: tabular-nums; color: var(--muted); white-space: nowrap; }
td.category { border-left: 4px solid var(--c); }
.chart .bar { fill: var(--c); }
td.entry { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
#older { margin: 0.75rem 0; padding: 0.3rem 1rem; }
.c0 { --c: var(--c0); } .c1 { --c: var(--c1); } .c2 { --c: var(--c2); } .c3 { --c: var(--c3); }
.c4 { --c: var(--c4); } .c5 { --c: var(--c5); } .c6 { --c: var(--c6); } .c7 { --c: var(--c7); }
@media (max-width: 640px) {
  header { position: static; padding: 0.5rem; }
  main { padding: 0.5rem; }
  th:nth-child(1) { width: 7.5rem; }
  th:nth-child(2) { width: 4.5rem; }
  td time { white-space: normal; }
  input[type=search] { width: 100%; }
}
`;

/** The page's icon (`assets/icon.svg`): three bars. */
export const ICON_SVG: string =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect x="1" y="9" width="4" height="6" fill="#4e79a7"/><rect x="6" y="4" width="4" height="11" fill="#e15759"/><rect x="11" y="1" width="4" height="14" fill="#59a14f"/></svg>`;
