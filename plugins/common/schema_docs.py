"""docs/referensi-isian.md: the editors' field reference, generated from the schemas.

``./dev docs`` writes it; a test fails when the committed file differs from
what the schemas and the error messages say, so the guide cannot drift.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

import yaml

from plugins.common.errors import MESSAGES
from plugins.common.scaffold import content_kinds, render
from plugins.common.schemas import load_schemas, resolve

EXAMPLE_DAY = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
EXAMPLE_IDS_NOTE = "(id buku, mitra dan program pada contoh diambil dari katalog dan isi contoh)"
DATA_FILES = {"catalogue": "data/katalog/*.yaml", "partner": "data/mitra.yaml"}
ERROR_EXAMPLES = {
    "field": "title", "value": "…", "expected": "…", "allowed": "…", "actual": "…",
    "sections": "content/program/, …", "detail": "…", "limit": "…", "kind": "buku",
    "other": "…", "url": "…", "start_field": "start", "start": "…", "end": "…",
    "limit_field": "copies.total",
}


def _rules(node: Mapping[str, Any]) -> str:
    rules = []
    kind = node.get("type")
    names = {"string": "teks", "integer": "bilangan bulat", "array": "daftar",
             "object": "kumpulan isian", "boolean": "true/false"}
    if kind:
        rules.append(names.get(kind, kind))
    enum = node.get("enum") or node.get("items", {}).get("enum")
    if enum:
        rules.append("salah satu: " + ", ".join(f"`{value}`" for value in enum))
    if node.get("x-date"):
        rules.append("tanggal (WIB)")
    if node.get("x-url") or node.get("items", {}).get("x-url"):
        rules.append("http:// atau https://")
    if node.get("x-language"):
        rules.append("kode ISO 639")
    if node.get("x-isbn"):
        rules.append("angka periksa diperiksa")
    ref = node.get("x-ref") or node.get("items", {}).get("x-ref")
    if ref:
        rules.append({"book": "id di katalog", "partner": "id di data/mitra.yaml",
                      "programme": "berkas di content/program/"}[ref])
    if "minimum" in node or "maximum" in node:
        rules.append(f"{node.get('minimum', '…')}–{node.get('maximum', '…')}")
    if node.get("pattern"):
        rules.append("huruf kecil, angka, tanda hubung")
    if node.get("x-file"):
        rules.append("berkas harus ada")
    return "; ".join(rules)


def _example(node: Mapping[str, Any]) -> str:
    examples = node.get("examples")
    if not examples:
        return ""
    text = yaml.safe_dump(examples[0], allow_unicode=True, default_flow_style=True, width=200)
    return "`" + text.strip().removesuffix("...").strip() + "`"


def _table(schema: Mapping[str, Any], schemas, prefix: str = "") -> list[str]:
    rows = []
    required = set(schema.get("required", []))
    for name, raw in schema.get("properties", {}).items():
        node = resolve(raw, schemas)
        label = node.get("title", "")
        description = node.get("description", "")
        rows.append(
            f"| `{prefix}{name}` | {label} | {'ya' if name in required else ''} | "
            f"{_rules(node)} | {description} | {_example(node)} |"
        )
        if node.get("type") == "object" and "properties" in node:
            rows += _table(node, schemas, prefix=f"{prefix}{name}.")[2:]
    return ["| isian | label | wajib | aturan | keterangan | contoh |", "| --- | --- | --- | --- | --- | --- |", *rows]


def _translation_note(schema: Mapping[str, Any]) -> list[str]:
    """What a translation may leave out (``x-from-original``) and must keep (``x-same-as-original``)."""
    inherited = schema.get("x-from-original")
    if not inherited:
        return []
    names = ", ".join(f"`{name}`" for name in inherited)
    note = (f"Terjemahan (`lang: en` dengan `slug` yang sama dengan berkas aslinya, di folder yang sama) "
            f"boleh tidak menulis {names}, juga yang wajib: nilainya diambil dari berkas asli yang terbit.")
    same = schema.get("x-same-as-original")
    if same:
        note += " Bila ditulis juga, " + " dan ".join(f"`{name}`" for name in same) + " harus sama dengan aslinya."
    return [note, ""]


def data_example(kind: str) -> str:
    """A one-entry YAML list made of the schema's examples (a test checks it is valid)."""
    schemas = load_schemas()
    example = {
        name: node["examples"][0]
        for name, raw in schemas[kind]["properties"].items()
        if (node := resolve(raw, schemas)).get("examples")
    }
    return yaml.safe_dump([example], allow_unicode=True, sort_keys=False, width=100)


def render_reference(settings: Mapping[str, Any]) -> str:
    """The whole reference as Markdown."""
    schemas = load_schemas()
    out = [
        "# Referensi isian",
        "",
        "<!-- Dibuat otomatis dari data/schemas/*.json oleh `./dev docs`; jangan disunting langsung. -->",
        "",
        "Setiap jenis isi beserta isiannya, aturannya dan contohnya. Pemeriksaan (`./dev check`) dan",
        "build memakai aturan yang sama. Lihat juga [Panduan Editor](panduan-editor.md).",
        "",
    ]
    for kind in content_kinds(schemas):
        schema = schemas[kind]
        out += [f"## {schema['title']} (`content/{schema['x-section']}/`)", "", schema["description"], ""]
        out += _table(schema, schemas)
        out += ["", *_translation_note(schema)]
        out += [f"Contoh berkas baru, seperti yang ditulis `./dev new {kind} \"Judul\"` {EXAMPLE_IDS_NOTE}:", "",
                "```markdown", render(kind, "Judul", settings, EXAMPLE_DAY).rstrip(), "```", ""]
    for kind, where in DATA_FILES.items():
        schema = schemas[kind]
        out += [f"## {schema['title']} (`{where}`)", "", schema["description"], ""]
        out += _table(schema, schemas)
        out += ["", "Contoh entri:", "", "```yaml", data_example(kind).rstrip(), "```", ""]
    out += [
        "## Pesan kesalahan dan cara memperbaikinya",
        "",
        "Setiap masalah tampil sebagai `berkas:baris:kolom: isian: apa yang salah — apa yang diharapkan`.",
        "",
        "| kode | apa yang salah | perbaikan |",
        "| --- | --- | --- |",
    ]
    for code, texts in MESSAGES.items():
        wrong, fix = (part.format(**ERROR_EXAMPLES) for part in texts["id"])
        out.append(f"| `{code}` | {wrong} | {fix} |")
    return "\n".join(out) + "\n"
