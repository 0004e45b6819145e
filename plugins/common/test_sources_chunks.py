"""A data file parsed again after an edit gives what a whole-file parse gives.

The preview re-parses a big catalogue file after every save; only its changed
items are parsed, the others come from the last parse. Value, errors and
positions must be the ones a fresh parse of the whole text gives.
"""

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.common import sources
from plugins.common.sources import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
FILE = "data/katalog/uji.yaml"


def _errors(errors):
    return [(e.file, e.line, e.column, e.field, e.code, e.params) for e in errors]


def _fresh(text, offset=0):
    """A parse of the whole text, as in a process that never saw the file."""
    sources._chunk_memo.clear()
    try:
        return parse_yaml(text, FILE, offset=offset, lazy=True)
    finally:
        sources._chunk_memo.clear()


def _reparsed(before, after, offset=0):
    """``after`` parsed in a process that parsed ``before`` last."""
    sources._chunk_memo.clear()
    parse_yaml(before, FILE, offset=offset, lazy=True)
    return parse_yaml(after, FILE, offset=offset, lazy=True)


def _assert_same(before, after, chunked, offset=0):
    """``after`` re-parsed is ``after`` parsed fresh; ``chunked``: from remembered items (None: either)."""
    whole, whole_errors = _fresh(after, offset)
    doc, errors = _reparsed(before, after, offset)
    assert _errors(errors) == _errors(whole_errors)
    if whole is None:
        assert doc is None and not chunked
        return
    if chunked is not None:
        assert (doc._text is not None) == chunked
    chunked = doc._text is not None
    assert repr(doc.value) == repr(whole.value) and doc.value == whole.value
    eager, _ = parse_yaml(after, FILE, offset=offset)
    paths = sorted(eager.values, key=len)
    paths += [path + ("tidak-ada",) for path in paths] + [(len(doc.value),), (0, "tidak-ada"), (-1, "id"), ("x",)]
    for path in [path for path in eager.values if len(path) in (1, 2) and isinstance(path[0], int)
                 and isinstance(path[-1], str) == (len(path) == 2)]:  # an item, a key of an item
        assert doc.value_position(path) == eager.position(path), path
    if chunked:  # an item's own positions need no whole-file parse
        assert doc._text is not None
    for path in paths:  # then the rest, as the tables are worked out
        assert doc.value_position(path) == eager.position(path), path
    assert (doc.keys, doc.values) == (eager.keys, eager.values)
    for path in paths:
        assert doc.position(path, key=True) == eager.position(path, key=True)


def _items(text):
    chunks, _ = sources._items(text)
    return chunks


def _with_item(text, index, new):
    chunks = _items(text)
    chunks[index] = new
    return "".join(chunks)


DATA_FILES = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "data").rglob("*.yaml"))


