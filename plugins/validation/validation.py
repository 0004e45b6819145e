"""validation: every editor mistake becomes a located EditorError, all in one run.

Runs on ``initialized``, before Pelican reads anything: a project with errors
stops there (ValidationFailed, reported by the build with every error sorted
by file). ``./dev check`` runs the same :func:`validate_project` without
rendering. The rules live in ``data/schemas/*.json`` (JSON Schema plus our
``x-`` keywords); this module applies them and adds what a schema cannot say:
cross-references, duplicate URLs, links, images and unsafe HTML in bodies.
"""

import difflib
import functools
import importlib
import logging
import numbers
import operator
import posixpath
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pycountry
from jsonschema import Draft202012Validator, ValidationError, validators
from pelican import signals
from referencing import Registry, Resource

from plugins.common.cache import ContentCache, source_version
from plugins.common.data import hand_over
from plugins.common.dates import to_datetime
from plugins.common.errors import EditorError, ValidationFailed
from plugins.common.parallel import fork_map, in_worker, usable_cpus
from plugins.common.scaffold import PLACEHOLDER
from plugins.common import schemas as schema_files
from plugins.common.schemas import coerce, load_schemas
from plugins.common.settings import plugin_settings
from plugins.common.sources import Document, parse_yaml, paused_collection, read_text, split_markdown

logger = logging.getLogger(__name__)

DEFAULTS = {
    "lang": "id",
    "schema_path": None,  # None: the project's data/schemas/ (plugins.common.schemas.SCHEMA_PATH)
    "catalogue_folder": "katalog",
    "partners_file": "mitra.yaml",
    # Data files found clean are remembered by content under CACHE_PATH/validation/
    # (see _Run.load_data); False checks every file every time.
    "cache": True,
    # Data files are checked on every core from this many bytes together (a
    # catalogue of about 3,000 records); below it, in this process.
    "parallel_from_bytes": 1_000_000,
}
REF_KINDS = {  # kind: (name, what is expected), in both languages
    "book": ({"id": "buku", "en": "book"},
             {"id": "id buku di data/katalog/", "en": "a book id from data/katalog/"}),
    "partner": ({"id": "mitra", "en": "partner"},
                {"id": "id mitra di data/mitra.yaml", "en": "a partner id from data/mitra.yaml"}),
    "programme": ({"id": "program", "en": "programme"},
                  {"id": "nama berkas di content/program/", "en": "a file name in content/program/"}),
}
TYPE_NAMES = {
    "string": {"id": "teks", "en": "text"},
    "integer": {"id": "bilangan bulat", "en": "a whole number"},
    "number": {"id": "angka", "en": "a number"},
    "array": {"id": "daftar ([a, b])", "en": "a list ([a, b])"},
    "object": {"id": "kumpulan isian", "en": "a set of fields"},
    "boolean": {"id": "true atau false", "en": "true or false"},
}
TAKEN_BY = {
    "section": {"id": "daftar bagian", "en": "a section list"},
    "generated": {"id": "halaman buatan sistem", "en": "a generated page"},
}
UNSAFE_HTML = [
    (re.compile(r"<\s*script\b", re.I), "<script>"),
    (re.compile(r"<\s*iframe\b", re.I), "<iframe>"),
    (re.compile(r"<\s*(object|embed)\b", re.I), "<object>/<embed>"),
    (re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.I), "atribut on…="),
    (re.compile(r"javascript\s*:", re.I), "javascript:"),
]
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in XML 1.0 feeds
CLOSE_CUTOFF = 0.6  # how like a suggestion must be (difflib's ratio)
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}  # what Pelican's Markdown reader reads
INTERNAL_LINK = re.compile(r"\{(filename|static|attach)\}([^)\s\"'>#?]+)")
MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)")
# Searched in a whole body first: most bodies match none, and are not checked line by line.
_BODY_PATTERNS = (CONTROL_CHARACTER, INTERNAL_LINK, MARKDOWN_IMAGE, *(pattern for pattern, _label in UNSAFE_HTML))


@dataclass
class Report:
    errors: list[EditorError] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)


@dataclass
class _Source:
    file: str
    path: Path
    schema: str
    doc: Document
    body: str = ""
    body_line: int = 1


def _slug_and_lang(source: "_Source", default_lang: str) -> tuple[str, str]:
    """The slug (else the file name) and language (else the site's) Pelican gives a source."""
    meta = source.doc.value
    slug, lang = meta.get("slug"), meta.get("lang")
    slug = slug if isinstance(slug, str) and slug else source.path.stem
    return slug, (lang if isinstance(lang, str) and lang else default_lang)


def _same_value(value: Any, other: Any, settings) -> bool:
    """Equal, as dates when both read as dates (``"2026-12-05 09:00"`` and ``09:00:00``).

    A date that does not read is the date check's error, not a second one here.
    """
    dates = []
    for item in (value, other):
        try:
            dates.append(to_datetime(item, settings))
        except (ValueError, TypeError, OverflowError):
            pass
    if len(dates) == 2:
        return dates[0] == dates[1]
    return value == other if not dates else True


def generated_urls(settings) -> list[str]:
    """URL folders written by generators, which no content file may take.

    Pelican's own list pages (tags, archives…) and what each plugin in PLUGINS
    declares with a ``generated_urls(settings)`` function.
    """
    urls = [
        posixpath.dirname(settings[key]) + "/"
        for key in ("TAGS_SAVE_AS", "ARCHIVES_SAVE_AS", "CATEGORIES_SAVE_AS", "AUTHORS_SAVE_AS")
        if settings.get(key) and posixpath.dirname(settings[key])
    ]
    for plugin in settings.get("PLUGINS", []):
        module = importlib.import_module(plugin) if isinstance(plugin, str) else plugin
        declare = getattr(module, "generated_urls", None)
        if declare is not None:
            urls += declare(settings)
    return urls


