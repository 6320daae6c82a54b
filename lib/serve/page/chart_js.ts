/**
 * The page's chart module (`assets/chart.js`): an SVG bar chart of `/api/counts`, stacked by
 * category (`counts`) or by host (`byHost`).
 * @module
 */

/** The source of `assets/chart.js`. */
export const CHART_JS: string = String.raw`
const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 1000;
const HEIGHT = 120;

function element(name, attributes) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

function bucketTitle(bucket, series) {
  const parts = series.names.filter((c) => bucket[series.field][c])
    .map((c) => c + " " + bucket[series.field][c]);
  const label = bucket.start.slice(0, 16).replace("T", " ");
  return label + ": " + bucket.total + (bucket.total === 1 ? " event" : " events") +
    (parts.length ? " (" + parts.join(", ") + ")" : "");
}

function bucketGroup(bucket, index, width, scale, series) {
  const group = element("g", { "data-start": bucket.start, "data-total": bucket.total });
  const title = element("title", {});
  title.textContent = bucketTitle(bucket, series);
  group.append(title);
  group.append(element("rect", { x: index * width, y: 0, width, height: HEIGHT, class: "hit" }));
  let top = HEIGHT;
  for (const name of series.names) {
    const count = bucket[series.field][name] || 0;
    if (!count) continue;
    const height = count * scale;
    top -= height;
    group.append(element("rect", {
      x: index * width + width * 0.1, y: top, width: width * 0.8, height,
      class: "bar " + series.colorOf(name), ["data-" + series.kind]: name, "data-count": count,
    }));
  }
  return group;
}

// Draws the buckets of a /api/counts answer, each bar stacked by series: { kind: "category" or
// "host", field: "counts" or "byHost", names, colorOf }; returns the largest bucket total.
export function drawChart(svg, counts, series) {
  svg.replaceChildren();
  svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + HEIGHT);
  svg.setAttribute("preserveAspectRatio", "none");
  const buckets = counts.buckets;
  const max = buckets.reduce((m, b) => Math.max(m, b.total), 0);
  const width = buckets.length ? WIDTH / buckets.length : WIDTH;
  const scale = max ? (HEIGHT - 4) / max : 0;
  buckets.forEach((bucket, index) => {
    svg.append(bucketGroup(bucket, index, width, scale, series));
  });
  const total = buckets.reduce((sum, b) => sum + b.total, 0);
  svg.setAttribute("aria-label", total + " events in " + buckets.length + " buckets");
  return max;
}

// "1 hour", "15 min": the width of a bar.
export function widthLabel(ms) {
  if (ms % 864e5 === 0) return ms === 864e5 ? "1 day" : ms / 864e5 + " days";
  if (ms % 36e5 === 0) return ms === 36e5 ? "1 hour" : ms / 36e5 + " hours";
  if (ms % 6e4 === 0) return ms / 6e4 + " min";
  return ms / 1000 + " s";
}

// Counts one live record into the bucket it falls in; false when it falls in none.
export function countRecord(counts, record) {
  const time = Date.parse(record.time);
  const last = counts.buckets[counts.buckets.length - 1];
  if (!last || time < Date.parse(last.start) || time >= Date.parse(last.start) + counts.every) {
    return false;
  }
  last.total += 1;
  last.counts[record.category] = (last.counts[record.category] || 0) + 1;
  if (last.byHost) last.byHost[record.host] = (last.byHost[record.host] || 0) + 1;
  return true;
}
`;
