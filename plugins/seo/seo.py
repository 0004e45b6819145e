"""seo: canonical URLs, Open Graph / Twitter fields, schema.org JSON-LD, robots.txt.

Templates call ``page_meta()`` (a Jinja global reading the page's context) and
render what it returns; they hold no SEO logic. JSON-LD is mapped from the
``x-schemaorg`` annotations of data/schemas/*.json: ``Book`` for catalogue
records, ``Review`` and ``Event`` for those articles; the home page gets
``Library`` from the ``LIBRARY`` setting (address and opening hours).
"""

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from jinja2.utils import missing
from markupsafe import Markup
from pelican import signals

from plugins.common.dates import to_datetime
from plugins.common.schemas import forget_with, load_schemas, resolve

SCHEMA_BY_SECTION = {"acara": "event", "ulasan": "review"}
OG_LOCALES = {"id": "id_ID", "en": "en_US"}
TAGS = re.compile(r"<[^>]+>")


def plain(text: Any) -> str:
    """Text without HTML tags and with collapsed spaces."""
    return " ".join(TAGS.sub(" ", str(text or "")).split())


def _convert(value: Any, mapping: Mapping[str, Any], settings, refs) -> Any:
    """One field's value as schema.org, following its ``x-schemaorg`` mapping."""
    if isinstance(value, list):
        if mapping.get("format") == "joined":
            return ", ".join(map(str, value))
        converted = [_convert(v, mapping, settings, refs) for v in value]
        return [v for v in converted if v is not None] or None
    if "map" in mapping:
        return mapping["map"].get(value)
    if "ref" in mapping:
        return refs(mapping["ref"], value)
    if mapping.get("format") == "datetime":
        return to_datetime(value, settings).isoformat()
    if mapping.get("format") == "text":
        return plain(value)
    if "type" in mapping:
        node = {"@type": mapping["type"], mapping.get("value", "name"): value}
        node.update(mapping.get("extra", {}))
        return node
    return value


def schemaorg(schema_name: str, values: Mapping[str, Any], settings, refs=lambda kind, value: None) -> dict:
    """A schema.org object for ``values`` (a record or front matter) of ``schema_name``."""
    plan, schema_type = _plan(schema_name)
    return _map_object(plan, values, settings, refs) | {"@type": schema_type}


Plan = tuple[tuple[str, tuple[Mapping[str, Any], ...], Any], ...]


@lru_cache(maxsize=32)
def _plan(schema_name: str) -> tuple[Plan, str]:
    """What to map of ``schema_name`` and how: made once per process, not per page (and
    again when the schemas changed: plugins.common.schemas.refresh)."""
    schemas = load_schemas()
    return _compile(schemas[schema_name], schemas), schemas[schema_name]["x-schemaorg-type"]


forget_with(_plan.cache_clear)


def _compile(schema, schemas) -> Plan:
    """(field, its x-schemaorg mappings, the plan of its own properties or None) per mapped field."""
    plan = []
    for name, raw in schema.get("properties", {}).items():
        node = resolve(raw, schemas)
        if "x-schemaorg" not in node:
            continue
        mappings = node["x-schemaorg"]
        mappings = tuple(
            {"property": mapping} if isinstance(mapping, str) else mapping
            for mapping in (mappings if isinstance(mappings, list) else [mappings])
        )
        plan.append((name, mappings, _compile(node, schemas) if "properties" in node else None))
    return tuple(plan)


def _map_object(plan: Plan, values, settings, refs) -> dict:
    result: dict[str, Any] = {}
    for name, mappings, nested in plan:
        if name not in values or values[name] is None:
            continue
        value = values[name]
        for mapping in mappings:
            if nested is not None and isinstance(value, Mapping):
                converted = _map_object(nested, value, settings, refs) | {"@type": mapping["type"]}
            else:
                converted = _convert(value, mapping, settings, refs)
            if converted not in (None, [], ""):
                result[mapping["property"]] = converted
    return result


def library(settings) -> dict:
    """The ``Library`` of the home page, from the LIBRARY setting."""
    info = settings["LIBRARY"]
    return {
        "@type": "Library",
        "name": settings["SITENAME"],
        "url": f"{settings['CANONICAL_SITEURL']}/",
        "telephone": info["phone"],
        "email": info["email"],
        "address": {"@type": "PostalAddress", **info["postal_address"]},
        "openingHoursSpecification": [
            {"@type": "OpeningHoursSpecification", "dayOfWeek": days, "opens": opens, "closes": closes}
            for days, opens, closes in info["opening_hours"]
        ],
    }


def _json(data: dict) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` block ("</" cannot close it)."""
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("</", "<\\/"))


def canonical_path(output_file: str) -> str:
    return output_file[: -len("index.html")] if output_file.endswith("index.html") else output_file


@pass_context
def page_meta(context) -> dict[str, Any]:
    """Everything the <head> needs about the page being rendered."""
    settings = context
    resolve = context.resolve_or_missing  # context.get raises and catches KeyError when missing

    def get(key, default=None):
        value = resolve(key)
        return default if value is missing else value

    base = settings["CANONICAL_SITEURL"].rstrip("/")
    output_file = get("output_file", "")
    meta: dict[str, Any] = {
        "canonical": f"{base}/{canonical_path(output_file)}",
        "type": "website",
        "locale": OG_LOCALES.get(settings["DEFAULT_LANG"], settings["DEFAULT_LANG"]),
        "description": get("SITE_TAGLINE", ""),
        "jsonld": None,
        "noindex": output_file == get("PAGE_404_SAVE_AS"),
    }
    def book(kind, record_id=None, record=None):  # looked up only when needed: a page depends on what it reads
        if record is None:
            record = get("catalogue_by_id", {}).get(record_id)
        return schemaorg("catalogue", record, settings) | {"url": f"{base}/{record['page_url']}"} if record else None

    article, page, record = get("article"), get("page"), get("record")
    item = article or (page if hasattr(page, "title") and hasattr(page, "content") else None)
    if item is not None:
        meta.update(type="article", description=plain(getattr(item, "summary", "")) or meta["description"],
                    locale=OG_LOCALES.get(item.lang, item.lang))
        schema = SCHEMA_BY_SECTION.get(getattr(getattr(item, "category", None), "slug", None))
        if schema:
            data = schemaorg(schema, item.metadata, settings, book)
            data["url"] = meta["canonical"]
            if schema == "review":
                data["publisher"] = {"@type": "Library", "name": settings["SITENAME"]}
            if schema == "event":
                data.update(eventStatus="https://schema.org/EventScheduled",
                            eventAttendanceMode="https://schema.org/OfflineEventAttendanceMode",
                            organizer={"@type": "Library", "name": settings["SITENAME"], "url": f"{base}/"})
            meta["jsonld"] = _json(data)
    elif record is not None:
        meta.update(type="book", description=plain(record.get("description")) or meta["description"],
                    jsonld=_json(book("catalogue", record=record)))
    elif output_file == get("INDEX_SAVE_AS"):
        meta["jsonld"] = _json(library(settings))
    return meta


def add_globals(generator) -> None:
    generator.env.globals["page_meta"] = page_meta


def write_robots(pelican) -> None:
    """robots.txt: everything may be indexed; the sitemap is named."""
    base = pelican.settings["CANONICAL_SITEURL"].rstrip("/")
    text = f"User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n"
    Path(pelican.output_path, "robots.txt").write_text(text, encoding="utf-8")


def register():
    signals.generator_init.connect(add_globals)
    signals.finalized.connect(write_robots)
