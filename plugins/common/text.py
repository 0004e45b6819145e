"""Text helpers shared by the plugins: A–Z sorting and the site's slugs."""

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import pelican.contents
import pelican.urlwrappers
import pelican.utils
from pelican.settings import DEFAULT_CONFIG

_pelican_slugify = pelican.utils.slugify

_LEADING_NON_WORD = re.compile(r"^[\W_]+")


def sort_text(text: str) -> str:
    """``text`` for sorting: no leading punctuation or quotes, no accents, casefolded."""
    decomposed = unicodedata.normalize("NFKD", _LEADING_NON_WORD.sub("", text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sort_key(text: str) -> tuple[str, str, str]:
    """A total, deterministic A–Z order for titles and names ("Élia" between "Eka" and "Fitri")."""
    return (sort_text(text), text.casefold(), text)


_slugs: dict[tuple, str] = {}


def slugify(value: str, regex_subs=(), preserve_case: bool = False, use_unicode: bool = False) -> str:
    """Pelican's ``slugify``, remembered for the process: every build slugs the same
    category, tag and author names again for each article and list (about 4,000 calls a
    preview's rebuild at 600 articles, each a tag strip, a Unicode normalisation, an
    ASCII transliteration and the site's substitutions)."""
    key = (str(value), tuple(map(tuple, regex_subs)), preserve_case, use_unicode)
    found = _slugs.get(key)
    if found is None:
        if len(_slugs) >= 100_000:
            _slugs.clear()
        found = _slugs[key] = _pelican_slugify(value, regex_subs, preserve_case, use_unicode)
    return found


def install_slugify() -> None:
    """Make Pelican's own modules use :func:`slugify` (the same slugs)."""
    for module in (pelican.utils, pelican.contents, pelican.urlwrappers):
        module.slugify = slugify


def slug(text: str, settings: Mapping[str, Any]) -> str:
    """The URL slug of ``text`` as Pelican makes it for this site ("" without letters or digits)."""
    key = "SLUG_REGEX_SUBSTITUTIONS"
    return slugify(text, regex_subs=settings.get(key, DEFAULT_CONFIG[key]))
