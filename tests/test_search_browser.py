"""Search on the built sample in headless Chromium: results, filters, keyboard,
history, the no-JavaScript fallback, and an XSS payload indexed as a title."""

import bisect
import json
import re
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from playwright.sync_api import expect

from plugins.catalogue.test_catalogue import book
from plugins.common.browser import serve_directory
from plugins.search.search import decode_head

INDEX = "cari/indeks.json"


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def status(page):
    return page.locator(".search-status")


def result_titles(page):
    return page.locator(".search-result h2 a").all_inner_texts()


def search(page, text):
    expect(page.locator(".search-filters")).to_be_visible()  # the component has started
    page.locator("#cari-kata").fill(text)
    page.locator("#cari-kata").press("Enter")
    expect(status(page)).to_contain_text(text)


def test_index_loads_only_when_the_reader_starts_to_search(page, sample_url, sample_site):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{sample_url}/cari/")
    expect(page.locator(".search-filters")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert not any(url.endswith(INDEX) for url in requested)
    assert not any("lunr.min.js" in url for url in requested)
    page.locator("#cari-kata").press_sequentially("penulis")
    expect(status(page)).to_contain_text("hasil untuk “penulis”")
    assert any(url.endswith(INDEX) for url in requested)
    # Then only the parts the query needs: the shard holding its one term ("penulis" stems to
    # "tulis", in more than three documents: no typo variants), the texts of the results shown.
    head = decode_head(json.loads((sample_site.output / INDEX).read_text(encoding="utf-8")))
    assert len(head["shards"]) > 1
    shard = bisect.bisect_right(head["shards"], head["terms"].index("tulis")) - 1
    parts = [url.rsplit("/", 1)[1] for url in requested if "/cari/indeks/" in url]
    assert [name for name in parts if name.startswith("istilah-")] == [f"istilah-{shard}.json"]
    assert any(name.startswith("hasil-") for name in parts)
    assert len(parts) == len(set(parts))  # each part fetched once


def test_the_head_loads_while_the_reader_types(chromium, sample_url):
    """Going to the field starts loading the head and lunr.js (the first word is typed
    meanwhile) without a word in the status; the first query then waits for its parts only."""
    context = chromium.new_context(service_workers="block")
    page = context.new_page()
    try:
        page.goto(f"{sample_url}/cari/")
        expect(page.locator(".search-filters")).to_be_visible()
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        with page.expect_response(lambda response: response.url.endswith(INDEX)):
            page.locator("#cari-kata").focus()
        page.wait_for_function("() => window.lunr !== undefined")
        assert any(url.endswith("lunr.min.js") for url in requested)
        assert status(page).inner_text() == ""  # nothing announced to a screen reader yet
        requested.clear()
        page.locator("#cari-kata").press_sequentially("penulis")
        expect(status(page)).to_contain_text("hasil untuk “penulis”")
        assert not any(url.endswith(INDEX) or "lunr" in url for url in requested)
        assert any("/cari/indeks/" in url for url in requested)  # the query's parts
    finally:
        context.close()


def test_a_query_waiting_for_its_parts_says_it_is_loading(chromium, sample_url, sample_site):
    """On a slow connection the parts of a new query take a while: the status says the
    index is loading, not the last query's count, until the new results are in."""
    context = chromium.new_context(service_workers="block")  # its fetches would bypass the route
    page = context.new_page()
    try:
        head = decode_head(json.loads((sample_site.output / INDEX).read_text(encoding="utf-8")))
        shard = lambda term: head["terms"].index(term)  # noqa: E731 - a term's position
        starts = head["shards"]
        first, second = "tulis", "anak"
        assert sum(start <= shard(first) for start in starts) != sum(start <= shard(second) for start in starts)
        page.goto(f"{sample_url}/cari/")
        search(page, "penulis")
        expect(status(page)).to_contain_text("hasil untuk “penulis”")

        def slowly(route):
            page.wait_for_timeout(1500)
            route.continue_()

        page.route("**/cari/indeks/*/istilah-*.json", slowly)
        page.locator("#cari-kata").fill("anak")
        page.locator("#cari-kata").press("Enter")
        expect(status(page)).to_have_text("Memuat indeks pencarian…")
        expect(status(page)).to_contain_text("hasil untuk “anak”")
        assert page.locator(".search-result").count() > 0
    finally:
        context.close()


def test_a_part_that_fails_is_fetched_again_by_the_next_search(chromium, sample_url):
    """A part the network did not deliver (or a new build removed) fails that search with a
    message; the next search starts again from the head and finds."""
    context = chromium.new_context(service_workers="block")  # its fetches would bypass the route
    page = context.new_page()
    try:
        page.route("**/cari/indeks/*/istilah-*.json", lambda route: route.abort())
        page.goto(f"{sample_url}/cari/")
        expect(page.locator(".search-filters")).to_be_visible()
        page.locator("#cari-kata").fill("penulis")
        page.locator("#cari-kata").press("Enter")
        expect(status(page)).to_have_text("Pencarian tidak dapat dimuat. Gunakan daftar katalog di bawah.")
        page.unroute("**/cari/indeks/*/istilah-*.json")
        heads = []
        page.on("request", lambda request: heads.append(request.url) if request.url.endswith(INDEX) else None)
        page.locator("#cari-kata").press("Enter")
        expect(status(page)).to_contain_text("hasil untuk “penulis”")
        assert len(heads) == 1  # the head fetched again
    finally:
        context.close()


def test_inflected_queries_find_roots_with_labelled_types_and_highlights(page, sample_url):
    page.goto(f"{sample_url}/cari/")
    assert page.locator(".search-status").get_attribute("aria-live") == "polite"
    search(page, "membaca buku")
    assert page.locator(".search-result").count() > 5
    badges = set(page.locator(".search-type").all_inner_texts())
    assert {"Buku", "Program", "Acara"} <= badges
    marks = {text.lower() for text in page.locator(".search-result mark").all_inner_texts()}
    assert "buku" in marks and marks & {"baca", "membaca", "pembaca", "bacaan", "dibaca"}


def test_query_in_the_url_opens_results_with_availability(page, sample_url):
    page.goto(f"{sample_url}/cari/?q=laskar+pelangi")
    expect(status(page)).to_contain_text("laskar pelangi")
    assert page.locator("#cari-kata").input_value() == "laskar pelangi"
    first = page.locator(".search-result").first
    assert first.locator("h2 a").inner_text() == "Laskar Pelangi"
    assert re.search(r"Tersedia \d+ dari \d+ eksemplar", first.inner_text())
    first.locator("h2 a").click()
    expect(page).to_have_url(re.compile(r"/katalog/laskar-pelangi/$"))


def test_typo_of_five_letters_or_more_tries_edit_distance_one(page, sample_url):
    page.goto(f"{sample_url}/cari/?q=pelangj")
    expect(status(page)).to_contain_text("ejaannya mirip")
    assert "Laskar Pelangi" in result_titles(page)


def test_filters_by_type_format_and_local_content(page, sample_url):
    page.goto(f"{sample_url}/cari/?q=buku")
    expect(status(page)).to_contain_text("hasil untuk “buku”")
    everything = page.locator(".search-result").count()
    page.get_by_role("checkbox", name=re.compile(r"^Buku \(\d+\)$")).check()
    expect(status(page)).to_contain_text("disaring")
    assert set(page.locator(".search-type").all_inner_texts()) == {"Buku"}
    page.get_by_role("checkbox", name="Braille").check()
    expect(page.locator(".search-result").first).to_contain_text("Braille")
    for meta in page.locator(".search-result-meta").all_inner_texts():
        assert "Braille" in meta
    query = parse_qs(urlparse(page.url).query)
    assert query == {"q": ["buku"], "jenis": ["buku"], "format": ["braille"]}
    page.get_by_role("checkbox", name="Braille").uncheck()
    page.get_by_role("checkbox", name=re.compile(r"^Buku \(\d+\)$")).uncheck()
    page.get_by_role("checkbox", name=re.compile("Hanya konten lokal")).check()
    expect(status(page)).to_contain_text("disaring")
    metas = page.locator(".search-result-meta").all_inner_texts()
    assert metas and all("Konten lokal" in meta for meta in metas)
    assert len(metas) < everything


def test_keyboard_only_search_and_back_button(page, sample_url):
    page.goto(f"{sample_url}/cari/")
    expect(page.locator(".search-filters")).to_be_visible()
    page.keyboard.press("Tab")  # skip link
    while page.evaluate("document.activeElement.id") != "cari-kata":
        page.keyboard.press("Tab")
    page.keyboard.type("laskar pelangi")
    page.keyboard.press("Enter")
    expect(status(page)).to_contain_text("laskar pelangi")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Laskar Pelangi"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "cari-kata"
    page.keyboard.press("Control+A")
    page.keyboard.type("braille")
    page.keyboard.press("Enter")
    expect(status(page)).to_contain_text("braille")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # follows the first result
    expect(page).not_to_have_url(re.compile(r"/cari/"))
    page.go_back()
    expect(page.locator("#cari-kata")).to_have_value("braille")
    expect(status(page)).to_contain_text("braille")
    page.go_back()  # the previous query, restored from history
    expect(page.locator("#cari-kata")).to_have_value("laskar pelangi")
    expect(status(page)).to_contain_text("laskar pelangi")
    assert result_titles(page)[0] == "Laskar Pelangi"


# Layout shifts the page makes by itself (not within 500 ms of the reader's input),
# as the browser reports them (Layout Instability API), from the very first paint.
OBSERVE_LAYOUT_SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver((entries) => {
  for (const entry of entries.getEntries()) {
    if (!entry.hadRecentInput) window.layoutShifts.push(entry.value);
  }
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("viewport", [(412, 823), (1280, 720)], ids=["phone", "desktop"])
def test_nothing_moves_while_the_component_starts_and_results_arrive(chromium, sample_url, viewport):
    """Cumulative layout shift stays under 0.1 ("good" in Core Web Vitals)."""
    width, height = viewport
    context = chromium.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.add_init_script(OBSERVE_LAYOUT_SHIFTS)
        page.goto(f"{sample_url}/cari/?q=buku")
        expect(status(page)).to_contain_text("hasil untuk “buku”")
        expect(page.locator(".search-count").first).to_have_text(re.compile(r"\(\d+\)"))
        page.wait_for_load_state("networkidle")
        shifts = page.evaluate("window.layoutShifts")
        assert sum(shifts) < 0.1, shifts
        expect(page.locator(".search-fallback")).to_be_hidden()  # results took its place
    finally:
        context.close()


def test_without_javascript_the_form_leads_to_the_catalogue_lists(chromium, sample_url):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{sample_url}/")
        page.locator("#cari-situs").fill("pelangi")
        page.locator("#cari-situs").press("Enter")
        expect(page).to_have_url(re.compile(r"/cari/\?q=pelangi$"))
        fallback = page.locator(".search-fallback")
        expect(fallback).to_be_visible()
        # Nothing that needs the component is shown (nor an empty "more" button).
        for hidden in (".search-filters", ".search-results", ".search-more"):
            expect(page.locator(hidden)).to_be_hidden()
        links = fallback.get_by_role("link")
        names = links.all_inner_texts()
        assert "Judul A–Z" in names and "Subjek" in names
        fallback.get_by_role("link", name="Judul A–Z").click()
        expect(page.locator("h1")).to_be_visible()
        assert "/katalog/judul/" in page.url
    finally:
        context.close()


XSS_TITLE = "<img src=x onerror=\"window.pwned=1;document.title='pwned'\"> Buku Berbahaya"


def test_indexed_html_is_shown_as_text_and_never_runs(chromium, build_site, tmp_path):
    site = build_site(tmp_path, {
        "data/katalog/buku.yaml": yaml.safe_dump([
            book("berbahaya", XSS_TITLE, description="<script>window.pwned=2</script> Uji keamanan."),
        ]),
    })
    context = chromium.new_context()
    try:
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        with serve_directory(site.output) as url:
            page.goto(f"{url}/cari/?q=berbahaya")
            expect(status(page)).to_contain_text("1 hasil")
            link = page.locator(".search-result h2 a")
            assert link.inner_text() == XSS_TITLE
            assert page.locator(".search-results img, .search-results script").count() == 0
            assert "<script>" in page.locator(".search-snippet").inner_text()
            page.wait_for_timeout(200)
            assert page.evaluate("window.pwned") is None
            assert page.title() != "pwned" and dialogs == []
    finally:
        context.close()


def test_results_state_has_no_axe_violations(page, sample_url):
    from plugins.common.build import PROJECT_ROOT

    page.goto(f"{sample_url}/cari/?q=buku&jenis=buku")
    expect(page.locator(".search-result").first).to_be_visible()
    page.add_script_tag(path=str(PROJECT_ROOT / "node_modules/axe-core/axe.min.js"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']}))"
        ".violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"
    )
    assert violations == []
