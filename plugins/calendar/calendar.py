"""calendar: an iCalendar (.ics, RFC 5545) file per event and a feed of upcoming events.

Each event article (one with ``event_start`` from the events plugin) gets
``acara/<slug>/acara.ics`` beside its page, and ``acara/kalender.ics`` holds
every upcoming event relative to the build's "now". Times are written in the
site's time zone (``TZID=Asia/Jakarta``) with its VTIMEZONE; DTSTAMP is the
build's "now", so a build with a fixed ``PORTAL_NOW`` or ``SOURCE_DATE_EPOCH``
is byte-for-byte reproducible. Templates get ``article.calendar_url`` and
``calendar_feed_url`` (both relative to ``SITEURL``).

A translation of an event gets its own file beside its page
(``acara/<slug>/en/acara.ics``: title, summary and venue in its language, its
URL) with the original's UID, since it is the same event: a calendar that
imports both keeps one event. The feed lists originals only.
"""

import datetime as dt
import logging
import os
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from plugins.common import incremental
from plugins.common.dates import build_now, site_timezone
from plugins.common.settings import plugin_settings
from plugins.i18n.i18n import N_, translate

logger = logging.getLogger(__name__)

DEFAULTS = {
    "domain": "perpustakaan.palembang.go.id",
    "event_file": "acara.ics",
    "feed_save_as": "acara/kalender.ics",
    "prodid": "-//Perpustakaan Kota Palembang//Portal Literasi//ID",
    "name": N_("Acara Perpustakaan Kota Palembang"),  # in the file's language (plugins/i18n)
}

# add_missing_timezones() describes the zone over this span; it is widened to
# cover the latest event, and fixed otherwise so that output is reproducible.
TIMEZONE_SPAN = (dt.date(1970, 1, 1), dt.date(2038, 1, 1))


def plain_text(html):
    """Text of an HTML fragment (Pelican's summary): no tags, entities decoded."""
    return Markup(html or "").striptags()


def absolute_siteurl(settings):
    """SITEURL when it is absolute (publishconf.py), else None."""
    siteurl = settings.get("SITEURL") or ""
    if urlsplit(siteurl).scheme in ("http", "https"):
        return siteurl.rstrip("/")
    return None


def location(venue):
    """The venue as "name, address" (a mapping from the front matter)."""
    if not venue:
        return None
    parts = [venue.get("name"), venue.get("address")]
    return ", ".join(part.strip() for part in parts if part and part.strip()) or None


def event_component(article, options, now, zone, siteurl):
    """The VEVENT of one event article."""
    event = Event()
    event.add("uid", f"{article.slug}@{options['domain']}")  # a translation shares its original's slug: one UID
    event.add("dtstamp", now.astimezone(dt.UTC))
    start = article.event_start.astimezone(zone)
    end = article.event_end.astimezone(zone)
    event.add("dtstart", start)
    # RFC 5545: DTEND must be later than DTSTART; without it the event ends at DTSTART.
    if end > start:
        event.add("dtend", end)
    event.add("summary", plain_text(article.title))
    description = plain_text(getattr(article, "summary", ""))
    if description:
        event.add("description", description)
    place = location(getattr(article, "venue", None))
    if place:
        event.add("location", place)
    if siteurl:
        event.add("url", f"{siteurl}/{article.url}")
    tags = [str(tag) for tag in getattr(article, "tags", None) or []]
    if tags:
        event.add("categories", tags)
    return event


def make_calendar(events, options, now, zone, siteurl, lang="id"):
    """A VCALENDAR of ``events``, sorted by start then slug, as bytes (CRLF lines);
    its name in ``lang``."""
    calendar = Calendar()
    calendar.add("prodid", options["prodid"])
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", translate(options["name"], lang))
    calendar.add("x-wr-timezone", zone.key)
    ordered = sorted(events, key=lambda a: (a.event_start, a.slug))
    if ordered:  # the VTIMEZONE comes before the events that refer to it
        first, last = TIMEZONE_SPAN
        latest = max(a.event_end for a in ordered).date()
        calendar.add_component(vtimezone(zone.key, first, max(last, dt.date(latest.year + 1, 1, 1))))
    for article in ordered:
        calendar.add_component(event_component(article, options, now, zone, siteurl))
    return calendar.to_ical()


@lru_cache(maxsize=8)
def vtimezone(key: str, first: dt.date, last: dt.date) -> Timezone:
    """The VTIMEZONE of ``key`` over [first, last]: computed once, shared by every file."""
    return Timezone.from_tzinfo(ZoneInfo(key), tzid=key, first_date=first, last_date=last)


class CalendarGenerator(Generator):
    """Writes the .ics file of each event and the feed of upcoming events."""

    def generate_context(self):
        self.options = plugin_settings(self.settings, "CALENDAR", DEFAULTS)
        articles = self.context.get("articles", [])
        self.events = [a for a in articles if hasattr(a, "event_start")]
        self.events += self.context.get("event_translations", [])
        for article in self.events:
            article.calendar_url = f"{article.url}{self.options['event_file']}"
        self.context["calendar_feed_url"] = self.options["feed_save_as"]

    def _write(self, relative_path, data):
        path = os.path.join(self.output_path, *relative_path.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)

    def generate_output(self, writer):
        now = build_now(self.settings)
        zone = site_timezone(self.settings)
        siteurl = absolute_siteurl(self.settings)
        for article in self.events:
            if not incremental.unchanged_file(article.calendar_url, article, self.options, now, zone.key, siteurl):
                self._write(
                    article.calendar_url,
                    make_calendar([article], self.options, now, zone, siteurl, article.lang),
                )
        upcoming = self.context.get("events_upcoming", [])
        if not incremental.unchanged_file(self.options["feed_save_as"], upcoming, self.options, now, zone.key, siteurl):
            self._write(
                self.options["feed_save_as"],
                make_calendar(upcoming, self.options, now, zone, siteurl, self.settings["DEFAULT_LANG"]),
            )
        logger.info(
            "calendar: %d event files, %d upcoming in %s",
            len(self.events), len(upcoming), self.options["feed_save_as"],
        )


def get_generators(pelican):
    return CalendarGenerator


def register():
    signals.get_generators.connect(get_generators)
