"""Real components for browser tests: a loopback HTTP server and headless Chromium.

Chromium is Debian's (``/usr/bin/chromium``, installed by ``.ci/run``), driven by
Playwright's Python API; no browser is ever downloaded. Each launch gets a
fresh, empty profile. Registered for pytest through ``plugins.common.testing``.
"""

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# Debian's Chromium and the flags every launch uses (tests, checks, bench/lighthouse.mjs).
_CHROMIUM = json.loads((Path(__file__).with_name("chromium.json")).read_text(encoding="utf-8"))
CHROMIUM = _CHROMIUM["executable"]
CHROMIUM_ARGS = _CHROMIUM["args"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root`` over HTTP on a free loopback port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def launch_chromium():
    """A headless Debian Chromium (Playwright Browser), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium for the whole session (Playwright Browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: ./dev test installs it (apt-get install -y chromium)")
    with launch_chromium() as browser:
        yield browser
