"""The check's quick ways give what the slow ones give: same errors, same positions.

A record the fast check accepts skips jsonschema, so it must never accept what
jsonschema rejects; a data file's positions are worked out only when an error
needs them, so they must be the ones an eager parse gives; suggestions among
many ids must be difflib's.
"""

import copy
import datetime as dt
import difflib
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.common.build import DEFAULT_SETTINGS, load_settings
from plugins.common.sources import parse_yaml
from plugins.common.testing import project_overrides, write_files
from plugins.validation import validation
from plugins.validation.test_validation import BASE, BOOK
from plugins.validation.validation import _closest, _Run, validate_project

COMMON = {"title": "Bedah Buku", "date": dt.date(2026, 11, 1), "summary": "Diskusi."}
VALID = {  # a clean instance of every schema
    "catalogue": BOOK,
    "partner": {"id": "unsri", "name": "Universitas Sriwijaya", "type": "university"},
    "programme": COMMON,
    "review": {**COMMON, "book": "laskar-pelangi", "reviewer": "Rina"},
    "event": {**COMMON, "start": "2026-12-05 09:00", "end": "2026-12-05 12:00", "venue": {"name": "Aula"},
              "partners": ["unsri"]},
    "page": {"title": "Kontak"},
}
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 3000), st.floats(allow_nan=False), st.sampled_from([0.0, 2005.0, 1999.5, 1.5, -1, 1499, 2101]),
    st.text(max_size=6), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    st.sampled_from(["", "id", "xx", "en", "mui", "print", "ebook", "cetak", "laskar-pelangi", "Laskar Pelangi",
                     "unsri", "978-602-8519-93-9", "978-602-8519-93-8", "0-306-40615-2", "https://contoh.id",
                     "ftp://contoh.id", "2026-12-05 09:00", "2026-12-05 08:00", "2026-02-30", "published",
                     "draft", "university", "images/tidak-ada.jpg", "lantai-2"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["total", "available", "name", "address", "src", "alt", "start", "end", "x"]), inner, max_size=3),
    max_leaves=6,
)


def _paths(value, path=()):
    yield path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield from _paths(item, (*path, key))


@st.composite
def near_valid(draw):
    """A schema's clean instance with a few parts (nested ones too) changed, added or removed."""
    name = draw(st.sampled_from(sorted(VALID)))
    instance = copy.deepcopy(VALID[name])
    extra = [(key,) for key in [*_run().schemas[name].get("properties", {}), "titel", "x"]]
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([p for p in _paths(instance) if p] + extra))
        parent = instance
        for part in path[:-1]:
            parent = parent[part] if isinstance(parent, (dict, list)) and part in _keys_of(parent) else None
        if parent is None or not isinstance(parent, (dict, list)):
            continue
        if isinstance(parent, list) and path[-1] not in _keys_of(parent):
            continue
        if draw(st.integers(0, 4)) == 0 and path[-1] in _keys_of(parent):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(values)
    return name, instance


def _keys_of(container):
    return range(len(container)) if isinstance(container, list) else container


_runs = {}


def _run():
    """A check run over the base project (known book, partner and programme ids)."""
    if "run" not in _runs:
        folder = Path(tempfile.mkdtemp(prefix="fast-path-"))
        write_files(folder, BASE)
        _runs["run"] = _Run(load_settings(DEFAULT_SETTINGS, project_overrides(folder, VALIDATION={"cache": False})))
        _runs["run"].known["book"]["laskar-pelangi"] = "data/katalog/sastra.yaml"
        _runs["run"].known["partner"]["unsri"] = "data/mitra.yaml"
    return _runs["run"]


def test_every_schema_has_a_fast_check_that_accepts_its_clean_instance():
    run = _run()
    run.checks.skip_unique = True
    for name, instance in VALID.items():
        assert run.fast[name] is not None, name
        assert list(run.validators[name].iter_errors(instance)) == [], name
        assert run.fast[name](instance), name


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=near_valid())
def test_the_fast_check_accepts_nothing_jsonschema_rejects(case):
    name, instance = case
    run = _run()
    run.checks.skip_unique = True
    errors = list(run.validators[name].iter_errors(instance))
    if run.fast[name](instance):
        assert errors == [], (name, instance)


