"""The installable, offline-capable site in headless Chromium, served by nginx with our headers.

Visited pages read offline, the offline page for the others (listing what is
kept), the search page and the search index offline, and a clean update: after
a new build is published to the same folder, a reload gets the new version and
the old app-shell cache is gone (no reader stuck on an old version). On a
network too slow to answer, a kept page shows and is refreshed behind.
"""

import contextlib
import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image

from plugins.common.build import DEFAULT_SETTINGS, PROJECT_ROOT, build, load_settings
from plugins.common.testing import TEST_NOW
from plugins.hosting.server import serve_with_nginx


def publish_to(folder: Path, **overrides) -> str:
    """Build into ``folder`` (replaced whole, as a deploy does); return the SW version."""
    build(DEFAULT_SETTINGS, {"OUTPUT_PATH": str(folder), "PORTAL_NOW": TEST_NOW, **overrides})
    return re.search(r'const VERSION = "(\w+)"', (folder / "sw.js").read_text(encoding="utf-8")).group(1)


@pytest.fixture
def served(tmp_path):
    folder = tmp_path / "www"
    version = publish_to(folder)
    with serve_with_nginx(folder, load_settings()) as url:
        yield folder, url, version


def wait_for(page, expression: str, timeout: float = 20.0):
    """Poll an async expression in the page until it is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        assert time.monotonic() < deadline, f"waktu habis menunggu: {expression}"
        page.wait_for_timeout(100)


CONTROLLED = "navigator.serviceWorker.controller !== null"


@contextlib.contextmanager
def controlled_page(chromium, url: str):
    """(context, page) of a fresh browser profile, on the home page the worker now controls."""
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.goto(url + "/")
        wait_for(page, CONTROLLED)
        yield context, page
    finally:
        context.close()


SHELLS = "caches.keys().then((keys) => keys.filter((key) => key.startsWith('shell-')))"
PARTS = "caches.keys().then((keys) => keys.filter((key) => key.startsWith('search-parts-')))"


def test_build_writes_manifest_icons_and_service_worker(sample_site):
    output = sample_site.output
    manifest = json.loads((output / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["lang"] == "id" and manifest["start_url"] == "./" and manifest["display"] == "standalone"
    purposes = {icon["purpose"] for icon in manifest["icons"]}
    assert purposes == {"any", "maskable"}
    for icon in manifest["icons"]:
        size = int(icon["sizes"].split("x")[0])
        assert Image.open(output / icon["src"]).size == (size, size)
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"] if icon["purpose"] == "any"}
    sw = (output / "sw.js").read_text(encoding="utf-8")
    precache = json.loads(re.search(r"const PRECACHE = (\[.*\]);", sw).group(1))
    static = sorted(p.relative_to(output).as_posix() for p in output.glob("theme/*/**/*") if p.is_file()
                    and not p.name.startswith("."))
    assert set(static) <= set(precache), "every theme file (CSS, JS, search code) is precached"
    assert {"luring/", "cari/"} <= set(precache)
    home = sample_site.page("/")
    assert home.select_one('link[rel="manifest"]')["href"] == "./manifest.webmanifest"
    # One colour for the browser's bar and the installed app: the manifest's, the theme's brand.
    brand = re.search(r"--c-brand:\s*(#[0-9a-f]{6})", (PROJECT_ROOT / "theme/static/css/tokens.css").read_text(encoding="utf-8"))
    for page in (home, sample_site.page("/katalog/")):
        assert [meta["content"] for meta in page.select('meta[name="theme-color"]')] == [manifest["theme_color"]]
    assert manifest["theme_color"] == brand.group(1)
    assert home.select_one('[data-module~="service-worker"]')["data-sw-url"] == "./sw.js"


def test_offline_page_says_what_to_do_without_javascript(sample_site):
    page = sample_site.page("/luring/")
    assert page.h1.get_text(strip=True) == "Anda sedang luring"
    assert "sambungkan kembali ke internet" in page.get_text()
    for tag in page.select("[href], [src], [data-sw-url]"):
        value = tag.get("href") or tag.get("src") or tag.get("data-sw-url")
        assert value.startswith(("/", "#", "http", "mailto:", "tel:")), value


def test_visited_pages_search_and_index_work_offline(served, chromium):
    folder, url, _ = served
    with controlled_page(chromium, url) as (context, page):
        page.goto(url + "/tentang/")
        visited_title = page.locator("h1").inner_text()
        page.goto(url + "/cari/?q=membaca")  # online: the index's head and the parts this query needs
        page.locator(".search-result").first.wait_for()
        head = json.loads((folder / "cari/indeks.json").read_text(encoding="utf-8"))
        assert head["whole"]  # the sample's index is small: kept whole after a first search
        parts = len(head["shards"]) + -(-head["count"] // head["chunk"])
        kept = f"{PARTS}.then((keys) => caches.open(keys[0])).then((cache) => cache.keys()).then((k) => k.length)"
        assert wait_for(page, f"{kept}.then((n) => n === {parts})")

        context.set_offline(True)
        page.goto(url + "/tentang/")
        assert page.locator("h1").inner_text() == visited_title
        assert page.evaluate("document.styleSheets.length > 0 && document.styleSheets[0].cssRules.length > 0")

        page.goto(url + "/program/")  # never visited: the offline page, with what is kept
        assert page.locator("h1").inner_text() == "Anda sedang luring"
        kept = page.locator(".offline-pages li a")
        kept.filter(has_text=visited_title).wait_for()
        assert kept.filter(has_text=visited_title).get_attribute("href").endswith("/tentang/")

        page.goto(url + "/cari/?q=membaca")  # the search page is precached, the index's parts kept
        assert page.locator("main h1").inner_text() == "Cari"
        index = folder / "cari" / "indeks.json"
        assert page.evaluate("fetch('/cari/indeks.json').then((r) => r.text())") == index.read_text(encoding="utf-8")
        page.locator(".search-result").first.wait_for()  # lunr.js searched the kept parts
        assert "hasil" in page.locator(".search-status").inner_text()
        assert page.locator(".search-result mark").count() > 0
        page.goto(url + "/cari/?q=laskar+pelangi")  # never searched online: the whole index is kept
        page.locator(".search-result").first.wait_for()
        assert page.locator(".search-result h2").first.inner_text() == "Laskar Pelangi"


def test_a_new_build_reaches_readers_and_old_caches_go(served, chromium, tmp_path):
    folder, url, old_version = served
    context = chromium.new_context()
    page = context.new_page()
    other = context.new_page()  # a second tab left open on the old version
    try:
        page.goto(url + "/tentang/")
        wait_for(page, CONTROLLED)
        other.goto(url + "/")
        assert wait_for(page, SHELLS) == [f"shell-{old_version}"]
        old_css = page.locator('link[rel="stylesheet"]').get_attribute("href")

        theme = tmp_path / "tema"
        shutil.copytree(PROJECT_ROOT / "theme", theme)
        with (theme / "static" / "css" / "main.css").open("a", encoding="utf-8") as css:
            css.write("\n/* versi baru */\n")
        new_version = publish_to(folder, THEME=str(theme))
        assert new_version != old_version

        page.reload()
        new_css = page.locator('link[rel="stylesheet"]').get_attribute("href")
        assert new_css != old_css, "the reload shows the new build's HTML"
        assert wait_for(page, f"{SHELLS}.then((keys) => keys.length === 1 && keys[0] === 'shell-{new_version}')")
        assert other.evaluate(CONTROLLED)

        context.set_offline(True)  # the new version works offline too
        page.goto(url + "/tentang/")
        assert page.locator('link[rel="stylesheet"]').get_attribute("href") == new_css
        assert page.evaluate("document.styleSheets[0].cssRules.length > 0")
        # The home page was kept from the old build: its old theme folder is gone from the
        # caches, and the worker answers with the current version's stylesheet.
        page.goto(url + "/")
        assert page.locator('link[rel="stylesheet"]').get_attribute("href") == old_css.replace("../", "./")
        assert page.evaluate("document.styleSheets[0].cssRules.length > 0")
    finally:
        context.close()


def test_a_new_search_index_replaces_the_parts_kept_on_the_phone(served, chromium):
    """Search parts are kept per build (named by their content); searching after a new
    build fetches the new head, whose parts replace the old build's in the caches."""
    folder, url, _ = served
    with controlled_page(chromium, url) as (_, page):
        page.goto(url + "/cari/?q=membaca")
        page.locator(".search-result").first.wait_for()
        old = json.loads((folder / "cari/indeks.json").read_text(encoding="utf-8"))["parts"]
        assert wait_for(page, PARTS) == [f"search-parts-{old.split('/')[1]}"]

        publish_to(folder, SEARCH={"chunk": 50})  # other parts: another version
        new = json.loads((folder / "cari/indeks.json").read_text(encoding="utf-8"))["parts"]
        assert new != old
        page.goto(url + "/cari/?q=pelangi")
        page.locator(".search-result").first.wait_for()
        assert wait_for(page, f"{PARTS}.then((keys) => keys.length === 1 && keys[0] === 'search-parts-{new.split('/')[1]}')")
        assert "Laskar Pelangi" in page.locator(".search-result h2").all_inner_texts()


