"""Every piece of interface text in the theme's templates goes through gettext.

Templates are written in Indonesian; English pages get their interface from
``theme/translations/en``. Text a template prints without ``_()`` stays
Indonesian on English pages, so this test reads every template (Jinja's own
lexer for the code, Python's HTML parser for the markup around it) and fails on:

- a text node with a letter outside any ``{{ … }}`` / ``{% … %}``;
- a visible attribute (``aria-label``, ``title``, ``alt``, ``placeholder`` …) or a
  string for scripts (``data-i18n-*``) with a letter outside ``{{ … }}``;
- a string literal in template code that reads like a label (a capital letter or
  two words) and is not an argument of ``_()``, ``gettext`` or ``ngettext``.

``ALLOWED_WORDS`` and ``ALLOWED`` list the few texts that are right as they are.
Then the English catalogue: no fuzzy (Babel's guesses are wrong), half-translated
or placeholder-mismatched entries; and pages rendered in English show English.
"""

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from jinja2 import Environment

from plugins.catalogue.test_catalogue import book
from plugins.common.build import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "theme" / "templates"
TRANSLATE = {"_", "gettext", "ngettext"}
VISIBLE_ATTRIBUTES = {"aria-label", "aria-description", "aria-roledescription", "aria-valuetext",
                      "title", "alt", "placeholder", "label"}
LETTER = re.compile(r"[^\W\d_]")
LETTERS = re.compile(r"[^\W\d_]+")
# Stands for a {{ … }} in the markup: no letters, so it never counts as text.
PLACEHOLDER = "\ue000"
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)

# Words that are the same in every language of the site: the time zone and
# standard identifiers.
ALLOWED_WORDS = {"WIB", "ISBN"}
# (template, text) pairs that are right untranslated.
ALLOWED = {
    # The language switch names each language in that language.
    ("partials/language_switch.html", "Baca dalam bahasa Indonesia"),
    ("partials/language_switch.html", "Read in English"),
}


@dataclass(frozen=True)
class Untranslated:
    template: str
    line: int
    kind: str
    text: str

    def __str__(self):
        return f"theme/templates/{self.template}:{self.line}: {self.kind} {self.text!r}"


class _Markup(HTMLParser):
    """Text nodes and visible attribute values with letters, outside script/style."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self.raw_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.raw_depth += 1
        for name, value in attrs:
            visible = name in VISIBLE_ATTRIBUTES or name.startswith("data-i18n-")
            if visible and value and LETTER.search(value):
                self.found.append((self.getpos()[0], f"{tag}[{name}]", value))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.raw_depth -= 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.raw_depth = max(0, self.raw_depth - 1)

    def handle_data(self, data):
        if not self.raw_depth and LETTER.search(data):
            line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
            self.found.append((line, "text", " ".join(data.split())))


def markup_text(source: str) -> list[tuple[int, str, str]]:
    """Text and attribute values the template writes literally (not from code)."""
    # {% trans %}…{% endtrans %} is translated as a whole.
    source = re.sub(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}",
                    lambda m: "\n" * m.group().count("\n"), source, flags=re.S)

    def blank(match):
        # Keep line numbers; a {{ … }} leaves a placeholder, tags and comments nothing.
        mark = PLACEHOLDER if match.group().startswith("{{") else ""
        return mark + "\n" * match.group().count("\n")

    parser = _Markup()
    parser.feed(JINJA.sub(blank, source))
    parser.close()
    return [(line, kind, text.replace(PLACEHOLDER, "…")) for line, kind, text in parser.found]


def looks_like_a_label(text: str) -> bool:
    if not LETTER.search(text) or text.endswith((".html", ".svg")):
        return False
    return text[0].isupper() or re.search(r"\w\s+\w", text) is not None


def code_strings(source: str) -> list[tuple[int, str]]:
    """String literals in template code that are not arguments of a gettext call."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    calls: list[str | None] = []  # the function each open bracket belongs to
    previous = None
    found = []
    for line, kind, value in env.lex(source):
        if kind == "whitespace":
            continue
        if kind == "operator" and value in "([{":
            call = previous[2] if value == "(" and previous and previous[1] == "name" else None
            calls.append(call)
        elif kind == "operator" and value in ")]}" and calls:
            calls.pop()
        elif kind == "string":
            text = value[1:-1]
            if not (calls and calls[-1] in TRANSLATE) and looks_like_a_label(text):
                found.append((line, text))
        previous = (line, kind, value)
    return found


