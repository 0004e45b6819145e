import pytest

from plugins.common.build import BuildFailed


def test_pinned_libraries_are_copied_into_the_site(build_site, tmp_path):
    site = build_site(tmp_path, {})
    static_dir = site.page("/").find("link", rel="stylesheet")["href"].rsplit("/css/", 1)[0]
    assert (site.output / static_dir / "vendor/lunr.min.js").stat().st_size > 10_000


def test_a_missing_npm_install_fails_the_build_with_the_fix(build_site, tmp_path):
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, {}, VENDOR={"node_modules": str(tmp_path / "kosong")})
    assert any("./dev setup" in p for p in failure.value.problems)
