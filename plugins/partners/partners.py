"""partners: data/mitra.yaml as ``partners`` in context, a page per partner and the overview.

Articles name partners by id (``partners: [unsri]``; the validation plugin
checks them). Each partner gets a page (``mitra/<id>/``) listing the programmes
(section ``program``) and the events (section ``acara``, upcoming and past
relative to the build's "now") that name it. The overview (``mitra/``) groups
partners by type, in the order and with the labels of the partner schema's
``type`` field (translated to the site's language, the language of these
pages, by plugins/i18n), with each partner's count of programmes and events.

The articles are grouped once, in ``generate_context``: the events plugin
(listed before this one in ``PLUGINS``) has by then given each event its
``event_end`` and put ``build_now`` in the context.
"""

from dataclasses import dataclass, field

from pelican import signals
from pelican.generators import Generator

from plugins.common.data import data_path, load_records
from plugins.common.dates import build_now
from plugins.common.incremental import TrackedIndex
from plugins.common.settings import plugin_settings
from plugins.i18n.i18n import schema_labels

DEFAULTS = {
    "file": "mitra.yaml",
    "save_as": "mitra/index.html",
    "url": "mitra/",
    "page_url": "mitra/{id}/",
    "page_save_as": "mitra/{id}/index.html",
    "programme_category": "program",
    "event_category": "acara",
}


@dataclass
class Activity:
    """What one partner does with the library: programmes and events naming it."""

    programmes: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)  # soonest first
    past: list = field(default_factory=list)  # latest first

    @property
    def events(self) -> list:
        return self.upcoming + self.past

    def __bool__(self) -> bool:
        return bool(self.programmes or self.upcoming or self.past)


def partner_ids(article) -> list[str]:
    """The partner ids an article names, once each, in its order.

    YAML front matter gives a list; a Pelican ``Partners: a, b`` header gives text.
    """
    value = getattr(article, "partners", None) or []
    if isinstance(value, str):
        value = value.split(",")
    return list(dict.fromkeys(str(item).strip() for item in value if str(item).strip()))


def partner_activity(articles, partner_ids_known, options, now) -> dict[str, Activity]:
    """Each known partner's :class:`Activity`, from one pass over ``articles``."""
    activity = {partner_id: Activity() for partner_id in partner_ids_known}
    programme_category, event_category = options["programme_category"], options["event_category"]
    for article in articles:
        category = article.category.slug
        if category not in (programme_category, event_category):
            continue
        for partner_id in partner_ids(article):
            entry = activity.get(partner_id)
            if entry is None:
                continue  # the validation plugin reports unknown ids
            if category == programme_category:
                entry.programmes.append(article)
            elif article.event_end >= now:
                entry.upcoming.append(article)
            else:
                entry.past.append(article)
    for entry in activity.values():
        entry.upcoming.sort(key=lambda a: a.event_start)
        entry.past.sort(key=lambda a: a.event_start, reverse=True)
    return activity


class PartnersGenerator(Generator):
    """Reads the partner list, groups the articles naming partners, writes the pages."""

    def generate_context(self):
        self.options = plugin_settings(self.settings, "PARTNERS", DEFAULTS)
        path = data_path(self.settings) / self.options["file"]
        partners = load_records(path) if path.exists() else []
        for partner in partners:
            partner["page_url"] = self.options["page_url"].format(id=partner["id"])
            partner["save_as"] = self.options["page_save_as"].format(id=partner["id"])
        now = self.context.get("build_now") or build_now(self.settings)
        self.activity = partner_activity(
            self.context.get("articles", []), [p["id"] for p in partners], self.options, now
        )
        self.context["partners"] = partners
        # Lookup tables: a page that looks one partner up depends on that entry only.
        self.context["partners_by_id"] = TrackedIndex("partners_by_id", {p["id"]: p for p in partners})
        self.context["partner_activity"] = TrackedIndex("partner_activity", self.activity)
        self.context["partners_url"] = self.options["url"]
        self.context["partner_type_labels"] = schema_labels("partner", "type", self.settings["DEFAULT_LANG"])

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        type_labels = self.context["partner_type_labels"]
        partner_template = self.get_template("partner")
        by_type = {key: [] for key in type_labels}
        for partner in self.context["partners"]:
            by_type.setdefault(partner["type"], []).append(partner)
            activity = self.activity[partner["id"]]
            writer.write_file(
                partner["save_as"],
                partner_template,
                self.context,
                relative_urls=relative,
                partner=partner,
                type_label=type_labels.get(partner["type"], partner["type"]),
                programmes=activity.programmes,
                upcoming_events=activity.upcoming,
                past_events=activity.past,
                page_name=partner["page_url"],
            )
        writer.write_file(
            self.options["save_as"],
            self.get_template("partners"),
            self.context,
            relative_urls=relative,
            partner_groups=[(type_labels[key], by_type[key]) for key in type_labels if by_type[key]],
            page_name=self.options["url"],
        )


def generated_urls(settings):
    """The URL folder this plugin writes (the checker keeps content out of it)."""
    return [plugin_settings(settings, "PARTNERS", DEFAULTS)["url"]]


def get_generators(pelican):
    return PartnersGenerator


def register():
    signals.get_generators.connect(get_generators)
