"""catalogue: a page per record in data/katalog/*.yaml, and the A–Z title list.

Records are plain dicts from YAML; the generator adds ``page_url`` and
``save_as`` (``katalog/<id>/``). The context gets ``catalogue`` (sorted by
title) and ``catalogue_by_id``; each record page lists the reviews (articles
with ``book: <id>``) of its book.
"""

import logging
from collections import defaultdict

from pelican import signals
from pelican.generators import Generator

from plugins.common.data import DataError, data_path, load_records
from plugins.common.settings import plugin_settings

logger = logging.getLogger(__name__)

DEFAULTS = {
    "folder": "katalog",
    "url": "katalog/{id}/",
    "save_as": "katalog/{id}/index.html",
    "list_save_as": "katalog/index.html",
    "list_url": "katalog/",
    "review_category": "ulasan",
}


def load_catalogue(settings):
    """All records of the catalogue folder, sorted by title; problems are logged."""
    options = plugin_settings(settings, "CATALOGUE", DEFAULTS)
    folder = data_path(settings) / options["folder"]
    records, seen = [], {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            loaded = load_records(path)
        except DataError as error:
            logger.error("%s", error)
            continue
        for record in loaded:
            record_id = str(record.get("id", "")).strip()
            if not record_id:
                logger.error("%s: entri katalog tanpa 'id' (%r)", path, record.get("title"))
                continue
            if record_id in seen:
                logger.error(
                    "%s: id katalog '%s' sudah dipakai di %s", path, record_id, seen[record_id]
                )
                continue
            seen[record_id] = path
            record["id"] = record_id
            record["source_path"] = str(path)
            record["page_url"] = options["url"].format(id=record_id)
            record["save_as"] = options["save_as"].format(id=record_id)
            records.append(record)
    records.sort(key=lambda r: (str(r.get("title", "")).casefold(), r["id"]))
    return records


class CatalogueGenerator(Generator):
    """Reads the catalogue data and writes its pages."""

    def generate_context(self):
        self.options = plugin_settings(self.settings, "CATALOGUE", DEFAULTS)
        self.records = load_catalogue(self.settings)
        self.context["catalogue"] = self.records
        self.context["catalogue_by_id"] = {r["id"]: r for r in self.records}
        self.context["catalogue_url"] = self.options["list_url"]

    def _reviews_by_book(self):
        reviews = defaultdict(list)
        known = self.context["catalogue_by_id"]
        for article in self.context.get("articles", []):
            if article.category.slug != self.options["review_category"]:
                continue
            book = getattr(article, "book", None)
            if book not in known:
                logger.error(
                    "%s: 'book: %s' tidak ada di katalog", article.source_path, book
                )
                continue
            reviews[book].append(article)
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
