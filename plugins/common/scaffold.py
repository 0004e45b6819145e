"""``./dev new KIND "Judul"``: a new, valid content file pre-filled from its schema.

Required fields get a value that passes the check (the title, today's date,
the first known catalogue id…), text to replace is marked ``GANTI:``, optional
fields are commented-out examples, and the next steps are comments. The file
starts as a draft: it passes ``./dev check`` unchanged and is not published
until the editor sets ``status: published``.
"""

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from plugins.common.data import load_records
from plugins.common.dates import site_timezone
from plugins.common.schemas import load_schemas, resolve
from plugins.common.text import slug

PLACEHOLDER = "GANTI:"
NEXT_STEPS = [
    "Langkah berikutnya:",
    "1. Ganti setiap teks bertanda GANTI dan tulis isi di bawah garis ---.",
    "2. Isian yang diawali # bersifat pilihan: hapus tanda # untuk memakainya.",
    "3. Periksa dengan ./dev check, lihat hasilnya dengan ./dev serve.",
    "4. Bila siap terbit, ubah status: draft menjadi status: published.",
]


def section_of(kind: str, schemas: Mapping[str, dict]) -> str:
    return schemas[kind]["x-section"]


def content_kinds(schemas: Mapping[str, dict]) -> list[str]:
    return [name for name, schema in schemas.items() if "x-section" in schema]


def known_ids(settings: Mapping[str, Any]) -> dict[str, list[str]]:
    """The ids a reference may name: books, partners, programmes."""
    data, content = Path(settings["DATA_PATH"]), Path(settings["PATH"])
    books = [r["id"] for p in sorted((data / "katalog").glob("*.yaml")) for r in load_records(p)]
    partners_file = data / "mitra.yaml"
    partners = [r["id"] for r in load_records(partners_file)] if partners_file.exists() else []
    programmes = sorted(p.stem for p in (content / "program").glob("*.md"))
    return {"book": books, "partner": partners, "programme": programmes}


def _value(name: str, node: dict, title: str, today: dt.datetime, known) -> Any:
    if name == "title":
        return title
    if name == "status":
        return "draft"
    if node.get("x-date"):
        if name == "date":
            return today.date()
        return (today + dt.timedelta(days=7)).strftime("%Y-%m-%d 09:00")
    if node.get("x-ref"):
        choices = known.get(node["x-ref"]) or [f"{PLACEHOLDER} id"]
        return choices[0]
    if node.get("type") == "object":
        return dict(node.get("examples", [{}])[0])
    if node.get("type") == "string":
        return f"{PLACEHOLDER} {node.get('title', name).lower()}"
    return node.get("examples", [None])[0]


def _dump(name: str, value: Any) -> list[str]:
    text = yaml.safe_dump({name: value}, allow_unicode=True, sort_keys=False, width=200)
    return text.rstrip("\n").splitlines()


def _comment(node: dict) -> str:
    label = node.get("title", "")
    description = node.get("description", "")
    return f"# {label}" + (f": {description}" if description else "")


def render(kind: str, title: str, settings: Mapping[str, Any], today: dt.datetime | None = None) -> str:
    """The text of a new ``kind`` file titled ``title``."""
    schemas = load_schemas()
    schema = schemas[kind]
    today = today or dt.datetime.now(site_timezone(settings))
    known = known_ids(settings)
    required = set(schema.get("required", [])) | {"title", "status"}
    lines = ["---", *(f"# {step}" for step in NEXT_STEPS)]
    for name, raw in schema["properties"].items():
        node = resolve(raw, schemas)
        if name in ("slug", "lang") and name not in required:
            continue  # the file name is the slug; Indonesian is the default
        lines.append(_comment(node))
        if name in required:
            lines += _dump(name, _value(name, node, title, today, known))
        else:
            lines += [f"# {line}" for line in _dump(name, node.get("examples", [None])[0])]
    lines += ["---", "", f"{PLACEHOLDER} tulis isi {schema['title'].lower()} di sini.", ""]
    return "\n".join(lines)


def new_file(kind: str, title: str, settings: Mapping[str, Any], today: dt.datetime | None = None) -> Path:
    """Write the new file under content/SECTION/ and return its path.

    Raises FileExistsError rather than overwrite an editor's file.
    """
    schemas = load_schemas()
    if kind not in content_kinds(schemas):
        raise ValueError(kind)
    path = Path(settings["PATH"]) / section_of(kind, schemas) / f"{slug(title, settings)}.md"
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(kind, title, settings, today), encoding="utf-8")
    return path
