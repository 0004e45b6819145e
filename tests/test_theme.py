"""The theme on every page of the sample build, read as HTML (no browser): the
skeleton (lang, landmarks, one h1, skip link first), one stylesheet, and nothing a
strict Content-Security-Policy would block (inline scripts, style attributes, on*
handlers). The browser checks are in test_accessibility.py."""

import re

from plugins.common.build import PROJECT_ROOT


def test_every_page_has_the_accessible_skeleton_and_satisfies_a_strict_csp(sample_site):
    problems = []
    files = sample_site.html_files()
    assert len(files) > 300
    for path in files:
        name = path.relative_to(sample_site.output).as_posix()
        html = path.read_text(encoding="utf-8")
        page = sample_site.page(name)
        body = page.body
        checks = {
            "lang": bool(page.html.get("lang")),
            "one h1": len(page.find_all("h1")) == 1,
            "one main": len(page.find_all("main")) == 1 and page.main.get("id") == "isi",
            "banner and contentinfo": body.find("header", class_="site-header") is not None
            and body.find("footer", class_="site-footer") is not None,
            "skip link first": body.find(["a", "button", "input", "select", "textarea"]).get("href") == "#isi",
            "one stylesheet": [link["href"].rsplit("/", 2)[-2:] for link in page.find_all("link", rel="stylesheet")]
            == [["css", "main.css"]],
            "no inline script": all(
                script.get("src") or script.get("type") == "application/ld+json" for script in page.find_all("script")
            ),
            "scripts are async modules": all(
                script.get("type") == "module" and script.has_attr("async")
                for script in page.find_all("script", src=True)
            ),
            "no style attribute or element": page.find(style=True) is None and page.find("style") is None,
            "no on* handler": re.search(r"<[^>]+\son[a-z]+\s*=", html) is None,
            "images sized with alt": all(
                img.has_attr("alt") and img.get("width") and img.get("height") for img in page.find_all("img")
            ),
            "headings in order": _headings_in_order(page),
        }
        problems += [f"{name}: {check}" for check, ok in checks.items() if not ok]
    assert problems == []


def _headings_in_order(page) -> bool:
    levels = [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-6]$"))]
    return levels[:1] == [1] and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))


def test_the_logo_placeholder_is_replaced_by_the_file_an_editor_names(build_site, tmp_path):
    placeholder = build_site(tmp_path / "a", {}).page("/")
    assert placeholder.select_one(".brand svg.brand-logo[aria-hidden=true]") is not None
    site = build_site(tmp_path / "b", {"content/images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"},
                      SITE_LOGO="images/logo.svg")
    logo = site.page("/").select_one(".brand img.brand-logo")
    assert logo["src"].endswith("images/logo.svg") and logo["alt"] == ""
    assert (site.output / "images/logo.svg").is_file()
    assert site.page("/").select_one(".brand svg") is None


def test_tokens_are_the_only_place_colours_are_written():
    css = PROJECT_ROOT / "theme/static/css"
    colour = re.compile(r"#[0-9a-fA-F]{3,8}\b|rgba?\(")
    offenders = [
        f"{path.relative_to(css)}:{number}"
        for path in sorted(css.rglob("*.css"))
        if path.name not in ("tokens.css", "print.css")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if colour.search(line)
    ]
    assert offenders == []


def test_every_custom_property_used_is_defined_in_the_tokens():
    """A misspelt or renamed token makes the whole declaration invalid (a field loses its border)."""
    css = PROJECT_ROOT / "theme/static/css"
    defined = set(re.findall(r"(--[a-z0-9-]+)\s*:", (css / "tokens.css").read_text(encoding="utf-8")))
    undefined = sorted(
        f"{path.relative_to(css)}: {name}"
        for path in css.rglob("*.css")
        for name in re.findall(r"var\((--[a-z0-9-]+)", path.read_text(encoding="utf-8"))
        if name not in defined
    )
    assert undefined == []
