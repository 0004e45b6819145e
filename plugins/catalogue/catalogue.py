"""catalogue: a page per record in data/katalog/*.yaml, and the A–Z title list.

Records are plain dicts from YAML; the generator adds ``page_url`` and
``save_as`` (``katalog/<id>/``). The context gets ``catalogue`` (sorted by
title) and ``catalogue_by_id``; each record page lists the reviews (articles
with ``book: <id>``) of its book.
"""

from collections import defaultdict

from pelican import signals
from pelican.generators import Generator

from plugins.common.data import data_path, load_records
from plugins.common.schemas import labels
from plugins.common.settings import plugin_settings

DEFAULTS = {
    "folder": "katalog",
    "url": "katalog/{id}/",
    "save_as": "katalog/{id}/index.html",
    "list_save_as": "katalog/index.html",
    "list_url": "katalog/",
    "review_category": "ulasan",
}


def load_catalogue(settings):
    """All records of the catalogue folder, sorted by title (validated before)."""
    options = plugin_settings(settings, "CATALOGUE", DEFAULTS)
    records = []
    for path in sorted((data_path(settings) / options["folder"]).glob("*.yaml")):
        for record in load_records(path):
            record["page_url"] = options["url"].format(id=record["id"])
            record["save_as"] = options["save_as"].format(id=record["id"])
            records.append(record)
    records.sort(key=lambda r: (r["title"].casefold(), r["id"]))
    return records


class CatalogueGenerator(Generator):
    """Reads the catalogue data and writes its pages."""

    def generate_context(self):
        self.options = plugin_settings(self.settings, "CATALOGUE", DEFAULTS)
        self.records = load_catalogue(self.settings)
        self.context["catalogue"] = self.records
        self.context["catalogue_by_id"] = {r["id"]: r for r in self.records}
        self.context["catalogue_url"] = self.options["list_url"]
        self.context["format_labels"] = labels("catalogue", "formats")

    def _reviews_by_book(self):
        reviews = defaultdict(list)
        for article in self.context.get("articles", []):
            if article.category.slug == self.options["review_category"]:
                reviews[article.book].append(article)
        return reviews

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        reviews = self._reviews_by_book()
        record_template = self.get_template("catalogue_record")
        for record in self.records:
            writer.write_file(
                record["save_as"],
                record_template,
                self.context,
                relative_urls=relative,
                record=record,
                reviews=reviews.get(record["id"], []),
                page_name=record["page_url"],
            )
        writer.write_file(
            self.options["list_save_as"],
            self.get_template("catalogue_list"),
            self.context,
            relative_urls=relative,
            paginated={"records": self.records},
            template_name="catalogue_list",
            url=self.options["list_url"],
            records=self.records,
            page_name=self.options["list_url"],
        )


def get_generators(pelican):
    return CatalogueGenerator


def register():
    signals.get_generators.connect(get_generators)
