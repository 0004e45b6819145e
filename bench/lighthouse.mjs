// Lighthouse (mobile settings) on a built portal, with ONE Debian Chromium for all pages.
//
//   ./dev build && node bench/lighthouse.mjs [output-folder] [path …]
//
// Serves the folder on loopback (gzip for text, like the production host), runs
// Lighthouse's Node API for the categories accessibility, best-practices, seo and
// performance on the home page, a catalogue record, an event and the search page
// (or the paths given), and prints one line of scores per page. Not a test: the
// figures depend on the machine (performance uses Lighthouse's simulated slow 4G
// and CPU throttling). Targets: accessibility, best practices, SEO 100; performance ≥ 95.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { createGzip } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

// Debian's Chromium and its launch flags, shared with the Python tests.
const CHROMIUM = JSON.parse(
  readFileSync(new URL("../plugins/common/chromium.json", import.meta.url), "utf8"),
);
const CHROMIUM_FLAGS = CHROMIUM.args;
const CATEGORIES = ["accessibility", "best-practices", "seo", "performance"];
const DEFAULT_PATHS = [
  "/",
  "/katalog/palembang-kota-air/", // a record with a cover
  "/acara/festival-literasi-palembang-2027/",
  "/cari/",
];
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ics": "text/calendar; charset=utf-8",
  ".jpg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".webmanifest": "application/manifest+json",
};

const [folderArgument = "output", ...pathArguments] = process.argv.slice(2);
const root = resolve(folderArgument);
const paths = pathArguments.length ? pathArguments : DEFAULT_PATHS;
if (!existsSync(join(root, "index.html"))) {
  console.error(`${root}/index.html is missing: build first (./dev build)`);
  process.exit(2);
}

function fileFor(urlPath) {
  const path = normalize(decodeURIComponent(urlPath.split("?")[0])).replace(/^(\.\.[/\\])+/, "");
  let file = join(root, path);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  return file.startsWith(root) && existsSync(file) ? file : null;
}

const server = createServer((request, response) => {
  const file = fileFor(request.url);
  const status = file ? 200 : 404;
  const body = file ?? join(root, "404.html");
  const type = TYPES[extname(body)] ?? "application/octet-stream";
  const headers = { "Content-Type": type };
  // Content-hashed theme files may be cached for ever; pages are revalidated.
  headers["Cache-Control"] = request.url.startsWith("/theme/") ? "public, max-age=31536000, immutable" : "no-cache";
  const compress = /text|json|xml|svg|calendar/.test(type) && /\bgzip\b/.test(request.headers["accept-encoding"] ?? "");
  if (compress) headers["Content-Encoding"] = "gzip";
  response.writeHead(status, headers);
  const stream = createReadStream(body);
  (compress ? stream.pipe(createGzip()) : stream).pipe(response);
});
await new Promise((done) => server.listen(0, "127.0.0.1", done));
const base = `http://127.0.0.1:${server.address().port}`;

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || CHROMIUM.executable,
  chromeFlags: CHROMIUM_FLAGS,
});
let failed = false;
try {
  console.log(["page".padEnd(46), ...CATEGORIES.map((c) => c.padStart(15))].join(""));
  for (const path of paths) {
    const result = await lighthouse(`${base}${path}`, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: CATEGORIES,
    });
    const { categories, audits } = result.lhr;
    const scores = CATEGORIES.map((name) => Math.round((categories[name]?.score ?? 0) * 100));
    console.log([path.padEnd(46), ...scores.map((s) => String(s).padStart(15))].join(""));
    // The layout shift, even when it costs nothing (a score of 1 is not listed below).
    console.log(`    CLS ${audits["cumulative-layout-shift"]?.numericValue?.toFixed(3) ?? "?"}`);
    // What cost points, so a score below target says why.
    for (const name of CATEGORIES) {
      for (const ref of categories[name]?.auditRefs ?? []) {
        const audit = audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          console.log(`    ${name}: ${audit.id} (${audit.score}) ${audit.displayValue ?? ""}`);
        }
      }
    }
    const targets = { accessibility: 100, "best-practices": 100, seo: 100, performance: 95 };
    failed ||= CATEGORIES.some((name, i) => scores[i] < targets[name]);
  }
} finally {
  chrome.kill();
  server.close();
}
process.exitCode = failed ? 1 : 0;
