"""i18n: the interface in the page's language, from gettext catalogues.

Templates are written in Indonesian and mark interface text with ``_()``.
``theme/translations/<lang>/LC_MESSAGES/messages.po`` translates it (``./dev
i18n`` extracts and updates them). One build serves both languages: the
``gettext`` installed in Jinja reads the language of the page being rendered
(``article.lang`` or ``page.lang``; else the site's default), so an English
article gets an English interface without a second site.

Labels that come from data are translated by the same catalogue: the
``x-labels`` of ``data/schemas/*.json`` (format names, event accessibility,
partner types) stay Indonesian there, ``./dev i18n`` extracts them
(:func:`extract_schema_labels`, named in ``babel.cfg``) and templates show them
with ``{{ label|translate }}`` in the page's language. Generated pages that are
always in the site's language (catalogue, partners) get them translated once
per build with :func:`schema_labels`.
"""

import io
import json
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import pass_context
from jinja2.utils import missing
from markupsafe import Markup
from pelican import signals

from plugins.common.build import PROJECT_ROOT
from plugins.common.dates import format_date, format_time
from plugins.common.schemas import labels

TRANSLATIONS = PROJECT_ROOT / "theme" / "translations"
DOMAIN = "messages"


@lru_cache(maxsize=16)
def translations(lang: str, folder: str = str(TRANSLATIONS)) -> NullTranslations:
    """The catalogue for ``lang`` (read from its .po), or no translation."""
    po = Path(folder) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as source:
        catalog = read_po(source, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def page_lang(context) -> str:
    """The language of the page being rendered (a Jinja context, or a dict).

    Looked up without ``context.get``, which raises and catches a KeyError for
    each missing name: catalogue pages have neither ``article`` nor ``page``,
    and this runs for every ``_()``.
    """
    resolve = getattr(context, "resolve_or_missing", None)
    if resolve is None:  # a plain mapping
        resolve = context.get
    for key in ("article", "page"):
        lang = getattr(resolve(key), "lang", None)
        if isinstance(lang, str):
            return lang
    lang = resolve("DEFAULT_LANG")
    return lang if isinstance(lang, str) else "id"


@pass_context
def gettext(context, message: str) -> str:
    return translations(page_lang(context)).gettext(message)


@pass_context
def ngettext(context, singular: str, plural: str, count: int) -> str:
    return translations(page_lang(context)).ngettext(singular, plural, count)


@lru_cache(maxsize=4096)
def _marked(lang: str, message: str) -> Markup:
    """``message`` translated and marked safe: the same few dozen strings are
    asked for on every page."""
    return Markup(translations(lang).gettext(message))


@lru_cache(maxsize=4096)
def _safe_text(lang: str, message: str) -> Markup:
    """``_(message)`` without variables: translated, marked safe, %-formatted."""
    return _marked(lang, message) % {}


@pass_context
def underscore(context, message: str, **variables):
    """``_()`` in one call, as jinja2's newstyle gettext does it through three.

    The extension's ``_`` looks up ``gettext`` and calls it through a wrapper
    that marks the text safe under autoescape and fills ``%(name)s``; on
    30,000 catalogue pages with about 20 strings each that indirection costs
    seconds. Same result: translate, mark safe when autoescaping, format. A
    string without variables is looked up once per language and build process.
    """
    if context.eval_ctx.autoescape:
        if not variables:
            return _safe_text(page_lang(context), message)
        marked = _marked(page_lang(context), message)
        if all(type(value) is int for value in variables.values()):  # counts: nothing to escape
            return Markup(str.__mod__(marked, variables))
        return marked % variables
    return translations(page_lang(context)).gettext(message) % variables


def translate(text: str, lang: str) -> str:
    """``text`` (an Indonesian msgid) in ``lang``, for Python code (not named gettext, which
    ``./dev i18n`` would take for a marker)."""
    return translations(lang).gettext(text)


def N_(text: str) -> str:
    """Marks a label in Python code for ``./dev i18n`` (babel.cfg); translate it where it is shown."""
    return text


@pass_context
def translate_filter(context, label: str) -> str:
    """``{{ label|translate }}``: a label from data (an ``x-labels`` value) in the page's language."""
    return translate(label, page_lang(context))


def schema_labels(schema: str, field: str, lang: str) -> dict[str, str]:
    """A field's ``x-labels`` (value → label) in ``lang``, in the schema's order."""
    catalogue = translations(lang)
    return {value: catalogue.gettext(label) for value, label in labels(schema, field).items()}


def _labels_in(node):
    """Every ``x-labels`` text of a schema, in document order."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "x-labels" and isinstance(value, dict):
                yield from (text for text in value.values() if isinstance(text, str))
            else:
                yield from _labels_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from _labels_in(item)


def extract_schema_labels(fileobj, keywords, comment_tags, options):
    """Babel extraction method for ``data/schemas/*.json``: the ``x-labels`` texts.

    Named in ``babel.cfg``, so ``./dev i18n`` puts them in the catalogue beside the
    templates' strings and the untranslated-entry test covers them.
    """
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    for label in _labels_in(json.loads(text)):
        quoted = json.dumps(label, ensure_ascii=False)
        line = next((number for number, source in enumerate(lines, 1) if quoted in source), 1)
        yield line, "gettext", label, []


@pass_context
def date_filter(context, value, weekday: bool = False) -> str:
    """``{{ date|tanggal }}`` in the page's language."""
    return format_date(value, weekday, page_lang(context))


@pass_context
def time_filter(context, value) -> str:
    """``{{ start|jam }}`` in the page's language."""
    return format_time(value, page_lang(context))


def install(generator) -> None:
    """Give the generator's Jinja environment ``_()``, ``{% trans %}``, date filters and ``translate``."""
    generator.env.add_extension("jinja2.ext.i18n")
    generator.env.install_gettext_callables(gettext, ngettext, newstyle=True)
    generator.env.globals["_"] = underscore
    generator.env.filters.update(tanggal=date_filter, jam=time_filter, translate=translate_filter)


def register():
    signals.generator_init.connect(install)