def untranslated(name: str, source: str) -> list[Untranslated]:
    found = [Untranslated(name, line, kind, text) for line, kind, text in markup_text(source)]
    found += [Untranslated(name, line, "string", text) for line, text in code_strings(source)]
    return [item for item in found
            if (name, item.text) not in ALLOWED and not set(LETTERS.findall(item.text)) <= ALLOWED_WORDS]


def templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("path", templates(), ids=lambda p: p.relative_to(TEMPLATES).as_posix())
def test_template_has_no_interface_text_outside_gettext(path):
    found = untranslated(path.relative_to(TEMPLATES).as_posix(), path.read_text(encoding="utf-8"))
    assert found == [], "wrap in _() and run ./dev i18n:\n" + "\n".join(map(str, found))


def test_the_scan_finds_text_attributes_and_labels_outside_gettext():
    source = """{% extends "base.html" %}
{% block title %}Arsip · {{ SITENAME }}{% endblock %}
{# Komentar tidak tampil #}
<nav aria-label="Menu bawah" data-i18n-more="Lagi">
  <a href="{{ url }}" title="{{ _('Tautan') }}">{{ _("Beranda") }}</a> · {{ count }} (WIB)
  {% set links = [("judul/", "Judul A–Z"), ("subjek/", _("Subjek"))] %}
  {{ ngettext("%(num)s judul", "%(num)s judul", n) }}
  <script type="application/ld+json">{"name": "Perpustakaan"}</script>
</nav>"""
    found = {(item.line, item.kind, item.text) for item in untranslated("contoh.html", source)}
    assert found == {
        (2, "text", "Arsip · …"),
        (4, "nav[aria-label]", "Menu bawah"),
        (4, "nav[data-i18n-more]", "Lagi"),
        (6, "string", "Judul A–Z"),
    }


def english_catalogue():
    with (PROJECT_ROOT / "theme/translations/en/LC_MESSAGES/messages.po").open("rb") as source:
        return read_po(source)


def test_english_catalogue_has_no_fuzzy_half_translated_or_mismatched_entries():
    """Babel's fuzzy guesses are wrong; plurals need every form; placeholders must match."""
    catalog = english_catalogue()
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert fuzzy == [], "correct these and remove #, fuzzy"
    half = [m.id for m in catalog if isinstance(m.id, tuple) and not all(m.string)]
    assert half == []
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalog.check()]
    assert problems == []


BOOK_FILES = {
    "data/katalog/buku.yaml": yaml.safe_dump([
        book("sungai", "Sungai Musi", subjects=["Budaya Palembang"], formats=["print", "braille"], local=True),
        book("pempek", "Pempek", subjects=["Kuliner Palembang"], formats=["print", "ebook"],
             url="https://ebook.example.org/pempek"),
    ], allow_unicode=True),
    "data/mitra.yaml": """\
        - id: unsri
          name: Universitas Sriwijaya
          type: university
        - id: forum-tbm
          name: Forum TBM Palembang
          type: community
        """,
    "content/acara/festival.md": """\
        ---
        title: Festival Literasi
        date: 2026-11-01
        summary: Festival membaca.
        tags: [festival]
        start: "2026-12-05 09:00"
        end: "2026-12-05 12:00"
        venue:
          name: Aula Perpustakaan
        accessibility: [wheelchair, sign-language, captions]
        partners: [unsri, forum-tbm]
        ---
        Festival membaca di perpustakaan.
        """,
}


def visible_text(page) -> str:
    for hidden in page.find_all(["script", "style"]):
        hidden.decompose()
    return " ".join(page.get_text(" ").split())


