"""Property: whatever an editor writes, the build succeeds or stops with located errors.

Random front matter (known and unknown keys, any YAML values), random raw
YAML text and random bodies go through the real check and the real build.
Never a traceback: a project the check accepts builds, and a project it
rejects fails with exactly the check's messages.
"""

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.common.build import DEFAULT_SETTINGS, BuildFailed, load_settings
from plugins.common.testing import build_project, project_overrides, write_files
from plugins.validation.test_validation import BASE
from plugins.validation.validation import validate_project

KEYS = [
    "title", "date", "summary", "tags", "slug", "lang", "status", "image", "book",
    "reviewer", "rating", "start", "end", "venue", "registration", "accessibility",
    "partners", "programme", "period", "contact", "titel", "Title",
]
SECTIONS = ["program", "ulasan", "acara", "pages"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 3000), st.floats(allow_nan=False),
    st.text(max_size=20), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    st.sampled_from(["2026-12-05 09:00", "2026-02-30", "laskar-pelangi", "unsri", "draft",
                     "published", "https://contoh.id", "javascript:alert(1)", "komunitas-literasi"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["name", "address", "src", "alt", "start", "end", "x"]), inner, max_size=3),
    max_leaves=6,
)
COMMON = {"title": "Bedah Buku", "date": dt.date(2026, 11, 1), "summary": "Diskusi."}
VALID = {
    "program": COMMON,
    "ulasan": {**COMMON, "book": "laskar-pelangi", "reviewer": "Rina"},
    "acara": {**COMMON, "start": "2026-12-05 09:00", "venue": {"name": "Aula"}},
    "pages": {"title": "Kontak"},
}


def near_valid(section):
    """The section's valid front matter with up to two fields changed or added."""
    changes = st.dictionaries(st.sampled_from(KEYS), values | st.text(max_size=30), max_size=2)
    return changes.map(lambda c: yaml.safe_dump({**VALID[section], **c}, allow_unicode=True))


def source(section):
    header = near_valid(section) | st.dictionaries(st.sampled_from(KEYS), values, max_size=8).map(
        lambda d: yaml.safe_dump(d, allow_unicode=True)
    ) | st.text(max_size=80)
    return st.tuples(header, bodies).map(lambda t: f"---\n{t[0]}\n---\n{t[1]}\n")


bodies = st.lists(
    st.sampled_from(["Paragraf biasa.", "<script>x</script>", "[a]({filename}/pages/tidak-ada.md)",
                     "![](images/x.jpg)", "## Subjudul", "<b onclick=\"x\">b</b>", "- butir"])
    | st.text(max_size=40),
    max_size=4,
).map("\n\n".join)
files = st.lists(
    st.tuples(st.sampled_from(SECTIONS), st.sampled_from(["a", "b", "kontak"])).flatmap(
        lambda key: source(key[0]).map(lambda text: (f"content/{key[0]}/{key[1]}.md", text))
    ),
    min_size=1, max_size=3,
).map(dict)
data_files = st.one_of(
    st.just({}),
    st.fixed_dictionaries({"data/mitra.yaml": st.text(max_size=60) | values.map(yaml.safe_dump)}),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=files, data=data_files)
def test_any_input_builds_or_fails_with_located_errors_only(files, data):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_files(root, {**BASE, **files, **data})
        report = validate_project(load_settings(DEFAULT_SETTINGS, project_overrides(root)))
        messages = [error.format() for error in report.errors]
        try:
            site = build_project(root)
        except BuildFailed as failure:
            assert messages, f"the check passed but the build failed: {failure.problems}"
            assert failure.problems == messages
        else:
            assert not messages, messages
            assert site.exists("")
