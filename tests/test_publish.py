"""./dev publish: production build in a fresh folder, every check, then deploy (or nothing)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from plugins.common.accessibility import pages_by_template
from plugins.common.build import PROJECT_ROOT
from plugins.common.checks import CHECKS, check_links
from plugins.common.publish import PUBLISH_SETTINGS, PublishFailed, publish
from plugins.common.testing import MINIMAL_DATA, TEST_NOW, project_overrides, write_files

SITEURL = "https://perpustakaan.palembang.go.id"


def copy_sample(root: Path, extra: str = "") -> dict:
    """The sample's content and data under ``root``; ``extra`` appended to the Tentang page."""
    shutil.copytree(PROJECT_ROOT / "content", root / "content")
    shutil.copytree(PROJECT_ROOT / "data", root / "data")
    if extra:
        page = root / "content" / "pages" / "tentang.md"
        page.write_text(page.read_text(encoding="utf-8") + extra, encoding="utf-8")
    overrides = project_overrides(root)
    overrides.pop("OUTPUT_PATH")
    return overrides


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# Checks tested elsewhere in this file, left out where a test is about deploying.
SLOW_CHECKS = {"validasi HTML", "aksesibilitas"}


def test_publishing_the_sample_to_a_folder(tmp_path):
    """Every check (the accessibility one included) passes on the sample portal."""
    target = tmp_path / "www"
    done = publish(PUBLISH_SETTINGS, {"PORTAL_NOW": TEST_NOW}, method="folder", target=str(target))
    assert done.pages > 100
    assert (target / "index.html").is_file() and (target / ".nojekyll").is_file()
    assert "Content-Security-Policy" in (target / "_headers").read_text(encoding="utf-8")
    home = (target / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITEURL}/">' in home
    assert 'http-equiv="Content-Security-Policy"' in home  # GitHub Pages sends no headers
    assert not list(tmp_path.glob("www.*")), "no staging folder left behind"


def test_a_broken_internal_link_publishes_nothing(tmp_path):
    overrides = copy_sample(tmp_path / "proyek", "\nLihat juga [arsip lama](/arsip-lama/).\n")
    target = tmp_path / "www"
    target.mkdir()
    (target / "index.html").write_text("situs lama", encoding="utf-8")
    before = snapshot(target)
    with pytest.raises(PublishFailed) as failure:
        publish(PUBLISH_SETTINGS, overrides, method="folder", target=str(target))
    text = str(failure.value)
    assert "Tidak ada yang diterbitkan" in text
    assert "[tautan internal] tentang/index.html:" in text and "/arsip-lama/" in text
    assert snapshot(target) == before


def test_gh_pages_mode_commits_to_the_branch_and_keeps_history(tmp_path):
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    overrides = copy_sample(tmp_path / "proyek")
    checks = [check for check in CHECKS if check.name not in SLOW_CHECKS]  # tested above
    publish(PUBLISH_SETTINGS, overrides, method="gh-pages", target=str(remote), checks=checks)
    page = tmp_path / "proyek" / "content" / "pages" / "tentang.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nDiperbarui.\n", encoding="utf-8")
    publish(PUBLISH_SETTINGS, overrides, method="gh-pages", target=str(remote), checks=checks)

    def git(*args):
        return subprocess.run(["git", "--git-dir", str(remote), *args], check=True, capture_output=True, text=True).stdout

    assert git("rev-list", "--count", "gh-pages").strip() == "2"
    files = git("ls-tree", "-r", "--name-only", "gh-pages").split()
    assert {"index.html", ".nojekyll", "_headers", "sitemap.xml"} <= set(files)
    assert "Diperbarui." in git("show", "gh-pages:tentang/index.html")


def test_rsync_mode_mirrors_the_build_and_removes_stale_files(tmp_path):
    overrides = copy_sample(tmp_path / "proyek")
    target = tmp_path / "cermin"
    target.mkdir()
    (target / "lama.html").write_text("dari terbitan lama", encoding="utf-8")
    checks = [check for check in CHECKS if check.name not in SLOW_CHECKS]  # tested above
    publish(PUBLISH_SETTINGS, overrides, method="rsync", target=f"{target}/", checks=checks)
    assert (target / "index.html").is_file() and (target / "sw.js").is_file()
    assert not (target / "lama.html").exists()


