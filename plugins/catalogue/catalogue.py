"""catalogue: a page per record in data/katalog/*.yaml, and browse lists over them.

Records are plain dicts from YAML; the generator adds ``page_url`` and
``save_as`` (``katalog/<id>/``), links to the browse pages of the record's
subjects, authors, formats (``accessible_links``: those of accessible formats)
and language, and its cover image if one exists
(``content/images/sampul/<id>.jpg``, ``.png`` or ``.webp``; read with Pillow
for width and height, left out when Pillow is not installed).

The records are grouped once per build (dicts of lists, in title order) into
browse pages, each list paginated by Pelican's writer (``…/hal/2/``):

- ``katalog/`` — every title A–Z, with links to the indexes below;
- ``katalog/subjek/``, ``katalog/pengarang/`` — indexes A–Z with counts, and
  ``…/<slug>/`` per subject or author (two labels with one slug are merged
  under the first label seen, in title order);
- ``katalog/format/`` — formats with counts, accessible formats first, and
  ``katalog/format/<slug>/`` (Indonesian slugs: ``cetak``, ``e-book``…);
- ``katalog/bahasa/`` and ``katalog/bahasa/<code>/`` (ISO 639 code, named in
  the site's language where the plugin knows the name, else in English by
  pycountry); format and language names are translated to the site's language
  once per build (plugins/i18n);
- ``katalog/lokal/`` — local content;
- ``katalog/judul/`` and ``katalog/judul/<letter>/`` (``0-9`` for titles
  starting with a digit or another symbol).

The context gets ``catalogue`` (sorted by title), ``catalogue_count``,
``catalogue_by_id`` (a :class:`~plugins.common.incremental.TrackedIndex`) and the
groups: ``catalogue_subjects``, ``catalogue_authors``, ``catalogue_formats``,
``catalogue_languages``, ``catalogue_letters`` (lists of :class:`Group`),
``catalogue_letter_links`` (the letters as :class:`Link` s, without counts),
``catalogue_local`` (records) and ``catalogue_browse`` (index URLs by kind).
Each record page lists the reviews (articles with ``book: <id>``) of its book,
from ``catalogue_reviews`` (a TrackedIndex by record id, made when the pages are
written).
List pages print ``{{ catalogue_entries(records) }}``, which renders each
record's list entry once per build (see :func:`catalogue_entries`).
"""

import bisect
import itertools
import logging
import operator
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter, is_, is_not, itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import blinker
import pycountry
from jinja2 import pass_context
from markupsafe import Markup, escape
from pelican import signals
from pelican.generators import Generator

from plugins.common.data import data_path, load_records
from plugins.common import incremental
from plugins.common.incremental import TrackedIndex
from plugins.common.parallel import Job, JobSet, worker_count, write_all
from plugins.common.settings import plugin_settings
from plugins.common.text import slug as site_slug
from plugins.common.text import sort_key, sort_text
from plugins.i18n.i18n import N_, page_lang, schema_labels, translate

try:  # optional: without Pillow a cover's size is unknown, so it is left out
    from PIL import Image
except ImportError:  # pragma: no cover - depends on the environment
    Image = None

logger = logging.getLogger(__name__)

BROWSE_KINDS = ("subject", "author", "format", "language", "title")
OTHER_LETTER = "0-9"
_SAVE_AS, _ID = itemgetter("save_as"), itemgetter("id")
_URL, _RECORDS = attrgetter("url"), attrgetter("records")

DEFAULTS = {
    "folder": "katalog",
    "url": "katalog/{id}/",
    "save_as": "katalog/{id}/index.html",
    "list_save_as": "katalog/index.html",
    "list_url": "katalog/",
    "review_category": "ulasan",
    # Browse indexes; each entry's page is <index URL><slug>/.
    "subject_url": "katalog/subjek/",
    "author_url": "katalog/pengarang/",
    "format_url": "katalog/format/",
    "language_url": "katalog/bahasa/",
    "title_url": "katalog/judul/",
    "local_url": "katalog/lokal/",
    # Format value (schema) -> URL slug; a format the schema gains later without one here
    # gets the slug of its label ("Buku DAISY" -> buku-daisy).
    "format_slugs": {
        "print": "cetak",
        "ebook": "e-book",
        "audio": "audio",
        "braille": "braille",
        "large-print": "cetak-besar",
    },
    # Listed first and marked, in this order.
    "accessible_formats": ["braille", "audio", "large-print"],
    # ISO 639 code (ISO 639-1 where one exists) -> Indonesian name, translated to
    # the site's language by the interface catalogue (N_ marks it for ./dev i18n);
    # pycountry's English name is the fallback for any other code.
    "language_names": {
        "id": N_("Bahasa Indonesia"),
        "en": N_("Bahasa Inggris"),
        "ms": N_("Bahasa Melayu"),
        "mui": N_("Bahasa Palembang (Musi)"),
        "jv": N_("Bahasa Jawa"),
        "su": N_("Bahasa Sunda"),
        "min": N_("Bahasa Minangkabau"),
        "ar": N_("Bahasa Arab"),
        "zh": N_("Bahasa Tionghoa"),
        "ja": N_("Bahasa Jepang"),
        "ko": N_("Bahasa Korea"),
        "nl": N_("Bahasa Belanda"),
        "de": N_("Bahasa Jerman"),
        "fr": N_("Bahasa Prancis"),
        "es": N_("Bahasa Spanyol"),
    },
    # Covers: content/<cover_folder>/<id><extension>, first extension found wins.
    "cover_folder": "images/sampul",
    "cover_extensions": [".jpg", ".png", ".webp"],
    # Pages are rendered by this many processes (None: one per usable CPU),
    # forked once the catalogue is grouped, when there are at least
    # parallel_from of them (plugins/common/parallel.py); output is the same.
    "workers": None,
    "parallel_from": 1000,
    # A browse list of at least this many titles is split by the first letter of its
    # titles: its page lists the letters with their counts, and each letter has its own
    # paginated list (<group URL><letter>/). A title added or removed then shifts the
    # pages of its letter only, not of the rest of the list (and a reader jumps to a
    # letter instead of paging through hundreds of pages). The whole catalogue's list
    # (list_url) shows the A–Z index instead, whose letters are its sections already.
    "sections_from": 500,
}


class Link(NamedTuple):
    """A record's link to one of its browse pages."""

    label: str
    url: str
    accessible: bool = False


