"""events: start and end of each event in WIB, and upcoming/past lists.

Events are the articles of the ``acara`` section. After the articles are read,
each gets ``event_start`` and ``event_end`` (aware datetimes, WIB) and the
context gets ``events_upcoming`` (soonest first), ``events_past`` (latest
first) and ``events_by_programme``, all relative to the build's "now".
"""

import logging
from collections import defaultdict

from pelican import signals

from plugins.common.dates import build_now, to_datetime
from plugins.common.settings import plugin_settings

logger = logging.getLogger(__name__)

DEFAULTS = {"category": "acara", "programme_category": "program"}


def _timing(article, settings):
    """Return (start, end) of an event article, logging what is wrong."""
    raw_start = getattr(article, "start", None)
    if raw_start is None:
        logger.error("%s: acara tanpa 'start' (waktu mulai)", article.source_path)
        return None
    try:
        start = to_datetime(raw_start, settings)
        raw_end = getattr(article, "end", None)
        end = to_datetime(raw_end, settings) if raw_end is not None else start
    except (ValueError, OverflowError) as error:
        logger.error("%s: waktu acara tidak valid: %s", article.source_path, error)
        return None
    if end < start:
        logger.error("%s: 'end' lebih awal dari 'start'", article.source_path)
        return None
    return start, end


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
        timing = _timing(article, settings)
        if timing is None:
            continue
        article.event_start, article.event_end = timing
        (upcoming if article.event_end >= now else past).append(article)
        programme = getattr(article, "programme", None)
        if programme and programme not in programmes:
            logger.error(
                "%s: program '%s' tidak ada di content/%s/",
                article.source_path, programme, options["programme_category"],
            )
        elif programme:
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
    )


def register():
    signals.article_generator_finalized.connect(attach_event_times)
