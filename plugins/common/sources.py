"""Reading editors' files with positions: YAML data, Markdown front matter.

Every value keeps the line and column it came from, so an error can point at
it. Nothing here raises on bad input: problems come back as EditorErrors.
"""

import gc
import pickle
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from plugins.common.errors import EditorError

Path_ = tuple  # a path into a document: ("venue", "name"), ("partners", 1)


_STR = "tag:yaml.org,2002:str"
_PLAIN_SCALARS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null"))


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader (libyaml when present) that keeps an impossible date as text to report.

    It notes whether a mapping repeats a key (as :func:`_walk` compares keys), so
    that a file without one can leave its positions for later.
    """

    repeated_key = False

    def construct_object(self, node, deep=False):
        # Plain text, numbers, true/false and null straight from their constructor:
        # PyYAML's bookkeeping (aliases, recursion) is for collections.
        if node.__class__ is ScalarNode and node.tag in _PLAIN_SCALARS:
            return self.yaml_constructors[node.tag](self, node)
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node, deep=False):
        pairs = node.value
        if node.__class__ is MappingNode and all(k.__class__ is ScalarNode and k.tag == _STR for k, _ in pairs):
            # Text keys only (no ``<<`` merge): what PyYAML builds, without its per-key checks.
            construct = self.construct_object
            mapping = {key.value: construct(value, deep=deep) for key, value in pairs}
            if len(mapping) != len(pairs):
                self.repeated_key = True
            return mapping
        mapping = super().construct_mapping(node, deep=deep)
        pairs = node.value  # merged (``<<``) keys included, as _walk sees them
        if len(pairs) > 1 and not self.repeated_key:
            names = {key.value if isinstance(key.value, str) else str(key.value) for key, _ in pairs}
            self.repeated_key = len(names) != len(pairs)
        return mapping


def _timestamp(loader, node):
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class Document:
    """A parsed YAML document: its value and where each part of it stands.

    ``keys`` and ``values`` map a path to the line and column of its key and
    value. A data file's tables (hundreds of thousands of entries in a big
    catalogue) are worked out from the parsed nodes when first needed, which
    a clean file's check never does (see :func:`parse_yaml`'s ``lazy``).
    """

    def __init__(self, value: Any = None, keys=None, values=None, start: tuple[int, int] = (1, 1)):
        self.value = value
        self._keys: dict[Path_, tuple[int, int]] | None = {} if keys is None else keys
        self._values: dict[Path_, tuple[int, int]] | None = {} if values is None else values
        self.start = start
        self._node: Node | None = None  # parsed, tables not yet worked out
        self._offset = 0

    def _defer(self, node: Node, offset: int) -> None:
        self._node, self._offset, self._keys, self._values = node, offset, None, None

    def _tables(self) -> None:
        if self._node is not None:
            self._keys, self._values = {}, {}
            _walk(self._node, (), self, self._offset, [], "")
            self._node = None

    @property
    def keys(self) -> dict[Path_, tuple[int, int]]:
        self._tables()
        return self._keys

    @property
    def values(self) -> dict[Path_, tuple[int, int]]:
        self._tables()
        return self._values

    def __getstate__(self):
        self._tables()
        return {**self.__dict__, "_node": None}

    def __eq__(self, other):
        if not isinstance(other, Document):
            return NotImplemented
        return (self.value, self.keys, self.values, self.start) == (other.value, other.keys, other.values, other.start)

    def __repr__(self):
        return f"Document(value={self.value!r}, start={self.start!r})"

    def position(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Where ``path`` stands (its key when ``key``), else its nearest parent."""
        keys, values = self.keys, self.values
        for depth in range(len(path), -1, -1):
            prefix = tuple(path[:depth])
            table = keys if key and depth == len(path) else values
            if prefix in table:
                return table[prefix]
            if prefix in keys:
                return keys[prefix]
        return self.start

    def value_position(self, path: Path_) -> tuple[int, int]:
        """``position(path)``, found along ``path`` alone while the tables are not worked out."""
        node = self._node
        if node is None:
            return self.position(path)
        for part in path:
            found = None
            if isinstance(node, MappingNode) and isinstance(part, str):
                for key_node, value_node in node.value:  # the last of equal keys, as in the tables
                    if (key_node.value if isinstance(key_node.value, str) else str(key_node.value)) == part:
                        found = value_node
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                found = node.value[part]
            if found is None:
                return self.position(path)
            node = found
        return (node.start_mark.line + 1 + self._offset, node.start_mark.column + 1)


def _walk(node: Node, path: Path_, doc: Document, offset: int, errors, file: str):
    doc._values[path] = (node.start_mark.line + 1 + offset, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node.value, str) else str(key_node.value)
            position = (key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1)
            if key in seen:
                errors.append(EditorError(file, *position, ".".join(map(str, path + (key,))), "yaml-duplicate-key"))
            seen.add(key)
            doc._keys[path + (key,)] = position
            _walk(value_node, path + (key,), doc, offset, errors, file)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), doc, offset, errors, file)


