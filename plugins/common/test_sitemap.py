"""Our sitemap writer writes pelican-sitemap's file, byte for byte, faster."""

import re
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from pelican.contents import Article, Page
from pelican.plugins.sitemap import sitemap as plugin

from plugins.common import sitemap
from plugins.common.build import DEFAULT_SETTINGS, build
from plugins.common.testing import TEST_NOW

def plugins_own(generator, pelican):
    """pelican-sitemap's own ``_write_out``, not our wrapper around it (plugins/common/incremental)."""
    write_out = plugin.SitemapGenerator._write_out
    return getattr(write_out, "__wrapped__", write_out)(generator, pelican)


def both(tmp_path, queue, now, **settings):
    """(the plugin's file, ours) for ``queue`` of (path, object) under ``tmp_path/out``."""
    written = []
    for name, write in (("plugin", plugins_own), ("ours", lambda g, p: sitemap.write_out(g, p, plugins_own))):
        output = tmp_path / "out"
        output.mkdir(exist_ok=True)
        generator = plugin.SitemapGenerator()
        generator.now, generator.page_queue = now, list(queue)
        pelican = SimpleNamespace(output_path=str(output), settings={"SITEURL": "https://contoh.id", **settings})
        write(generator, pelican)
        fmt = settings.get("SITEMAP", {}).get("format", "xml")
        written.append((output / f"sitemap.{fmt}").read_bytes())
        (output / f"sitemap.{fmt}").unlink()
    return written


def content(kind, url, **attributes):
    obj = kind.__new__(kind)  # only what the sitemap reads (``url`` through Pelican's override)
    obj.__dict__.update(override_url=url, **attributes)
    return obj


@pytest.mark.parametrize("settings", [
    {},
    {"SITEMAP": {"format": "txt"}},
    {"SITEMAP": {"exclude": ["^katalog/subjek/", "tag"], "priorities": {"indexes": 0.3, "articles": "0.9"},
                 "changefreqs": {"indexes": "weekly"}}},
])
def test_the_same_file_as_pelican_sitemap(tmp_path, settings):
    wib = timezone(timedelta(hours=7))
    root = str(tmp_path / "out")
    english = content(Page, "tentang/en/", lang="en")
    queue = [
        (f"{root}/katalog/buku-{n}/index.html", None) for n in (3, 1, 2)
    ] + [
        (f"{root}/index.html", None),
        (f"{root}/katalog/subjek/sejarah/hal/2/index.html", None),
        (f"{root}/katalog/judul kecil/ü/index.html", None),  # quoted by pathname2url
        (f"{root}/./katalog//x/../y/index.html", None),  # normalised by relpath
        (f"{root}/.well-known/index.html", None),
        (f"{root}/katalog/a_b~c-1.2/index.html", None),  # nothing to quote: the fast path
        (f"{root}/katalog/xindex.html", None),
        (f"{root}/katalog/index.html.br", None),
        (f"{root}/katalog/indexahtml", None),  # the plugin's "index.html" pattern matches any character
        (f"{root}/katalog/Buku%20Baru/index.html", None),  # quoted
        (f"{root}/feeds/semua.atom.xml", None),
        (f"{root}/acara/a/index.html", content(Article, "acara/a/", date=datetime(2026, 5, 1, 9, tzinfo=wib))),
        (f"{root}/tentang/index.html", content(Page, "tentang/", date=datetime(2026, 1, 2), translations=[english],
                                               changefreq="yearly", priority="0.8")),
        (f"{root}/draf/index.html", content(Article, "draf/", status="draft", date=datetime(2026, 1, 1))),
        (f"{root}/rahasia/index.html", content(Page, "rahasia/", private="True")),
        (f"{root}/ubah/index.html", content(Article, "ubah/index.html", modified=datetime(2026, 3, 3, tzinfo=wib))),
    ]
    theirs, ours = both(tmp_path, queue, datetime(2026, 11, 25, 12, tzinfo=wib), **settings)
    assert ours == theirs
    assert b"katalog/buku-1/" in ours


def test_past_the_protocols_limit_the_sitemap_is_an_index_of_parts(tmp_path, monkeypatch):
    """Each part holds at most MAX_URLS entries, in the plugin's order and format; the index
    names every part at the site's URL."""
    wib = timezone(timedelta(hours=7))
    root = str(tmp_path / "out")
    queue = [(f"{root}/katalog/buku-{n}/index.html", None) for n in range(7)]
    queue.append((f"{root}/acara/a/index.html", content(Article, "acara/a/", date=datetime(2026, 5, 1, 9, tzinfo=wib))))
    now = datetime(2026, 11, 25, 12, tzinfo=wib)
    whole = both(tmp_path, queue, now)[0].decode()
    monkeypatch.setattr(sitemap, "MAX_URLS", 3)
    output = tmp_path / "out"  # the queue's folder, left empty by both()
    generator = plugin.SitemapGenerator()
    generator.now, generator.page_queue = now, list(queue)
    sitemap.write_out(generator, SimpleNamespace(output_path=str(output), settings={"SITEURL": "https://contoh.id"}),
                      plugins_own)
    index = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert re.findall(r"<loc>(.*?)</loc>", index) == [f"https://contoh.id/sitemap-{n}.xml" for n in (1, 2, 3)]
    assert index.count("<lastmod>2026-11-25T12:00:00+07:00</lastmod>") == 3
    parts = [(output / f"sitemap-{n}.xml").read_text(encoding="utf-8") for n in (1, 2, 3)]
    assert [part.count("<url>") for part in parts] == [3, 3, 2]
    head, _, rest = whole.partition("\n<url>")
    assert all(part.startswith(head) and part.endswith(plugin.XML_FOOTER) for part in parts)
    entries = "".join(part[len(head):-len(plugin.XML_FOOTER)] for part in parts)
    assert entries == whole[len(head):-len(plugin.XML_FOOTER)]
    assert sorted(p.name for p in output.iterdir()) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]


def test_the_sample_sitemap_is_the_plugins(tmp_path, monkeypatch):
    built = build(DEFAULT_SETTINGS, {"OUTPUT_PATH": str(tmp_path / "ours"), "PORTAL_NOW": TEST_NOW})
    ours = (built.output / "sitemap.xml").read_bytes()
    monkeypatch.setattr(sitemap, "write_out", lambda generator, pelican, original: original(generator, pelican))
    built = build(DEFAULT_SETTINGS, {"OUTPUT_PATH": str(tmp_path / "theirs"), "PORTAL_NOW": TEST_NOW})
    assert ours == (built.output / "sitemap.xml").read_bytes()
    assert ours.count(b"<url>") > 300
