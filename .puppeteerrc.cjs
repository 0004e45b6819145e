// pa11y depends on puppeteer: never download a browser; tests use Debian's /usr/bin/chromium.
module.exports = { skipDownload: true, executablePath: "/usr/bin/chromium" };
