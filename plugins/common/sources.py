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
_RESOLVED: dict[str, str] = {}  # a plain scalar's text -> its tag (see _Loader.resolve)
_RESOLVED_LENGTH, _RESOLVED_ENTRIES = 48, 200_000


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader (libyaml when present) that keeps an impossible date as text to report.

    It notes whether a mapping repeats a key (as :func:`_walk` compares keys), so
    that a file without one can leave its positions for later.
    """

    repeated_key = False

    def resolve(self, kind, value, implicit):
        # libyaml asks for the tag of every node it composes (a million at 30,000
        # records), and PyYAML tries its regular expressions on each plain scalar.
        # Without path resolvers (the safe loader has none), a plain scalar's tag
        # depends on its text alone and a quoted one's is text: short plain texts
        # (keys, numbers, names, codes met again) are resolved once per process.
        if kind is ScalarNode and not self.yaml_path_resolvers:
            if not implicit[0]:
                return self.DEFAULT_SCALAR_TAG
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= _RESOLVED_LENGTH and len(_RESOLVED) < _RESOLVED_ENTRIES:
                    _RESOLVED[value] = tag
            return tag
        return super().resolve(kind, value, implicit)

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
    A document put together from remembered items keeps only its text until
    then, and each item's own positions for :meth:`value_position`.
    """

    def __init__(self, value: Any = None, keys=None, values=None, start: tuple[int, int] = (1, 1)):
        self.value = value
        self._keys: dict[Path_, tuple[int, int]] | None = {} if keys is None else keys
        self._values: dict[Path_, tuple[int, int]] | None = {} if values is None else values
        self.start = start
        self._node: Node | None = None  # parsed, tables not yet worked out
        self._offset = 0
        self._text: str | None = None  # not yet parsed as a whole, tables not yet worked out
        self._items: list[tuple[int, Any, dict]] | None = None  # see _defer_text

    def _defer(self, node: Node, offset: int) -> None:
        self._node, self._offset, self._keys, self._values = node, offset, None, None

    def _defer_text(self, text: str, offset: int, items: list[tuple[int, Any, dict]]) -> None:
        """Tables from a parse of ``text`` when first needed.

        ``items``: each item's (line shift, start mark, {text key: its value's start mark}).
        """
        self._text, self._items, self._offset, self._keys, self._values = text, items, offset, None, None

    def _tables(self) -> None:
        if self._text is not None:  # the same parse as the file's whole-file one (its items parsed clean)
            loader = _Loader(self._text)
            try:
                with paused_collection():
                    self._node = loader.get_single_node()
            finally:
                loader.dispose()
            self._text = self._items = None
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
        return {**self.__dict__, "_node": None, "_text": None, "_items": None}

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
        if self._items is not None:  # an item, or a key of an item mapping (a record's ``id``)
            part = path[0] if path else None
            if isinstance(part, int) and 0 <= part < len(self._items):
                shift, mark, keys = self._items[part]
                mark = mark if len(path) == 1 else keys.get(path[1]) if len(path) == 2 else None
                if mark is not None:
                    return (mark.line + shift + 1 + self._offset, mark.column + 1)
            return self.position(path)
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