def test_an_unknown_method_or_missing_target_publishes_nothing(tmp_path):
    with pytest.raises(PublishFailed, match="cara penerbitan tidak dikenal"):
        publish(PUBLISH_SETTINGS, {"PORTAL_NOW": TEST_NOW}, method="ftp", target=str(tmp_path))


def write(root: Path, name: str, html: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


def test_link_check_resolves_every_kind_of_own_url(tmp_path):
    write(tmp_path, "index.html", "")
    write(tmp_path, "a/index.html", "")
    write(tmp_path, "gaya.css", "")
    write(tmp_path, "b/index.html", (
        '<a href="../a/">rel</a><a href="/a/#x">root</a><a href="https://situs.id/gaya.css">abs</a>'
        '<a href="https://lain.id/tidak/">luar</a><a href="#atas">frag</a><a href="mailto:a@b.id">m</a>'
        '<img srcset="/gaya.css 1x, ../tidak.png 2x" src="../a"><form action="/cari/"></form>\n'
        '<a href="https://situs.id/hilang/">x</a>'
    ))
    problems = check_links(tmp_path, {"SITEURL": "https://situs.id"})
    assert [(p.file, p.message.split()[1]) for p in problems] == [
        ("b/index.html:1", "../tidak.png"),
        ("b/index.html:1", "/cari/"),
        ("b/index.html:2", "https://situs.id/hilang/"),
    ]


def test_an_accessibility_error_publishes_nothing(tmp_path):
    """An image without alt text on a page: axe and pa11y name the page and the rule."""
    root = tmp_path / "proyek"
    write_files(root, {**MINIMAL_DATA, "content/pages/galeri.md": (
        "---\ntitle: Galeri\nsummary: Foto kegiatan perpustakaan.\n---\n\n"
        "Foto kegiatan bulan ini.\n\n<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">\n"
    )})
    overrides = project_overrides(root)
    overrides.pop("OUTPUT_PATH")
    target = tmp_path / "www"
    target.mkdir()
    (target / "index.html").write_text("situs lama", encoding="utf-8")
    before = snapshot(target)
    checks = [check for check in CHECKS if check.name == "aksesibilitas"]
    with pytest.raises(PublishFailed) as failure:
        publish(PUBLISH_SETTINGS, overrides, method="folder", target=str(target), checks=checks)
    problems = failure.value.problems
    assert "Tidak ada yang diterbitkan" in str(failure.value)
    assert (
        "[aksesibilitas] galeri/index.html: image-alt: Images must have alternative text (img)"
        " [axe; 360 px, 1280 px, kontras tinggi, gelap 360 px]"
    ) in problems, problems
    assert any(p.startswith("[aksesibilitas] galeri/index.html: WCAG2AA.Principle1.Guideline1_1.1_1_1.H37: ")
               and p.endswith("img) [pa11y]") for p in problems), problems
    assert all(p.startswith("[aksesibilitas] galeri/index.html: ") for p in problems), problems
    assert snapshot(target) == before


def test_the_accessibility_check_visits_one_page_per_template(tmp_path):
    body = '<!doctype html><html><body data-template="{}"><p>x</p></body></html>'
    write(tmp_path, "index.html", body.format("index"))
    write(tmp_path, "hal/2/index.html", body.format("index"))
    write(tmp_path, "katalog/b/index.html", body.format("catalogue_record"))
    write(tmp_path, "katalog/a/index.html", body.format("catalogue_record"))
    write(tmp_path, "katalog/index.html", body.format("catalogue_list"))
    write(tmp_path, "google1234.html", "<html><body>verifikasi</body></html>")
    assert pages_by_template(tmp_path) == {
        "index": "index.html",
        "catalogue_list": "katalog/index.html",
        "catalogue_record": "katalog/a/index.html",
    }
