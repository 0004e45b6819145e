"""WCAG 2.2 AA in a real browser, on every page type of the built sample portal.

- axe-core (npm) in Debian's Chromium, at 360 px and 1280 px, in the site's high
  contrast setting and in the dark colour scheme: no violation of the WCAG 2.0, 2.1
  and 2.2 A/AA rules nor of axe's best practices;
- pa11y's HTML_CodeSniffer (WCAG2AA), a second engine, from one Node process with
  one Chromium: no errors;
- the Nu HTML checker (npm ``vnu-jar``) over every HTML file, in one JVM: no errors;
- the keyboard: the skip link is the first tab stop, then every control of the
  header and main menu in order, each with a visible focus indicator ≥ 2 px;
- weight: HTML + CSS + JS a page loads to render, gzip-compressed, ≤ 30 KB;
- reflow at 320 px and with text at 200 %; a strict Content-Security-Policy; the
  system contrast preference.

One browser for the module; each page is loaded once per mode and every check on
it reads the results of that load. The axe and pa11y runners are
plugins/common/accessibility.py, which the publish check ``aksesibilitas`` uses too.
"""

import gzip
import json
import subprocess
from urllib.parse import urlsplit

import pytest

from plugins.common.accessibility import MODES, SETTINGS_KEY, audit_pages, run_pa11y
from plugins.common.browser import serve_directory
from plugins.common.build import DEFAULT_SETTINGS, PROJECT_ROOT, build
from plugins.common.testing import TEST_NOW

VNU = PROJECT_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BUDGET = 30 * 1024

# One URL per distinct page type (template) of the sample portal; a record with
# and one without a cover (content/images/sampul/).
PAGE_TYPES = {
    "home": "/",
    "section": "/program/",
    "events": "/acara/",
    "page": "/jam-buka/",
    "page-en": "/tentang/en/",
    "catalogue": "/katalog/",
    "catalogue-index": "/katalog/subjek/",
    "catalogue-browse": "/katalog/format/braille/",
    "catalogue-letter": "/katalog/judul/b/",
    "record": "/katalog/bumi-manusia/",
    "record-cover": "/katalog/palembang-kota-air/",
    "review": "/ulasan/laut-bercerita-mereka-yang-tak-pulang/",
    "event": "/acara/festival-literasi-palembang-2027/",
    "programme": "/program/layanan-inklusif/",
    "partner": "/mitra/dispusip-sumsel/",
    "partners": "/mitra/",
    "reviewers": "/ulasan/pengulas/",
    "review-topics": "/ulasan/topik/",
    "tags": "/topik/",
    "tag": "/topik/braille/",
    "archives": "/arsip/",
    "search": "/cari/",
    "404": "/404.html",
}

RESOURCES = """() => [location.href, ...performance.getEntriesByType("resource")
  .map((entry) => entry.name).filter((name) => /\\.(css|m?js)$/.test(new URL(name).pathname))]"""


@pytest.fixture(scope="module")
def audits(chromium, sample_site, sample_url):
    """{(mode, page type): {"violations": [...], "weight": {url: gzip bytes}}}."""
    names = {path: name for name, path in PAGE_TYPES.items()}
    results = {}
    for audit in audit_pages(chromium, sample_url, PAGE_TYPES.values()):
        assert audit.error is None, (audit.mode, audit.path, audit.error)  # components started
        if MODES[audit.mode].classes:
            assert audit.classes == list(MODES[audit.mode].classes)
        # What the page loaded to render: itself, stylesheets and scripts (from the
        # browser's resource timing, so cached files count too; data such as a
        # search index is not counted). Sizes: the built files, gzip level 6.
        weight = {}
        for url in audit.page.evaluate(RESOURCES):
            file = sample_site.output / urlsplit(url).path.lstrip("/")
            if file.is_dir():
                file = file / "index.html"
            weight[url] = len(gzip.compress(file.read_bytes(), 6))
        results[audit.mode, names[audit.path]] = {"violations": audit.violations, "weight": weight}
    return results


@pytest.mark.parametrize("mode", MODES)
def test_axe_finds_no_violations_on_any_page_type(audits, mode):
    found = {name: audits[mode, name]["violations"] for name in PAGE_TYPES}
    assert {name: v for name, v in found.items() if v} == {}


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_weight_html_css_js_gzipped_is_within_budget(audits, name):
    weight = audits["360", name]["weight"]
    assert any(url.endswith("/css/main.css") for url in weight), weight
    assert any(url.endswith("/js/main.js") for url in weight), weight
    total = sum(weight.values())
    assert total <= BUDGET, f"{total} B gzip > {BUDGET} B: {weight}"