def parse_yaml(
    text: str, file: str, offset: int = 0, lazy: bool = False, remember: bool = True
) -> tuple[Document | None, list[EditorError]]:
    """Parse YAML text; ``offset`` is the number of lines before it in the file.

    ``lazy``: the document's positions are worked out when first asked for
    (a data file's check asks only when a record has an error); a repeated key
    is reported all the same. A lazy parse of a file parsed before in this
    process parses only the items that changed (see :func:`_items`); with
    ``remember`` off (a process that ends after this parse), its items are not
    remembered for a next one.
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
        return _parse_yaml(text, file, offset, lazy, remember, errors)


def _parse_yaml(
    text: str, file: str, offset: int, lazy: bool, remember: bool, errors: list
) -> tuple[Document | None, list[EditorError]]:
    items = _items(text) if lazy else None
    if items is not None:
        doc = _from_items(text, file, offset, *items)
        if doc is not None:
            return doc, errors
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        doc = Document(start=(1 + offset, 1))
        if node is not None:
            doc.value = loader.construct_document(node)
            if lazy and not loader.repeated_key:
                doc._defer(node, offset)
                if items is not None and remember:
                    _remember_items(file, *items, node, doc.value)
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


# A big data file edited in the preview differs from its last parse in a record
# or two: its items (a top-level block sequence, each from a ``- `` line at
# column 0) are parsed alone and remembered, so that a re-parse parses only the
# changed ones. Anything else (directives, documents, anchors, aliases, merge
# keys, odd line breaks, text at column 0) is parsed as a whole; so is an item
# with an error or a repeated key, which the whole-file parse then reports.
_OTHER_LINE = re.compile(r"\n(?:[^\s#-]|-(?! ))")  # after the first line: not an item, comment or blank line
_ANCHOR_OR_ALIAS = re.compile(r"(?<![^\s\[\]{},:?])[&*]\S")  # or a plain scalar's "&x", "*x*"
_Entry = tuple  # an item's (pickled value, first line, its start mark, {text key: its value's start mark})
_chunk_memo: dict[str, dict[str, _Entry]] = {}  # file -> {item text: entry} for the file's latest text


def _items(text: str) -> tuple[list[str], list[int]] | None:
    """A plain top-level block sequence's item texts and first lines (from 0), else None.

    The first item's text starts with the blank lines and comments before it.
    """
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None
    if "<<" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
        return None
    if _OTHER_LINE.search(text) or (("&" in text or "*" in text) and _ANCHOR_OR_ALIAS.search(text)):
        return None
    parts = text.split("\n- ")
    if not text.startswith("- "):  # blank lines and comments, then the first item
        prefix = parts[0]
        if len(parts) < 2 or any(line.strip() and not line.lstrip().startswith("#") for line in prefix.splitlines()):
            return None
        parts[:2] = [f"{prefix}\n- {parts[1]}"]
    chunks = [f"{parts[0]}\n", *(f"- {part}\n" for part in parts[1:])]
    chunks[-1] = chunks[-1][:-1]
    lines, line = [], 0
    for chunk in chunks:
        lines.append(line)
        line += chunk.count("\n")
    return chunks, lines


def _positions(item: Node) -> tuple:
    """An item's start mark and those of its text keys' values (the last of equal keys)."""
    if item.__class__ is MappingNode:
        return item.start_mark, {key.value: value.start_mark for key, value in item.value if key.__class__ is ScalarNode}
    return item.start_mark, {}


def _parse_item(chunk: str) -> _Entry | None:
    """One item's memo entry from its text alone; None for an error or a repeated key."""
    loader = _Loader(chunk)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node)
    except Exception:  # noqa: BLE001 - reported (or raised) by the whole-file parse
        return None
    finally:
        loader.dispose()
    if loader.repeated_key or not isinstance(node, SequenceNode) or len(node.value) != 1:
        return None
    return (pickle.dumps(value[0], pickle.HIGHEST_PROTOCOL), 0, *_positions(node.value[0]))


def _remember(file: str, chunks: list[str], entries: list[_Entry]) -> None:
    if file not in _chunk_memo and len(_chunk_memo) >= 200:
        _chunk_memo.clear()
    _chunk_memo[file] = dict(zip(chunks, entries))


def _remember_items(file: str, chunks: list[str], lines: list[int], node: Node, value: list) -> None:
    """A whole-file parse's items, for the next parse of the file: item i comes from chunk i."""
    if not (isinstance(node, SequenceNode) and len(node.value) == len(chunks) == len(value)):
        return
    dumps, protocol = pickle.dumps, pickle.HIGHEST_PROTOCOL
    _remember(file, chunks, [(dumps(item_value, protocol), line, *_positions(item))
                             for item_value, item, line in zip(value, node.value, lines)])


def _from_items(text: str, file: str, offset: int, chunks: list[str], lines: list[int]) -> Document | None:
    """The document from remembered items and the changed ones parsed alone; None: parse it whole.

    A file mostly new to the memo is quicker to parse whole (then remembered).
    """
    memo = _chunk_memo.get(file, {})
    new = {chunk for chunk in chunks if chunk not in memo}
    if 2 * len(new) > len(chunks):
        return None
    fresh = {}
    for chunk in new:
        entry = _parse_item(chunk)
        if entry is None:
            return None
        fresh[chunk] = entry
    entries = [fresh[chunk] if chunk in fresh else memo[chunk] for chunk in chunks]
    _remember(file, chunks, entries)
    loads = pickle.loads
    doc = Document(value=[loads(entry[0]) for entry in entries], start=(1 + offset, 1))  # noqa: S301 - our own
    doc._defer_text(text, offset, [(line - entry[1], entry[2], entry[3]) for line, entry in zip(lines, entries)])
    return doc


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
