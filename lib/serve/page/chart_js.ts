/**
 * The page's chart module (`assets/chart.js`): an SVG bar chart of `/api/counts`, stacked by
 * category.
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

function bucketTitle(bucket, categories) {
  const parts = categories.filter((c) => bucket.counts[c]).map((c) => c + " " + bucket.counts[c]);
  const label = bucket.start.slice(0, 16).replace("T", " ");
  return label + ": " + bucket.total + (bucket.total === 1 ? " event" : " events") +
    (parts.length ? " (" + parts.join(", ") + ")" : "");
}

function bucketGroup(bucket, index, width, scale, categories, colorOf) {
  const group = element("g", { "data-start": bucket.start, "data-total": bucket.total });
  const title = element("title", {});
  title.textContent = bucketTitle(bucket, categories);
  group.append(title);
  group.append(element("rect", { x: index * width, y: 0, width, height: HEIGHT, class: "hit" }));
  let top = HEIGHT;
  for (const category of categories) {
    const count = bucket.counts[category] || 0;
    if (!count) continue;
    const height = count * scale;
    top -= height;
    group.append(element("rect", {
      x: index * width + width * 0.1, y: top, width: width * 0.8, height,
      class: "bar " + colorOf(category), "data-category": category, "data-count": count,
    }));
  }
  return group;
}

// Draws the buckets of a /api/counts answer; returns the largest bucket total.
export function drawChart(svg, counts, categories, colorOf) {
  svg.replaceChildren();
  svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + HEIGHT);
  svg.setAttribute("preserveAspectRatio", "none");
  const buckets = counts.buckets;
  const max = buckets.reduce((m, b) => Math.max(m, b.total), 0);
  const width = buckets.length ? WIDTH / buckets.length : WIDTH;
  const scale = max ? (HEIGHT - 4) / max : 0;
  buckets.forEach((bucket, index) => {
    svg.append(bucketGroup(bucket, index, width, scale, categories, colorOf));
  });
  const total = buckets.reduce((sum, b) => sum + b.total, 0);
  svg.setAttribute("aria-label", total + " events in " + buckets.length + " buckets");
  return max;
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
  return true;
}
`;