def test_pa11y_htmlcs_reports_no_errors(sample_url):
    urls = [sample_url + path for path in PAGE_TYPES.values()]
    reports = run_pa11y(urls)  # raises if pa11y fails
    assert set(reports) == set(urls)
    issues = {url: found for url, found in reports.items() if found}
    assert issues == {}


def nu_errors(root, *paths) -> tuple[list[str], subprocess.CompletedProcess]:
    """The Nu HTML checker's errors over ``paths`` (files or folders), as ``file:line: message``
    relative to the folder ``root``; and the run."""
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", *map(str, paths)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '').removeprefix(root.as_uri())}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    return errors, run


def test_every_html_file_is_valid_for_the_nu_html_checker(sample_site):
    errors, run = nu_errors(sample_site.output, sample_site.output)
    assert len(list(sample_site.output.rglob("*.html"))) > 300
    assert errors == []
    assert run.returncode == 0, run.stderr[-2000:]


# The sample built with its lists split by first letter (CATALOGUE "sections_from", as
# a catalogue of tens of thousands of titles has them): the page types only such a
# catalogue has.
SECTIONED = {"sections_from": 20}
SECTIONED_TYPES = {
    "catalogue-letters": "/katalog/",
    "browse-letters": "/katalog/bahasa/id/",
    "browse-section": "/katalog/bahasa/id/s/",
}


@pytest.fixture(scope="module")
def sectioned_site(tmp_path_factory):
    output = tmp_path_factory.mktemp("sectioned") / "output"
    return build(DEFAULT_SETTINGS, {"OUTPUT_PATH": str(output), "PORTAL_NOW": TEST_NOW,
                                    "CATALOGUE": SECTIONED}).output


def test_lists_split_by_letter_pass_axe_pa11y_and_the_html_checker(chromium, sectioned_site):
    with serve_directory(sectioned_site) as url:
        audits = list(audit_pages(chromium, url, SECTIONED_TYPES.values()))
        assert len(audits) == len(MODES) * len(SECTIONED_TYPES)
        assert {(a.mode, a.path): a.violations for a in audits if a.error or a.violations} == {}
        reports = run_pa11y([url + path for path in SECTIONED_TYPES.values()])
        assert {page: found for page, found in reports.items() if found} == {}
    errors, _run = nu_errors(sectioned_site, *(sectioned_site / path.strip("/") / "index.html"
                                               for path in SECTIONED_TYPES.values()))
    assert errors == []


