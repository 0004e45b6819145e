"""The checks a build must pass before it is published (``invoke publish``).

A check is a function ``(site, settings) -> list[Problem]`` over a finished
build folder. ``CHECKS`` is the registry: ``publish`` runs every entry, in
order, and deploys nothing if any reports a problem:

- ``validasi isi``: the content and data checker (``./dev check``);
- ``tautan internal``: every link, image and form to our own site resolves;
- ``validasi HTML``: the Nu Html Checker (vnu.jar) over every HTML file;
- ``aksesibilitas``: axe-core (WCAG 2.0/2.1/2.2 A/AA and best practices, at
  360 px, 1280 px, high contrast and dark) and pa11y's HTML_CodeSniffer in
  Chromium, on one page per page type (plugins/common/accessibility.py).

To add one, append a line: ``Check("nama", function)``.
"""

import json
import os
import subprocess
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from plugins.common.build import PROJECT_ROOT

VNU_JAR = PROJECT_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class Problem:
    check: str
    file: str
    message: str

    def format(self) -> str:
        return f"[{self.check}] {self.file}: {self.message}"


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[Path, Mapping[str, Any]], list[Problem]]


def check_content(site: Path, settings: Mapping[str, Any]) -> list[Problem]:
    """The content and data checker (plugins/validation), as ``./dev check`` runs it."""
    from plugins.validation.validation import validate_project

    return [
        Problem("validasi isi", error.file or "-", error.format("id"))
        for error in validate_project(dict(settings)).errors
    ]


URL_ATTRIBUTES = {"href", "src", "action", "poster"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRIBUTES or (name.startswith("data-") and name.endswith("-url")):
                self.urls.append((self.getpos()[0], value.strip()))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.urls.append((self.getpos()[0], candidate.split()[0]))


def own_url_to_file(site: Path, url: str, base: str) -> Path | None:
    """The file an absolute URL of our own site points to, or None if it is elsewhere."""
    parts = urlsplit(url)
    if not f"{parts.scheme}://{parts.netloc}{parts.path}".startswith(base):
        return None
    relative = unquote(parts.path[len(urlsplit(base).path):]).lstrip("/")
    target = site / relative
    if not relative or relative.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def check_links(site: Path, settings: Mapping[str, Any]) -> list[Problem]:
    """Every href/src/action to our own site, in every HTML file, resolves to a built file."""
    base = settings["SITEURL"].rstrip("/") + "/"
    problems = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        page_url = base + relative
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        for line, value in parser.urls:
            if not value or value.startswith(("#", "mailto:", "tel:", "data:")):
                continue
            target = own_url_to_file(site, urljoin(page_url, value), base)
            if target is not None and not target.is_file():
                problems.append(
                    Problem("tautan internal", f"{relative}:{line}", f"tautan {value} tidak menuju berkas mana pun")
                )
    return problems


def check_html(site: Path, settings: Mapping[str, Any]) -> list[Problem]:
    """HTML validation: the Nu Html Checker (vnu.jar) over every HTML file, in one JVM."""
    if not VNU_JAR.is_file():
        return [Problem("validasi HTML", str(VNU_JAR), "vnu.jar tidak ada: jalankan ./dev setup")]
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--skip-non-html", str(site)],
        capture_output=True, text=True, check=False,
    )
    try:
        messages = json.loads(result.stderr or "{}").get("messages", [])
    except json.JSONDecodeError:
        return [Problem("validasi HTML", "vnu.jar", result.stderr.strip()[:500] or "keluaran tidak terbaca")]
    problems = []
    for message in messages:
        file = message.get("url", "").removeprefix("file:")
        file = os.path.relpath(file, site) if file else "-"
        problems.append(Problem("validasi HTML", f"{file}:{message.get('lastLine', '?')}", message.get("message", "")))
    return problems


def check_accessibility(site: Path, settings: Mapping[str, Any]) -> list[Problem]:
    """axe-core and pa11y in Chromium on one page per page type (plugins/common/accessibility)."""
    from plugins.common.accessibility import check_accessibility as run

    return run(site, settings)


# The registry: publish runs these in order. Add a check with one line here.
CHECKS: list[Check] = [
    Check("validasi isi", check_content),
    Check("tautan internal", check_links),
    Check("validasi HTML", check_html),
    Check("aksesibilitas", check_accessibility),
]


def run_checks(site: Path, settings: Mapping[str, Any], checks: Iterable[Check] = CHECKS) -> list[Problem]:
    problems: list[Problem] = []
    for check in checks:
        problems += check.run(site, settings)
    return problems