def section_schemas(schemas: dict[str, dict]) -> dict[str, str]:
    """Content folder → schema name, from each schema's ``x-section``."""
    return {s["x-section"]: name for name, s in schemas.items() if "x-section" in s}


def _dotted(path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _get(mapping: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(mapping, dict) or part not in mapping:
            return None
        mapping = mapping[part]
    return mapping


def _closest(value: Any, choices) -> str | None:
    """``difflib.get_close_matches(value, choices, n=1, cutoff=0.6)``, quicker among many.

    The full ratio (slow) is worked out best bound first, and no further once
    the bound (``quick_ratio``, never below the ratio) is under the best found:
    a mistyped reference among 30,000 book ids costs a few ratios, not 30,000.
    """
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(str(value))
    bounds = []
    for choice in map(str, choices):
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() >= CLOSE_CUTOFF and (bound := matcher.quick_ratio()) >= CLOSE_CUTOFF:
            bounds.append((bound, choice))
    bounds.sort(reverse=True)
    best = None
    for bound, choice in bounds:
        if best is not None and bound < best[0]:
            break
        matcher.set_seq1(choice)
        ratio = matcher.ratio()
        if ratio >= CLOSE_CUTOFF and (best is None or (ratio, choice) > best):
            best = (ratio, choice)
    return best[1] if best else None


@functools.lru_cache(maxsize=1024)
def _iso_639(code: str) -> bool:
    """An ISO 639-1 (two letters) or 639-3 (three letters) language code."""
    key = {2: "alpha_2", 3: "alpha_3"}.get(len(code))
    return bool(key and code.islower() and pycountry.languages.get(**{key: code}))


def isbn_problem(value: str) -> str | None:
    """None for a valid ISBN-10/13, else what is wrong (Indonesian)."""
    digits = re.sub(r"[\s-]", "", value).upper()
    if len(digits) == 13 and digits.isdigit():
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
        check = (10 - total % 10) % 10
        return None if check == int(digits[12]) else f"angka periksa seharusnya {check}"
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
        check = (11 - total % 11) % 11
        expected = "X" if check == 10 else str(check)
        return None if digits[9] == expected else f"angka periksa seharusnya {expected}"
    return "harus 10 atau 13 angka"


def _problem(code: str, suggestion: str | None = None, at_key: bool = False, **params) -> ValidationError:
    error = ValidationError(code)
    error.portal = {"code": code, "params": params, "suggestion": suggestion, "at_key": at_key}
    return error


class _Checks:
    """Our ``x-`` keywords; one instance per run, holding the known ids."""

    def __init__(self, settings, content_root: Path, known: dict[str, dict[str, str]]):
        self.settings = settings
        self.content_root = content_root
        self.known = known
        self.unique: dict[str, dict[str, str]] = {}
        self.skip_unique = False
        self.current_file = ""

    def date(self, validator, enabled, instance, schema):
        try:
            to_datetime(instance, self.settings)
        except (ValueError, OverflowError, TypeError):
            yield _problem("date", value=instance)

    def url(self, validator, enabled, instance, schema):
        if isinstance(instance, str):
            parts = urlsplit(instance)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                yield _problem("url", value=instance)

    def isbn(self, validator, enabled, instance, schema):
        if isinstance(instance, str) and (detail := isbn_problem(instance)):
            yield _problem("isbn", value=instance, detail=detail)

    def language(self, validator, enabled, instance, schema):
        if isinstance(instance, str) and not _iso_639(instance):
            yield _problem("language", value=instance)

    def file(self, validator, base, instance, schema):
        if isinstance(instance, str) and not (self.content_root / instance.lstrip("/")).is_file():
            yield _problem("missing-file", value=instance)

    def is_known(self, kind, instance) -> bool:
        """``x-ref``'s test: not a known id of ``kind`` is an error (text only)."""
        return not isinstance(instance, str) or instance in self.known.get(kind, {})

    def ref(self, validator, kind, instance, schema):
        known = self.known.get(kind, {})
        if not self.is_known(kind, instance):
            name, expected = REF_KINDS[kind]
            yield _problem("unknown-ref", _closest(instance, known), kind=name, value=instance, expected=expected)

    def unique_id(self, validator, kind, instance, schema):
        if self.skip_unique:
            return
        seen = self.unique.setdefault(kind, {})
        if isinstance(instance, str):
            if instance in seen:
                yield _problem("duplicate-id", value=instance, other=seen[instance])
            else:
                seen[instance] = self.current_file

    def chronological(self, validator, pairs, instance, schema):
        for first, second in pairs:
            start, end = _get(instance, first), _get(instance, second)
            if start is None or end is None:
                continue
            try:
                if to_datetime(end, self.settings) < to_datetime(start, self.settings):
                    error = _problem("end-before-start", start_field=first, start=start, end=end)
                    error.path.extend(second.split("."))
                    yield error
            except (ValueError, OverflowError, TypeError):
                continue  # reported by the date check

    def not_above(self, validator, pairs, instance, schema):
        for lower, upper in pairs:
            low, high = _get(instance, lower), _get(instance, upper)
            if isinstance(low, int) and isinstance(high, int) and low > high:
                error = _problem("not-above", field=lower, value=low, limit_field=upper, limit=high)
                error.path.extend(lower.split("."))
                yield error

    def keywords(self) -> dict:
        return {
            "x-date": self.date, "x-url": self.url, "x-isbn": self.isbn, "x-language": self.language,
            "x-file": self.file, "x-ref": self.ref, "x-unique": self.unique_id,
            "x-chronological": self.chronological, "x-not-above": self.not_above,
        }

    def validator_class(self):
        return validators.extend(Draft202012Validator, self.keywords())


class _Unsupported(Exception):
    """A schema uses something the fast check does not decide: jsonschema checks it all."""


# Keywords the fast check decides as jsonschema does; any other keyword jsonschema acts on
# (anyOf, prefixItems, format…) makes the whole schema go through jsonschema.
FAST_KEYWORDS = {
    "$ref", "type", "enum", "const", "required", "properties", "additionalProperties", "items",
    "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
}
_TYPES = {  # a type and the values the fast check is sure of; others go to jsonschema
    "string": lambda x: isinstance(x, str),
    "integer": lambda x: type(x) is int,
    "number": lambda x: type(x) is int or type(x) is float,
    "boolean": lambda x: x is True or x is False,
    "array": lambda x: type(x) is list,
    "object": lambda x: type(x) is dict,
    "null": lambda x: x is None,
}


def _number_bound(limit, passes):
    """minimum and the like: applies to numbers only (not to true/false)."""
    def check(x):
        if type(x) is int or type(x) is float:
            return passes(x, limit)
        return isinstance(x, bool) or not isinstance(x, numbers.Number)
    return check


class _FastCheck:
    """A schema made into Python tests that say yes only where jsonschema finds no error.

    The records of a big catalogue are nearly all clean: a record this accepts
    needs no jsonschema run, and any other goes through jsonschema as before,
    which gives every message. It accepts a value only when sure: a type or
    value it does not know (a float for an integer, a number in an enum) is a
    no, and jsonschema decides. ``x-`` keywords run the same :class:`_Checks`
    methods; ``x-unique`` notes an id, kept only if the record is accepted.
    """

    def __init__(self, schemas: dict[str, dict], checks: "_Checks", keywords: dict):
        self.schemas = schemas
        self.checks = checks
        self.keywords = keywords  # every keyword jsonschema acts on, ours included
        self.compiled: dict[tuple[str, str], Any] = {}
        self.pending: list[tuple[str, str]] = []

    def accepts(self, name: str):
        """A function record → True when jsonschema would find no error, or None (unsupported)."""
        compiled = dict(self.compiled)
        try:
            test = self._ref(name, "")
        except _Unsupported:
            self.compiled = compiled  # nothing half made is kept
            return None
        unique = self.checks.unique
        pending = self.pending

        def accept(instance) -> bool:
            pending.clear()
            if not test(instance):
                return False
            for kind, value in pending:
                unique.setdefault(kind, {})[value] = self.checks.current_file
            return True
        return accept

    def _ref(self, document: str, pointer: str):
        key = (document, pointer)
        if key not in self.compiled:
            if document not in self.schemas or "~" in pointer or "%" in pointer:
                raise _Unsupported(f"{document}#{pointer}")
            node: Any = self.schemas[document]
            for part in [p for p in pointer.split("/") if p]:
                if not isinstance(node, dict) or part not in node:
                    raise _Unsupported(f"{document}#{pointer}")
                node = node[part]
            slot: list = []
            self.compiled[key] = lambda x: slot[0](x)  # a schema that refers to itself
            slot.append(self._compile(node, document, root=not pointer))
            self.compiled[key] = slot[0]
        return self.compiled[key]

    def _compile(self, schema: Any, document: str, root: bool = False):
        if schema is True:
            return lambda x: True
        if schema is False or not isinstance(schema, dict):
            return lambda x: False
        if any(k in schema for k in ("$anchor", "$dynamicAnchor")) or ("$id" in schema and not root):
            raise _Unsupported("$id")
        tests = []
        for keyword, value in schema.items():
            if keyword in FAST_KEYWORDS:
                tests.append(self._keyword(keyword, value, schema, document))
            elif keyword == "x-unique":
                tests.append(self._unique(value))
            elif keyword == "x-ref":  # the test without the suggestion, which looks at every id
                tests.append(lambda x, kind=value, is_known=self.checks.is_known: is_known(kind, x))
            elif keyword in self.keywords and keyword.startswith("x-"):
                tests.append(self._ours(self.keywords[keyword], value, schema))
            elif keyword in self.keywords:
                raise _Unsupported(keyword)
        tests = [t for t in tests if t is not None]
        if not tests:
            return lambda x: True
        if len(tests) == 1:
            return tests[0]

        def all_pass(x):
            for test in tests:
                if not test(x):
                    return False
            return True
        return all_pass

    def _ours(self, method, value, schema):
        def check(x):
            for _ in method(None, value, x, schema):
                return False
            return True
        return check

    def _unique(self, kind):
        checks, pending = self.checks, self.pending

        def check(x):
            if checks.skip_unique or not isinstance(x, str):
                return True
            if x in checks.unique.get(kind, {}) or (kind, x) in pending:
                return False
            pending.append((kind, x))
            return True
        return check

    def _keyword(self, keyword, value, schema, document):  # noqa: C901, PLR0911, PLR0912 - one branch a keyword
        if keyword == "$ref":
            if not isinstance(value, str):
                raise _Unsupported(keyword)
            target, _, pointer = value.partition("#")
            return self._ref(target.removesuffix(".json") if target else document, pointer)
        if keyword == "type":
            names = [value] if isinstance(value, str) else value
            if not isinstance(names, list) or any(n not in _TYPES for n in names):
                raise _Unsupported(keyword)
            tests = [_TYPES[n] for n in names]
            return tests[0] if len(tests) == 1 else (lambda x: any(t(x) for t in tests))
        if keyword in ("enum", "const"):
            allowed = frozenset(v for v in (value if keyword == "enum" else [value]) if isinstance(v, str))
            return lambda x: isinstance(x, str) and x in allowed
        if keyword == "required":
            names = list(value)
            return lambda x: type(x) is not dict or all(n in x for n in names)
        if keyword == "properties":
            pairs = [(name, self._compile(sub, document)) for name, sub in value.items()]

            def properties(x):
                if type(x) is dict:
                    for name, test in pairs:
                        if name in x and not test(x[name]):
                            return False
                return True
            return properties
        if keyword == "additionalProperties":
            if "patternProperties" in schema:
                raise _Unsupported("patternProperties")
            known = frozenset(schema.get("properties", {}))
            if value is False:
                return lambda x: type(x) is not dict or all(k in known for k in x)
            test = self._compile(value, document)
            return lambda x: type(x) is not dict or all(test(v) for k, v in x.items() if k not in known)
        if keyword == "items":
            if "prefixItems" in schema:
                raise _Unsupported("prefixItems")
            test = self._compile(value, document)
            return lambda x: type(x) is not list or all(test(item) for item in x)
        if keyword in ("minItems", "maxItems"):
            low = keyword == "minItems"
            return lambda x: type(x) is not list or (len(x) >= value if low else len(x) <= value)
        if keyword == "uniqueItems":
            if not value:
                return None
            return lambda x: type(x) is not list or (
                all(isinstance(i, str) for i in x) and len(set(x)) == len(x))
        if keyword in ("minLength", "maxLength"):
            low = keyword == "minLength"
            return lambda x: not isinstance(x, str) or (len(x) >= value if low else len(x) <= value)
        if keyword == "pattern":
            search = re.compile(value).search
            return lambda x: not isinstance(x, str) or search(x) is not None
        bounds = {"minimum": lambda x, v: x >= v, "maximum": lambda x, v: x <= v,
                  "exclusiveMinimum": lambda x, v: x > v, "exclusiveMaximum": lambda x, v: x < v}
        if type(value) is not int and type(value) is not float:
            raise _Unsupported(keyword)
        return _number_bound(value, bounds[keyword])


def _convert(error: ValidationError, doc: Document, file: str, base: tuple) -> list[EditorError]:
    """A jsonschema error as EditorErrors located in ``doc``."""
    path = base + tuple(error.absolute_path)
    portal = getattr(error, "portal", None)
    if portal:
        line, column = doc.position(path, key=portal["at_key"])
        return [EditorError(file, line, column, _dotted(path[len(base):]), portal["code"],
                            portal["params"], portal["suggestion"])]
    kind, rel = error.validator, path[len(base):]
    if kind == "required":
        name = re.match(r"'(.+)' is a required property", error.message).group(1)
        return [EditorError(file, *doc.position(path), _dotted(rel + (name,)), "required")]
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        return [
            EditorError(file, *doc.position(path + (extra,), key=True), _dotted(rel + (extra,)),
                        "unknown-key", {"allowed": ", ".join(allowed)}, _closest(extra, allowed))
            for extra in error.instance if extra not in allowed
        ]
    line, column = doc.position(path)
    field_name = _dotted(rel)
    value = error.instance
    if kind == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        actual = type(value).__name__ if value is not None else "kosong"
        names = [TYPE_NAMES.get(t, {"id": t, "en": t}) for t in expected]
        expected_text = {lang: (" atau " if lang == "id" else " or ").join(n[lang] for n in names) for lang in ("id", "en")}
        return [EditorError(file, line, column, field_name, "type", {"expected": expected_text, "actual": actual})]
    if kind == "enum":
        return [EditorError(file, line, column, field_name, "enum",
                            {"value": value, "allowed": ", ".join(map(str, error.validator_value))},
                            _closest(value, error.validator_value))]
    if kind == "pattern":
        expected = error.schema.get("description") or f"bentuk {error.validator_value}"
        return [EditorError(file, line, column, field_name, "pattern", {"value": value, "expected": expected})]
    if kind in ("minimum", "exclusiveMinimum"):
        return [EditorError(file, line, column, field_name, "too-small", {"value": value, "limit": error.validator_value})]
    if kind in ("maximum", "exclusiveMaximum"):
        return [EditorError(file, line, column, field_name, "too-large", {"value": value, "limit": error.validator_value})]
    if kind in ("minLength", "minItems"):
        return [EditorError(file, line, column, field_name, "empty-value")]
    if kind == "uniqueItems":
        return [EditorError(file, line, column, field_name, "duplicate-item")]
    return [EditorError(file, line, column, field_name, "yaml-syntax", {"detail": error.message})]


@dataclass
class _Data:
    """A data file to check (``doc``), or checked already: its ``x-unique`` kind and ids."""

    file: str
    schema: str
    doc: Document | None
    unique: str | None = None
    ids: list = field(default_factory=list)


class _Run:
    """One validation run over a project."""

    def __init__(self, settings):
        self.settings = settings
        self.options = plugin_settings(settings, "VALIDATION", DEFAULTS)
        self.content_root = Path(settings["PATH"])
        self.data_root = Path(settings["DATA_PATH"])
        self.display_root = self.content_root.parent
        self.schema_path = str(self.options["schema_path"] or schema_files.SCHEMA_PATH)
        self.schemas = load_schemas(self.schema_path)
        self.registry = Registry().with_resources(
            (name + ".json", Resource.from_contents(schema)) for name, schema in self.schemas.items()
        )
        self.sections = section_schemas(self.schemas)
        self.report = Report()
        self.known: dict[str, dict[str, str]] = {"book": {}, "partner": {}, "programme": {}}
        self.checks = _Checks(settings, self.content_root, self.known)
        validator_class = self.checks.validator_class()
        self.validators = {
            name: validator_class(schema, registry=self.registry) for name, schema in self.schemas.items()
        }
        fast = _FastCheck(self.schemas, self.checks, dict(validator_class.VALIDATORS))
        self.fast = {name: fast.accepts(name) for name in self.schemas}
        self.cache = self._cache() if self.options["cache"] else None

    def _cache(self) -> ContentCache:
        """Clean data files by content; the key covers the code, schemas and settings they depend on."""
        here = Path(__file__).resolve().parent
        common = here.parent / "common"
        version = source_version(
            "validation-data-1",
            self.settings.get("TIMEZONE"),
            pycountry.__version__ if hasattr(pycountry, "__version__") else "",
            files=[here / "validation.py", *(common / n for n in ("sources.py", "errors.py", "schemas.py", "dates.py")),
                   *Path(self.schema_path).glob("*.json")],
        )
        return ContentCache(Path(self.settings.get("CACHE_PATH", "cache")) / "validation", version, memory=True)

    def name(self, path: Path) -> str:
        try:
            return path.relative_to(self.display_root).as_posix()
        except ValueError:
            return path.as_posix()

    def error(self, *args, **kwargs) -> None:
        self.report.errors.append(EditorError(*args, **kwargs))

    # -- data files -----------------------------------------------------------
    def read_data(self, path: Path) -> tuple[str, Document | None]:
        file = self.name(path)
        text, errors = read_text(path, file)
        self.report.errors += errors
        if text is None:
            return file, None
        # A worker's items would be remembered for a next parse in a process that ends.
        doc, errors = parse_yaml(text, file, lazy=True, remember=not in_worker())
        self.report.errors += errors
        if doc is not None and not (isinstance(doc.value, list) and all(isinstance(r, dict) for r in doc.value)):
            self.error(file, *doc.start, "", "data-not-list")
            return file, None
        if doc is not None:
            hand_over(path, text, doc.value)
        return file, doc

    def data_files(self):
        folder = self.data_root / self.options["catalogue_folder"]
        for path in sorted(folder.glob("*.yaml")):
            yield path, "catalogue", "book"
        partners = self.data_root / self.options["partners_file"]
        if partners.exists():
            yield partners, "partner", "partner"

    def load_data(self) -> list["_Data"]:
        """Every data file: parsed, and checked here when its checks need no other file.

        Such files (catalogue, partners) are checked by :meth:`check_file`, on
        every core for a big catalogue, or come from the cache unchanged; their
        ids then go into the cross-file checks (references, unique ids) in file
        order, as a serial check would put them.
        """
        files = list(self.data_files())
        alone = [item for item in files if self.context_free(item[1])]
        size = sum(path.stat().st_size for path, _, _ in alone)
        workers = 1 if size < self.options["parallel_from_bytes"] else usable_cpus()
        # Files this process checked clean before (the preview) need no worker.
        remembered = {item: self.check_file(item, remembered_only=True) for item in alone}
        to_check = [item for item in alone if remembered[item] is None]
        checked = {item: result for item, result in remembered.items() if result is not None}
        if workers > 1 and len(to_check) > 1:
            _iso_639("id")  # pycountry reads its tables at first use: here once, not in every worker
        checked.update(zip(to_check, fork_map(self.check_file, to_check, workers)))
        if self.cache is not None:  # what a worker found clean, kept in this process too
            for item in to_check:
                result = checked[item]
                if result["value"] is not None and not result["errors"]:
                    self.cache.remember(result["key"], {"value": result["value"], "ids": result["ids"]})
                    self.remember_clean(item[1], result["value"])
        loaded = []
        for item in files:
            path, schema, kind = item
            result = checked.get(item)
            if result is not None:
                self.report.errors += result["errors"]
                if result["value"] is None:
                    continue
                hand_over(path, result["text"], result["value"])
                # The file's ids (its string ids in order, as its ``ids`` hold them): the
                # first file naming an id is the one known for it.
                ids = dict.fromkeys(map(_FIRST, result["ids"]), result["file"])
                known = self.known[kind]
                if known.keys().isdisjoint(ids):  # in C: 1,000 ids a file
                    known.update(ids)
                else:
                    for identifier, file in ids.items():
                        known.setdefault(identifier, file)
                loaded.append(_Data(result["file"], schema, None, result["unique"], result["ids"]))
                continue
            file, doc = self.read_data(path)
            if doc is None:
                continue
            for record in doc.value:
                if isinstance(record.get("id"), str):
                    self.known[kind].setdefault(record["id"], file)
            loaded.append(_Data(file, schema, doc))
        return loaded

    def remember_clean(self, schema: str, records: list) -> None:
        """Records of a clean file: an equal record in a changed file needs no schema check."""
        clean = _clean_records.setdefault((self.cache.version, schema), {})
        if len(clean) > 200_000:
            clean.clear()
        for record in records:
            if isinstance(record.get("id"), str):
                clean[record["id"]] = record

    def check_file(self, item, remembered_only: bool = False) -> dict[str, Any] | None:
        """Parse and check one data file whose checks need no other file (``x-unique`` aside).

        Returns its errors, records, and ids with positions for the ``x-unique``
        replay; a clean file is stored in the cache, and found there next time.
        ``remembered_only``: the result if this process found the file clean
        before (no disk read, no check), else None.
        """
        path, schema, _ = item
        file = self.name(path)
        unique = self.schemas[schema].get("properties", {}).get("id", {}).get("x-unique")
        # A file this process read before with the same size and modification time (as
        # the catalogue's own stamp) is not read and hashed again: 20 MB at 30,000 records.
        status = path.stat()
        version = self.cache.version if self.cache is not None else None
        stamp = (str(path), status.st_size, status.st_mtime_ns, status.st_ino, version)
        seen = _read_files.get(stamp[0])
        if version is not None and seen is not None and seen[0] == stamp:
            _, key, text = seen
            raw = None
        else:
            raw = path.read_bytes()
            key, text = (self.cache.key(file, raw) if self.cache is not None else None), None
        cached = None
        if key is not None:
            cached = self.cache.recall(key) if remembered_only else self.cache.get(key)
        if cached is not None:
            if text is None:
                text = raw.decode("utf-8")
                _read_files[stamp[0]] = (stamp, key, text)
            return {"file": file, "errors": [], "text": text, "value": cached["value"],
                    "unique": unique, "ids": cached["ids"], "key": key}
        if remembered_only:
            return None
        if raw is None:
            raw = path.read_bytes()
        with paused_collection():  # until the file's parsed nodes are gone (see parse_yaml)
            return self._check_file(path, schema, file, raw, unique, key)

    def _check_file(self, path: Path, schema: str, file: str, raw: bytes, unique, key) -> dict[str, Any]:
        start = len(self.report.errors)
        file, doc = self.read_data(path)
        ids = []
        if doc is not None:
            self.checks.skip_unique = True  # replayed from the ids, in file order
            clean = _clean_records.get((self.cache.version if self.cache else "", schema), {})
            try:
                for index, record in enumerate(doc.value):
                    if clean and isinstance(record, dict) and clean.get(record.get("id")) == record:
                        continue  # checked clean before in this process (the preview)
                    self.check_schema(file, schema, record, doc, base=(index,))
            finally:
                self.checks.skip_unique = False
            ids = [(r["id"], doc.value_position((i, "id"))) for i, r in enumerate(doc.value) if isinstance(r.get("id"), str)]
        errors = self.report.errors[start:]
        del self.report.errors[start:]
        if key is not None and doc is not None and not errors:
            self.cache.put(key, {"value": doc.value, "ids": ids})
        return {"file": file, "errors": errors, "text": raw.decode("utf-8", "replace"), "key": key,
                "value": doc.value if doc is not None else None, "unique": unique, "ids": ids}

    def check_data(self, data: "_Data") -> None:
        """Schema checks of a data file's records (or the ``x-unique`` replay of a checked one)."""
        if data.doc is None:
            self.replay_unique(data)
            return
        for index, record in enumerate(data.doc.value):
            self.check_schema(data.file, data.schema, record, data.doc, base=(index,))

    def context_free(self, schema_name: str) -> bool:
        """True when the schema's checks depend only on the file (and ``x-unique``, replayed).

        ``x-file`` and ``x-ref`` look at other files: a file under such a schema
        is checked every time.
        """
        seen: set[str] = set()

        def keywords(node, document):
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str) and ref not in seen:
                    seen.add(ref)
                    target_name, _, pointer = ref.partition("#")
                    base = self.schemas.get(target_name.removesuffix(".json"), {}) if target_name else document
                    target = base
                    for part in [p for p in pointer.split("/") if p]:
                        target = target.get(part, {}) if isinstance(target, dict) else {}
                    yield from keywords(target, base)
                for key, value in node.items():
                    yield key
                    yield from keywords(value, document)
            elif isinstance(node, list):
                for item in node:
                    yield from keywords(item, document)

        schema = self.schemas[schema_name]
        return not {"x-file", "x-ref"} & set(keywords(schema, schema))

    def replay_unique(self, data: "_Data") -> None:
        """The ``x-unique`` check of a checked file's ids, as the schema check would make it."""
        kind = data.unique
        if not kind:
            return
        seen = self.checks.unique.setdefault(kind, {})
        for value, (line, column) in data.ids:
            if value in seen:
                self.error(data.file, line, column, "id", "duplicate-id", {"value": value, "other": seen[value]})
            else:
                seen[value] = data.file

    # -- content files --------------------------------------------------------
    def content_files(self):
        """Markdown sources, each with its ``os.stat``; any other file outside the static
        folders is an error."""
        static = [self.content_root / p for p in self.settings.get("STATIC_PATHS", [])]
        for path in sorted(self.content_root.rglob("*")):
            try:
                status = path.stat()
            except OSError:
                continue
            if (not stat.S_ISREG(status.st_mode) or path.name.startswith(".")
                    or any(path.is_relative_to(f) for f in static)):
                continue
            if path.suffix.lower() in MARKDOWN_SUFFIXES:
                yield path, status
            else:
                self.error(self.name(path), 1, 1, "", "unsupported-file", {"value": path.suffix or path.name})

    def load_content(self) -> list[_Source]:
        """Each source read and its front matter parsed; a file found clean before in this
        process and not changed since is not read again (the preview's rebuilds)."""
        sources = []
        for path, status in self.content_files():
            file = self.name(path)
            relative = path.relative_to(self.content_root)
            section = relative.parts[0] if len(relative.parts) == 2 else None
            if section not in self.sections:
                self.error(file, 1, 1, "", "outside-section", {"sections": ", ".join(f"content/{s}/" for s in self.sections)},
                           _closest(relative.parts[0], self.sections) if len(relative.parts) > 1 else None)
                continue
            schema = self.sections[section]
            stamp = (status.st_size, status.st_mtime_ns, status.st_ino, file, schema)
            seen = _loaded_sources.get(str(path))
            if seen is not None and seen[0] == stamp and seen[1] is self.schemas:
                source, draft = seen[2], seen[3]
            else:
                start = len(self.report.errors)
                source, draft = self._load_source(path, file, schema)
                if source is not None and len(self.report.errors) == start:
                    if len(_loaded_sources) > 20_000:
                        _loaded_sources.clear()
                    _loaded_sources[str(path)] = (stamp, self.schemas, source, draft)
            if source is None:
                continue
            if draft:
                self.report.drafts.append(file)
            if schema == "programme":
                self.known["programme"].setdefault(str(source.doc.value.get("slug") or path.stem), file)
            sources.append(source)
        return sources

    def _load_source(self, path: Path, file: str, schema: str) -> tuple[_Source | None, bool]:
        """One source read, its front matter parsed and coerced; (None, False) if it cannot be."""
        text, errors = read_text(path, file)
        self.report.errors += errors
        if text is None:
            return None, False
        split, errors = split_markdown(text, file)
        self.report.errors += errors
        if split is None:
            return None, False
        if not split.yaml_header:
            coerce(split.doc.value, schema, self.schema_path)
        meta = split.doc.value
        self.check_control_characters(file, split.doc)
        draft = meta.get("status") == "draft"
        if not draft and PLACEHOLDER in text:
            before = text[: text.index(PLACEHOLDER)]
            self.error(file, before.count("\n") + 1, len(before) - before.rfind("\n"), "", "placeholder")
        return _Source(file, path, schema, split.doc, split.body, split.body_line), draft

    # -- checks ----------------------------------------------------------------
    def check_schema(self, file: str, schema_name: str, instance: Any, doc: Document, base=()):
        self.checks.current_file = file
        accepts = self.fast.get(schema_name)
        if accepts is not None and accepts(instance):
            return  # no error, as jsonschema would find (see _FastCheck)
        for error in self.validators[schema_name].iter_errors(instance):
            self.report.errors += _convert(error, doc, file, base)

    def check_control_characters(self, file: str, doc: Document) -> None:
        """Front matter text with a control character (a YAML escape such as ``"\\b"``):
        the feeds, which carry titles and summaries, cannot hold it (XML 1.0)."""

        def texts(value, path):
            if isinstance(value, str):
                yield path, value
            elif isinstance(value, dict):
                for key, item in value.items():
                    yield from texts(item, (*path, key))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    yield from texts(item, (*path, index))

        for path, text in texts(doc.value, ()):
            match = CONTROL_CHARACTER.search(text)
            if match:
                line, column = doc.value_position(path)
                self.error(file, line, column, ".".join(map(str, path)), "control-char",
                           {"value": f"U+{ord(match.group()):04X}"})

    def check_body(self, source: _Source) -> None:
        body = source.body
        if not any(pattern.search(body) for pattern in _BODY_PATTERNS):
            return  # nothing any line could match (no pattern is anchored to a line)
        in_code = False
        for number, line in enumerate(source.body.split("\n"), start=source.body_line):
            for match in CONTROL_CHARACTER.finditer(line):
                self.error(source.file, number, match.start() + 1, "isi", "control-char",
                           {"value": f"U+{ord(match.group()):04X}"})
            if line.lstrip().startswith(("```", "~~~")):
                in_code = not in_code
            if in_code:
                continue
            for pattern, label in UNSAFE_HTML:
                for match in pattern.finditer(line):
                    self.error(source.file, number, match.start() + 1, "isi", "unsafe-html", {"value": label})
            for match in INTERNAL_LINK.finditer(line):
                self.check_link(source, number, match.start() + 1, match.group(2))
            for match in MARKDOWN_IMAGE.finditer(line):
                alt, src = match.groups()
                if not alt.strip():
                    self.error(source.file, number, match.start() + 1, "isi", "image-alt", {"value": src})
                if not INTERNAL_LINK.match(src) and not urlsplit(src).scheme:
                    if not (self.content_root / src.lstrip("/")).is_file():
                        self.error(source.file, number, match.start(2) + 1, "isi", "missing-file", {"value": src})

    def check_link(self, source: _Source, line: int, column: int, target: str) -> None:
        base = self.content_root if target.startswith("/") else source.path.parent
        if (base / target.lstrip("/")).is_file():
            return
        choices = [p.relative_to(self.content_root).as_posix() for p in self.content_root.rglob("*") if p.is_file()]
        suggestion = _closest(target.lstrip("/"), choices)
        self.error(source.file, line, column, "isi", "broken-link", {"value": target},
                   f"{{filename}}/{suggestion}" if suggestion else None)

    def check_urls(self, sources: list[_Source]) -> None:
        taken = {f"{section}/": TAKEN_BY["section"] for section in self.sections if section != "pages"}
        taken.update({url: TAKEN_BY["generated"] for url in generated_urls(self.settings)})
        article_slugs: dict[tuple[str, str], str] = {}  # Pelican pairs articles by slug
        default_lang = self.settings.get("DEFAULT_LANG", "id")
        for source in sources:
            meta = source.doc.value
            slug, lang = _slug_and_lang(source, default_lang)
            section = source.path.parent.name
            url = f"{slug}/" if section == "pages" else f"{section}/{slug}/"
            if lang != default_lang:
                url += f"{lang}/"
            line, column = source.doc.position(("slug",), key=True) if "slug" in meta else source.doc.start
            if url in taken:
                self.error(source.file, line, column, "slug", "duplicate-url", {"url": url, "other": taken[url]})
                continue
            taken[url] = source.file
            if section != "pages":
                other = article_slugs.setdefault((slug, lang), source.file)
                if other != source.file:
                    self.error(source.file, line, column, "slug", "duplicate-slug", {"value": slug, "other": other})

    def check_translations(self, sources: list[_Source]) -> None:
        """Translations that take fields from their original (the schema's ``x-from-original``).

        A translation (``lang`` other than the site's) with a published original of
        the same slug in the same section, as Pelican pairs them, may leave those
        fields out: it shows the original's, so its missing required ones are not
        errors. One it gives that ``x-same-as-original`` names (an event's times)
        must equal the original's: one event, one time, in every language.
        """
        default_lang = self.settings.get("DEFAULT_LANG", "id")
        originals: dict[tuple[str, str], _Source] = {}
        for source in sources:
            slug, lang = _slug_and_lang(source, default_lang)
            if lang == default_lang and source.doc.value.get("status") != "draft":
                originals.setdefault((source.path.parent.name, slug), source)
        inherited: set[tuple[str, str]] = set()  # (file, field) taken from the original
        for source in sources:
            schema = self.schemas[source.schema]
            slug, lang = _slug_and_lang(source, default_lang)
            original = originals.get((source.path.parent.name, slug))
            if lang == default_lang or original is None or "x-from-original" not in schema:
                continue
            meta, original_meta = source.doc.value, original.doc.value
            inherited.update((source.file, name) for name in schema["x-from-original"] if name not in meta)
            for name in schema.get("x-same-as-original", ()):
                if name in meta and (name not in original_meta
                                     or not _same_value(meta[name], original_meta[name], self.settings)):
                    line, column = source.doc.position((name,))
                    self.error(source.file, line, column, name, "differs-from-original",
                               {"value": meta[name], "other": original.file, "actual": original_meta.get(name, "—")})
        if inherited:
            self.report.errors = [error for error in self.report.errors
                                  if not (error.code == "required" and (error.file, error.field) in inherited)]

    def run(self) -> Report:
        for data in self.load_data():
            self.check_data(data)
        sources = self.load_content()
        for source in sources:
            self.check_schema(source.file, source.schema, source.doc.value, source.doc)
            self.check_body(source)
        self.check_urls(sources)
        self.check_translations(sources)
        self.report.errors.sort(key=EditorError.sort_key)
        return self.report


# (cache version, schema) -> id -> a record found clean in this process: a changed data file
# of 1,000 records gets its one changed record checked, not all (the preview's rebuilds).
_clean_records: dict[tuple[str, str], dict[str, Any]] = {}
_FIRST = operator.itemgetter(0)
# Data files read and found in the cache by this process: path -> (stat stamp, cache key, text).
_read_files: dict[str, tuple[tuple, str, str]] = {}
# Content files found clean by this process: path -> (stat stamp, the schemas then, source, draft).
_loaded_sources: dict[str, tuple[tuple, Any, _Source, bool]] = {}


def validate_project(settings) -> Report:
    """Every editor error in the project's content and data, sorted by file."""
    return _Run(settings).run()


def validate_on_init(pelican) -> None:
    report = validate_project(pelican.settings)
    pelican.portal_drafts = report.drafts
    if report.errors:
        lang = plugin_settings(pelican.settings, "VALIDATION", DEFAULTS)["lang"]
        raise ValidationFailed(report.errors, lang)


def coerce_content(content) -> None:
    """Give templates the same values the check saw (lists from ``Key: a, b`` headers)."""
    section = getattr(getattr(content, "category", None), "slug", None) if hasattr(content, "category") else "pages"
    schema = section_schemas(load_schemas()).get(section)
    if schema:
        for key, value in coerce(dict(content.metadata), schema).items():
            content.metadata[key] = value
            setattr(content, key, value)


def register():
    signals.initialized.connect(validate_on_init)
    signals.content_object_init.connect(coerce_content)


def main(argv: list[str] | None = None) -> int:
    """``python -m plugins.validation [SETTINGS] [--lang en]``: check without rendering."""
    import argparse
    import sys

    from plugins.common.build import DEFAULT_SETTINGS, load_settings
    from plugins.common.errors import DRAFT_NOTE, SUMMARY

    parser = argparse.ArgumentParser(description="Periksa isi dan data tanpa membangun situs.")
    parser.add_argument("settings", nargs="?", default=str(DEFAULT_SETTINGS))
    parser.add_argument("--lang", choices=["id", "en"])
    args = parser.parse_args(argv)
    settings = load_settings(args.settings)
    lang = args.lang or plugin_settings(settings, "VALIDATION", DEFAULTS)["lang"]
    report = validate_project(settings)
    for error in report.errors:
        sys.stderr.write(error.format(lang) + "\n")
    for draft in report.drafts:
        sys.stdout.write(f"{DRAFT_NOTE[lang]}: {draft}\n")
    sys.stdout.write(SUMMARY[lang].format(errors=len(report.errors), drafts=len(report.drafts)) + "\n")
    return 1 if report.errors else 0
