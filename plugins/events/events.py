"""events: start and end of each event in WIB, and upcoming/past lists.

Events are the articles of the ``acara`` section. After the articles are read,
each gets ``event_start`` and ``event_end`` (aware datetimes, WIB) and the
context gets ``events_upcoming`` (soonest first), ``events_past`` (latest
first) and ``events_by_programme``, all relative to the build's "now".

A translation of an event (``lang: en``, the original's slug) is the same
event: it takes the fields the event schema lists in ``x-from-original``
(times, venue, registration, accessibility, partners, programme) from its
original when it leaves them out (the checker lets it, and checks that times it
does give are the original's), and gets the original's ``event_start`` and
``event_end``. Translations are not listed again: the lists hold originals, and
``event_translations`` holds the translations (for their calendar files).
"""

from collections import defaultdict

from pelican import signals

from plugins.common.dates import build_now, to_datetime
from plugins.common.incremental import TrackedIndex
from plugins.common.schemas import labels, load_schemas
from plugins.common.settings import plugin_settings

DEFAULTS = {"category": "acara", "programme_category": "program"}


def _timing(article, settings):
    """(start, end) of an event; the validation plugin has checked both."""
    start = to_datetime(article.start, settings)
    end = getattr(article, "end", None)
    return start, (to_datetime(end, settings) if end is not None else start)


def _from_original(translation, original, fields) -> None:
    """Give ``translation`` the ``fields`` of ``original`` it leaves out (attributes and
    metadata: templates read the one, JSON-LD the other)."""
    for name in fields:
        if name not in translation.metadata and name in original.metadata:
            translation.metadata[name] = original.metadata[name]
            setattr(translation, name, getattr(original, name))


def attach_translations(generator, category: str) -> list:
    """The translations of events, each completed from its original; returned in slug order."""
    fields = load_schemas()["event"].get("x-from-original", [])
    originals = {id(a) for a in generator.articles}
    events = []
    for translation in generator.translations:
        if translation.category.slug != category:
            continue
        original = next((a for a in translation.translations if id(a) in originals), None)
        if original is not None and hasattr(original, "event_start"):
            _from_original(translation, original, fields)
            translation.event_start, translation.event_end = original.event_start, original.event_end
        elif hasattr(translation, "start"):  # paired with an article that is no event
            translation.event_start, translation.event_end = _timing(translation, generator.settings)
        else:
            continue
        events.append(translation)
    return sorted(events, key=lambda a: (a.slug, a.lang))


def attach_event_times(generator):
    """Give each event its times and put the upcoming and past lists in context."""
    settings = generator.settings
    options = plugin_settings(settings, "EVENTS", DEFAULTS)
    now = build_now(settings)
    upcoming, past = [], []
    by_programme = defaultdict(list)
    programmes = {
        a.slug: a
        for a in generator.articles
        if a.category.slug == options["programme_category"]
    }
    for article in generator.articles:
        if article.category.slug != options["category"]:
            continue
        article.event_start, article.event_end = _timing(article, settings)
        (upcoming if article.event_end >= now else past).append(article)
        programme = getattr(article, "programme", None)
        if programme:
            by_programme[programme].append(article)
    upcoming.sort(key=lambda a: a.event_start)
    past.sort(key=lambda a: a.event_start, reverse=True)
    for events in by_programme.values():
        events.sort(key=lambda a: a.event_start)
    translations = attach_translations(generator, options["category"])
    generator.context.update(
        build_now=now,
        events_upcoming=upcoming,
        events_past=past,
        # Lookup tables: a page that looks one key up depends on that entry only
        # (incremental rebuilds), not on every programme or event.
        events_by_programme=TrackedIndex("events_by_programme", by_programme),
        programmes_by_slug=TrackedIndex("programmes_by_slug", programmes),
        event_translations=translations,
        accessibility_labels=labels("event", "accessibility"),
    )


def register():
    signals.article_generator_finalized.connect(attach_event_times)
