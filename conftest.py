"""Shared pytest setup: the build_site fixture for plugin and site tests."""

pytest_plugins = ["plugins.common.testing", "plugins.common.browser"]
