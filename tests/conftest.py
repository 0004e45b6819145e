"""Site-level fixtures: the sample portal built once per test session."""

import pytest

from plugins.common.build import DEFAULT_SETTINGS, build
from plugins.common.testing import TEST_NOW, Site


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Site:
    """The repository's own content and data, built by the CLI's code path."""
    output = tmp_path_factory.mktemp("sample") / "output"
    result = build(DEFAULT_SETTINGS, {"OUTPUT_PATH": str(output), "PORTAL_NOW": TEST_NOW})
    return Site(result.output)


@pytest.fixture(scope="session")
def sample_url(sample_site):
    """Base URL of the built sample portal, served over HTTP on loopback."""
    from plugins.common.browser import serve_directory

    with serve_directory(sample_site.output) as url:
        yield url
