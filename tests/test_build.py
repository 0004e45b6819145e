"""Strict, atomic builds: a warning fails the build and output/ stays as it was."""

import hashlib
import subprocess
import sys
import time

import pytest

from plugins.common.build import BuildFailed
from plugins.common.testing import write_files, write_settings_file

GOOD = {
    "content/pages/tentang.md": """
        ---
        title: Tentang Kami
        summary: Profil perpustakaan.
        ---
        Perpustakaan Kota Palembang melayani warga sejak 1985.
        """,
}
BROKEN_LINK = {
    "content/pages/kontak.md": """
        ---
        title: Kontak
        ---
        Lihat [jam buka]({filename}/pages/jam-buka.md).
        """,
}


def snapshot(folder):
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_yaml_front_matter_and_pelican_headers_both_build(build_site, tmp_path):
    site = build_site(tmp_path, {
        **GOOD,
        "content/pages/jam-buka.md": """
            Title: Jam Buka
            Summary: Jam layanan.

            Senin–Jumat 08.00–16.00 WIB.
            """,
    })
    assert site.page("tentang/").h1.get_text() == "Tentang Kami"
    assert site.page("jam-buka/").h1.get_text() == "Jam Buka"
    assert "08.00–16.00" in site.page("jam-buka/").main.get_text()


def test_a_warning_fails_the_build_and_names_the_problem(build_site, tmp_path):
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, {**GOOD, **BROKEN_LINK})
    assert any("jam-buka.md" in problem for problem in failure.value.problems)
    assert not (tmp_path / "output").exists()


def test_a_repeated_problem_fails_every_build_not_only_the_first(build_site, tmp_path):
    for attempt in range(2):
        with pytest.raises(BuildFailed):
            build_site(tmp_path / str(attempt), {**GOOD, **BROKEN_LINK})


def test_all_problems_are_reported_in_one_run(build_site, tmp_path):
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, {
            **BROKEN_LINK,
            "content/program/tanpa-judul.md": "---\ndate: 2026-01-01\n---\nIsi.\n",
        })
    text = str(failure.value)
    assert "jam-buka.md" in text and "tanpa-judul.md" in text


def test_a_failed_build_leaves_the_previous_output_untouched(build_site, tmp_path):
    site = build_site(tmp_path, GOOD)
    before = snapshot(site.output)
    assert "tentang/index.html" in before
    with pytest.raises(BuildFailed):
        build_site(tmp_path, BROKEN_LINK)
    assert snapshot(site.output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "data", "output"]


def test_a_successful_build_replaces_the_output_whole(build_site, tmp_path):
    build_site(tmp_path, GOOD)
    stale = tmp_path / "output" / "halaman-lama.html"
    stale.write_text("lama", encoding="utf-8")
    (tmp_path / "content/pages/tentang.md").unlink()
    site = build_site(tmp_path, {"content/pages/kontak.md": "---\ntitle: Kontak\n---\nHubungi kami.\n"})
    assert site.exists("kontak/")
    assert not stale.exists() and not site.exists("tentang/")


def test_an_exception_in_a_plugin_is_a_failed_build_not_a_traceback(build_site, tmp_path):
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, {**GOOD, "data/mitra.yaml": "- id: unsri\n  name: [tidak ditutup\n"})
    assert any("mitra.yaml" in problem for problem in failure.value.problems)


def test_the_command_line_exits_non_zero_with_the_message(tmp_path):
    write_files(tmp_path, {**GOOD, **BROKEN_LINK, "data/mitra.yaml": "[]\n"})
    result = subprocess.run(
        [sys.executable, "-m", "plugins.common.build", str(write_settings_file(tmp_path))],
        capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert "Build gagal" in result.stderr and "jam-buka.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists()


def test_the_command_line_prints_the_result_before_it_exits(tmp_path):
    # It ends with os._exit (nothing freed): piped output must still be flushed.
    write_files(tmp_path, {**GOOD, "data/mitra.yaml": "[]\n"})
    result = subprocess.run(
        [sys.executable, "-m", "plugins.common.build", str(write_settings_file(tmp_path))],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith(f"di {tmp_path / 'output'}") and "Build selesai" in result.stdout
    assert (tmp_path / "output" / "tentang" / "index.html").is_file()
    # The pages counted as they were written are the pages in output/.
    pages = len(list((tmp_path / "output").rglob("*.html")))
    assert f"Build selesai: {pages} halaman HTML" in result.stdout


def test_a_failed_build_does_not_cost_the_next_one_its_sitemap(build_site, tmp_path):
    with pytest.raises(BuildFailed):
        build_site(tmp_path / "gagal", {**GOOD, "content/pages/kontak.md": "---\ntitle: [tidak ditutup\n---\n"})
    site = build_site(tmp_path / "baik", GOOD)
    assert "tentang/" in (site.output / "sitemap.xml").read_text()


def test_the_replaced_output_is_deleted_in_the_background(build_site, tmp_path):
    build_site(tmp_path, GOOD)
    build_site(tmp_path, GOOD)
    deadline = time.monotonic() + 60  # waits for the detached rm, does not time it
    while any(p.name.startswith("output.previous") for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "data", "output"]


def test_a_rebuild_with_the_check_cache_writes_what_a_fresh_build_writes(build_site, tmp_path):
    import yaml

    from plugins.catalogue.test_catalogue import book
    from plugins.common.test_parallel import REVIEW, files

    def catalogue(*ids, isbn="978-602-8519-93-9"):
        return yaml.safe_dump([book(i, f"Judul {i}", isbn=isbn) for i in ids])

    sources = {
        "content/ulasan/satu.md": REVIEW,
        "data/katalog/a.yaml": catalogue("buku-001", "buku-002"),
        "data/katalog/b.yaml": catalogue("buku-003"),
    }
    cache = {"CACHE_PATH": str(tmp_path / "cache")}
    build_site(tmp_path / "kerja", sources, **cache)
    (tmp_path / "kerja/data/katalog/b.yaml").unlink()  # a file deleted, another changed
    changed = {"data/katalog/a.yaml": catalogue("buku-001", "buku-004")}
    rebuilt = build_site(tmp_path / "kerja", changed, **cache)
    fresh = build_site(
        tmp_path / "baru", {**sources, **changed, "data/katalog/b.yaml": "[]\n"}, VALIDATION={"cache": False}
    )
    assert files(rebuilt.output) == files(fresh.output)
    assert list((tmp_path / "cache" / "validation").glob("*.pickle"))  # the rebuild had the cache
    assert not rebuilt.exists("katalog/buku-003/") and rebuilt.exists("katalog/buku-004/")

    before = snapshot(rebuilt.output)
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path / "kerja", {"data/katalog/a.yaml": catalogue("buku-001", isbn="978-602-8519-93-0")}, **cache)
    assert any("a.yaml" in problem for problem in failure.value.problems)
    assert snapshot(rebuilt.output) == before
