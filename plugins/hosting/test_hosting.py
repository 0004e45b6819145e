"""hosting: one header table rendered for _headers and nginx; 404 links root-relative."""

import pytest

from plugins.common.build import load_settings
from plugins.hosting.hosting import (
    _nginx_location,
    content_security_policy,
    header_rules,
    headers_file,
    nginx_server,
    root_relative,
)


@pytest.fixture(scope="module")
def settings():
    return load_settings()


def test_every_rule_has_the_csp_and_one_cache_control(settings):
    rules = header_rules(settings)
    assert rules[0]["patterns"] == ["/theme/*"]
    assert rules[0]["headers"]["Cache-Control"] == "public, max-age=31536000, immutable"
    assert rules[-1]["patterns"] == ["/*"]
    assert "max-age=0" in rules[-1]["headers"]["Cache-Control"]
    for rule in rules:
        assert "'unsafe-inline'" not in rule["headers"]["Content-Security-Policy"]
        assert rule["headers"]["Content-Security-Policy"].startswith("default-src 'self'")


def test_headers_file_sets_each_header_once_per_path(settings):
    text = headers_file(settings)
    assert text.count("Content-Security-Policy:") == 1
    assert "/theme/*\n  Cache-Control: public, max-age=31536000, immutable" in text
    assert "/sw.js\n  Cache-Control: no-cache" in text


def test_meta_csp_leaves_out_what_a_meta_element_cannot_carry(settings):
    assert "frame-ancestors" in content_security_policy(settings)
    assert "frame-ancestors" not in content_security_policy(settings, meta=True)


def test_patterns_become_nginx_locations():
    assert _nginx_location("/sw.js") == "= /sw.js"
    assert _nginx_location("/theme/*") == "^~ /theme/"
    assert _nginx_location("/*.ics") == "~* \\.ics$"
    with pytest.raises(ValueError):
        _nginx_location("/a/*/b")


def test_nginx_server_block_has_every_rule(settings):
    text = nginx_server(settings, "/srv/situs", "8080")
    assert "listen 8080;" in text and "root /srv/situs;" in text
    assert "location ^~ /theme/ {" in text and "location / {" in text
    assert "error_page 404 /404.html;" in text


def test_root_relative_rewrites_only_relative_links():
    html = (
        '<link href="./theme/a/main.css"><a href="../katalog/">k</a><a href="#isi">s</a>'
        '<a href="https://contoh.id/">x</a><a href="mailto:a@b.id">m</a><img src="ikon/a.png">'
        '<div data-sw-url="./sw.js"></div>'
    )
    out = root_relative(html, "luring/", "/")
    assert 'href="/luring/theme/a/main.css"' in out
    assert 'href="/katalog/"' in out and 'src="/luring/ikon/a.png"' in out
    assert 'href="#isi"' in out and 'href="https://contoh.id/"' in out and 'href="mailto:a@b.id"' in out
    assert 'data-sw-url="/luring/sw.js"' in out
    assert 'href="/portal/theme/x.css"' in root_relative('<a href="./theme/x.css">', "", "/portal/")