@dataclass
class Group:
    """One browse page: a subject, author, format, language, letter or local content."""

    kind: str
    key: str
    label: str
    url: str
    records: list[dict[str, Any]] = field(default_factory=list)
    accessible: bool = False

    @property
    def save_as(self) -> str:
        return f"{self.url}index.html"

    def incremental_fingerprint(self) -> tuple:
        """What a page showing this group (the letter navigation on every title page, an
        index entry with its count) depends on: not its records, which templates list
        only through the paginated ``records_page`` (plugins/common/incremental)."""
        return (self.kind, self.key, self.label, self.url, self.accessible, len(self.records))

    @property
    def count(self) -> int:
        return len(self.records)


class Section(NamedTuple):
    """One letter of a browse group split by first letter (``sections_from``).

    Its pages show the group's name and the links to every letter of the group
    (``letters``), never the group's count: a title added to another letter changes
    the group's count, and would change every page of every letter.
    """

    kind: str
    key: str
    label: str  # the group's
    group_url: str
    accessible: bool
    letter: str  # "a"…"z", or OTHER_LETTER
    letter_label: str  # "A"…"Z", "0–9"
    url: str
    letters: tuple[Link, ...]


class Cover(NamedTuple):
    url: str
    width: int
    height: int


def title_letter(title: str) -> str:
    """``a``…``z`` for the A–Z title list, ``0-9`` for a digit or any other symbol."""
    first = sort_text(title)[:1]
    return first if "a" <= first <= "z" else OTHER_LETTER


def letter_label(letter: str) -> str:
    """How a letter of :func:`title_letter` is shown: ``A``…``Z``, ``0–9``."""
    return "0–9" if letter == OTHER_LETTER else letter.upper()


def language(code: str, names: Mapping[str, str]) -> tuple[str, str]:
    """(canonical code, name) of an ISO 639 code: ``ind`` and ``id`` are one language."""
    key = {2: "alpha_2", 3: "alpha_3"}.get(len(code))
    try:
        found = pycountry.languages.get(**{key: code}) if key else None
    except (KeyError, LookupError):
        found = None
    canonical = (getattr(found, "alpha_2", None) or found.alpha_3) if found else code
    name = names.get(canonical) or names.get(code) or (found.name if found else code)
    return canonical, name


def load_catalogue(settings, files: dict[str, list[str]] | None = None):
    """All records of the catalogue folder, sorted by title (validated before).

    ``files``, when given, receives each data file's name with its records' ids.
    """
    options = plugin_settings(settings, "CATALOGUE", DEFAULTS)
    records = []
    for path in sorted((data_path(settings) / options["folder"]).glob("*.yaml")):
        loaded = load_records(path)
        for record in loaded:
            record["page_url"] = options["url"].format(id=record["id"])
            record["save_as"] = options["save_as"].format(id=record["id"])
            records.append(record)
        if files is not None:
            files[path.name] = [record["id"] for record in loaded]
    records.sort(key=_record_order)
    return records


def _record_order(record: dict[str, Any]) -> tuple:
    """Where a record stands in the catalogue's lists: by title, then id."""
    return (*sort_key(record["title"])[:2], record["id"])


