"""Production settings: pelicanconf.py with the public address and absolute links."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("PORTAL_SITEURL") or "https://perpustakaan.palembang.go.id"
CANONICAL_SITEURL = SITEURL
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
# GitHub Pages sends no custom headers: the CSP of plugins/hosting also goes
# into every page as <meta http-equiv> (the preview's live reload needs inline script).
HOSTING = {"csp_meta": True}

# ./dev publish: where a checked build goes. folder (a local path), rsync
# (user@host:/path/), gh-pages (a git remote URL or path) or none (check only).
PUBLISH = {
    "method": os.environ.get("PORTAL_PUBLISH_METHOD", "none"),
    "target": os.environ.get("PORTAL_PUBLISH_TARGET", ""),
    "branch": "gh-pages",
}
