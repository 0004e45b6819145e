"""Accessibility in a real browser: axe-core and pa11y over built pages.

One module for the two users: the publish check ``aksesibilitas``
(:func:`check_accessibility`, in ``CHECKS`` of plugins/common/checks.py) and the
site tests (tests/test_accessibility.py).

- axe-core (npm ``axe-core``, injected before any page script) in one Debian
  Chromium (plugins/common/browser.py), each page loaded once per mode
  (:data:`MODES`: 360 px, 1280 px, the site's high-contrast setting, the dark
  colour scheme at 360 px); the WCAG 2.0, 2.1 and 2.2 A/AA rules and axe's best
  practices (:data:`AXE_TAGS`);
- pa11y's HTML_CodeSniffer (WCAG2AA), a second engine: ``pa11y.mjs`` beside this
  module, one Node process and one Chromium for every URL.

The publish check visits one page per page type: the first HTML file (sorted by
path) for each value of ``<body data-template="…">``, which base.html writes from
the page's template. A site of tens of thousands of pages is checked in the time
of a couple of dozen. With an absolute ``SITEURL`` (publishconf.py) the pages are
loaded at their real addresses and every request there is answered from the
built folder, so the Content-Security-Policy's ``'self'`` holds as on the host.
"""

import json
import os
import re
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugins.common.browser import CHROMIUM, CHROMIUM_ARGS, launch_chromium, serve_directory
from plugins.common.build import PROJECT_ROOT
from plugins.common.checks import Problem, own_url_to_file

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
PA11Y = Path(__file__).with_name("pa11y.mjs")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SETTINGS_KEY = "portal-literasi:tampilan"  # as in theme/static/js/main.js
READY = ".reader-settings:not([hidden])"  # main.js has started the page's components
CHECK = "aksesibilitas"


@dataclass(frozen=True)
class Mode:
    label: str  # in the check's messages (Indonesian)
    width: int
    scheme: str = "light"
    classes: tuple[str, ...] = ()  # reader settings saved before the page loads


