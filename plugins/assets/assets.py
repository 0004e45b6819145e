"""assets: theme files under a content-hashed folder, and one stylesheet per page.

``THEME_STATIC_DIR`` becomes ``theme/<hash>``, the hash taken over every file
under the theme's ``static/`` and ``package-lock.json`` (which pins the
vendored npm libraries). Any change gives a new folder, so hosts may cache
everything under it for a year; ES modules keep their relative imports.
Templates link ``{{ SITEURL }}/{{ THEME_STATIC_DIR }}/css/…`` as usual.

The stylesheet pages link, ``css/main.css``, is written at the end of the build:
the theme's ``css/tokens.css``, ``css/base.css``, every ``css/components/*.css``
(in name order; a component drops its file there and is included) and
``css/print.css``, concatenated with comments and spare whitespace removed. One
request, no ``@import`` chain; the parts stay readable in the repository.
"""

import hashlib
import logging
import re
from pathlib import Path

from pelican import signals

from plugins.common.build import PROJECT_ROOT
from plugins.common.settings import plugin_settings

logger = logging.getLogger(__name__)

DEFAULTS = {
    "prefix": "theme",
    "extra_inputs": [str(PROJECT_ROOT / "package-lock.json")],
    # Output path under THEME_STATIC_DIR → parts (globs) under the theme's static/.
    "bundles": {
        "css/main.css": [
            "css/tokens.css",
            "css/base.css",
            "css/components/*.css",
            "css/print.css",
        ]
    },
}


def static_digest(theme: Path, extra_inputs: list[str]) -> str:
    """A short hash of the theme's static files (names and bytes) and extra inputs."""
    digest = hashlib.sha256()
    static = theme / "static"
    for path in sorted(p for p in static.rglob("*") if p.is_file()):
        digest.update(path.relative_to(static).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    for name in extra_inputs:
        path = Path(name)
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def version_static_dir(pelican):
    options = plugin_settings(pelican.settings, "ASSETS", DEFAULTS)
    digest = static_digest(Path(pelican.settings["THEME"]), options["extra_inputs"])
    pelican.settings["THEME_STATIC_DIR"] = f"{options['prefix']}/{digest}"


_STRING = r""""(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'"""
_TOKENS = re.compile(rf"({_STRING})|/\*.*?\*/|\s+", re.DOTALL)
_PUNCTUATION = re.compile(rf"({_STRING})|\s*([{{}};,>])\s*|(:)\s+")


def minify_css(text: str) -> str:
    """Drop comments and spare whitespace; strings are left exactly as written."""
    text = _TOKENS.sub(lambda m: m.group(1) or ("" if m.group(0).startswith("/*") else " "), text)
    text = _PUNCTUATION.sub(lambda m: m.group(1) or m.group(2) or m.group(3), text)
    return text.replace(";}", "}").strip() + "\n"


def bundle_parts(static: Path, patterns: list[str]) -> list[Path]:
    """The files matching ``patterns`` under ``static``, in pattern order, each once."""
    parts: list[Path] = []
    for pattern in patterns:
        for path in sorted(static.glob(pattern)):
            if path.is_file() and path not in parts:
                parts.append(path)
    return parts


def write_bundles(pelican):
    options = plugin_settings(pelican.settings, "ASSETS", DEFAULTS)
    static = Path(pelican.settings["THEME"]) / "static"
    output = Path(pelican.output_path) / pelican.settings["THEME_STATIC_DIR"]
    for target, patterns in options["bundles"].items():
        parts = bundle_parts(static, patterns)
        if not parts:
            logger.error("aset: tidak ada berkas untuk %s (%s)", target, ", ".join(patterns))
            continue
        text = "".join(minify_css(path.read_text(encoding="utf-8")) for path in parts)
        path = output / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def register():
    signals.initialized.connect(version_static_dir)
    signals.finalized.connect(write_bundles)
