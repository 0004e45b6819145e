"""fragments: render a partial once per variant and reuse it on every page.

The header and footer are the same on thousands of pages (every catalogue
record, every browse page) except for the page's language, its depth (the
relative SITEURL) and the current menu item. ``{{ fragment("partials/header.html",
key) }}`` renders the partial the first time a (template, language, SITEURL,
key) combination is seen and returns the stored HTML afterwards. The store
lives on the Jinja environment, which Pelican creates anew for every build.
It keeps, with each partial, the names its render looked up, and counts them
for every page that reuses it (plugins/common/incremental).
"""

import markupsafe
from jinja2 import Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from pelican import signals

from plugins.common import incremental
from plugins.common.incremental import PageContext
from plugins.i18n.i18n import page_lang


@pass_context
def fragment(context, template_name: str, *key) -> Markup:
    """The rendered ``template_name`` for this page's language, depth and ``key``."""
    environment = context.environment
    store = environment.globals.setdefault("_fragment_store", {})
    cache_key = (template_name, page_lang(context), context.resolve_or_missing("SITEURL"), *key)
    if cache_key not in store:
        with incremental.recording() as names:
            html = Markup(environment.get_template(template_name).render(context.get_all()))
        store[cache_key] = (html, frozenset(names))
    html, names = store[cache_key]
    incremental.note(names)  # what the partial read counts for every page it is on
    return html


@pass_context
def template_name(context) -> str:
    """The page's own template, without ``.html`` (``catalogue_record``), for
    ``<body data-template>``: the accessibility check visits one page of each."""
    return (context.name or "").removesuffix(".html")


# Every attribute a plain dict has: ``{{ record.title }}`` on a dict is an item.
DICT_ATTRIBUTES = frozenset(dir(dict))


def fast_dict_getattr(environment) -> None:
    """``{{ record.title }}`` on a dict without raising an AttributeError first.

    Jinja's ``environment.getattr`` tries ``getattr(obj, name)`` and, for a
    dict, catches the AttributeError before reading the item: an exception
    for every field of a catalogue record (dozens per page). For a plain dict
    and a name that is no dict attribute, that getattr always fails, so
    reading the item at once gives the same value (or the same Undefined).
    """
    original = environment.getattr

    def getattr_(obj, attribute):
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return environment.undefined(obj=obj, name=attribute)
        return original(obj, attribute)

    environment.getattr = getattr_


try:  # markupsafe's escaping of a plain string, in C
    from markupsafe import _escape_inner
except ImportError:  # pragma: no cover - another markupsafe: its escape as it is
    _escape_inner = None
_as_markup = str.__new__  # Markup(text) without Markup.__new__, a Python function


def escape(value) -> Markup:
    """``markupsafe.escape``, for the common cases in one Python call instead of two.

    Each ``{{ value }}`` of an autoescaping template is printed through escape, and
    markupsafe's calls ``Markup.__new__`` (Python) for every value: about seventy
    times on a catalogue page. A plain string gets the same escaping, made Markup
    directly; a Markup string is its own escape (markupsafe returns an equal copy);
    anything else goes to markupsafe.
    """
    kind = type(value)
    if kind is str:
        return _as_markup(Markup, _escape_inner(value))
    if kind is Markup:
        return value
    return markupsafe.escape(value)


class PageTemplate(Template):
    """Jinja's Template, printing values through :func:`escape` (same text)."""

    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        # The compiled template's module imported markupsafe's escape from jinja2.runtime.
        if _escape_inner is not None and namespace.get("escape") is markupsafe.escape:
            namespace["escape"] = escape
        return super()._from_namespace(environment, namespace, globals)


def install(generator) -> None:
    # Templates do not change during a build (Pelican makes a new environment for
    # each), so Jinja need not stat the file at every include, import and extends.
    generator.env.auto_reload = False
    # A plain dict for the few dozen templates: Jinja's LRU cache takes a lock and
    # reorders its queue at every include's lookup.
    if not isinstance(generator.env.cache, dict):
        generator.env.cache = dict(generator.env.cache.items()) if generator.env.cache is not None else {}
    fast_dict_getattr(generator.env)
    generator.env.template_class = PageTemplate
    if generator.env.context_class is Context:  # the preview's recording context is one too
        generator.env.context_class = PageContext
    generator.env.globals["fragment"] = fragment
    generator.env.globals["template_name"] = template_name


def register():
    signals.generator_init.connect(install)
