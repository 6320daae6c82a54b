/** Where Debian's `chromium` package puts the browser (no puppeteer import here: see browser_test.ts). */
export const CHROMIUM = "/usr/bin/chromium";
