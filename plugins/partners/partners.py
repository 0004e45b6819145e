"""partners: data/mitra.yaml as ``partners`` in context and the /mitra/ overview.

Articles name partners by id (``partners: [unsri]``); an unknown id is an
error. The overview groups partners by type, in the order of ``TYPES``.
"""

import logging

from pelican import signals
from pelican.generators import Generator

from plugins.common.data import DataError, data_path, load_records
from plugins.common.settings import plugin_settings

logger = logging.getLogger(__name__)

TYPES = {
    "government": "Pemerintah",
    "university": "Perguruan Tinggi",
    "community": "Komunitas",
    "ngo": "Lembaga Swadaya Masyarakat",
    "publisher": "Penerbit",
    "training-body": "Lembaga Pelatihan dan Profesi",
    "media": "Media",
}

DEFAULTS = {
    "file": "mitra.yaml",
    "save_as": "mitra/index.html",
    "url": "mitra/",
}


class PartnersGenerator(Generator):
    """Reads the partner list and writes the overview page."""

    def generate_context(self):
        self.options = plugin_settings(self.settings, "PARTNERS", DEFAULTS)
        path = data_path(self.settings) / self.options["file"]
        try:
            partners = load_records(path)
        except DataError as error:
            logger.error("%s", error)
            partners = []
        by_id = {}
        for partner in partners:
            partner_id = partner.get("id")
            if partner_id in by_id:
                logger.error("%s: id mitra '%s' dipakai dua kali", path, partner_id)
            if partner.get("type") not in TYPES:
                logger.error(
                    "%s: mitra '%s' berjenis '%s'; pilih salah satu: %s",
                    path, partner_id, partner.get("type"), ", ".join(TYPES),
                )
            partner["page_url"] = f"{self.options['url']}#{partner_id}"
            by_id[partner_id] = partner
        self.context["partners"] = partners
        self.context["partners_by_id"] = by_id
        self.context["partner_types"] = TYPES

    def _check_references(self):
        known = self.context["partners_by_id"]
        for article in self.context.get("articles", []):
            for partner_id in getattr(article, "partners", None) or []:
                if partner_id not in known:
                    logger.error(
                        "%s: mitra '%s' tidak ada di %s",
                        article.source_path, partner_id, self.options["file"],
                    )

    def generate_output(self, writer):
        self._check_references()
        groups = [
            (label, [p for p in self.context["partners"] if p.get("type") == key])
            for key, label in TYPES.items()
        ]
        writer.write_file(
            self.options["save_as"],
            self.get_template("partners"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            partner_groups=[(label, items) for label, items in groups if items],
            page_name=self.options["url"],
        )


def get_generators(pelican):
    return PartnersGenerator


def register():
    signals.get_generators.connect(get_generators)
