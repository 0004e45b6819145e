from pelican.settings import DEFAULT_CONFIG

from plugins.common.text import slug, sort_key, sort_text


def test_a_to_z_ignores_case_accents_and_leading_quotes():
    names = ["rina", "Élia", "Eka", "Fitri", "ahmad", "“Bumi”"]
    assert sorted(names, key=sort_key) == ["ahmad", "“Bumi”", "Eka", "Élia", "Fitri", "rina"]
    assert sort_text("“Émile”") == "emile”"


def test_slugs_follow_the_site_settings():
    assert slug("Bedah Buku: Laut Bercerita!", {}) == "bedah-buku-laut-bercerita"
    assert slug("C++ untuk Pemula", {"SLUG_REGEX_SUBSTITUTIONS": [(r"\+", "plus"), (r"[^\w\s-]", ""), (r"[-\s]+", "-")]}) == "cplusplus-untuk-pemula"
    assert slug("???", {}) == ""


def test_remembered_slugs_are_pelicans_for_every_setting():
    """The process-wide slug memo (installed into Pelican) gives Pelican's own slug for each
    combination of text and settings, asked in any order."""
    from markupsafe import Markup

    from plugins.common.text import _pelican_slugify, slugify

    substitutions = [DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"], [(r"[^\w\s-]", ""), (r"\s+", "_")], ()]
    texts = ["Sastra Anak", "Ålborg & Co", Markup("<em>Dasar</em> C++"), "Ñusantara  Raya", "Ålborg & Co"]
    for text in texts:
        for regex_subs in substitutions:
            for preserve_case in (False, True):
                for use_unicode in (False, True):
                    expected = _pelican_slugify(text, regex_subs, preserve_case, use_unicode)
                    assert slugify(text, regex_subs, preserve_case, use_unicode) == expected
                    assert slugify(text, regex_subs=regex_subs, preserve_case=preserve_case,
                                   use_unicode=use_unicode) == expected
