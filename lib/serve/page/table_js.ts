/**
 * The page's table module (`assets/table.js`): rows for records, always as text.
 * @module
 */

/** The source of `assets/table.js`. */
export const TABLE_JS: string = String.raw`
// "2026-11-24T14:05:09.042+01:00" shown as "2026-11-24 14:05:09.042", the whole in a title.
function timeCell(text) {
  const cell = document.createElement("td");
  const time = document.createElement("time");
  time.dateTime = text;
  time.title = text;
  time.textContent = text.slice(0, 23).replace("T", " ");
  cell.append(time);
  return cell;
}

function textCell(text, className) {
  const cell = document.createElement("td");
  cell.className = className;
  cell.textContent = text; // never innerHTML: an entry is text, whatever it holds
  return cell;
}

function row(record, colorOf) {
  const tr = document.createElement("tr");
  tr.append(timeCell(record.time));
  if (record.host !== undefined) tr.append(textCell(record.host, "host"));
  tr.append(
    textCell(record.category, "category " + colorOf(record.category)),
    textCell(record.entry, "entry"),
  );
  return tr;
}

function fragment(records, colorOf) {
  const rows = document.createDocumentFragment();
  for (const record of records) rows.append(row(record, colorOf));
  return rows;
}

// Older records go to the bottom, live ones to the top (newest first).
export function appendRows(tbody, records, colorOf) {
  tbody.append(fragment(records, colorOf));
}

export function prependRows(tbody, records, colorOf) {
  tbody.prepend(fragment(records, colorOf));
}
`;
