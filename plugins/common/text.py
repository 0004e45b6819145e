"""Text helpers shared by the plugins: A–Z sorting and the site's slugs."""

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

_LEADING_NON_WORD = re.compile(r"^[\W_]+")


def sort_text(text: str) -> str:
    """``text`` for sorting: no leading punctuation or quotes, no accents, casefolded."""
    decomposed = unicodedata.normalize("NFKD", _LEADING_NON_WORD.sub("", text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sort_key(text: str) -> tuple[str, str, str]:
    """A total, deterministic A–Z order for titles and names ("Élia" between "Eka" and "Fitri")."""
    return (sort_text(text), text.casefold(), text)


def slug(text: str, settings: Mapping[str, Any]) -> str:
    """The URL slug of ``text`` as Pelican makes it for this site ("" without letters or digits)."""
    key = "SLUG_REGEX_SUBSTITUTIONS"
    return slugify(text, regex_subs=settings.get(key, DEFAULT_CONFIG[key]))