def letter_sections(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """``records`` (a list in :func:`_record_order`) by :func:`title_letter`, ``0-9`` first,
    then ``a``…``z`` (those with titles only), each in title order.

    A letter's titles stand together in the list (sorted by :func:`sort_text`), so each
    is a slice found by bisection, not a look at every record: ``0-9`` gathers those
    before ``a`` and after ``z``.
    """
    first = bisect.bisect_left(records, ("a",), key=_record_order)
    last = bisect.bisect_left(records, ("{",), lo=first, key=_record_order)  # "{" follows "z"
    sections = {}
    other = records[:first] + records[last:]
    if other:
        sections[OTHER_LETTER] = other
    for letter in "abcdefghijklmnopqrstuvwxyz":
        end = bisect.bisect_left(records, (chr(ord(letter) + 1),), lo=first, hi=last, key=_record_order)
        if end > first:
            sections[letter] = records[first:end]
            first = end
    return sections


# What the catalogue adds to a record (load_catalogue, _group, _find_covers), and what
# of a record decides its place in the lists and groups.
DERIVED_KEYS = frozenset({"page_url", "save_as", "subject_links", "author_links", "format_links",
                          "accessible_links", "language_link", "language_code", "cover"})
GROUPING_KEYS = ("title", "authors", "subjects", "formats", "language", "local")
# What a record's list entry shows besides those (catalogue_entry.html; its derived
# page_url, language_code and accessible_links come from id, language and formats).
ENTRY_KEYS = ("id", "year")


class Grouper:
    """Groups records by one key (subject, author…) in a single pass.

    Records arrive in title order, so each group's list is in title order. A
    key seen first decides the group's label: a later label with the same key
    joins that group (``CatalogueGenerator._place`` makes a record's links).
    """

    def __init__(self, kind: str, base_url: str, accessible: Iterable[str] = ()):
        self.kind = kind
        self.base_url = base_url
        self.accessible = frozenset(accessible)
        self.groups: dict[str, Group] = {}

    def group(self, key: str, label: str) -> Group:
        """The group of ``key``, made with ``label`` if it is new."""
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = Group(
                self.kind, key, label, f"{self.base_url}{key}/", accessible=key in self.accessible
            )
        return group

    def sorted(self, key: Callable[[Group], Any] | None = None) -> list[Group]:
        return sorted(self.groups.values(), key=key or _group_order)


def _letter_order(group: Group) -> tuple:
    """Where a letter stands in the A–Z: ``0–9`` first."""
    return (group.key != OTHER_LETTER, group.key)


def _letter_links(letters: list[Group]) -> tuple[Link, ...]:
    """``catalogue_letter_links``: the letters as links, without counts (see catalogue_letter_nav.html)."""
    return tuple(Link(group.label, group.url) for group in letters)


def _group_order(group: Group) -> tuple:
    """Where a subject, author or language stands in its index: by label, then key."""
    return (*sort_key(group.label), group.key)


# Sent once the records are read and sorted (by a full read, not by a patch of the last
# catalogue), before grouping adds each record's links and cover: the list and each
# record's own fields are final.
records_read = blinker.signal("portal.catalogue.records_read")


class _Counts(dict):
    """A patch's group sizes by ``id`` of the group, of the groups it touches (``groups``)."""

    def __init__(self):
        super().__init__()
        self.groups: dict[int, Group] = {}

    def change(self, group: Group, by: int) -> None:
        self[id(group)] = self.get(id(group), len(group.records)) + by
        self.groups[id(group)] = group


# The last catalogue read in this process, by data folder (see generate_context).
_last_catalogue: dict[str, dict[str, Any]] = {}


class CatalogueGenerator(Generator):
    """Reads the catalogue data, groups it once, and writes its pages."""

    def generate_context(self):
        self.options = options = plugin_settings(self.settings, "CATALOGUE", DEFAULTS)
        stamp = self._sources_stamp()
        last = _last_catalogue.get(stamp[0])
        session = incremental.current
        if session is not None and session.active and last is not None:
            # The preview's rebuild: same settings (else the build is a full one). Same data
            # and covers (an article changed): the last build's catalogue as it was. Records
            # changed where they stand in no list or group (availability, description…): the
            # last build's catalogue with those records replaced.
            if last["stamp"] == stamp or self._patch(last, stamp):
                last["stamp"] = stamp
                self.__dict__.update(last["attributes"])
                self.context.update(last["context"])
                self.last, self.reused_catalogue = last, True
                return
        before = set(self.context)
        self.problems = 0
        files: dict[str, list[str]] = {}
        self._read(files)
        self.last, self.reused_catalogue = None, False
        if session is not None and not self.problems and not self.clashing:
            self.last = _last_catalogue[stamp[0]] = {
                "stamp": stamp,
                "files": files,
                "job_values": {},  # each job's kwargs, by name (see jobs)
                "patched": {},  # id of a list a patch changed since -> positions changed
                "resized": set(),  # ids of the lists a patch made longer or shorter since
                "attributes": {name: getattr(self, name) for name in ("records", "format_labels", "groups",
                                                                       "local", "clashing", "problems")},
                "context": {key: self.context[key] for key in set(self.context) - before},
            }
            self._lists_with_ids(self.last)  # now, not in the first rebuild after a record changed
        else:
            _last_catalogue.pop(stamp[0], None)

    def _patch(self, last: dict[str, Any], stamp: tuple) -> bool:
        """Replace, in the last build's catalogue, the records of the data files that changed.

        A data file added holds records added (or moved from another file), one removed
        records removed (or moved). A cover added, replaced or removed gives its record a
        new dict with its new ``cover`` (:meth:`_cover`), which no list entry shows. A changed
        record is a new dict with the last one's derived keys (links, cover), put
        where the last one stood: in the list, the lookup table and each group's
        records. Unchanged records stay the same objects, whose fingerprints the
        next rebuild finds without a walk. A record changed in what places it
        (``GROUPING_KEYS``: title, authors, subjects…) is taken out of the lists it
        was in and put by title into those it is in now (all sorted by title),
        with new links, if every group it joins exists, every group it leaves keeps a
        title (formats keep their page empty) and every subject or author it joins,
        leaves or is added to or removed from keeps its name (the label of its first
        title); else the catalogue is grouped anew. A subject, author, language or
        first letter that gains its first title gets a new group (in its index as a full
        grouping sorts it; a letter also in ``catalogue_letter_links``), and one left
        without titles is dropped (a format keeps its page). A record added to a file is made and put in as a full read
        would, and a record removed from its file is taken out, on the same terms.

        A list changed in place is noted (``patched``: the positions whose record
        changed, see :meth:`jobs`) only when a record changed in what its list
        entry shows (``ENTRY_KEYS``, or what places it); a new availability or
        description changes the record's own page (and what looks it up), not the
        list pages it stands on. A list that got longer or shorter (a group the
        record left or joined) is noted in ``resized``, with the index of its kind
        (which counts each group's titles).
        """
        folder = stamp[0]
        before = {entry[:2]: entry[2:] for entry in last["stamp"][1:]}
        now = {entry[:2]: entry[2:] for entry in stamp[1:]}
        # Data files (load_catalogue reads *.yaml) changed or added, and removed: one added
        # holds records added (or moved from another file), one removed records removed.
        changed = [key for key in now if key[0] == folder and key[1].endswith(".yaml") and now[key] != before.get(key)]
        gone = [name for base, name in before.keys() - now.keys() if base == folder and name.endswith(".yaml")]
        # Cover files (the stamp's other folder) added, removed or changed.
        covers = {name for base, name in before.keys() ^ now.keys() if base != folder}
        covers |= {key[1] for key, entry in now.items() if key[0] != folder and before.get(key, entry) != entry}
        self._cover_names = {name.lower(): Path(base) / name for base, name in now if base != folder}
        by_id = last["context"]["catalogue_by_id"]
        attributes = last["attributes"]
        self.format_labels, self._slugs, self._language_names = attributes["format_labels"], {}, {}
        self._format_slugs = self._slugs_of_formats()
        groups = last.get("groups_by_key")  # kept in step by each patch (a failed one drops this catalogue)
        if groups is None:
            groups = last["groups_by_key"] = {kind: {group.key: group for group in kinds}
                                              for kind, kinds in attributes["groups"].items()}

        created: list[Group] = []  # subjects and authors new in this patch

        def existing(kind: str, key: str, label: str, strict: bool = True) -> Group | None:
            """The last catalogue's group. Where a record goes (``strict``), a subject,
            author, language or letter without a group gets a new one, named by this
            label. (A label other
            than its group's name, "sastra anak" in "Sastra Anak", is the record's own link
            text; the group keeps its name unless the record becomes its first title:
            checked at the end.)"""
            if kind == "local":
                return attributes["local"]
            found = groups[kind].get(key)
            if found is None and strict and kind != "format":  # every format has its group
                found = groups[kind][key] = Group(kind, key, label, f"{self.options[f'{kind}_url']}{key}/")
                created.append(found)
                counts.change(found, 0)
            return found

        def previous(kind: str, key: str, label: str) -> Group | None:
            """Where a record of the last catalogue stands (its groups exist, by key)."""
            return existing(kind, key, label, strict=False)

        counts = _Counts()  # the groups' sizes after the patch, of the groups it touches
        replacements: dict[str, dict[str, Any]] = {}
        shown: set[str] = set()  # ids of the records whose list entries change
        moved: dict[str, tuple[list[Group], list[Group]]] = {}  # id -> (groups before, after)
        added: dict[str, tuple[dict[str, Any], list[Group]]] = {}  # id -> (record, its groups)
        removed: dict[str, list[Group]] = {}  # id -> the groups it was in
        files: dict[str, list[str]] = {}  # changed files' ids, where they changed
        for _base, name in changed:
            loaded = load_records(Path(folder) / name)
            ids = [record.get("id") for record in loaded]
            if ids != last["files"].get(name):
                if not all(isinstance(i, str) for i in ids) or len(set(ids)) < len(ids):
                    return False
                files[name] = ids
                now_in = set(ids)
                removed.update(dict.fromkeys(i for i in last["files"].get(name, ()) if i not in now_in))
            for record in loaded:
                old = dict.get(by_id, record["id"])
                if old is None:
                    added[record["id"]] = (record, [])
                    continue
                if record.keys() == old.keys() - DERIVED_KEYS and all(old[k] == v for k, v in record.items()):
                    continue
                if all(record.get(key) == old.get(key) for key in GROUPING_KEYS):
                    replacements[record["id"]] = {**record, **{k: old[k] for k in DERIVED_KEYS if k in old}}
                    if any(record.get(key) != old.get(key) for key in ENTRY_KEYS):
                        shown.add(record["id"])
                    continue
                try:
                    after = self._place(record, existing)
                except (KeyError, TypeError, AttributeError):  # not a record the catalogue can group
                    return False
                before = self._place(old, previous)
                if after is None or before is None:
                    return False  # a group the last catalogue does not have
                replacements[record["id"]] = {
                    **record, **{k: old[k] for k in ("page_url", "save_as") if k in old}, **after[0],
                    **({"cover": old["cover"]} if "cover" in old else {}),
                }
                moved[record["id"]] = (before[1], after[1])
                shown.add(record["id"])
                for group in before[1]:
                    counts.change(group, -1)
                for group in after[1]:
                    counts.change(group, 1)
        for name in gone:
            files[name] = None
            removed.update(dict.fromkeys(last["files"].get(name, ())))
        listed = {identifier for ids in files.values() if ids for identifier in ids}  # in the changed files now
        for identifier in list(removed):
            if identifier in listed:
                del removed[identifier]  # moved to another changed file: replaced above, if changed
                continue
            placed = self._place(by_id[identifier], previous)
            if placed is None:
                return False
            removed[identifier] = placed[1]
            for group in placed[1]:
                counts.change(group, -1)
        if added and not self._add(added, existing, counts):
            return False
        extensions = tuple(extension.lower() for extension in self.options["cover_extensions"])
        for name in covers:  # records whose cover came, changed or went (not added ones: _add)
            identifier = name.lower().removesuffix(next((e for e in extensions if name.lower().endswith(e)), ""))
            old = dict.get(by_id, identifier)
            if old is None or identifier in removed or Image is None:
                continue  # no such record (another image, or one added or removed): nothing shows it
            cover = self._cover(identifier)
            if cover is False:
                return False  # an unreadable image: reported by the full path
            new = replacements.get(identifier)
            if new is None:
                if cover == old.get("cover"):
                    continue  # the same size: the pages that read the file follow it
                new = replacements[identifier] = dict(old)
            if cover is None:
                new.pop("cover", None)
            else:
                new["cover"] = cover
        emptied = [group for group in counts.groups.values()  # formats and the local page stay
                   if counts[id(group)] == 0 and group.records and group.kind not in ("format", "local")]
        lists = self._lists_with_ids(last)
        by_items = last["lists_by_id"]
        standing = [(identifier, before) for identifier, (before, _after) in moved.items()] + list(removed.items())
        for identifier, before in standing:  # a record stands only in its groups' lists and the catalogue's
            for items in [last["attributes"]["records"]] + [group.records for group in before]:
                if id(items) in by_items and by_items[id(items)][1].count(identifier) > 1:
                    return False  # a record listed twice in one list
        for group in created:  # in its kind's list as a full grouping sorts it
            kinds = attributes["groups"][group.kind]
            order = _letter_order if group.kind == "title" else _group_order
            kinds.insert(bisect.bisect_left(kinds, order(group), key=order), group)
            lists.append((group.records, []))
            by_items[id(group.records)] = lists[-1]
        for identifier, new in replacements.items():
            if identifier in moved:
                self._move(last, lists, identifier, new, *moved[identifier])
            else:
                self._replace(last, lists, identifier, new, identifier in shown)
            dict.__setitem__(by_id, identifier, new)
        for identifier, before in removed.items():
            self._move(last, lists, identifier, None, before, [])
            dict.__delitem__(by_id, identifier)
        for identifier, (record, after) in added.items():
            self._move(last, lists, identifier, record, [], after)
            dict.__setitem__(by_id, identifier, record)
        for group in emptied:  # its page goes; the index of its kind was resized (counts)
            kinds = attributes["groups"][group.kind]
            del kinds[next(index for index, other in enumerate(kinds) if other is group)]
            del groups[group.kind][group.key]
        if any(group.kind == "title" for group in (*created, *emptied)):  # a letter came or went
            last["context"]["catalogue_letter_links"] = _letter_links(attributes["groups"]["title"])
        for name, ids in files.items():
            if ids is None:
                last["files"].pop(name, None)
            else:
                last["files"][name] = ids
        last["context"]["catalogue_count"] = len(last["attributes"]["records"])
        # A subject or author is named by its first title's label: if a move put a title
        # with another label first, grouping anew names it otherwise (this catalogue,
        # changed already, is then dropped for the new one).
        for before, after in [*moved.values(), *((before, []) for before in removed.values()),
                              *(([], after) for _record, after in added.values())]:
            for group in before + after:
                if group.kind in ("subject", "author") and group.records:
                    links = group.records[0][f"{group.kind}_links"]
                    if next(link.label for link in links if link.url == group.url) != group.label:
                        return False
        return True

    def _add(self, added: dict[str, tuple[dict[str, Any], list[Group]]], existing, counts) -> bool:
        """Make each added record as a full read and grouping would (URLs, links, cover; its
        groups into ``added``, counted), if its groups exist, its cover can be read and its
        page takes no browse folder; else False."""
        options = self.options
        taken = {options[f"{kind}_url"] for kind in (*BROWSE_KINDS, "local")}  # catalogue_browse
        for identifier, (record, joined) in added.items():
            cover = self._cover(identifier) if Image is not None else None
            if cover is False:
                return False  # an unreadable image: reported by the full path
            record["page_url"] = options["url"].format(id=identifier)
            record["save_as"] = options["save_as"].format(id=identifier)
            if record["page_url"] in taken:
                return False  # reported by the full path
            try:
                placed = self._place(record, existing)
            except (KeyError, TypeError, AttributeError):  # not a record the catalogue can group
                return False
            if placed is None:
                return False  # a group the last catalogue does not have
            record.update(placed[0])
            if cover is not None:
                record["cover"] = cover
            joined += placed[1]
            for group in placed[1]:
                counts.change(group, 1)
        return True

    @staticmethod
    def _replace(last, lists, identifier: str, new: dict[str, Any], shown: bool) -> None:
        """Put ``new`` where the record of its id stands in each list."""
        for items, ids in lists:
            index = 0
            while True:  # each place it stands in (once in a list, unless listed twice)
                try:
                    index = ids.index(identifier, index)
                except ValueError:
                    break
                items[index] = new
                if shown:
                    last["patched"].setdefault(id(items), set()).add(index)
                index += 1

    @staticmethod
    def _move(last, lists, identifier: str, new: dict[str, Any] | None, before: list[Group], after: list[Group]) -> None:
        """Take the record of ``identifier`` out of the catalogue's list and its groups'
        (``before``), and put ``new`` in by title into the list and ``after``'s. An
        added record (no groups ``before``: every record has some) is only put in; a
        removed one (``new`` None) only taken out."""
        by_items = last["lists_by_id"]
        records = last["attributes"]["records"]
        leaving = ([records] if before else []) + [group.records for group in before]
        joining = ([records] if new is not None else []) + [group.records for group in after]
        staying = {id(items) for items in joining}
        key = _record_order(new) if new is not None else None
        for items in leaving:
            items, ids = by_items[id(items)]
            index = ids.index(identifier)
            del items[index], ids[index]
            if id(items) in staying:
                place = bisect.bisect_left(items, key, key=_record_order)
                items.insert(place, new)
                ids.insert(place, identifier)  # the records between moved by one
                last["patched"].setdefault(id(items), set()).update(range(min(index, place), max(index, place) + 1))
            else:
                last["resized"].add(id(items))
        left = {id(items) for items in leaving}
        for items in joining:
            if id(items) not in left:
                items, ids = by_items[id(items)]
                place = bisect.bisect_left(items, key, key=_record_order)
                items.insert(place, new)
                ids.insert(place, identifier)
                last["resized"].add(id(items))
        # An index shows its groups' counts: the index of each kind the record left or joined.
        kinds = {group.kind for group in before if not any(group is other for other in after)}
        kinds |= {group.kind for group in after if not any(group is other for other in before)}
        last["resized"].update(id(last["attributes"]["groups"][kind]) for kind in kinds if kind != "local")

    @staticmethod
    def _lists_with_ids(last: dict[str, Any]) -> list[tuple[list, list[str]]]:
        """Every list of the last build's catalogue with its records' ids, in order.

        Made once a catalogue (patches keep the ids in step): a replaced record is
        found in each list by a search of its ids in C, not by a Python loop over
        the ~150,000 places records stand in at 30,000 records.
        """
        found = last.get("lists")
        if found is None:
            attributes = last["attributes"]
            lists = [attributes["records"], attributes["local"].records]
            lists += [group.records for groups in attributes["groups"].values() for group in groups]
            found = last["lists"] = [(items, list(map(itemgetter("id"), items))) for items in lists]
            last["lists_by_id"] = {id(items): (items, ids) for items, ids in found}
        return found

    def _sources_stamp(self) -> tuple:
        """The catalogue's data files and covers, by name, size and modification time."""
        folder = data_path(self.settings) / self.options["folder"]
        covers = Path(self.settings["PATH"]) / self.options["cover_folder"]
        stamps: list[Any] = [str(folder.resolve())]
        for base in (folder, covers):
            if base.is_dir():
                for entry in sorted(os.scandir(base), key=lambda entry: entry.name):
                    stat = entry.stat()
                    stamps.append((str(base), entry.name, stat.st_mtime_ns, stat.st_size))
        return tuple(stamps)

    def _read(self, files: dict[str, list[str]] | None = None):
        options = self.options
        self.records = load_catalogue(self.settings, files)
        # Catalogue pages are in the site's language: data labels translated once here.
        self.format_labels = schema_labels("catalogue", "formats", self.settings["DEFAULT_LANG"])
        self.context["catalogue"] = self.records
        # A page that looks one record up depends on that record only (incremental builds).
        self.context["catalogue_by_id"] = TrackedIndex("catalogue_by_id", {r["id"]: r for r in self.records})
        self.context["catalogue_count"] = len(self.records)
        self.context["catalogue_url"] = options["list_url"]
        self.context["format_labels"] = self.format_labels
        # Every format's value, accessible ones first, as the format index lists them (search filters).
        accessible = list(options["accessible_formats"])
        self.context["format_order"] = accessible + [v for v in self.format_labels if v not in accessible]
        self._format_slugs = self._slugs_of_formats()
        records_read.send(self)  # the search index can start from here (plugins/search)
        self._group()
        self._find_covers()

    # -- grouping, once per build -----------------------------------------------
    def slug(self, text: str) -> str:
        """The URL slug of a subject or author; a stable fallback for one without letters."""
        return site_slug(text, self.settings) or "x" + "".join(f"{ord(c):x}" for c in text.strip())[:32]

    def _slugs_of_formats(self) -> dict[str, str]:
        """Format value -> URL slug (``format_slugs``, else the slug of its label)."""
        given = self.options["format_slugs"]
        return {value: given.get(value) or self.slug(label) for value, label in self.format_labels.items()}

    def _group(self):
        options = self.options
        self._slugs: dict[str, str] = {}
        self._language_names: dict[str, tuple[str, str]] = {}
        accessible = list(options["accessible_formats"])
        format_order, format_slugs = self.context["format_order"], self._format_slugs
        subjects = Grouper("subject", options["subject_url"])
        authors = Grouper("author", options["author_url"])
        formats = Grouper("format", options["format_url"], (format_slugs[v] for v in accessible))
        languages = Grouper("language", options["language_url"])
        letters = Grouper("title", options["title_url"])
        # Every format has its page and index entry, even while it has no titles.
        for value in format_order:
            formats.group(format_slugs[value], self.format_labels[value])
        local = Group("local", "lokal", "Koleksi muatan lokal", options["local_url"])
        groupers = {"subject": subjects, "author": authors, "format": formats, "language": languages,
                    "title": letters}

        def group(kind: str, key: str, label: str) -> Group:
            return local if kind == "local" else groupers[kind].group(key, label)

        for record in self.records:
            links, joined = self._place(record, group)
            record.update(links)
            for member in joined:
                member.records.append(record)

        self.groups = {
            "subject": subjects.sorted(),
            "author": authors.sorted(),
            "format": list(formats.groups.values()),  # made in format_order above
            "language": languages.sorted(),
            "title": letters.sorted(key=_letter_order),
        }
        self.local = local
        self.context.update(
            catalogue_subjects=self.groups["subject"],
            catalogue_authors=self.groups["author"],
            catalogue_formats=self.groups["format"],
            catalogue_languages=self.groups["language"],
            catalogue_letters=self.groups["title"],
            catalogue_letter_links=_letter_links(self.groups["title"]),
            catalogue_local=local.records,
            catalogue_browse={
                **{kind: options[f"{kind}_url"] for kind in BROWSE_KINDS},
                "local": options["local_url"],
            },
        )
        self._check_record_urls()

    def _place(self, record: dict[str, Any], group: Callable[[str, str, str], Group | None]):
        """``record``'s links to its groups, and the groups it belongs to (each once).

        ``group(kind, key, label)`` gives the group of a subject, author, format,
        language, first letter or local content (``kind`` ``local``, always there);
        None (not placed: returns None) when there is none. Titles arrive in title order, so
        the first label of a key names its group (see :class:`Grouper`).
        """
        options, joined = self.options, []

        def links(kind: str, keyed: Iterable[tuple[str, str]]) -> list[Link] | None:
            found, seen = [], set()
            for key, label in keyed:
                member = group(kind, key, label)
                if member is None:
                    return None
                if key not in seen:  # two labels of one record may share a slug
                    seen.add(key)
                    joined.append(member)
                    found.append(Link(label, member.url, member.accessible))
            return found

        code = record["language"]
        names = self._language_names.get(code)
        if names is None:
            canonical, name = language(code, options["language_names"])
            names = self._language_names[code] = (canonical, translate(name, self.settings["DEFAULT_LANG"]))
        letter = title_letter(record["title"])
        subject_links = links("subject", ((self._slug(v), v) for v in record.get("subjects") or ()))
        author_links = links("author", ((self._slug(v), v) for v in record["authors"]))
        format_slugs = self._format_slugs
        format_links = links("format", [(format_slugs[v], self.format_labels[v]) for v in record["formats"]])
        language_links = links("language", [names])
        letter_links = links("title", [(letter, letter_label(letter))])
        if None in (subject_links, author_links, format_links, language_links, letter_links):
            return None
        if record.get("local"):
            joined.append(group("local", "lokal", ""))
        return {
            "subject_links": subject_links,
            "author_links": author_links,
            "format_links": format_links,
            # for the templates, which would filter them on every page otherwise
            "accessible_links": tuple(link for link in format_links if link.accessible),
            "language_link": language_links[0],
            "language_code": names[0],
        }, joined

    def _slug(self, value: str) -> str:
        """:meth:`slug`, once per label (30,000 records share a few thousand)."""
        found = self._slugs.get(value)
        if found is None:
            found = self._slugs[value] = self.slug(value)
        return found

    def _check_record_urls(self):
        """A record whose id is a browse folder (``subjek``…) would take its page.

        It is reported (failing the strict build) and not written, so the build
        still runs to its end and reports every other problem too.
        """
        taken = set(self.context["catalogue_browse"].values())
        self.clashing = {r["id"] for r in self.records if r["page_url"] in taken}
        for record in self.records:
            if record["id"] in self.clashing:
                logger.error(
                    "katalog: id `%s` bentrok dengan halaman jelajah /%s; ganti id buku ini",
                    record["id"],
                    record["page_url"],
                )

    def _find_covers(self):
        """``record["cover"]`` for each record with an image in the cover folder.

        One directory listing for all records; Pillow reads only each image's
        header for its size. Without Pillow no cover is shown (no size, no image).
        """
        folder = Path(self.settings["PATH"]) / self.options["cover_folder"]
        if Image is None or not folder.is_dir():
            if Image is None and folder.is_dir():
                logger.info("katalog: Pillow tidak terpasang, sampul buku tidak ditampilkan")
            return
        self._cover_names = {path.name.lower(): path for path in folder.iterdir() if path.is_file()}
        for record in self.records:
            cover = self._cover(record["id"], report=True)
            if cover:
                record["cover"] = cover

    def _cover(self, identifier: str, report: bool = False) -> Cover | None | bool:
        """The cover of the record ``identifier`` among ``_cover_names`` (lowercased file
        name -> path; the first of ``cover_extensions`` found wins), None without one,
        False for an image Pillow cannot read (an error when ``report``)."""
        for extension in self.options["cover_extensions"]:
            path = self._cover_names.get(f"{identifier}{extension}".lower())
            if path is None:
                continue
            try:
                with Image.open(path) as image:
                    width, height = image.size
            except (OSError, ValueError) as error:
                if report:
                    logger.error("katalog: sampul %s tidak dapat dibaca sebagai gambar (%s)", path, error)
                    self.problems += 1
                return False
            return Cover(f"{self.options['cover_folder'].strip('/')}/{path.name}", width, height)
        return None

    # -- output -------------------------------------------------------------------
    def _reviews_by_book(self):
        reviews = defaultdict(list)
        for article in self.context.get("articles", []):
            if article.category.slug == self.options["review_category"]:
                reviews[article.book].append(article)
        return reviews

    def _paginated(self, template_name, url, items_name, items, **kwargs) -> None:
        """A paginated list at ``url``; ``page_name`` only when given (see :meth:`jobs`)."""
        name = f"{url}index.html"
        base = self.reused.get(name)
        if base is not None and id(items) not in self.patched and id(items) not in self.resized:
            # The last build's kwargs, as :meth:`_job` would give them (most of 15,000 lists).
            self.jobset.carry(name, template_name, base)
            return
        self._job(
            name,
            template_name,
            lambda: dict(
                relative_urls=self.settings["RELATIVE_URLS"],
                paginated={items_name: items},
                template_name=template_name,
                url=url,
                **kwargs,
            ),
            {items_name: items},
        )

    def _browse(self, group) -> None:
        self._paginated("catalogue_browse", group.url, "records", group.records, browse_group=group)

    def _job(self, name: str, template_name: str, values, lists: Mapping[str, list]) -> None:
        """A job writing ``name``: the last build's kwargs (see :meth:`jobs`) when there are,
        with the positions a patch replaced in its paginated ``lists``, else ``values()``."""
        base = self.reused.get(name)
        changed = None
        if base is None or any(id(items) in self.resized for items in lists.values()):
            kwargs = values()
        else:
            changed = {key: frozenset(self.patched[id(items)]) for key, items in lists.items()
                       if id(items) in self.patched} or None
            if changed is None:
                self.jobset.carry(name, template_name, base)
                return
            # A patched list: a new dict (same values) for the session to tell from the one
            # its last successful build knows (a build may have failed since the patch).
            kwargs = dict(base)
        self.jobset.add(Job(name, self.get_template(template_name), kwargs, changed, base if changed else None))

    def jobs(self) -> JobSet:
        """Every page this generator writes, as ``writer.write_file`` calls.

        Only the A–Z list (a menu item) gets ``page_name``: the header marks the
        menu item whose URL it is, and it is rendered once per ``page_name``
        (plugins/fragments), so a ``page_name`` per record or browse page, which
        matches no menu item, made it render on every page for the same HTML.

        In the preview's rebuild of the last build's catalogue (as it was, or
        patched), a job gets the very kwargs dict the last build's job had: the
        incremental session then compares only what its pages read
        (plugins/common/incremental, ``keep_jobs``), and the job is only named
        (:meth:`JobSet.carry`): found by its record in C, for 30,000 records. A
        patched record's page gets new kwargs, fingerprinted whole; a list a patch
        changed in place (a record replaced where its entry shows something new, or
        moved) gets a copy of its
        kwargs that says which positions changed since (``Job.changed``,
        ``Job.base``), so that only the pages showing them are checked. A list that
        got longer or shorter, and the index of its kind (which shows counts), get
        new kwargs; other indexes keep theirs (a group's fingerprint leaves out its
        records). A record's reviews are looked up in ``catalogue_reviews`` (new
        articles each build), which counts for that record only.
        """
        relative = self.settings["RELATIVE_URLS"]
        # A record's page depends on its own reviews only (incremental builds).
        self.context["catalogue_reviews"] = TrackedIndex("catalogue_reviews", self._reviews_by_book())
        last = self.last
        self.reused = {} if last is None else last["job_values"]
        self.jobset = jobset = JobSet(self.get_template, "catalogue_record")
        self.patched = {} if last is None else last["patched"]
        self.resized = set() if last is None else last["resized"]
        # A record's page: the kwargs of an earlier build's job for the very same record
        # object (a changed record is a new dict), looked up in C; new ones for the others.
        # (Kept by the record's id: the kwargs keep the record, so no other object has it.)
        records = self.records
        names = list(map(_SAVE_AS, records))
        by_record = {} if last is None else last.setdefault("record_kwargs", {})
        kwargs = list(map(by_record.get, map(id, records)))
        if None in kwargs:
            template = self.get_template("catalogue_record")
            for index in itertools.compress(itertools.count(), map(is_, kwargs, itertools.repeat(None))):
                kwargs[index] = by_record[id(records[index])] = {"relative_urls": relative, "record": records[index]}
                jobset.fresh[names[index]] = Job(names[index], template, kwargs[index])
            if last is not None and len(by_record) > len(records) + 1000:  # changed and removed ones, let go
                last["record_kwargs"] = dict(zip(map(id, records), kwargs))
        jobset.values.update(zip(names, kwargs))
        for record in records if self.clashing else ():
            if record["id"] in self.clashing:  # not written (see _check_record_urls)
                jobset.values.pop(record["save_as"], None)
                jobset.fresh.pop(record["save_as"], None)
        list_url = self.options["list_url"]
        if len(self.records) >= self.options["sections_from"]:  # the A–Z index: the letters are its sections
            jobset.add(Job(self.options["list_save_as"], self.get_template("catalogue_list"), dict(
                relative_urls=relative, template_name="catalogue_list", url=list_url,
                page_name=list_url, catalogue_sectioned=True,
            )))
        else:
            self._job(
                self.options["list_save_as"],
                "catalogue_list",
                lambda: dict(
                    relative_urls=relative,
                    paginated={"records": self.records},
                    template_name="catalogue_list",
                    url=list_url,
                    records=self.records,
                    page_name=list_url,
                ),
                {"records": self.records},
            )
        memo = {} if last is None else last.get("sections", {})
        browse: dict[str, tuple] = {}
        sections: dict[int, tuple[list, dict[str, list]]] = {}
        for kind, groups in self.groups.items():
            index_url = self.options[f"{kind}_url"]
            self._paginated("catalogue_index", index_url, "entries", groups, index_kind=kind, page_name=index_url)
            self._browse_groups(kind, groups, memo, sections, browse)
        self._group_jobs(self.local, memo, sections)
        if last is not None:
            last["job_values"], last["patched"], last["resized"] = jobset.values, {}, set()
            last["sections"], last["browse"] = sections, browse
        return jobset

    def _browse_groups(self, kind: str, groups: list[Group], memo, sections, seen) -> None:
        """:meth:`_group_jobs` of each of ``groups`` (of one kind): a list the last build
        wrote, which no patch changed since and which is not split by letter, is carried
        as it was, found in C (most of 15,000 at 30,000 records); the others one by one.

        What this finds is kept for the next build (``seen`` -> ``last["browse"]``):
        when the kind holds the very same groups in the same order then (a patch adds or
        removes groups in place, and marks the lists it changed, which are never
        replaced), it is taken as it is, without a look at each group.
        """
        jobset, changed = self.jobset, self.patched.keys() | self.resized
        known = None if self.last is None else self.last.get("browse", {}).get(kind)
        if known is not None and len(known[0]) == len(groups) and all(map(is_, groups, known[0])):
            _groups, names, values, templates, positions, split = known
            split = set(split)
            one_by_one = {positions[i] for i in changed if i in positions} | split
        else:
            names = list(map("{}index.html".format, map(_URL, groups)))  # Group.save_as
            lists = list(map(_RECORDS, groups))
            values = dict(zip(names, map(self.reused.get, names)))
            templates = dict.fromkeys(names, "catalogue_browse")
            positions = dict(zip(map(id, lists), itertools.count()))
            split = set()
            if kind != "title":  # (the A–Z's letters are never split)
                split = set(itertools.compress(itertools.count(), map(
                    operator.ge, map(len, lists), itertools.repeat(self.options["sections_from"]))))
            new = map(operator.or_, map(is_, values.values(), itertools.repeat(None)),
                      map(changed.__contains__, map(id, lists)))  # no job last time, or a patched list
            one_by_one = set(itertools.compress(itertools.count(), new)) | split
        jobset.values.update(values)  # each one by one below keeps its place
        jobset.templates.update(templates)
        if one_by_one:
            values = dict(values)  # the last build's stays as it was
            for index in sorted(one_by_one):
                (split.add if self._group_jobs(groups[index], memo, sections) else split.discard)(index)
                values[names[index]] = jobset.values[names[index]]
        seen[kind] = (list(groups), names, values, templates, positions, split)

    def _group_jobs(self, group: Group, memo, sections) -> bool:
        """A browse group's jobs: split by first letter from ``sections_from`` titles (not a
        letter of the A–Z, which is one such part already; True), else one paginated list."""
        if group.kind != "title" and group.count >= self.options["sections_from"]:
            self._sectioned(group, memo, sections)
            return True
        self._browse(group)
        return False

    def _sectioned(self, group: Group, memo, sections) -> None:
        """The jobs of a group split by first letter: its page (the letters, with counts)
        and a paginated list per letter (:class:`Section`).

        Each letter's list is made from the group's (in title order) and kept for the
        next build (``memo`` -> ``sections``, by the group's list). In the preview's
        rebuild, a group whose list no patch changed keeps the very lists; else a letter
        whose list kept its length keeps its list object, its records put in place and
        the positions of the records the patch marked in the group's list marked in it
        (``patched``), as a patch marks the group's own list; a letter's list that got
        longer or shorter, or every one when a letter came or went (each page links to
        all letters), is new (``resized``): only the pages that show other records are
        rendered again.
        """
        items = group.records
        known = memo.get(id(items))
        if known is not None and known[0] is not items:
            known = None  # another list, at the address of one gone
        if known is not None and id(items) not in self.patched and id(items) not in self.resized:
            letters = known[1]
        else:
            letters = letter_sections(items)
            before = {} if known is None else known[1]
            if before.keys() == letters.keys():
                shown = None  # the ids at the positions marked in the group's list, once needed
                for letter, records in letters.items():
                    old = before[letter]
                    if len(old) == len(records):
                        replaced = list(itertools.compress(itertools.count(), map(is_not, old, records)))  # in C
                        if replaced and shown is None:
                            shown = set(map(_ID, map(items.__getitem__, self.patched.get(id(items), ()))))
                        marked = {i for i in replaced if records[i]["id"] in shown}
                        old[:] = records
                        letters[letter] = old
                        if marked:
                            self.patched.setdefault(id(old), set()).update(marked)
                        continue
                    self.resized.add(id(records))
            else:
                self.resized.update(id(records) for records in letters.values())
        sections[id(items)] = (items, letters)
        links = tuple(Link(letter_label(letter), f"{group.url}{letter}/") for letter in letters)
        relative = self.settings["RELATIVE_URLS"]
        self.jobset.add(Job(group.save_as, self.get_template("catalogue_browse"), dict(
            relative_urls=relative, browse_group=group,
            browse_sections=tuple(zip(links, map(len, letters.values()), strict=True)),
        )))
        for link, (letter, records) in zip(links, letters.items(), strict=True):
            section = Section(group.kind, group.key, group.label, group.url, group.accessible,
                              letter, link.label, link.url, links)
            self._paginated("catalogue_section", link.url, "records", records, browse_section=section)

    def generate_output(self, writer):
        jobs = self.jobs()
        if not self.reused_catalogue:  # else its records' fingerprints are known already
            incremental.prewarm(self.records)  # once here, not in every render worker
        workers = worker_count(self.options["workers"], len(jobs), self.options["parallel_from"])
        write_all(writer, self.context, jobs, workers, self.options["parallel_from"])


# Stands for SITEURL while a list entry is rendered once for all pages (see
# catalogue_entries); escaping leaves it as it is.
SITEURL_MARK = "\x00SITEURL\x00"


@pass_context
def catalogue_entries(context, records: Iterable[dict[str, Any]], level: int = 2) -> Markup:
    """``{{ catalogue_entries(records) }}``: the list entries of ``records``, joined.

    The same HTML as ``{% for record in records %}{{ entry(record, level) }}{% endfor %}``
    with ``entry`` imported with context from ``catalogue_entry.html``, but each
    record's entry is rendered once per language, not once per list page it is on
    (about six), and in the preview's rebuilds not again while its record stays
    (see :func:`_entry_memo`): with ``SITEURL`` standing in as a mark, which is replaced by
    the page's (relative) SITEURL on each page. So an entry may depend only on its
    record, ``level``, the page's language, the settings and ``{{ SITEURL }}``
    (printed as it is, not filtered); nothing else of the page. The macro itself is
    made once per language on the Jinja environment, which Pelican makes anew per build.
    """
    environment = context.environment
    store = environment.globals.get("_catalogue_entry_store")
    if store is None:  # this build's first list
        store = environment.globals["_catalogue_entry_store"] = _entry_memo(incremental.current)
    entries, reads, macros = store["entries"], store["reads"], store["macros"]
    lang = page_lang(context)
    entry = macros.get(lang)
    # What entries read besides their record (settings, _()) counts for every page that
    # shows them, not only the first (incremental builds).
    read = reads.setdefault(lang, set())
    if entry is None:
        with incremental.recording() as names:
            module = environment.get_template("catalogue_entry.html").make_module(
                {**context.get_all(), "SITEURL": SITEURL_MARK}
            )
        read |= names
        entry = macros[lang] = module.entry
    siteurl = str(escape(context.resolve_or_missing("SITEURL") or ""))
    parts = []
    for record in records:
        key = (lang, level, record["id"])
        found = entries.get(key)
        if found is not None and found[0] is record:
            parts.append(found[1])
            continue
        with incremental.recording() as names:
            html = str(entry(record, level))
        entries[key] = (record, html)
        read |= names
        parts.append(html)
    incremental.note(read)
    return Markup("".join(parts).replace(SITEURL_MARK, siteurl))


def _entry_memo(session) -> dict[str, Any]:
    """A build's store of list entries: ``entries`` ((lang, level, id) -> (record, html)),
    ``reads`` (per language, the names entries read) and ``macros`` (per language).

    The entries and reads outlive the build in the preview's session: an entry is reused
    while its record is the very same object (records are never changed in place between
    builds: a changed record is a new dict, see plugins/common/incremental) and the
    session keeps pages (the same settings, templates and translations); else dropped.
    """
    kept = None if session is None else session.memo.get("catalogue_entries")
    if kept is None or not session.active:
        kept = ({}, {})
        if session is not None:
            session.memo["catalogue_entries"] = kept
    return {"entries": kept[0], "reads": kept[1], "macros": {}}


def add_globals(generator) -> None:
    generator.env.globals["catalogue_entries"] = catalogue_entries


def generated_urls(settings):
    """The URL folder this plugin writes (the checker keeps content out of it)."""
    return [plugin_settings(settings, "CATALOGUE", DEFAULTS)["list_url"]]


def get_generators(pelican):
    return CatalogueGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_globals)
