"""Print what each page type loads to render (HTML + CSS + JS), gzip level 6.

    ./dev build && .venv/bin/python bench/page_weight.py [output]

Static reading of the built files: the page, its stylesheets, its module scripts,
the scripts those import (``import … from "…"``, ``import("…")`` with a literal
path) and ``js/components/NAME.js`` for each ``data-module``. The browser-measured
budget (≤ 30 KB per page type) is asserted in tests/test_accessibility.py.
"""

import gzip
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.test_accessibility import BUDGET, PAGE_TYPES  # noqa: E402

IMPORT = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"'`]+\.js)["']""")


def local(root: Path, base: str, href: str) -> Path:
    path = root / urlsplit(urljoin(base, href)).path.lstrip("/")
    return path / "index.html" if path.is_dir() else path


def page_files(root: Path, url: str) -> list[Path]:
    page = local(root, "http://x/", url)
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    base = "http://x" + url
    files = [page] + [local(root, base, link["href"]) for link in soup.find_all("link", rel="stylesheet")]
    scripts = [local(root, base, s["src"]) for s in soup.find_all("script", src=True)]
    main = next((s for s in scripts if s.name == "main.js"), None)
    for element in soup.find_all(attrs={"data-module": True}):
        for name in element["data-module"].split():
            if main:
                scripts.append(main.parent / "components" / f"{name}.js")
    seen: list[Path] = []
    while scripts:
        script = scripts.pop(0)
        if script in seen or not script.is_file():
            continue
        seen.append(script)
        scripts += [(script.parent / target).resolve() for target in IMPORT.findall(script.read_text(encoding="utf-8"))]
    return files + seen


def main(root: Path) -> None:
    print(f"{'page type':18} {'url':48} {'files':>5} {'gzip KB':>8}")  # noqa: T201
    for name, url in PAGE_TYPES.items():
        files = page_files(root, url)
        size = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
        flag = "" if size <= BUDGET else "  OVER BUDGET"
        print(f"{name:18} {url:48} {len(files):5} {size / 1024:8.1f}{flag}")  # noqa: T201


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "output").resolve())
