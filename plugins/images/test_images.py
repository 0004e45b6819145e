"""Responsive covers: AVIF/WebP variants at build time, cached by content hash."""

import posixpath

import yaml
from PIL import Image, features

from plugins.images import images as images_module


def _record(record_id, title):
    return {
        "id": record_id, "title": title, "authors": ["Penulis Palembang"], "isbn": "978-602-8519-93-9",
        "publisher": "Penerbit Sriwijaya Pustaka", "year": 2020, "language": "id", "formats": ["print"],
        "call_number": "899.221", "location": "Lantai 2", "copies": {"total": 2, "available": 1},
    }


FILES = {"data/katalog/buku.yaml": yaml.safe_dump([_record("sungai", "Sungai Musi"), _record("pempek", "Pempek")])}


def _cover(root, size=(600, 900), colour=(120, 30, 40)):
    folder = root / "content/images/sampul"
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(folder / "sungai.jpg", quality=90)


def _build(build_site, root, cache):
    return build_site(root, FILES, IMAGES={"cache": str(cache)})


def test_a_cover_becomes_a_picture_with_modern_formats_widths_and_lazy_loading(build_site, tmp_path):
    _cover(tmp_path / "site")
    site = _build(build_site, tmp_path / "site", tmp_path / "cache")
    page = site.page("katalog/sungai/")
    picture = page.select_one("article.record picture")
    types = [source["type"] for source in picture.find_all("source")]
    assert types == (["image/avif"] if features.check("avif") else []) + ["image/webp"]
    for source in picture.find_all("source"):
        assert source["sizes"] == "12rem"
        candidates = [c.split() for c in source["srcset"].split(", ")]
        assert [w for _, w in candidates] == ["192w", "384w", "576w"]
        for url, width in candidates:
            file = site.output / posixpath.normpath(posixpath.join("katalog/sungai", url))
            with Image.open(file) as variant:
                assert variant.width == int(width[:-1])
                assert variant.format.lower() == source["type"].removeprefix("image/")
    img = picture.img
    assert (img["width"], img["height"], img["loading"]) == ("600", "900", "lazy")
    assert img["alt"] == "Sampul buku Sungai Musi" and img["src"].endswith("images/sampul/sungai.jpg")
    assert site.page("katalog/pempek/").find("picture") is None


def test_a_small_cover_is_never_enlarged(build_site, tmp_path):
    _cover(tmp_path / "site", size=(150, 220))
    site = _build(build_site, tmp_path / "site", tmp_path / "cache")
    srcset = site.page("katalog/sungai/").select_one("source[type='image/webp']")["srcset"]
    assert [c.split()[1] for c in srcset.split(", ")] == ["150w"]


def test_variants_are_encoded_once_and_again_only_when_the_cover_changes(build_site, tmp_path, monkeypatch):
    encoded = []
    encode = images_module.ResponsiveImages._encode
    monkeypatch.setattr(images_module.ResponsiveImages, "_encode",
                        staticmethod(lambda *args: encoded.append(args[2]) or encode(*args)))
    formats = 2 if features.check("avif") else 1
    _cover(tmp_path / "site")
    first = _build(build_site, tmp_path / "site", tmp_path / "cache")
    first_srcset = first.page("katalog/sungai/").select_one("source")["srcset"]
    assert len(encoded) == 3 * formats
    again = _build(build_site, tmp_path / "site", tmp_path / "cache")
    assert len(encoded) == 3 * formats  # all from the cache
    assert again.page("katalog/sungai/").select_one("source")["srcset"] == first_srcset
    _cover(tmp_path / "site", colour=(20, 60, 120))
    changed = _build(build_site, tmp_path / "site", tmp_path / "cache")
    assert len(encoded) == 6 * formats
    assert changed.page("katalog/sungai/").select_one("source")["srcset"] != first_srcset