FOCUS_STATE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const shadow = style.boxShadow === "none" ? 0 : Math.max(0, ...[...style.boxShadow.matchAll(/(-?[\\d.]+)px/g)].map((m) => Number(m[1])));
  const box = el.getBoundingClientRect();
  return {
    id: el.dataset.focusId ?? null,
    tag: el.tagName, text: (el.textContent || el.getAttribute("aria-label") || el.name || "").trim(),
    outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor, shadow,
    visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
    size: [box.width, box.height],
  };
}"""

CONTRAST = """([a, b]) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => v / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  const lum = (c) => { const [r, g, b] = rgb(c); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}"""


@pytest.mark.parametrize("width", [360, 1280])
def test_keyboard_reaches_skip_link_then_every_header_control_with_visible_focus(chromium, sample_url, width):
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(sample_url + "/katalog/")
        page.wait_for_selector(".reader-settings:not([hidden])")
        # Every control of the header (identity link, reader settings, menu, search), in order.
        expected = page.evaluate("""() => {
          const controls = [...document.querySelectorAll(
            ".site-header a[href], .site-header button, .site-header input, .site-header select")]
            .filter((el) => el.offsetParent !== null);
          controls.forEach((el, i) => { el.dataset.focusId = String(i); });
          return controls.map((el) => el.textContent.trim() || el.name);
        }""")
        menu = page.locator("nav[aria-label='Menu utama'] a").count()
        assert menu >= 9 and len(expected) >= menu + 4  # name, 2 settings, menu, search field and button
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")

        page.keyboard.press("Tab")
        skip = page.evaluate(FOCUS_STATE)
        assert skip["tag"] == "A" and skip["text"] == "Langsung ke isi", skip
        assert skip["visible"] and max(skip["outline"], skip["shadow"]) >= 2, skip

        reached = []
        for _ in range(len(expected)):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STATE)
            reached.append(state["id"])
            assert state["visible"], state
            assert state["outline"] >= 2 or state["shadow"] >= 2, state
            if state["outline"]:
                assert page.evaluate(CONTRAST, [state["outlineColor"], background]) >= 3, state
            assert min(state["size"]) >= 24, state  # WCAG 2.2 target size (minimum)
        assert reached == [str(i) for i in range(len(expected))]

        # The skip link moves focus to the main content.
        page.focus(".skip-link")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "isi"
    finally:
        context.close()


def test_reader_settings_persist_and_apply_before_components_start(chromium, sample_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(sample_url + "/")
        page.wait_for_selector(".reader-settings:not([hidden])")
        group = page.locator(".reader-settings")
        assert group.is_visible()
        larger = group.get_by_role("button", name="Teks lebih besar")
        assert larger.get_attribute("aria-pressed") == "false"
        size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        larger.click()
        assert larger.get_attribute("aria-pressed") == "true"
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == size * 1.25
        page.goto(sample_url + "/katalog/")
        page.wait_for_selector(".reader-settings:not([hidden])")
        assert "teks-besar" in page.evaluate("document.documentElement.className")
        assert page.locator(".reader-settings button[data-setting='teks-besar']").get_attribute("aria-pressed") == "true"
    finally:
        context.close()
    # Without JavaScript the group stays hidden; the page is whole.
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(sample_url + "/", wait_until="load")
        assert not page.locator(".reader-settings").is_visible()
        assert page.locator("nav[aria-label='Menu utama'] a").count() >= 9
    finally:
        context.close()


@pytest.mark.parametrize(("width", "text"), [(320, "100%"), (320, "200%"), (1280, "200%")])
def test_pages_reflow_without_horizontal_scrolling(chromium, sample_url, width, text):
    """WCAG 1.4.10 (320 CSS px) and 1.4.4 (text at 200 %): nothing wider than the viewport."""
    context = chromium.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    wide = {}
    try:
        for name, path in PAGE_TYPES.items():
            page.goto(sample_url + path)
            page.evaluate("(size) => { document.documentElement.style.fontSize = size; }", text)
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            if overflow > 0:
                wide[name] = overflow
    finally:
        context.close()
    assert wide == {}


STRICT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "manifest-src 'self'; worker-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'"
)


def test_every_page_type_works_under_a_strict_content_security_policy(chromium, sample_url):
    """Served with a CSP allowing only same-origin files (no inline script or style),
    no page triggers a violation and the scripts still run (reader settings shown)."""
    context = chromium.new_context()
    context.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " (e) => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"
    )

    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})

    context.route("**/*", with_csp)
    page = context.new_page()
    violations = {}
    try:
        for name, path in PAGE_TYPES.items():
            page.goto(sample_url + path)
            page.wait_for_selector(".reader-settings:not([hidden])")
            found = page.evaluate("window.__violations")
            if found:
                violations[name] = found
        # The policy is really in force: an inline script is refused.
        page.evaluate("document.body.append(Object.assign(document.createElement('script'), {text: '1'}))")
        page.wait_for_function("window.__violations.length > 0")
    finally:
        context.close()
    assert violations == {}


def test_the_system_contrast_preference_gives_the_high_contrast_tokens(chromium, sample_url):
    """prefers-contrast: more (no JavaScript needed) and the site setting agree."""
    tokens = "() => ['--c-text', '--c-bg', '--c-link', '--c-border', '--c-focus'].map((name) =>" \
             " getComputedStyle(document.documentElement).getPropertyValue(name).trim())"
    found = {}
    for name, options, classes in [
        ("plain", {}, []),
        ("system", {"contrast": "more", "java_script_enabled": False}, []),
        ("setting", {}, ["kontras-tinggi"]),
    ]:
        context = chromium.new_context(**options)
        if classes:
            context.add_init_script(f"localStorage.setItem({SETTINGS_KEY!r}, {json.dumps(json.dumps(classes))})")
        page = context.new_page()
        try:
            page.goto(sample_url + "/")
            if classes:
                page.wait_for_selector(".reader-settings:not([hidden])")
            found[name] = page.evaluate(tokens)
        finally:
            context.close()
    assert found["system"] == found["setting"] != found["plain"]
    assert found["setting"][:2] == ["#000000", "#ffffff"]


def test_print_reduced_motion_and_forced_colors_styles_apply(chromium, sample_url):
    context = chromium.new_context(reduced_motion="reduce", forced_colors="active")
    page = context.new_page()
    try:
        page.goto(sample_url + "/acara/festival-literasi-palembang-2027/")
        page.wait_for_selector(".reader-settings:not([hidden])")
        assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
        page.focus(".menu a")
        outline = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                                " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
        assert outline[0] != "none" and outline[1] >= 2  # the system's colours, still a ring
        page.emulate_media(media="print")
        display = "(selector) => getComputedStyle(document.querySelector(selector)).display"
        for hidden in (".skip-link", ".site-nav", ".search-box", ".reader-settings", ".site-footer nav"):
            assert page.evaluate(display, hidden) == "none", hidden
        assert page.evaluate(display, "main") == "block"
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    finally:
        context.close()