def _yaml_error(error: yaml.YAMLError, file: str, offset: int, text: str) -> EditorError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
    if isinstance(error, yaml.reader.ReaderError):  # a control character
        before = text[: error.position]
        line, column = before.count("\n") + 1 + offset, error.position - before.rfind("\n")
        return EditorError(file, line, column, "", "yaml-syntax",
                           {"detail": {"id": f"karakter kendali U+{error.character:04X}",
                                       "en": f"control character U+{error.character:04X}"}})
    problem = str(getattr(error, "problem", "") or error)
    context = str(getattr(error, "context", "") or "")
    if "'\\t'" in problem or "\t" in problem:
        code, params = "yaml-tab", {}
    elif "quoted scalar" in context:
        code, params = "yaml-unclosed-quote", {}
        context_mark = getattr(error, "context_mark", None)
        if context_mark:
            line, column = context_mark.line + 1 + offset, context_mark.column + 1
    else:
        code, params = "yaml-syntax", {"detail": problem}
    return EditorError(file, line, column, "", code, params)


@contextmanager
def paused_collection():
    """No cyclic garbage collection inside (restored after, nested or not).

    Parsing a big YAML file makes millions of short-lived objects (nodes,
    marks) and no cycles: each collection on the way would walk them all.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def parse_yaml(text: str, file: str, offset: int = 0, lazy: bool = False) -> tuple[Document | None, list[EditorError]]:
    """Parse YAML text; ``offset`` is the number of lines before it in the file.

    ``lazy``: the document's positions are worked out when first asked for
    (a data file's check asks only when a record has an error); a repeated key
    is reported all the same.
    """
    errors: list[EditorError] = []
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), start=1):
            leading = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in leading:
                errors.append(EditorError(file, number + offset, leading.index("\t") + 1, "", "yaml-tab"))
        if errors:
            return None, errors
    with paused_collection():
        return _parse_yaml(text, file, offset, lazy, errors)


def _parse_yaml(text: str, file: str, offset: int, lazy: bool, errors: list) -> tuple[Document | None, list[EditorError]]:
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        doc = Document(start=(1 + offset, 1))
        if node is not None:
            doc.value = loader.construct_document(node)
            if lazy and not loader.repeated_key:
                doc._defer(node, offset)
            else:
                _walk(node, (), doc, offset, errors, file)
    except yaml.YAMLError as error:
        return None, [_yaml_error(error, file, offset, text)]
    except (ValueError, TypeError, OverflowError) as error:
        return None, [EditorError(file, 1 + offset, 1, "", "yaml-syntax", {"detail": str(error)})]
    finally:
        if loader is not None:
            loader.dispose()
    return doc, errors


FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)\s*$", re.MULTILINE)
PELICAN_HEADER = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*):\s*(.*)$")


@dataclass
class MarkdownSource:
    """A Markdown file split into front matter (with positions) and body."""

    doc: Document
    body: str
    body_line: int  # line number of the body's first line
    yaml_header: bool


_split_memo: dict[tuple, bytes] = {}  # (file, text, list_fields) -> pickled result


def split_markdown(text: str, file: str, list_fields=frozenset()) -> tuple[MarkdownSource | None, list[EditorError]]:
    """Front matter as YAML (``---`` block) or Pelican ``Key: value`` headers.

    Parsing with positions is the check's slowest step on a big site; a process
    that checks the same text again (the preview, after every save) gets a fresh
    copy of the earlier result instead.
    """
    key = (file, text, frozenset(list_fields))
    found = _split_memo.get(key)
    if found is not None:
        return pickle.loads(found)  # noqa: S301 - our own pickled result
    result = _split_markdown(text, file, list_fields)
    if len(_split_memo) > 20000:
        _split_memo.clear()
    _split_memo[key] = pickle.dumps(result)
    return result


def _split_markdown(text: str, file: str, list_fields) -> tuple[MarkdownSource | None, list[EditorError]]:
    stripped = text.lstrip("\ufeff")
    if stripped.startswith("---"):
        first_newline = stripped.find("\n")
        match = FRONT_MATTER_END.search(stripped, first_newline + 1) if first_newline >= 0 else None
        if match is None:
            return None, [EditorError(file, 1, 1, "", "front-matter-unclosed")]
        header = stripped[first_newline + 1 : match.start()]
        doc, errors = parse_yaml(header, file, offset=1)
        if doc is None:
            return None, errors
        if doc.value is None:
            doc.value = {}
        if not isinstance(doc.value, dict):
            return None, [EditorError(file, 2, 1, "", "front-matter-not-mapping")]
        body_line = stripped.count("\n", 0, match.end()) + 2
        return MarkdownSource(doc, stripped[match.end() + 1 :], body_line, True), errors
    return _pelican_headers(stripped, list_fields), []


def _pelican_headers(text: str, list_fields) -> MarkdownSource:
    """Pelican's own ``Key: value`` header lines, until the first blank line."""
    doc = Document(value={})
    lines = text.splitlines()
    number = 0
    for number, line in enumerate(lines, start=1):
        match = PELICAN_HEADER.match(line)
        if not line.strip() or not match:
            break
        key, value = match.group(1).lower(), match.group(2).strip()
        if key in list_fields:
            value = [part.strip() for part in value.split(",") if part.strip()]
        doc.value[key] = value
        doc.keys[(key,)] = (number, 1)
        doc.values[(key,)] = (number, len(match.group(1)) + 3)
    else:
        number += 1
    body = "\n".join(lines[number - 1 :]) if lines else ""
    return MarkdownSource(doc, body, number, False)


def read_text(path: Path, file: str) -> tuple[str | None, list[EditorError]]:
    """Read UTF-8 text; an error locates the first bad byte or reports emptiness."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return None, [EditorError(file, line, column, "", "not-utf8")]
    if not text.strip():
        return None, [EditorError(file, 1, 1, "", "empty-file")]
    return text, []
