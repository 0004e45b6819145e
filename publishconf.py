"""Production settings: pelicanconf.py plus absolute URLs and feeds."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("PORTAL_SITEURL", "https://perpustakaan.palembang.go.id")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/semua.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