TRICKY = [
    None, True, False, 0, 1, -1, 1.5, 0.0, 2.0, 2005.0, 1999.5, 1499, 2101, "", "x", "2005", "id", "xx", "print",
    "cetak", "unsri", "laskar-pelangi", "Bad Id", "https://contoh.id", "ftp://x", "978-602-8519-93-8",
    "2026-12-05 08:00", "2026-02-30", dt.date(2026, 1, 1), [], ["x"], ["x", "x"], [""], [1], ["print", "print"],
    {}, {"total": 1, "available": 2}, {"total": 1.5, "available": 1}, {"name": ""}, {"src": "a.jpg", "alt": "A"},
]


def test_the_fast_check_accepts_nothing_jsonschema_rejects_when_one_part_changes():
    run = _run()
    run.checks.skip_unique = True
    for name, valid in VALID.items():
        extra = [(key,) for key in [*run.schemas[name].get("properties", {}), "x"]]
        for path in {p for p in _paths(valid) if p} | set(extra):
            for value in TRICKY:
                instance = copy.deepcopy(valid)
                parent = instance
                for part in path[:-1]:
                    parent = parent[part]
                parent[path[-1]] = value
                if run.fast[name](instance):
                    assert list(run.validators[name].iter_errors(instance)) == [], (name, path, value)


def test_a_schema_with_a_keyword_the_fast_check_does_not_know_is_checked_by_jsonschema_alone():
    run = _run()
    schemas = {**run.schemas, "odd": {"type": "object", "anyOf": [{"required": ["a"]}, {"required": ["b"]}]},
               "odd-ref": {"properties": {"a": {"$ref": "odd.json"}}}}
    fast = validation._FastCheck(schemas, run.checks, dict(run.checks.validator_class().VALIDATORS))
    assert fast.accepts("odd") is None
    assert fast.accepts("odd-ref") is None
    assert fast.accepts("catalogue")(BOOK)


def _errors(report):
    return [(e.file, e.line, e.column, e.field, e.code, e.params, e.suggestion) for e in report.errors]


def _without_fast_path(monkeypatch):
    monkeypatch.setattr(validation._FastCheck, "accepts", lambda self, name: None)


BAD_BOOKS = [
    {"year": "2005"}, {"year": 2005.0}, {"year": 1200}, {"year": True}, {"formats": ["print", "print"]},
    {"formats": ["cetak"]}, {"formats": []}, {"formats": "print"}, {"language": "xx"}, {"isbn": "978-602-8519-93-8"},
    {"copies": {"total": 1, "available": 2}}, {"copies": {"total": 1}}, {"copies": 3}, {"lokal": True},
    {"authors": [""]}, {"authors": [1, None]}, {"url": "ftp://x"}, {"id": "Buku Satu"}, {"id": 12}, {"title": ""},
    {"subjects": ["a", 2]}, {"local": 0}, {"copies": {"total": 2.0, "available": 1}},
]


def test_bad_records_give_the_same_errors_with_and_without_the_fast_path(tmp_path, monkeypatch):
    books = [{**BOOK, "id": f"buku-{i}", **change} for i, change in enumerate(BAD_BOOKS)]
    books.insert(3, {**BOOK, "id": "buku-0"})  # the same id twice in a file
    files = {
        "data/katalog/a.yaml": yaml.safe_dump(books, sort_keys=False),
        "data/katalog/b.yaml": yaml.safe_dump([{**BOOK, "id": "buku-1"}, {**BOOK, "id": "buku-baik"}], sort_keys=False),
        "content/ulasan/u.md": "---\ntitle: U\ndate: 2026-03-04\nsummary: S.\nbook: buku-bai\nreviewer: R\n---\nIsi.\n",
    }
    write_files(tmp_path, {**BASE, **files})
    overrides = project_overrides(tmp_path, VALIDATION={"cache": False})
    fast = _errors(validate_project(load_settings(DEFAULT_SETTINGS, overrides)))
    _without_fast_path(monkeypatch)
    slow = _errors(validate_project(load_settings(DEFAULT_SETTINGS, overrides)))
    assert fast == slow
    assert len(fast) >= len(BAD_BOOKS)  # 2005.0 and 2.0 are whole numbers for jsonschema
    assert ("content/ulasan/u.md", 5, 7, "book", "unknown-ref") in [e[:5] for e in fast]
    assert ("data/katalog/b.yaml", 1, 7, "id", "duplicate-id") in [e[:5] for e in fast]


