from plugins.common.text import slug, sort_key, sort_text


def test_a_to_z_ignores_case_accents_and_leading_quotes():
    names = ["rina", "Élia", "Eka", "Fitri", "ahmad", "“Bumi”"]
    assert sorted(names, key=sort_key) == ["ahmad", "“Bumi”", "Eka", "Élia", "Fitri", "rina"]
    assert sort_text("“Émile”") == "emile”"


def test_slugs_follow_the_site_settings():
    assert slug("Bedah Buku: Laut Bercerita!", {}) == "bedah-buku-laut-bercerita"
    assert slug("C++ untuk Pemula", {"SLUG_REGEX_SUBSTITUTIONS": [(r"\+", "plus"), (r"[^\w\s-]", ""), (r"[-\s]+", "-")]}) == "cplusplus-untuk-pemula"
    assert slug("???", {}) == ""