def test_chromium_finds_the_site_installable(served, chromium):
    _, url, _ = served
    with controlled_page(chromium, url) as (context, page):
        session = context.new_cdp_session(page)
        errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
        # Playwright's contexts are incognito profiles, where Chromium never installs apps.
        assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []
        manifest = session.send("Page.getAppManifest")
        assert manifest["url"] == url + "/manifest.webmanifest"
        assert manifest.get("errors", []) == []


class SlowHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    """Serves a folder; paths in ``slow`` answer only after that many seconds (patchy data)."""

    slow: dict[str, float] = {}
    answers: list[str] = []  # what became of each slow request (a failing test says)

    def do_GET(self):  # noqa: N802 - the stdlib's name
        delay = self.slow.get(self.path, 0)
        time.sleep(delay)
        try:
            super().do_GET()
        except OSError as error:  # the browser closed the connection meanwhile
            self.answers.append(f"{self.path} after {delay} s: {type(error).__name__}")
            raise
        if delay:
            self.answers.append(f"{self.path} after {delay} s: sent {self.status}")

    def send_response(self, code, message=None):
        self.status = code
        super().send_response(code, message)

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")  # as our hosting rules say for HTML
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


class QuietServer(__import__("http.server").server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the browser may drop the slow answer it no longer waits for


def test_a_kept_page_answers_when_the_network_is_too_slow(tmp_path, chromium):
    import functools
    import threading

    folder = tmp_path / "www"
    publish_to(folder)
    handler = functools.partial(SlowHandler, directory=str(folder))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.goto(url + "/")
        wait_for(page, CONTROLLED)
        page.goto(url + "/tentang/")
        kept_title = page.locator("h1").inner_text()
        source = folder / "tentang" / "index.html"
        source.write_text(source.read_text(encoding="utf-8").replace(kept_title, "Versi Baru"), encoding="utf-8")
        # Last-Modified has whole seconds: a change within the second of the first visit
        # would be answered 304 to the browser's revalidation (the old copy kept).
        changed = source.stat().st_mtime + 2
        os.utime(source, (changed, changed))
        SlowHandler.slow = {"/tentang/": 12}  # far beyond the worker's 4 s
        page.goto(url + "/tentang/", timeout=60_000)
        assert page.locator("h1").inner_text() == kept_title
        # The late answer still refreshes the kept copy, read here offline.
        probe = "caches.open('pages').then((c) => c.match(location.href)).then((r) => r.text())"
        try:
            wait_for(page, f"{probe}.then((text) => text.includes('Versi Baru'))", timeout=40)
        except AssertionError as failure:  # what to look at when this fails (it has, rarely)
            kept = page.evaluate(probe)
            title = re.search(r"<h1[^>]*>(.*?)</h1>", kept or "", re.S)
            raise AssertionError(f"{failure}; server: {SlowHandler.answers}; kept copy's h1: "
                                 f"{title.group(1) if title else kept!r}") from None
        context.set_offline(True)
        page.goto(url + "/tentang/")
        assert page.locator("h1").inner_text() == "Versi Baru"
    finally:
        SlowHandler.slow, SlowHandler.answers = {}, []
        context.close()
        server.shutdown()
        server.server_close()
