"""offline: the installable, offline-capable portal (manifest, icons, service worker).

- ``manifest.webmanifest`` (name, icons, colours, start URL, language) and
  icons drawn with Pillow at build time in ``ikon/`` (several sizes, maskable);
- ``luring/``: the offline page, listing the pages the phone has kept;
- ``sw.js`` at the site root (scope: the whole site): our own ~150-line service
  worker (``plugins/offline/sw.js``) with a header written here: ``VERSION``
  (a hash of every precached file, so any change to the app shell makes a new
  worker that replaces the old one and deletes its cache) and ``PRECACHE``,
  computed from what is in the output under THEME_STATIC_DIR (CSS, JS, the
  search code, vendored libraries) plus the offline and search pages.

Everything is derived from the sources, so two builds are byte-identical.
"""

import functools
import hashlib
import io
import json
from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from PIL import Image, ImageDraw

from plugins.common.incremental import locate
from plugins.common.settings import plugin_settings
from plugins.hosting.hosting import base_path, page_url, root_relative
from plugins.search.search import parts_folder

HERE = Path(__file__).resolve().parent
DEFAULTS = {
    "url": "luring/",
    "save_as": "luring/index.html",
    "icons_dir": "ikon",
    "icon_sizes": [48, 96, 144, 192, 512],
    "maskable_sizes": [192, 512],
    "theme_color": "#7b1e2b",  # the theme's brand colour (theme/static/css/tokens.css --c-brand)
    "background_color": "#ffffff",
    # Pages precached besides the theme files and the offline page.
    "precache_pages": ["cari/"],
    # The search index's head (plugins/search): network first; its parts beside it, cache first.
    "search_index": "cari/indeks.json",
    # Visited pages kept for reading offline (oldest dropped first).
    "max_pages": 60,
    # A kept page answers when the network has not within this time (patchy data).
    "page_timeout_ms": 4000,
    # Precompressed twins are the host's business, not the service worker's.
    "skip_suffixes": [".gz", ".br", ".map"],
}


def options(settings) -> dict:
    return plugin_settings(settings, "OFFLINE", DEFAULTS)


def draw_icon(size: int, color: str, maskable: bool) -> Image.Image:
    """An open book on the theme colour; maskable icons keep it in the 80 % safe zone."""
    scale = 4  # draw large, then downsample: smooth edges, same bytes every build
    big = size * scale
    image = Image.new("RGB", (big, big), color) if maskable else Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if not maskable:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=color)
    inset = big * (0.26 if maskable else 0.18)
    left, right, top, bottom = inset, big - inset, big * 0.3, big * 0.72
    middle = big / 2
    white = "#ffffff"
    draw.polygon([(left, top), (middle - big * 0.02, top + big * 0.05), (middle - big * 0.02, bottom),
                  (left, bottom - big * 0.05)], fill=white)
    draw.polygon([(right, top), (middle + big * 0.02, top + big * 0.05), (middle + big * 0.02, bottom),
                  (right, bottom - big * 0.05)], fill=white)
    return image.resize((size, size), Image.LANCZOS)


@functools.lru_cache(maxsize=32)
def icon_png(size: int, color: str, maskable: bool) -> bytes:
    """The icon's PNG bytes, drawn once a process (the preview rebuilds after every save)."""
    data = io.BytesIO()
    draw_icon(size, color, maskable).save(data, format="PNG", optimize=True)
    return data.getvalue()


def write_icons(output: Path, opts: dict) -> list[dict]:
    folder = output / opts["icons_dir"]
    folder.mkdir(parents=True, exist_ok=True)
    icons = []
    for purpose, sizes in (("any", opts["icon_sizes"]), ("maskable", opts["maskable_sizes"])):
        for size in sizes:
            name = f"{'ikon' if purpose == 'any' else 'ikon-maskable'}-{size}.png"
            (folder / name).write_bytes(icon_png(size, opts["theme_color"], purpose == "maskable"))
            icons.append({"src": f"{opts['icons_dir']}/{name}", "sizes": f"{size}x{size}",
                          "type": "image/png", "purpose": purpose})
    return icons


