"""images: responsive variants of content images (book covers), made at build time.

``{% set image = responsive_image(path, width) %}`` in a template, ``path`` being
an image under the content folder (``images/sampul/<id>.jpg``), gives the
``<source>`` sets for a ``<picture>``: the image resized with Pillow to a few
widths (no wider than the original), in AVIF when this Pillow can write it and in
WebP. Files are named ``<name>-<width>-<hash>.<format>`` next to the original in
the output, the hash being that of the source's bytes, so a changed cover gets new
URLs and an unchanged one can be cached for ever.

Encoding is the slow part, so encoded files are kept in a cache folder
(``cache/images/`` by default) keyed by the source's content hash and the encoding
parameters: a rebuild only copies them. Nothing happens for pages without an
image; a 30,000-record catalogue with a handful of covers costs a handful of
lookups.
"""

import hashlib
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from pelican import signals

from plugins.common import incremental
from plugins.common.build import PROJECT_ROOT
from plugins.common.settings import plugin_settings

try:  # optional: without Pillow the original image is used alone
    from PIL import Image, features
except ImportError:  # pragma: no cover - depends on the environment
    Image = features = None

logger = logging.getLogger(__name__)

DEFAULTS = {
    "cache": str(PROJECT_ROOT / "cache" / "images"),
    # 1×, 2× and 3× of a cover shown 12rem (192 px) wide.
    "widths": [192, 384, 576],
    "formats": ["avif", "webp"],
    "quality": {"avif": 55, "webp": 78},
}
MIME = {"avif": "image/avif", "webp": "image/webp"}
ENCODER_VERSION = "1"  # bump when the way variants are made changes


@dataclass(frozen=True)
class Variant:
    url: str
    width: int


@dataclass(frozen=True)
class Source:
    type: str
    variants: tuple[Variant, ...]


class ResponsiveImages:
    """Variants of content images for one build: made (or taken from the cache) once."""

    def __init__(self, settings, output_path: str):
        self.options = plugin_settings(settings, "IMAGES", DEFAULTS)
        self.content = Path(settings["PATH"])
        self.output = Path(output_path)
        self.cache = Path(self.options["cache"])
        self.done: dict[tuple[str, int], tuple[Source, ...]] = {}
        self.formats = [f for f in self.options["formats"] if features and features.check(f)]

    def sources(self, path: str, width: int) -> tuple[Source, ...]:
        key = (path, width)
        if key not in self.done:
            self.done[key] = self._make(path, width)
        # For incremental builds: the page depends on the image, and brings its variants.
        incremental.note_source(self.content / path)
        for source in self.done[key]:
            for variant in source.variants:
                incremental.note_output(variant.url)
        return self.done[key]

    def _make(self, path: str, width: int) -> tuple[Source, ...]:
        source = self.content / path
        if Image is None or not self.formats or not source.is_file():
            return ()
        data = source.read_bytes()
        widths = sorted({min(w, width) for w in self.options["widths"]})
        digest = hashlib.sha256(data).hexdigest()[:16]
        stem = Path(path).with_suffix("")
        found = []
        for fmt in self.formats:
            quality = self.options["quality"].get(fmt, 75)
            variants = []
            for target in widths:
                key = hashlib.sha256(f"{digest}:{target}:{fmt}:{quality}:{ENCODER_VERSION}".encode()).hexdigest()[:20]
                cached = self.cache / f"{key}.{fmt}"
                if not cached.is_file() and not self._encode(source, cached, target, fmt, quality):
                    return ()
                url = f"{stem.as_posix()}-{target}-{digest[:10]}.{fmt}"
                destination = self.output / url
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(cached, destination)
                variants.append(Variant(url, target))
            found.append(Source(MIME[fmt], tuple(variants)))
        return tuple(found)

    @staticmethod
    def _encode(source: Path, cached: Path, width: int, fmt: str, quality: int) -> bool:
        try:
            with Image.open(source) as image:
                image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
                if image.width > width:
                    height = max(1, round(image.height * width / image.width))
                    image = image.resize((width, height), Image.Resampling.LANCZOS)
                cached.parent.mkdir(parents=True, exist_ok=True)
                partial = cached.with_suffix(f".part{cached.suffix}")
                image.save(partial, fmt.upper(), quality=quality)
                partial.replace(cached)
        except (OSError, ValueError) as error:
            # The catalogue reports unreadable covers; here the original is used alone.
            logger.info("gambar: %s tidak dapat diubah ukurannya (%s)", source, error)
            return False
        return True


def install(generator) -> None:
    """One ResponsiveImages per build, shared by every generator's templates."""
    store = getattr(generator.context, "get", lambda *_: None)("_responsive_images")
    if store is None:
        store = ResponsiveImages(generator.settings, generator.output_path)
        generator.context["_responsive_images"] = store
    generator.env.globals["responsive_image"] = store.sources


def register():
    signals.generator_init.connect(install)