def test_an_english_interface_shows_the_english_strings(build_site, tmp_path):
    """With English as the site's language, list, catalogue and error pages are English."""
    site = build_site(tmp_path, BOOK_FILES, DEFAULT_LANG="en")
    home = site.page("/")
    assert {"Upcoming events", "Catalogue"} <= {h2.get_text() for h2 in home.find_all("h2")}
    assert "2 titles in the online catalogue" in visible_text(home)
    assert home.find("a", string="All events")

    catalogue = site.page("/katalog/")
    assert catalogue.find("h1").get_text() == "Catalogue"
    assert "2 titles, sorted by title (A–Z)." in visible_text(catalogue)
    nav = catalogue.find("nav", class_="browse-nav")
    assert nav["aria-label"] == "Browse the catalogue"
    assert [a.get_text() for a in nav.find_all("a")][:3] == ["All titles", "Titles A–Z", "Subject"]
    badges = {badge.get_text() for badge in catalogue.select(".record-entry .badge")}
    assert badges == {"Accessible format"}
    assert any("Local content" in meta.get_text() for meta in catalogue.select(".record-entry .meta"))

    record = site.page("/katalog/pempek/")
    assert record.title.get_text().startswith("Pempek · Catalogue · ")
    assert {"Availability", "Format", "Location", "Language", "Subject"} <= {dt.get_text() for dt in record.find_all("dt")}
    assert "Read the e-book “Pempek”" in visible_text(record)
    assert "1 of 2 copies available" in visible_text(record)

    subjects = site.page("/katalog/subjek/")
    assert subjects.find("h1").get_text() == "Subject"
    assert "(1 title)" in visible_text(subjects)

    letter = site.page("/katalog/judul/p/")
    assert letter.find("h1").get_text() == "Titles starting with P"
    assert letter.find("nav", class_="letter-nav")["aria-label"] == "First letter of the title"

    events = site.page("/acara/")
    assert {"Upcoming", "Past"} <= {h2.get_text() for h2 in events.find_all("h2")}
    assert site.page("/topik/festival/").find("h1").get_text() == "Topic: festival"
    assert site.page("/404.html").find("h1").get_text() == "Page not found"

    # Labels that come from data (the schemas' x-labels, the catalogue's language names).
    formats = record.find("ul", class_="format-list")
    assert [a.get_text() for a in formats.find_all("a")] == ["Print", "E-book"]
    assert record.find("a", href=lambda href: href and "katalog/bahasa/id/" in href).get_text() == "Indonesian"
    sungai = site.page("/katalog/sungai/")
    assert sungai.select_one(".accessible-formats").get_text().endswith("Available in braille.")
    assert site.page("/katalog/format/cetak/").find("h1").get_text() == "Format: Print"
    assert [a.get_text() for a in site.page("/katalog/format/").select(".browse-index a")][:3] == [
        "Braille", "Audiobook", "Large print"]
    festival = site.page("/acara/festival/")
    assert [li.get_text() for li in festival.select(".details ul li")] == [
        "Wheelchair access", "Sign language interpreter", "Live captions"]
    assert [h2.get_text() for h2 in site.page("/mitra/").select("main h2")] == ["University", "Community"]
    assert site.page("/mitra/unsri/").select_one(".partner .meta").get_text() == "University"

    # No text node of these pages is an Indonesian string of the catalogue: the theme's
    # interface and the labels that come from data (extracted into it by ./dev i18n).
    indonesian = {m.id for m in english_catalogue()
                  if isinstance(m.id, str) and m.id and m.string != m.id and "%" not in m.id}
    assert set(data_labels()) <= {m.id for m in english_catalogue()}
    assert {"Cetak", "Akses kursi roda", "Perguruan Tinggi", "Bahasa Indonesia"} <= indonesian
    for url in ("/", "/katalog/", "/katalog/pempek/", "/katalog/sungai/", "/katalog/subjek/", "/katalog/judul/p/",
                "/katalog/format/", "/katalog/format/cetak/", "/katalog/bahasa/", "/acara/", "/acara/festival/",
                "/mitra/", "/mitra/unsri/", "/404.html"):
        texts = {" ".join(text.split()) for text in site.page(url).find_all(string=True)}
        assert texts & indonesian == set(), url


def data_labels() -> list[str]:
    """Every x-labels text of the schemas: what the English interface must translate."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "x-labels":
                    found.extend(value.values())
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted((PROJECT_ROOT / "data/schemas").glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return found


def test_an_english_article_in_the_indonesian_site_gets_the_english_interface(build_site, tmp_path):
    files = dict(BOOK_FILES)
    files["content/acara/festival-en.md"] = """\
        ---
        title: Literacy Festival
        slug: festival
        lang: en
        date: 2026-11-01
        summary: A reading festival.
        tags: [festival]
        start: "2026-12-05 09:00"
        end: "2026-12-05 12:00"
        venue:
          name: Library hall
        ---
        A reading festival at the library.
        """
    site = build_site(tmp_path, files)
    english = site.page("/acara/festival/en/")
    assert english.html["lang"] == "en"
    text = visible_text(english)
    assert english.select_one(".section-label").get_text() == "Events"
    assert "Published" in text and "Topics:" in text and "Skip to content" in text
    assert "Diterbitkan" not in text and "Topik:" not in text
    indonesian = visible_text(site.page("/acara/festival/"))
    assert "Diterbitkan" in indonesian and "Waktu" in indonesian
