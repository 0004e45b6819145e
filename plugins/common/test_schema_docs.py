from plugins.common.build import DEFAULT_SETTINGS, PROJECT_ROOT, load_settings
from plugins.common.errors import MESSAGES
from plugins.common.schema_docs import data_example, render_reference
from plugins.common.testing import project_overrides, write_files
from plugins.validation.validation import validate_project
from plugins.common.schemas import load_schemas

REFERENCE = PROJECT_ROOT / "docs" / "referensi-isian.md"


def test_the_committed_reference_matches_the_schemas():
    expected = render_reference(load_settings())
    assert REFERENCE.read_text(encoding="utf-8") == expected, "run ./dev docs and commit the result"


def test_the_reference_names_every_field_and_every_error():
    text = render_reference(load_settings())
    for schema in load_schemas().values():
        for name in schema.get("properties", {}):
            assert f"| `{name}` |" in text, name
    for code in MESSAGES:
        assert f"| `{code}` |" in text, code


def test_the_documented_data_examples_pass_the_check(tmp_path):
    write_files(tmp_path, {
        "data/katalog/contoh.yaml": data_example("catalogue"),
        "data/mitra.yaml": data_example("partner"),
    })
    (tmp_path / "content").mkdir()
    report = validate_project(load_settings(DEFAULT_SETTINGS, project_overrides(tmp_path)))
    assert report.errors == []
