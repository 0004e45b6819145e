"""events: start and end of each event in WIB, and upcoming/past lists.

Events are the articles of the ``acara`` section. After the articles are read,
each gets ``event_start`` and ``event_end`` (aware datetimes, WIB) and the
context gets ``events_upcoming`` (soonest first), ``events_past`` (latest
first) and ``events_by_programme``, all relative to the build's "now".
"""

from collections import defaultdict

from pelican import signals

from plugins.common.dates import build_now, to_datetime
from plugins.common.schemas import labels
from plugins.common.settings import plugin_settings

DEFAULTS = {"category": "acara", "programme_category": "program"}


def _timing(article, settings):
    """(start, end) of an event; the validation plugin has checked both."""
    start = to_datetime(article.start, settings)
    end = getattr(article, "end", None)
    return start, (to_datetime(end, settings) if end is not None else start)


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
    generator.context.update(
        build_now=now,
        events_upcoming=upcoming,
        events_past=past,
        events_by_programme=dict(by_programme),
        programmes_by_slug=programmes,
        accessibility_labels=labels("event", "accessibility"),
    )


def register():
    signals.article_generator_finalized.connect(attach_event_times)
