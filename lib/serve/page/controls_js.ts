/**
 * The page's controls module (`assets/controls.js`): the form's controls to the page state and
 * back.
 * @module
 */

/** The source of `assets/controls.js`. */
export const CONTROLS_JS: string = String.raw`
// A datetime-local input shows local wall time; the state holds instants.
function localInput(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 6e4).toISOString().slice(0, 19);
}

export function writeControls(controls, toggles, state) {
  for (const input of toggles) {
    input.checked = (input.name === "host" ? state.hosts : state.categories).includes(input.value);
  }
  if (controls.stack) controls.stack.value = state.stack;
  controls.q.value = state.q;
  controls.regex.checked = state.regex;
  controls.matchCase.checked = state.matchCase;
  controls.range.value = state.range;
  controls.custom.hidden = state.range !== "custom";
  controls.from.value = localInput(state.from);
  controls.to.value = localInput(state.to);
  controls.live.checked = state.live;
}

export function controlState(controls, toggles) {
  const instant = (value) => (value ? new Date(value).toISOString() : "");
  const ticked = (name) =>
    toggles.filter((input) => input.name === name && input.checked).map((input) => input.value);
  const state = {
    categories: ticked("category"),
    hosts: ticked("host"),
    stack: controls.stack ? controls.stack.value : "category",
    range: controls.range.value,
    from: instant(controls.from.value),
    to: instant(controls.to.value),
    q: controls.q.value,
    regex: controls.regex.checked,
    matchCase: controls.matchCase.checked,
    live: controls.live.checked,
  };
  controls.custom.hidden = state.range !== "custom";
  return state;
}
`;
