"""assets: theme files (and vendored libraries) under a content-hashed folder.

``THEME_STATIC_DIR`` becomes ``theme/<hash>``, the hash taken over every file
under the theme's ``static/`` and ``package-lock.json`` (which pins the
vendored npm libraries). Any change gives a new folder, so hosts may cache
everything under it for a year; ES modules keep their relative imports.
Templates link ``{{ SITEURL }}/{{ THEME_STATIC_DIR }}/css/…`` as usual.
"""

import hashlib
from pathlib import Path

from pelican import signals

from plugins.common.build import PROJECT_ROOT
from plugins.common.settings import plugin_settings

DEFAULTS = {"prefix": "theme", "extra_inputs": [str(PROJECT_ROOT / "package-lock.json")]}


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


def register():
    signals.initialized.connect(version_static_dir)
