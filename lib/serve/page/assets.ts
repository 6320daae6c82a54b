/**
 * The page and its assets as routes: everything the browser loads comes from the handler, so
 * the page works offline and with only read permission on the root.
 * @module
 */
import { baseHeaders } from "../http.ts";
import type { Route } from "../context.ts";
import { APP_JS } from "./app_js.ts";
import { CHART_JS } from "./chart_js.ts";
import { CONTROLS_JS } from "./controls_js.ts";
import { renderPage } from "./html.ts";
import { LIVE_JS } from "./live_js.ts";
import { STATE_JS } from "./state_js.ts";
import { TABLE_JS } from "./table_js.ts";
import { ICON_SVG, STYLE_CSS } from "./style_css.ts";

const JS = "text/javascript; charset=utf-8";

const ASSETS: Record<string, [body: string, type: string]> = {
  "/assets/app.js": [APP_JS, JS],
  "/assets/state.js": [STATE_JS, JS],
  "/assets/table.js": [TABLE_JS, JS],
  "/assets/chart.js": [CHART_JS, JS],
  "/assets/controls.js": [CONTROLS_JS, JS],
  "/assets/live.js": [LIVE_JS, JS],
  "/assets/style.css": [STYLE_CSS, "text/css; charset=utf-8"],
  "/assets/icon.svg": [ICON_SVG, "image/svg+xml"],
};

function text(body: string, type: string): Response {
  return new Response(body, { headers: baseHeaders(type) });
}

/** `/`: the viewer page, with a toggle per category (and host) the handler serves. */
export const pageRoute: Route = (_request, context) =>
  Promise.resolve(
    text(renderPage(context.categories, context.hosts), "text/html; charset=utf-8"),
  );

/** The route of an asset path such as `/assets/app.js`, or `undefined`. */
export function assetRoute(path: string): Route | undefined {
  const asset = Object.hasOwn(ASSETS, path) ? ASSETS[path] : undefined;
  if (!asset) return undefined;
  return () => Promise.resolve(text(...asset));
}
