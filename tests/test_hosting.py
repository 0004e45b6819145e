"""The built sample served by a real nginx with our header rules (plugins/hosting).

Headers per kind of file, gzip, the 404 page at any depth, every sitemap URL,
and no Content-Security-Policy violation in Chromium on any page type.
"""

import gzip
import json
import urllib.error
import urllib.request
from xml.etree import ElementTree

import pytest

from plugins.common.build import load_settings
from plugins.hosting.server import serve_with_nginx


def fetch(url, encoding="identity"):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def nginx_url(sample_site):
    with serve_with_nginx(sample_site.output, load_settings()) as url:
        yield url


def theme_css(sample_site) -> str:
    css = sorted(sample_site.output.glob("theme/*/css/main.css"))
    assert len(css) == 1
    return "/" + css[0].relative_to(sample_site.output).as_posix()


def test_host_files_are_written(sample_site):
    assert (sample_site.output / ".nojekyll").is_file()
    assert "Content-Security-Policy:" in (sample_site.output / "_headers").read_text(encoding="utf-8")


def search_head(site):
    return json.loads((site.output / "cari/indeks.json").read_text(encoding="utf-8"))


def test_cache_lifetimes_per_kind(nginx_url, sample_site):
    expected = {
        theme_css(sample_site): "public, max-age=31536000, immutable",
        "/": "public, max-age=0, must-revalidate",
        "/katalog/": "public, max-age=0, must-revalidate",
        "/feeds/semua.atom.xml": "public, max-age=300",
        "/sitemap.xml": "public, max-age=300",
        "/cari/indeks.json": "no-cache",  # the search index's head names its parts…
        f"/cari/{search_head(sample_site)['parts']}istilah-0.json": "public, max-age=31536000, immutable",  # …by content
    }
    for path, cache in expected.items():
        status, headers, _ = fetch(nginx_url + path)
        assert status == 200, path
        assert headers["Cache-Control"] == cache, path
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_text_is_served_gzip_compressed(nginx_url, sample_site):
    for path in ["/", theme_css(sample_site), "/sitemap.xml"]:
        status, headers, body = fetch(nginx_url + path, encoding="gzip")
        assert status == 200
        assert headers["Content-Encoding"] == "gzip", path
        plain = fetch(nginx_url + path)[2]
        assert gzip.decompress(body) == plain
        assert len(body) < len(plain)


def test_missing_deep_url_gets_the_404_page_with_working_links(nginx_url, sample_site):
    from bs4 import BeautifulSoup

    status, headers, body = fetch(nginx_url + "/tidak/ada/sama/sekali/")
    assert status == 404
    assert "Content-Security-Policy" in headers
    page = BeautifulSoup(body, "html.parser")
    assert page.h1.get_text(strip=True) == "Halaman tidak ditemukan"
    stylesheet = page.select_one('link[rel="stylesheet"]')["href"]
    assert stylesheet.startswith("/")
    assert fetch(nginx_url + stylesheet)[0] == 200
    for link in page.select("a[href^='/']"):
        assert fetch(nginx_url + link["href"])[0] == 200, link["href"]


def test_every_sitemap_url_answers_200(nginx_url):
    status, _, body = fetch(nginx_url + "/sitemap.xml")
    assert status == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ElementTree.fromstring(body).findall("s:url/s:loc", namespace)]
    assert len(locations) > 50
    site = load_settings()["SITEURL"]
    failures = []
    for location in locations:
        assert location.startswith(site)
        status = fetch(nginx_url + location[len(site):])[0]
        if status != 200:
            failures.append((location, status))
    assert failures == []


def page_types(output) -> list[str]:
    """One page of each kind: the first HTML file per (top folder, depth)."""
    chosen = {}
    for path in sorted(output.rglob("*.html")):
        parts = path.relative_to(output).parts
        if parts[0] == "theme":
            continue
        chosen.setdefault((parts[0] if len(parts) > 1 else "", len(parts)), path)
    urls = []
    for path in chosen.values():
        relative = path.relative_to(output).as_posix()
        urls.append("/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative))
    return sorted(urls)


CSP_PROBE = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile + ":" + event.lineNumber);
});
"""


def csp_violations(chromium, base: str, urls: list[str]) -> dict[str, list[str]]:
    """Load each URL; return its CSP violations. A probe proves violations are seen at all."""
    context = chromium.new_context()
    context.add_init_script(CSP_PROBE)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    violations = {}

    def seen() -> list[str]:
        found = page.evaluate("window.__csp") + [m for m in console if "Content Security Policy" in m]
        console.clear()
        return found

    try:
        for url in urls:
            page.goto(base + url, wait_until="load")
            page.wait_for_timeout(50)
            found = seen()
            if found:
                violations[url] = found
        page.evaluate("document.body.append(Object.assign(document.createElement('img'), {src: 'https://contoh.id/x.png'}))")
        page.wait_for_timeout(200)
        assert seen(), "the probe must notice a violation"
    finally:
        context.close()
    return violations


def test_no_csp_violation_on_any_page_type(nginx_url, sample_site, chromium):
    urls = page_types(sample_site.output) + ["/tidak/ada/"]
    assert len(urls) > 15
    assert csp_violations(chromium, nginx_url, urls) == {}


def test_production_meta_csp_alone_holds_on_any_page_type(tmp_path, chromium):
    """GitHub Pages sends no CSP header: the production build's <meta> CSP must hold alone."""
    import functools
    import http.server
    import threading

    from plugins.common.browser import _QuietHandler
    from plugins.common.build import PROJECT_ROOT, build
    from plugins.common.testing import TEST_NOW

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    output = build(PROJECT_ROOT / "publishconf.py", {
        "OUTPUT_PATH": str(tmp_path / "situs"), "PORTAL_NOW": TEST_NOW,
        "SITEURL": base, "CANONICAL_SITEURL": base, "FEED_DOMAIN": base,
    }).output
    server.RequestHandlerClass = functools.partial(_QuietHandler, directory=str(output))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        home = (output / "index.html").read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy"' in home and f'href="{base}/theme/' in home
        assert csp_violations(chromium, base, page_types(output)) == {}
    finally:
        server.shutdown()
        server.server_close()


def test_precompressed_twins_are_served_as_they_are(tmp_path):
    """The search index's files ship .gz and .br beside them: nginx sends those bytes, not its own."""
    folder = tmp_path / "situs"
    twin_gz = gzip.compress(b'{"dari": "gz"}' * 50, mtime=0)
    twin_br = b"pura-pura brotli"  # opaque to nginx: it only picks the file
    files = {"cari/indeks.json": "no-cache", "cari/indeks/abc/istilah-0.json": "public, max-age=31536000, immutable"}
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text('{"asli": true}', encoding="utf-8")
        (folder / f"{name}.gz").write_bytes(twin_gz)
        (folder / f"{name}.br").write_bytes(twin_br)
    with serve_with_nginx(folder, load_settings()) as url:
        for name, cache in files.items():
            status, headers, body = fetch(f"{url}/{name}", encoding="gzip")
            assert (status, headers["Content-Encoding"], body) == (200, "gzip", twin_gz)
            status, headers, body = fetch(f"{url}/{name}", encoding="br, gzip")
            assert (status, headers["Content-Encoding"], body) == (200, "br", twin_br)
            status, headers, body = fetch(f"{url}/{name}")
            assert (status, body) == (200, b'{"asli": true}')
            assert headers["Cache-Control"] == cache
