"""partners: data/mitra.yaml as ``partners`` in context and the /mitra/ overview.

Articles name partners by id (``partners: [unsri]``; the validation plugin
checks them). The overview groups partners by type, in the order and with the
labels of the partner schema's ``type`` field.
"""

from pelican import signals
from pelican.generators import Generator

from plugins.common.data import data_path, load_records
from plugins.common.schemas import labels
from plugins.common.settings import plugin_settings

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
        partners = load_records(path) if path.exists() else []
        for partner in partners:
            partner["page_url"] = f"{self.options['url']}#{partner['id']}"
        self.context["partners"] = partners
        self.context["partners_by_id"] = {p["id"]: p for p in partners}

    def generate_output(self, writer):
        groups = [
            (label, [p for p in self.context["partners"] if p["type"] == key])
            for key, label in labels("partner", "type").items()
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