def test_unique_ids_checked_in_place_are_noted_once_with_and_without_the_fast_path(monkeypatch):
    records = [{**VALID["partner"], "id": i} for i in ("a", "b", "a", "c")]
    records.append({**VALID["partner"], "id": "d", "type": "tidak-ada"})  # rejected: jsonschema notes "d" once

    def errors():
        run = _run()
        run.checks.unique.clear()
        doc, _ = parse_yaml(yaml.safe_dump(records), "data/mitra.yaml")
        start = len(run.report.errors)
        for index, record in enumerate(doc.value):
            run.check_schema("data/mitra.yaml", "partner", record, doc, base=(index,))
        found = _errors(run.report)[start:]
        return found, dict(run.checks.unique)

    run = _run()
    run.checks.skip_unique = False
    fast = errors()
    _runs.clear()
    _without_fast_path(monkeypatch)
    _run().checks.skip_unique = False
    assert fast == errors()
    assert [e[4] for e in fast[0]] == ["duplicate-id", "enum"]
    assert set(fast[1]["partner"]) == {"a", "b", "c", "d"}
    _runs.clear()


YAML_CASES = [
    "- a: 1\n  b: [x, {c: 2}]\n- {a: 3}\n",
    "base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n",
    "a: 1\nb:\n  c: 2\n  c: 3\n",  # a repeated key
    "1: a\n'1': b\n",  # equal as text: repeated for the check
    "yes: 1\ntrue: 2\n",  # equal values, different text: not repeated
    "- &x {id: a}\n- *x\n- id: b\n  list: [&y 1, *y]\n",
    "- ? [a, b]\n  : c\n",
]
documents = st.recursive(
    st.none() | st.integers() | st.text(max_size=5) | st.booleans(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=12,
)


def _same_positions(text):
    eager, eager_errors = parse_yaml(text, "f.yaml", offset=2)
    lazy, lazy_errors = parse_yaml(text, "f.yaml", offset=2, lazy=True)
    assert lazy_errors == eager_errors and [e.params for e in lazy_errors] == [e.params for e in eager_errors]
    if eager is None:
        assert lazy is None
        return
    assert repr(lazy.value) == repr(eager.value)
    paths = list(eager.values) + [path + ("missing",) for path in eager.values] + [(99,), ("missing", 0)]
    for path in paths:  # asked before the tables are worked out, then after
        assert lazy.value_position(path) == eager.position(path), path
    assert (lazy.keys, lazy.values) == (eager.keys, eager.values)
    for path in paths:
        assert lazy.position(path, key=True) == eager.position(path, key=True)
        assert lazy.value_position(path) == eager.position(path)


@pytest.mark.parametrize("text", YAML_CASES)
def test_positions_worked_out_later_are_the_eager_ones(text):
    _same_positions(text)


def test_a_repeated_key_is_reported_by_the_lazy_parse_too():
    _, errors = parse_yaml("- id: a\n  title: T\n  title: U\n", "d.yaml", lazy=True)
    assert [(e.line, e.column, e.field, e.code) for e in errors] == [(3, 3, "0.title", "yaml-duplicate-key")]


@settings(max_examples=200, deadline=None)
@given(document=documents, flow=st.booleans())
def test_positions_of_any_document_are_the_eager_ones(document, flow):
    _same_positions(yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True))


@settings(max_examples=300, deadline=None)
@given(word=st.text("abcdeik-", max_size=9), choices=st.lists(st.text("abcdeik-", max_size=9), max_size=30))
def test_suggestions_are_difflibs(word, choices):
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    assert _closest(word, choices) == (matches[0] if matches else None)
