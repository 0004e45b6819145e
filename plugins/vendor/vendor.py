"""vendor: copy pinned browser libraries from node_modules/ into the built site.

The libraries come from npm (package.json + package-lock.json, installed by
``./dev setup``), never copied into the repository by hand. ``VENDOR`` maps a
path under node_modules/ to a path in the output.
"""

import logging
import shutil
from pathlib import Path

from pelican import signals

from plugins.common.build import PROJECT_ROOT
from plugins.common.settings import plugin_settings

logger = logging.getLogger(__name__)

DEFAULTS = {
    "node_modules": str(PROJECT_ROOT / "node_modules"),
    # Targets are relative to THEME_STATIC_DIR (content-hashed by plugins.assets).
    "files": {"lunr/lunr.min.js": "vendor/lunr.min.js"},
}


def copy_vendor_files(pelican):
    options = plugin_settings(pelican.settings, "VENDOR", DEFAULTS)
    source_root = Path(options["node_modules"])
    output = Path(pelican.output_path) / pelican.settings["THEME_STATIC_DIR"]
    for source, target in options["files"].items():
        source_path = source_root / source
        if not source_path.is_file():
            logger.error(
                "%s tidak ada: jalankan ./dev setup untuk memasang pustaka npm", source_path
            )
            continue
        target_path = output / target
        target_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source_path, target_path)


def register():
    signals.finalized.connect(copy_vendor_files)
