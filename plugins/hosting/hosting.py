"""hosting: the site's HTTP headers from one table, for every host we serve from.

``header_rules(settings)`` is the one source of truth: a strict
Content-Security-Policy and other security headers for every response, and a
``Cache-Control`` per kind of file (a year, immutable, for the content-hashed
theme folder and the search index's content-named parts; short for HTML and
feeds; checked every time for the search index's head and ``sw.js``). It is
rendered into ``_headers`` (Netlify / Cloudflare Pages) in the output, into an
nginx ``server`` block (:func:`nginx_server`, used by the real-server test and
for a library-run server) and, for GitHub Pages, which cannot send headers, into
a ``<meta http-equiv>`` CSP (``HOSTING["csp_meta"]``, on in publishconf.py).

The build also writes ``.nojekyll`` and makes the links of pages a host serves
at any URL (the 404 page, the offline page) root-relative: with RELATIVE_URLS
their ``./theme/…`` links would break when served for ``/a/b/c``.
"""

import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

from pelican import signals

from plugins.common.settings import plugin_settings

YEAR = "public, max-age=31536000, immutable"
DEFAULTS = {
    "csp": {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self'",
        "font-src": "'self'",
        "connect-src": "'self'",
        "manifest-src": "'self'",
        "worker-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    },
    "headers": {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    },
    # (kind, patterns in _headers syntax, Cache-Control). First match wins; the
    # last rule is the catch-all (HTML). "{static}" is THEME_STATIC_DIR's top folder.
    "cache": [
        ("theme", ["/{static}/*"], YEAR),
        ("service-worker", ["/sw.js"], "no-cache"),
        ("app", ["/manifest.webmanifest", "/ikon/*"], "public, max-age=86400"),
        ("images", ["/images/*"], "public, max-age=604800"),
        # The search index (plugins/search): its head names the current build's parts, so it
        # is checked at every search (a stale one would fetch parts a new build removed); the
        # parts, named by their content, never change.
        ("search-head", ["/cari/indeks.json"], "no-cache"),
        ("search-parts", ["/cari/indeks/*"], YEAR),
        ("feeds", ["/feeds/*", "/sitemap.xml", "/robots.txt", "/*.ics", "/*.json"], "public, max-age=300"),
        ("html", ["/*"], "public, max-age=0, must-revalidate"),
    ],
    "csp_meta": False,
    # Pages served for URLs other than their own: links made root-relative.
    "root_relative": ["404.html"],
}
# Directives a <meta> CSP may not carry (Chromium warns and ignores them).
META_IGNORED = {"frame-ancestors", "report-uri", "sandbox"}
URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|action|data-[a-z-]*url)=")([^"]*)(")')
ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|#|\?)", re.I)


def options(settings) -> dict:
    return plugin_settings(settings, "HOSTING", DEFAULTS)


def content_security_policy(settings, meta: bool = False) -> str:
    csp = options(settings)["csp"]
    return "; ".join(f"{name} {value}" for name, value in csp.items() if not (meta and name in META_IGNORED))


def header_rules(settings) -> list[dict]:
    """Every cache rule with its full header set: [{kind, patterns, headers}]."""
    opts = options(settings)
    static_root = settings.get("THEME_STATIC_DIR", "theme").split("/")[0]
    common = {"Content-Security-Policy": content_security_policy(settings), **opts["headers"]}
    return [
        {
            "kind": kind,
            "patterns": [pattern.format(static=static_root) for pattern in patterns],
            "headers": {**common, "Cache-Control": cache},
        }
        for kind, patterns, cache in opts["cache"]
    ]


def headers_file(settings) -> str:
    """``_headers`` for Netlify and Cloudflare Pages.

    A request matching several rules gets all their headers, and Cloudflare
    joins two values of one header with a comma: so the security headers sit in
    ``/*`` alone and each Cache-Control in one rule; HTML keeps the hosts'
    default (``public, max-age=0, must-revalidate``).
    """
    rules = header_rules(settings)
    common = {name: value for name, value in rules[-1]["headers"].items() if name != "Cache-Control"}
    lines = ["# Dibuat oleh plugins/hosting saat build: jangan diubah di sini.", "/*"]
    lines += [f"  {name}: {value}" for name, value in common.items()]
    for rule in rules[:-1]:
        for pattern in rule["patterns"]:
            lines += [pattern, f"  Cache-Control: {rule['headers']['Cache-Control']}"]
    return "\n".join(lines) + "\n"


def _nginx_location(pattern: str) -> str:
    if "*" not in pattern:
        return f"= {pattern}"
    if pattern.endswith("/*") and pattern.count("*") == 1:
        return f"^~ {pattern[:-1]}"
    if pattern.startswith("/*.") and pattern.count("*") == 1:
        return f"~* {re.escape(pattern[2:])}$"
    raise ValueError(f"pola tidak bisa diterjemahkan untuk nginx: {pattern}")


GZIP_TYPES = (
    "text/css application/javascript text/javascript application/json application/manifest+json "
    "application/xml text/xml application/atom+xml image/svg+xml text/calendar text/plain"
)


def nginx_server(
    settings, root: Path | str, listen: str = "80", mime_types: str = "/etc/nginx/mime.types",
    brotli_static: bool = True,
) -> str:
    """An nginx ``server`` block serving the built site at ``root`` with the header rules.

    Precompressed twins (``.gz``, ``.br`` beside a file, as the search index has)
    are served as they are: ``gzip_static`` is built into Debian's nginx,
    ``brotli_static`` needs ``libnginx-mod-http-brotli-static`` (``load_module``).
    """
    blocks = []
    for rule in header_rules(settings):
        headers = "".join(
            f'    add_header {name} "{value}" always;\n' for name, value in rule["headers"].items()
        )
        for pattern in rule["patterns"]:
            location = "/" if pattern == "/*" else _nginx_location(pattern)
            blocks.append(f"  location {location} {{  # {rule['kind']}\n{headers}"
                          "    try_files $uri $uri/ =404;\n  }\n")
    return (
        "server {\n"
        f"  listen {listen};\n"
        f"  root {root};\n"
        "  index index.html;\n"
        "  absolute_redirect off;\n"
        "  server_tokens off;\n"
        "  charset utf-8;\n"
        "  charset_types text/html text/css application/javascript application/json application/xml text/xml application/atom+xml text/calendar text/plain application/manifest+json;\n"
        f"  include {mime_types};\n"
        "  types { application/manifest+json webmanifest; text/calendar ics; }\n"
        "  gzip on;\n  gzip_static on;\n  gzip_vary on;\n  gzip_min_length 256;\n"
        + ("  brotli_static on;\n" if brotli_static else "")
        +
        f"  gzip_types {GZIP_TYPES};\n"
        "  error_page 404 /404.html;\n"
        + "".join(blocks)
        + "}\n"
    )


def root_relative(html: str, page_url: str, base_path: str) -> str:
    """Rewrite relative href/src/action/data-*-url values as root-relative ones."""

    def fix(match):
        value = match.group(2)
        if not value or ABSOLUTE.match(value):
            return match.group(0)
        return match.group(1) + urljoin(base_path + page_url, value) + match.group(3)

    return URL_ATTRIBUTE.sub(fix, html)


def base_path(settings) -> str:
    return urlparse(settings.get("SITEURL", "")).path.rstrip("/") + "/"


def page_url(save_as: str) -> str:
    return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as


def fix_root_relative(pelican) -> None:
    output = Path(pelican.output_path)
    for save_as in options(pelican.settings)["root_relative"]:
        path = output / save_as
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            path.write_text(root_relative(text, page_url(save_as), base_path(pelican.settings)), encoding="utf-8")


def write_host_files(pelican) -> None:
    output = Path(pelican.output_path)
    (output / "_headers").write_text(headers_file(pelican.settings), encoding="utf-8")
    (output / ".nojekyll").write_text("", encoding="utf-8")
    fix_root_relative(pelican)


def expose_meta_csp(pelican) -> None:
    """Templates get CONTENT_SECURITY_POLICY_META (empty unless HOSTING["csp_meta"])."""
    meta = options(pelican.settings)["csp_meta"]
    pelican.settings["CONTENT_SECURITY_POLICY_META"] = (
        content_security_policy(pelican.settings, meta=True) if meta else ""
    )


def register():
    signals.initialized.connect(expose_meta_csp)
    signals.finalized.connect(write_host_files)


def main(argv: list[str] | None = None) -> int:
    """``python -m plugins.hosting ROOT [LISTEN] [SETTINGS]``: print the nginx server block."""
    from plugins.assets.assets import DEFAULTS as ASSETS
    from plugins.common.build import PROJECT_ROOT, load_settings

    args = sys.argv[1:] if argv is None else argv
    if not args:
        sys.stderr.write(main.__doc__ + "\n")
        return 2
    settings = load_settings(args[2] if len(args) > 2 else PROJECT_ROOT / "publishconf.py")
    settings.setdefault("THEME_STATIC_DIR", ASSETS["prefix"])
    sys.stdout.write(nginx_server(settings, args[0], args[1] if len(args) > 1 else "80"))
    return 0
