"""Test helpers: build a real site with our pelicanconf.py into a temp folder.

``build_site(tmp_path, files, **settings)`` writes ``files`` (paths relative to
a fresh project folder: ``content/acara/x.md``, ``data/mitra.yaml``…), runs
the same strict build as ``./dev build`` and returns a :class:`Site`.
Registered for pytest by the root ``conftest.py``.
"""

import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from plugins.common.build import DEFAULT_SETTINGS, build

TEST_NOW = "2026-11-25T12:00:00+07:00"
MINIMAL_DATA = {"data/mitra.yaml": "[]\n", "data/katalog/.keep": ""}


class Site:
    """A built site: pages by URL, parsed with BeautifulSoup."""

    def __init__(self, output: Path, drafts: list[str] | None = None):
        self.output = output
        self.drafts = drafts or []

    def path(self, url: str) -> Path:
        relative = url.strip("/")
        target = self.output / relative
        if url.endswith("/") or not relative or target.is_dir():
            target = target / "index.html"
        return target

    def exists(self, url: str) -> bool:
        return self.path(url).is_file()

    def page(self, url: str) -> BeautifulSoup:
        path = self.path(url)
        assert path.is_file(), f"no page at {url} ({path})"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))


def write_files(root: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def project_overrides(root: Path, **settings: Any) -> dict[str, Any]:
    overrides = {
        "PATH": str(root / "content"),
        "OUTPUT_PATH": str(root / "output"),
        "DATA_PATH": str(root / "data"),
        "PORTAL_NOW": TEST_NOW,
    }
    overrides.update(settings)
    return overrides


def build_project(root: Path, files: Mapping[str, str] | None = None, **settings) -> Site:
    """Write ``files`` under ``root`` (and empty data where it has none); build strictly."""
    missing = {name: text for name, text in MINIMAL_DATA.items() if not (root / name).exists()}
    write_files(root, {**missing, **(files or {})})
    (root / "content").mkdir(exist_ok=True)
    result = build(DEFAULT_SETTINGS, project_overrides(root, **settings))
    return Site(result.output, result.drafts)


@pytest.fixture
def build_site():
    """``build_site(tmp_path, files, **settings)`` → Site; raises BuildFailed."""
    return build_project


def write_settings_file(root: Path, **settings: Any) -> Path:
    """A settings file for ``root`` that extends pelicanconf.py, for CLI-level tests."""
    overrides = project_overrides(root, **settings)
    path = root / "settings.py"
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(DEFAULT_SETTINGS.parent)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        + "".join(f"{key} = {value!r}\n" for key, value in overrides.items()),
        encoding="utf-8",
    )
    return path