def manifest(settings, icons: list[dict]) -> dict:
    opts = options(settings)
    return {
        "id": base_path(settings),
        "name": f"{settings.get('SITE_SHORTNAME', settings['SITENAME'])} · {settings['SITENAME']}",
        "short_name": settings.get("SITE_SHORTNAME", settings["SITENAME"]),
        "description": settings.get("SITE_TAGLINE", ""),
        "lang": settings.get("DEFAULT_LANG", "id"),
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": opts["theme_color"],
        "background_color": opts["background_color"],
        "categories": ["books", "education"],
        "icons": icons,
    }


def precache_list(output: Path, settings) -> list[str]:
    """What the service worker stores on install: the app shell, as URLs relative to the root."""
    opts = options(settings)
    static = output / settings["THEME_STATIC_DIR"]
    files = sorted(
        path.relative_to(output).as_posix()
        for path in static.rglob("*")
        if path.is_file() and path.suffix not in opts["skip_suffixes"] and not path.name.startswith(".")
    )
    pages = [opts["url"], *opts["precache_pages"]]
    return [*pages, *files, "manifest.webmanifest"]


def version(output: Path, urls: list[str]) -> str:
    digest = hashlib.sha256()
    for url in urls:
        path = locate(output, f"{url}index.html" if url.endswith("/") or not url else url)
        digest.update(url.encode() + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def service_worker(output: Path, settings) -> str:
    opts = options(settings)
    urls = [url for url in precache_list(output, settings)
            if locate(output, url).is_file() or locate(output, f"{url.rstrip('/')}/index.html").is_file()]
    header = {
        "VERSION": version(output, urls),
        "PRECACHE": urls,
        "OFFLINE_URL": opts["url"],
        "STATIC_DIR": settings["THEME_STATIC_DIR"] + "/",
        "STATIC_PREFIX": settings["THEME_STATIC_DIR"].split("/")[0] + "/",
        "SEARCH_INDEX": opts["search_index"],
        "SEARCH_PARTS": parts_folder(opts["search_index"]),
        "MAX_PAGES": opts["max_pages"],
        "PAGE_TIMEOUT": opts["page_timeout_ms"],
    }
    lines = [f"const {name} = {json.dumps(value, ensure_ascii=False)};" for name, value in header.items()]
    return "// Dibuat saat build oleh plugins/offline.\n" + "\n".join(lines) + "\n" + (HERE / "sw.js").read_text(encoding="utf-8")


class OfflineGenerator(Generator):
    """Writes the offline page (``luring/``) from the theme's ``offline.html``."""

    def generate_output(self, writer):
        opts = options(self.settings)
        writer.write_file(
            opts["save_as"], self.get_template("offline"), self.context,
            relative_urls=self.settings["RELATIVE_URLS"], page_name=opts["url"],
        )


def get_generators(pelican):
    return OfflineGenerator


def expose_settings(pelican) -> None:
    """Templates get OFFLINE_THEME_COLOR for <meta name="theme-color">."""
    pelican.settings["OFFLINE_THEME_COLOR"] = options(pelican.settings)["theme_color"]


def write_app_files(pelican) -> None:
    settings = pelican.settings
    output = Path(pelican.output_path)
    opts = options(settings)
    offline_page = output / opts["save_as"]
    if offline_page.is_file():  # served for any URL when offline: links must not be relative
        text = offline_page.read_text(encoding="utf-8")
        offline_page.write_text(root_relative(text, page_url(opts["save_as"]), base_path(settings)), encoding="utf-8")
    icons = write_icons(output, opts)
    (output / "manifest.webmanifest").write_text(
        json.dumps(manifest(settings, icons), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (output / "sw.js").write_text(service_worker(output, settings), encoding="utf-8")


def generated_urls(settings):
    """URL folders this plugin writes (the checker keeps content out of them)."""
    opts = options(settings)
    return [opts["url"], opts["icons_dir"] + "/"]


def register():
    signals.initialized.connect(expose_settings)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(write_app_files)
