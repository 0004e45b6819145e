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

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from plugins.common import incremental
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


def install(generator) -> None:
    # Templates do not change during a build (Pelican makes a new environment for
    # each), so Jinja need not stat the file at every include, import and extends.
    generator.env.auto_reload = False
    fast_dict_getattr(generator.env)
    generator.env.globals["fragment"] = fragment
    generator.env.globals["template_name"] = template_name


def register():
    signals.generator_init.connect(install)
