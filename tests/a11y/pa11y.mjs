// pa11y (HTML_CodeSniffer, WCAG 2 AA) on every URL given, with ONE Debian Chromium
// shared by all of them. Prints a JSON object {url: [issues]} on stdout; errors only.
//   node tests/a11y/pa11y.mjs http://127.0.0.1:8000/ http://127.0.0.1:8000/cari/ …
import pa11y from "pa11y";
import puppeteer from "puppeteer";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const urls = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  headless: true,
  args: CHROMIUM_ARGS,
});
const results = {};
try {
  for (const url of urls) {
    const result = await pa11y(url, {
      browser,
      runners: ["htmlcs"],
      standard: "WCAG2AA",
      includeNotices: false,
      includeWarnings: false,
      timeout: 60000,
    });
    results[url] = result.issues.map(({ code, message, selector, context }) => ({ code, message, selector, context }));
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results, null, 1) + "\n");
