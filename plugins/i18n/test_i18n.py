from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from plugins.common.build import PROJECT_ROOT
from plugins.i18n.i18n import TRANSLATIONS

PAGES = {
    "content/pages/tentang.md": "---\ntitle: Tentang Kami\n---\nPerpustakaan kota.\n",
    "content/pages/about.md": "---\ntitle: About Us\nslug: tentang\nlang: en\n---\nThe city library.\n",
}


def template_messages():
    """What ``./dev i18n`` extracts: babel.cfg's templates, schema labels and marked names."""
    with (PROJECT_ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options = parse_mapping_cfg(config)
    return {message for _, _, message, _, _ in extract_from_dir(
        str(PROJECT_ROOT), method_map, options_map=options)}


def test_the_extraction_takes_labels_from_the_schemas_and_the_catalogue_settings():
    messages = template_messages()
    assert {"Cetak besar", "Akses kursi roda", "Lembaga Swadaya Masyarakat", "Bahasa Palembang (Musi)"} <= messages
    assert "Daftar untuk acara ini" in messages  # and the templates'


def test_every_interface_string_has_an_english_translation():
    with (TRANSLATIONS / "en/LC_MESSAGES/messages.po").open("rb") as source:
        catalog = read_po(source)
    # A plural entry (ngettext) has a tuple id and needs every form translated.
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog
                  if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)}
    missing = {m if isinstance(m, str) else m[0] for m in template_messages()} - translated
    assert missing == set(), f"run ./dev i18n and translate: {sorted(missing)}"
    assert len(template_messages()) > 20


def test_english_pages_get_the_english_interface(build_site, tmp_path):
    site = build_site(tmp_path, PAGES)
    english, indonesian = site.page("tentang/en/"), site.page("tentang/")
    assert english.html["lang"] == "en" and indonesian.html["lang"] == "id"
    nav = lambda page: [a.get_text() for a in page.find("nav").find_all("a")]  # noqa: E731
    assert "Home" in nav(english) and "Beranda" not in nav(english)
    assert "Beranda" in nav(indonesian)
    assert english.find("a", class_="skip-link").get_text() == "Skip to content"


def test_a_translation_links_to_its_original_and_back(build_site, tmp_path):
    site = build_site(tmp_path, PAGES)
    english, indonesian = site.page("tentang/en/"), site.page("tentang/")
    assert english.find("link", hreflang="id")["href"].endswith("/tentang/")
    assert indonesian.find("link", hreflang="en")["href"].endswith("/tentang/en/")
    assert indonesian.find("a", hreflang="en")["href"].endswith("tentang/en/")
    assert english.find("a", hreflang="id")["href"].endswith("tentang/")


def test_underscore_translates_by_the_page_language_escapes_and_formats():
    from types import SimpleNamespace

    from jinja2 import Environment

    from plugins.i18n.i18n import install, page_lang

    env = Environment(autoescape=True)
    install(SimpleNamespace(env=env))
    template = env.from_string(
        '{{ _("Langsung ke isi") }}|{{ _("Halaman %(number)s dari %(total)s", number="<2>", total=5) }}'
    )
    english = SimpleNamespace(lang="en")
    for _ in range(2):  # the second time from the memo
        assert template.render(DEFAULT_LANG="id") == "Langsung ke isi|Halaman &lt;2&gt; dari 5"
        assert template.render(DEFAULT_LANG="id", page=english) == "Skip to content|Page &lt;2&gt; of 5"
        assert template.render(DEFAULT_LANG="id", article=english, page=object()) == (
            "Skip to content|Page &lt;2&gt; of 5"
        )
    assert page_lang({"DEFAULT_LANG": "en"}) == "en" and page_lang({}) == "id"
    assert page_lang({"article": english}) == "en"