MODES = {
    "360": Mode("360 px", 360),
    "1280": Mode("1280 px", 1280),
    "kontras-tinggi": Mode("kontras tinggi", 1280, classes=("kontras-tinggi",)),
    "gelap-360": Mode("gelap 360 px", 360, scheme="dark"),
}

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({target: n.target.join(" "), summary: n.failureSummary}))}));
}"""

TEMPLATE = re.compile(r"<body\b[^>]*\sdata-template=\"([^\"]+)\"")


@dataclass
class PageAudit:
    """One page in one mode, yielded while ``page`` is still open on it."""

    mode: str
    path: str
    page: Any  # playwright.sync_api.Page
    violations: list[dict]
    classes: list[str]  # <html class> after the page started
    error: str | None = None  # the page did not load or its components did not start


def _answer_from_folder(context, site: Path, origin: str) -> None:
    """Requests under ``origin`` are answered from the built folder ``site``."""
    base = origin + "/"

    def answer(route):
        target = own_url_to_file(site, route.request.url, base)
        if target is not None and target.is_file():
            route.fulfill(path=str(target))
        else:
            route.fulfill(status=404, body="not found")

    context.route(lambda url: url.startswith(base), answer)


def audit_pages(
    browser, origin: str, paths: Iterable[str], modes: Mapping[str, Mode] = MODES,
    site: Path | None = None, ready_timeout: float = 30_000,
) -> Iterator[PageAudit]:
    """axe-core on ``origin + path`` for each path, once per mode, in one context per mode.

    ``site``: answer every request under ``origin`` from this folder (nothing is served).
    """
    paths = list(paths)
    for name, mode in modes.items():
        context = browser.new_context(
            viewport={"width": mode.width, "height": 800}, color_scheme=mode.scheme,
            service_workers="block" if site is not None else "allow",
        )
        try:
            if site is not None:
                _answer_from_folder(context, site, origin)
            context.add_init_script(path=str(AXE))
            if mode.classes:
                saved = json.dumps(list(mode.classes))
                context.add_init_script(f"localStorage.setItem({SETTINGS_KEY!r}, {json.dumps(saved)})")
            page = context.new_page()
            for path in paths:
                error = None
                try:
                    page.goto(origin + path)
                    page.wait_for_selector(READY, timeout=ready_timeout)
                except Exception as failure:  # playwright's Error and TimeoutError
                    error = str(failure).splitlines()[0]
                classes = page.evaluate("document.documentElement.className").split()
                violations = []
                if page.evaluate("'axe' in window"):
                    violations = page.evaluate(AXE_RUN, AXE_TAGS)
                else:
                    error = error or "axe-core tidak termuat di halaman"
                yield PageAudit(name, path, page, violations, classes, error)
        finally:
            context.close()


def run_pa11y(urls: Iterable[str], site: Path | None = None, origin: str | None = None) -> dict[str, list[dict]]:
    """pa11y's HTML_CodeSniffer (WCAG2AA, errors only): {url: [issues]}. Raises RuntimeError.

    ``site`` and ``origin``: requests under ``origin`` are answered from ``site``.
    """
    urls = list(urls)
    if not urls:
        return {}
    mapping = ["--root", str(site), "--origin", origin] if site is not None and origin else []
    run = subprocess.run(
        ["node", str(PA11Y), *mapping, *urls],
        capture_output=True, text=True, timeout=600, cwd=PROJECT_ROOT, check=False,
        env={**os.environ, "CHROME_PATH": CHROMIUM, "CHROMIUM_ARGS": json.dumps(CHROMIUM_ARGS)},
    )
    if run.returncode != 0:
        raise RuntimeError(f"pa11y gagal (kode {run.returncode}): {run.stderr[-3000:]}")
    return json.loads(run.stdout)


def pages_by_template(site: Path) -> dict[str, str]:
    """{template: the first HTML file whose body carries it}, shallowest first, then by path
    (the home page before its page 2, ``katalog/`` before its records)."""
    found: dict[str, str] = {}
    for path in sorted(site.rglob("*.html"), key=lambda path: (len(path.parts), path.as_posix())):
        match = TEMPLATE.search(path.read_text(encoding="utf-8", errors="replace"))
        if match and match.group(1) not in found:
            found[match.group(1)] = path.relative_to(site).as_posix()
    return found


def _url_path(relative: str) -> str:
    return "/" + relative.removesuffix("index.html")


def check_accessibility(site: Path, settings: Mapping[str, Any], browser=None) -> list[Problem]:
    """axe-core (every mode) and pa11y on one page per page type; a problem per rule and element.

    Without ``browser``, Chromium is launched for the check in a thread of its own:
    Playwright's sync API refuses to start where another instance already runs
    (the test session's ``chromium`` fixture, for one).
    """
    if browser is None:
        with ThreadPoolExecutor(max_workers=1) as worker:
            return worker.submit(_check, site, settings, None).result()
    return _check(site, settings, browser)


def _check(site: Path, settings: Mapping[str, Any], browser) -> list[Problem]:
    pages = {_url_path(relative): relative for relative in pages_by_template(site).values()}
    if not pages:
        return []
    if not AXE.is_file():
        return [Problem(CHECK, str(AXE), "axe-core tidak ada: jalankan ./dev setup")]
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    absolute = siteurl.startswith(("http://", "https://"))
    found: dict[tuple[str, str], list[str]] = {}
    with ExitStack() as stack:
        origin = siteurl if absolute else stack.enter_context(serve_directory(site))
        if browser is None:
            browser = stack.enter_context(launch_chromium())
        for audit in audit_pages(browser, origin, pages, site=site if absolute else None):
            file, label = pages[audit.path], MODES[audit.mode].label
            if audit.error:
                found.setdefault((file, f"halaman tidak selesai dimuat: {audit.error}"), []).append(label)
            for violation in audit.violations:
                for node in violation["nodes"]:
                    message = f"{violation['id']}: {violation['help']} ({node['target']})"
                    found.setdefault((file, message), []).append(label)
        try:
            reports = run_pa11y([origin + path for path in pages], site if absolute else None, origin)
        except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as failure:
            return [Problem(CHECK, "pa11y", str(failure))]
    problems = [Problem(CHECK, file, f"{message} [axe; {', '.join(modes)}]") for (file, message), modes in found.items()]
    for url, issues in reports.items():
        file = pages[url.removeprefix(origin)]
        problems += [
            Problem(CHECK, file, f"{issue['code']}: {issue['message']} ({issue['selector']}) [pa11y]") for issue in issues
        ]
    return problems