@pytest.mark.parametrize("name", DATA_FILES)
def test_the_sample_data_files_edited_parse_as_a_whole(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    chunks = _items(text)
    assert len(chunks) >= 4
    first_line = chunks[2].split("\n", 1)[0]
    longer = chunks[2].replace(first_line, first_line + "-baru\n  catatan: |\n    baris satu\n\n    baris dua", 1)
    last_line = chunks[1].rstrip("\n").rsplit("\n", 1)[1]
    for after in (
        _with_item(text, 1, chunks[1].replace(last_line, last_line + " diubah", 1)),  # its first line kept
        _with_item(text, 2, longer),  # more lines: the items after it move down
        _with_item(text, 2, ""),  # an item removed: they move up
        "".join([chunks[0], chunks[2], chunks[1], *chunks[3:]]),  # two swapped: nothing new
        text + "\n",
    ):
        _assert_same(text, after, chunked=True)
        _assert_same(text, after, chunked=True, offset=3)
        _assert_same(after, text, chunked=True)


RECORD = """\
- id: buku-{n}
  title: "Judul: {n}"
  authors: [Rina, 'Budi Santoso']
  year: {year}
  added: 2026-11-{day:02d}
  updated: 2026-11-{day:02d} 09:30:00
  local: {local}
  price: 1.5e3
  copies:
    total: 3
    available: ~
  description: >-
    Baris pertama
    baris kedua ({n}).
  notes: |
    Satu
      dua
  tags:
    - anak
    - {{nested: [1, 2, {{x: y}}]}}
"""


def _records(count, **changes):
    items = [RECORD.format(n=n, year=1990 + n, day=1 + n % 28, local=str(n % 2 == 0).lower()) for n in range(count)]
    for index, item in changes.items():
        items[int(index.lstrip("_"))] = item
    return "".join(items)


SYNTHETIC = {
    "dates": (_records(6), _records(6, _2="- id: b\n  added: 2026-12-01\n  at: 2026-12-01t10:00:00+07:00\n")),
    "impossible date": (_records(6), _records(6, _2="- id: b\n  added: 2026-02-30\n  y: 2026-13-01\n")),
    "quoted": (_records(6), _records(6, _3="- id: 'b''c'\n  t: \"a\\tb\\u00e9 \\\"q\\\"\"\n  u: '- bukan item'\n")),
    "block scalars": (_records(6), _records(6, _1="- id: b\n  d: >-\n    a\n\n    b\n  e: |+\n    x\n\n  f: |-\n    z\n")),
    "nested": (_records(6), _records(6, _4="- id: b\n  m:\n    - - 1\n      - [2, {a: {b: [c]}}]\n    - {k: v}\n")),
    "not a mapping": (_records(6), _records(6, _4="- [a, b]\n- teks biasa\n- ~\n")),
    "comments and blank lines": (
        "# kepala\n\n  # menjorok\n" + _records(6),
        "# kepala\n\n  # menjorok\n" + _records(6, _2="# di antara\n\n- id: b   # catatan\n  t: x\n\n# akhir\n\n"),
    ),
    "trailing whitespace": (_records(6), _records(6, _2="- id: b   \n  t: x \n   \n")),
    "no trailing newline": (_records(6), _records(6) + "- id: akhir\n  t: tanpa baris baru"),
    "unicode": (_records(6), _records(6, _2="- id: bé\n  judul: Laut Bercerita — “kisah” 🌊\n  ñ: ü\n")),
    "windows line ends": (_records(6).replace("\n", "\r\n"), _records(6, _2="- id: b\n  t: x\n").replace("\n", "\r\n")),
    "tab in a value": (_records(6), _records(6, _2="- id: b\n  t: \"a\tb\"\n  u: a\tb\n")),
    "an ampersand in text": (_records(6), _records(6, _2="- id: b\n  t: Sastra & Budaya\n")),
    "keys not text": (_records(6), _records(6, _2="- id: b\n  1: satu\n  true: ya\n  ~: nol\n")),
}


@pytest.mark.parametrize("case", SYNTHETIC)
def test_edited_items_parse_as_a_whole(case):
    before, after = SYNTHETIC[case]
    _assert_same(before, after, chunked=True)
    _assert_same(after, before, chunked=True, offset=2)


ERRORS = {
    "repeated key": _records(6, _2="- id: b\n  t: x\n  t: y\n"),
    "repeated key, equal as text": _records(6, _2="- id: b\n  1: x\n  '1': y\n"),
    "syntax": _records(6, _2="- id: b\n  t: [tak ditutup\n"),
    "unclosed quote": _records(6, _2="- id: b\n  t: \"tak ditutup\n  u: x\n"),
    "tab": _records(6, _2="- id: b\n\tt: x\n"),
    "control character": _records(6, _2="- id: b\n  t: a\x07b\n"),
    "unknown tag": _records(6, _2="- id: b\n  t: !!python/none x\n"),
}


@pytest.mark.parametrize("case", ERRORS)
def test_an_edited_item_with_an_error_is_reported_as_by_a_whole_file_parse(case):
    _assert_same(_records(6), ERRORS[case], chunked=False)
    _assert_same(_records(6), ERRORS[case], chunked=False, offset=1)


WHOLE = {  # parsed as a whole file, whatever the memo holds
    "anchor, alias": (
        _records(6, _1="- id: a\n  x: &n [1]\n", _4="- id: b\n  x: *n\n"),
        _records(6, _1="- id: a\n  x: &n [2]\n", _4="- id: b\n  x: *n\n"),
    ),
    "alias to an anchor gone": (
        _records(6, _1="- id: a\n  x: &n [1]\n", _4="- id: b\n  x: *n\n"),
        _records(6, _1="- id: a\n  x: [1]\n", _4="- id: b\n  x: *n\n"),
    ),
    "anchor on an item": (
        _records(6, _1="- &r\n  id: a\n", _4="- *r\n"),
        _records(6, _1="- &r\n  id: a2\n", _4="- *r\n"),
    ),
    "anchor in flow": (
        _records(6, _1="- {id: a, x: &n 1}\n", _4="- [*n]\n"),
        _records(6, _1="- {id: a, x: &n 2}\n", _4="- [*n]\n"),
    ),
    "merge key": (
        _records(6, _1="- id: a\n  <<: {t: x}\n"),
        _records(6, _1="- id: a\n  <<: {t: y}\n  t: z\n"),
    ),
    "directive": ("%YAML 1.1\n---\n" + _records(6), "%YAML 1.1\n---\n" + _records(6, _1="- id: a\n")),
    "document start": ("---\n" + _records(6), "---\n" + _records(6, _1="- id: a\n")),
    "document end": (_records(6) + "...\n", _records(6, _1="- id: a\n") + "...\n"),
    "two documents": (_records(3) + "---\n" + _records(3), _records(3) + "---\n" + _records(3, _1="- id: a\n")),
    "flow top level": ("[" + ", ".join(f"{{id: b{n}}}" for n in range(6)) + "]\n",
                       "[" + ", ".join(f"{{id: b{n + (n == 2)}}}" for n in range(6)) + "]\n"),
    "a mapping": ("a:\n- id: x\n- id: y\n- id: z\n", "a:\n- id: x\n- id: w\n- id: z\n"),
    "indented sequence": ("".join("  " + line + "\n" for line in _records(6).splitlines()),
                          "".join("  " + line + "\n" for line in _records(6, _1="- id: a\n").splitlines())),
    "item without a space": (_records(6), _records(6, _1="-\n  id: a\n")),
    "text at column 0": (_records(6), _records(6, _1="- id: a\nb\n")),
    "byte order mark": ("\ufeff" + _records(6), "\ufeff" + _records(6, _1="- id: a\n")),
    "old Mac line ends": (_records(6), _records(6, _1="- id: a\r  t: b\r\n")),
    "quote across items": (_records(6), _records(6, _2="- id: \"b\n- c\"\n")),  # an item alone: an error
    "line separator": (_records(6), _records(6, _1="- id: a\u2028  t: b\n")),
    "next line": (_records(6), _records(6, _1="- id: a\x85  t: b\n")),
}


@pytest.mark.parametrize("case", WHOLE)
def test_what_is_not_a_plain_list_of_items_is_parsed_as_a_whole(case):
    before, after = WHOLE[case]
    _assert_same(before, after, chunked=False)
    _assert_same(after, before, chunked=False)


def test_an_edit_then_undone_gives_each_text_its_own_value():
    first = _records(8)
    second = _records(8, _5="- id: baru\n  title: Diganti\n  added: 2026-02-30\n")
    third = first.replace("baris kedua (6)", "baris kedua (6) diubah")
    expected = {text: _fresh(text)[0].value for text in (first, second)}
    one, _ = parse_yaml(first, FILE, lazy=True)
    two, _ = parse_yaml(second, FILE, lazy=True)
    assert two._text is not None
    assert two.value[5] == {"id": "baru", "title": "Diganti", "added": "2026-02-30"}
    assert two.value[:5] == one.value[:5] and two.value[6:] == one.value[6:]
    assert len(sources._chunk_memo[FILE]) == 8  # the latest text's items only
    two.value[0]["title"] = "Diubah pemanggil"
    two.value[0]["tags"].append("lagi")
    two.value.append({"id": "tambahan"})
    again, _ = parse_yaml(first, FILE, lazy=True)
    assert again._text is not None
    assert again.value == one.value == expected[first]
    assert again.value[0]["title"] == "Judul: 0" and again.value[0]["added"] == dt.date(2026, 11, 1)
    again.value[5].clear()
    assert parse_yaml(second, FILE, lazy=True)[0].value == expected[second]
    changed, _ = parse_yaml(third, FILE, lazy=True)  # a description, the item's first line kept
    assert changed._text is not None
    assert changed.value[6]["description"] == "Baris pertama baris kedua (6) diubah."
    assert parse_yaml(first, FILE, lazy=True)[0].value[6]["description"] == "Baris pertama baris kedua (6)."


def test_each_file_keeps_its_own_items():
    other = "data/katalog/lain.yaml"
    sources._chunk_memo.clear()
    parse_yaml(_records(6), FILE, lazy=True)
    parse_yaml(_records(6, _1="- id: a\n"), other, lazy=True)
    doc, _ = parse_yaml(_records(6, _1="- id: a\n"), FILE, lazy=True)
    assert doc._text is not None and doc.value[1] == {"id": "a"}
    assert set(sources._chunk_memo) == {FILE, other}


def test_a_file_mostly_changed_is_parsed_as_a_whole():
    before = _records(6)
    after = "".join(f"- id: x{n}\n" for n in range(4)) + "".join(_items(before)[4:])
    _assert_same(before, after, chunked=False)
    _assert_same(before, "".join(f"- id: x{n}\n" for n in range(3)) + "".join(_items(before)[3:]), chunked=True)


records = st.lists(
    st.dictionaries(
        st.text(max_size=5),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.dates() | st.floats(allow_nan=False),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
            max_leaves=8,
        ),
        max_size=4,
    ),
    min_size=2,
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(before=records, changed=st.dictionaries(st.text(max_size=5), st.text(max_size=8), max_size=3),
       index=st.integers(0, 5), flow=st.booleans())
def test_any_list_of_records_edited_parses_as_a_whole(before, changed, index, flow):
    after = list(before)
    after[index % len(after)] = changed
    dump = lambda value: yaml.safe_dump(value, default_flow_style=flow or None, allow_unicode=True)  # noqa: E731
    old, new = dump(before), dump(after)
    assert _fresh(new)[0] is not None
    _assert_same(old, new, chunked=False if flow else None)
    if not flow and sources._items(old) and sources._items(new):
        assert 2 * len(set(_items(new)) - set(_items(old))) > len(_items(new)) or _reparsed(old, new)[0]._text
