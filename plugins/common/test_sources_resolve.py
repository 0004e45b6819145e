"""Plain scalars resolved once per process give PyYAML's own values.

The loader remembers the tag of short plain texts (plugins/common/sources.py,
``_Loader.resolve``); a text read a second time, in a key or a value, plain or
quoted, must become what PyYAML's pure-Python safe loader makes of it.
"""

import yaml

from plugins.common import sources
from plugins.common.sources import parse_yaml

SCALARS = [
    "yes", "No", "on", "OFF", "true", "~", "null", "0", "007", "0o17", "0x1F", "1_000",
    "-12", "+3", "1.5", "1e3", ".inf", "-.INF", "2026-12-05", "2026-12-05 09:00:00+07:00",
    "12:30", "190:20:30", "978-623-5971-66-7", "304.2 SUL d", "id", "en", "abc", "Rak Sastra",
]


def _document(scalars):
    lines = []
    for text in scalars:
        lines.append(f"- plain: {text}\n  quoted: '{text}'\n  {text}: {text}\n  list: [{text}, '{text}']")
    return "\n".join(lines) + "\n"


def test_plain_and_quoted_scalars_keep_pyyaml_values_when_met_again():
    text = _document(SCALARS)
    expected = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - the pure-Python safe loader
    sources._RESOLVED.clear()
    sources._chunk_memo.clear()
    first, errors = parse_yaml(text, "data/katalog/uji.yaml")
    assert errors == []
    assert "yes" in sources._RESOLVED  # remembered: the next parse resolves from it
    sources._chunk_memo.clear()
    second, _ = parse_yaml(text, "data/katalog/uji.yaml", lazy=True)
    for doc in (first, second):
        for got, want, scalar in zip(doc.value, expected, SCALARS, strict=True):
            assert got == want, scalar
            assert {k: type(v) for k, v in got.items()} == {k: type(v) for k, v in want.items()}, scalar
