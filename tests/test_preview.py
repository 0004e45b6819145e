"""The editors' preview: a real server that rebuilds on save and keeps the last good site."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup

from plugins.common.testing import MINIMAL_DATA, write_files, write_settings_file

PAGE = "---\ntitle: {title}\n---\nJam layanan perpustakaan.\n"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError):
        return None, ""


def wait_for(condition, what, deadline=30.0):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"preview never showed: {what}")


@pytest.fixture
def preview(tmp_path):
    write_files(tmp_path, {**MINIMAL_DATA, "content/pages/jam-buka.md": PAGE.format(title="Jam Buka")})
    port = free_port()
    log = (tmp_path / "preview.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "plugins.common.preview", str(write_settings_file(tmp_path)),
         "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: fetch(f"{base}/jam-buka/")[0] == 200, "the first build")
        yield tmp_path, base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def heading(base, url):
    status, body = fetch(base + url)
    return BeautifulSoup(body, "html.parser").h1.get_text() if status == 200 else None


def test_preview_serves_the_site_with_live_reload(preview):
    _, base = preview
    status, body = fetch(f"{base}/jam-buka/")
    assert status == 200 and "livereload.js" in body


def test_preview_serves_the_search_index_without_precompressed_copies(preview):
    root, base = preview
    status, body = fetch(f"{base}/cari/indeks.json")
    assert status == 200 and '"terms"' in body
    assert list((root / "output/cari/indeks").rglob("istilah-0.json"))
    assert not [path for path in (root / "output/cari").rglob("*") if path.suffix in (".gz", ".br")]


def test_saving_a_file_rebuilds_the_preview(preview):
    root, base = preview
    (root / "content/pages/jam-buka.md").write_text(PAGE.format(title="Jam Buka Ramadan"))
    wait_for(lambda: heading(base, "/jam-buka/") == "Jam Buka Ramadan", "the new title")


def test_a_broken_save_keeps_the_last_good_site_and_says_why(preview):
    root, base = preview
    (root / "content/pages/rusak.md").write_text(
        "---\ntitle: Rusak\n---\n[x]({filename}/pages/tidak-ada.md)\n"
    )
    (root / "content/pages/jam-buka.md").write_text(PAGE.format(title="Jam Buka Baru"))
    wait_for(lambda: "tidak-ada.md" in (root / "preview.log").read_text(), "the problem")
    assert heading(base, "/jam-buka/") == "Jam Buka"
    assert fetch(f"{base}/rusak/")[0] == 404
