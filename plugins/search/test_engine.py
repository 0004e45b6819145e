"""Runs the Node unit tests of the browser's search logic (node --test)."""

import subprocess

from plugins.search.node import NODE_DIR


def test_engine_unit_tests_pass_in_node():
    result = subprocess.run(
        ["node", "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", "--test",
         str(NODE_DIR / "engine_test.mjs")],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
