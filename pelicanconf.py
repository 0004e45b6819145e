"""Pelican settings for Portal Literasi (preview and development).

Production overrides live in publishconf.py. Paths are relative to this file.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "Perpustakaan Kota Palembang"
SITE_SHORTNAME = "Portal Literasi"
SITE_TAGLINE = "Membuka akses informasi untuk semua warga Palembang"
# The library's logo in the header: put a square image under content/images/ and
# name it here ("images/logo.png"). Empty: the theme's placeholder (partials/logo.svg).
SITE_LOGO = ""
AUTHOR = "Perpustakaan Kota Palembang"
# Absolute address of the site: canonical URLs, feeds, sitemap, JSON-LD. The
# preview's by default; publishconf.py sets the public one. Page links stay
# relative (RELATIVE_URLS), so the built folder works wherever it is served.
SITEURL = os.environ.get("PORTAL_SITEURL", "http://127.0.0.1:8000")
CANONICAL_SITEURL = SITEURL
RELATIVE_URLS = True

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
DATA_PATH = str(ROOT / "data")

TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
DEFAULT_DATE_FORMAT = "%d %B %Y"
LOCALE = ("id_ID.UTF-8", "C.UTF-8", "C")

# "Now" decides which events are upcoming. Tests and reproducible builds fix it
# with PORTAL_NOW=2026-11-25T12:00 (or SOURCE_DATE_EPOCH); unset, it is the clock.
PORTAL_NOW = os.environ.get("PORTAL_NOW") or None

# Sections: one folder each under content/, the folder name is the category
# and the URL: /program/<slug>/, /ulasan/<slug>/, /acara/<slug>/.
ARTICLE_PATHS = ["program", "ulasan", "acara"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
USE_FOLDER_AS_CATEGORY = True
SLUGIFY_SOURCE = "basename"
SECTIONS = ["program", "acara", "ulasan"]  # labels: theme/templates/partials/labels.html

ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
ARTICLE_LANG_URL = "{category}/{slug}/{lang}/"
ARTICLE_LANG_SAVE_AS = "{category}/{slug}/{lang}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{slug}/{lang}/"
PAGE_LANG_SAVE_AS = "{slug}/{lang}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
TAG_URL = "topik/{slug}/"
TAG_SAVE_AS = "topik/{slug}/index.html"
TAGS_URL = "topik/"
TAGS_SAVE_AS = "topik/index.html"
ARCHIVES_SAVE_AS = "arsip/index.html"
DIRECT_TEMPLATES = ["index", "tags", "archives", "404", "cari"]
CARI_SAVE_AS = "cari/index.html"  # the search page; search works in the browser
PAGINATED_TEMPLATES = {  # the home page is not a list: paginated, it was copied to /hal/N/
    "category": None,
    "tag": None,
    "catalogue_list": 24,
    "catalogue_browse": 24,
    "catalogue_section": 24,
    "catalogue_index": 100,
    "reviewer": None,
    "review_topic": None,
}
DEFAULT_PAGINATION = 12
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/hal/{number}/", "{base_name}/hal/{number}/index.html"),
)
INDEX_SAVE_AS = "index.html"
PAGE_404_SAVE_AS = "404.html"

# Drafts (status: draft) are listed by the build and never written.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

# Not used by the portal: no author pages, no category overview, no date archives.
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# Atom feeds: everything, and one per section (program, ulasan, acara).
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/semua.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}

# Order matters: readers first, then our generators and their receivers.
PLUGINS = [
    "plugins.validation",
    "plugins.i18n",
    "plugins.fragments",
    "plugins.common.incremental",
    "pelican.plugins.yaml_metadata",
    "plugins.reading",
    "pelican.plugins.sitemap",
    "plugins.events",
    "plugins.calendar",
    "plugins.catalogue",
    "plugins.partners",
    "plugins.reviews",
    "plugins.images",
    "plugins.assets",
    "plugins.vendor",
    "plugins.search",
    "plugins.seo",
    "plugins.hosting",
    "plugins.offline",
]

SITEMAP = {
    "format": "xml",
    "priorities": {"articles": 0.7, "indexes": 0.5, "pages": 0.6},
    "changefreqs": {"articles": "monthly", "indexes": "daily", "pages": "monthly"},
    "exclude": [r"^404\.html$", r"^luring/"],
}

# Navigation menus are in theme/templates/partials/header.html and footer.html
# (their labels are translated there).
LIBRARY = {
    "address": "Jl. Merdeka No. 1, Talang Semut, Bukit Kecil, Palembang 30135",
    "postal_address": {
        "streetAddress": "Jl. Merdeka No. 1, Talang Semut, Bukit Kecil",
        "addressLocality": "Palembang",
        "addressRegion": "Sumatera Selatan",
        "postalCode": "30135",
        "addressCountry": "ID",
    },
    "phone": "(0711) 350 010",
    "email": "info@perpustakaan.palembang.go.id",
    # As on content/pages/jam-buka.md: (days, opens, closes), for JSON-LD.
    "opening_hours": [
        (["Monday", "Tuesday", "Wednesday", "Thursday"], "08:00", "18:00"),
        (["Friday"], "08:00", "11:30"),
        (["Friday"], "13:30", "18:00"),
        (["Saturday"], "09:00", "16:00"),
        (["Sunday"], "09:00", "14:00"),
    ],
}

# Markdown only: the reStructuredText reader is off (and would warn that
# docutils has no Indonesian localisation).
READERS = {"rst": None}

DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# Templates escape every value; only the HTML Pelican renders from Markdown
# (content, summary) is marked |safe. A "<" or a quote in a title is text.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Dates in templates ({{ article.date|tanggal }}, {{ start|jam }}) come from
# plugins/i18n, in the language of the page.
