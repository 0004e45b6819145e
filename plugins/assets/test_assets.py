import shutil

from plugins.common.build import PROJECT_ROOT


def _stylesheet(site):
    return site.page("/").find("link", rel="stylesheet")["href"].removeprefix("./")


def test_theme_files_live_under_a_content_hashed_folder(build_site, tmp_path):
    site = build_site(tmp_path, {})
    href = _stylesheet(site)
    assert href.startswith("theme/") and href.endswith("/css/main.css")
    assert (site.output / href).is_file()
    assert (site.output / href.replace("css/main.css", "vendor/lunr.min.js")).is_file()


def test_changing_a_theme_file_moves_the_folder_and_nothing_else_does(build_site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(PROJECT_ROOT / "theme", theme)
    first = _stylesheet(build_site(tmp_path / "a", {}, THEME=str(theme)))
    again = _stylesheet(build_site(tmp_path / "b", {}, THEME=str(theme)))
    css = theme / "static/css/tokens.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    changed = _stylesheet(build_site(tmp_path / "c", {}, THEME=str(theme)))
    assert first == again
    assert changed != first


def test_one_stylesheet_holds_tokens_base_every_component_and_print(build_site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(PROJECT_ROOT / "theme", theme)
    (theme / "static/css/components/zz-probe.css").write_text(
        "/* a component */\n.probe  {\n  content: \"a  ;  b\";\n}\n"
    )
    site = build_site(tmp_path / "site", {}, THEME=str(theme))
    page = site.page("/")
    assert len(page.find_all("link", rel="stylesheet")) == 1
    css = (site.output / _stylesheet(site)).read_text()
    assert css.index("--c-text") < css.index(".skip-link") < css.index(".probe") < css.index("@media print")
    assert '.probe{content:"a  ;  b"}' in css  # comments and spaces gone, strings kept
    assert "/*" not in css
