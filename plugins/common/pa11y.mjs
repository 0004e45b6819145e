// pa11y (HTML_CodeSniffer, WCAG 2 AA) on every URL given, with ONE Debian Chromium
// shared by all of them. Prints a JSON object {url: [issues]} on stdout; errors only.
// Called by plugins/common/accessibility.py (run_pa11y), which passes Chromium's
// flags (plugins/common/browser.py) as JSON in CHROMIUM_ARGS.
//   node plugins/common/pa11y.mjs http://127.0.0.1:8000/ http://127.0.0.1:8000/cari/ …
//   node plugins/common/pa11y.mjs --root BUILD --origin https://situs.id https://situs.id/cari/ …
// With --root and --origin, every request under ORIGIN is answered from the built
// folder BUILD (the pages keep their own origin, so a Content-Security-Policy with
// 'self' and absolute links behave as on the real host).
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import pa11y from "pa11y";
import puppeteer from "puppeteer";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".mjs": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml",
  ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp",
  ".avif": "image/avif", ".ico": "image/x-icon", ".woff2": "font/woff2", ".xml": "application/xml",
  ".webmanifest": "application/manifest+json", ".txt": "text/plain",
};

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at === -1 ? null : args.splice(at, 2)[1];
};
const root = option("--root");
const origin = option("--origin");
const urls = args;

async function fileFor(url) {
  let relative = decodeURIComponent(new URL(url).pathname.slice(new URL(origin + "/").pathname.length));
  let file = path.join(root, relative);
  if (!relative || relative.endsWith("/") || (await stat(file).catch(() => null))?.isDirectory()) {
    file = path.join(file, "index.html");
  }
  return file;
}

async function answerFromFolder(request) {
  if (!request.url().startsWith(origin + "/")) {
    await request.continue();
    return;
  }
  const file = await fileFor(request.url());
  try {
    const body = await readFile(file);
    await request.respond({ status: 200, contentType: TYPES[path.extname(file)] || "application/octet-stream", body });
  } catch {
    await request.respond({ status: 404, contentType: "text/plain", body: "not found" });
  }
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  headless: true,
  args: JSON.parse(process.env.CHROMIUM_ARGS || "[]"),
});
const results = {};
try {
  for (const url of urls) {
    const options = {
      browser,
      runners: ["htmlcs"],
      standard: "WCAG2AA",
      includeNotices: false,
      includeWarnings: false,
      timeout: 60000,
    };
    if (root && origin) {
      options.page = await browser.newPage();
      await options.page.setRequestInterception(true);
      options.page.on("request", answerFromFolder);
    }
    try {
      const result = await pa11y(url, options);
      results[url] = result.issues.map(({ code, message, selector, context }) => ({ code, message, selector, context }));
    } finally {
      await options.page?.close();
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results, null, 1) + "\n");
