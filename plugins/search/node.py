"""Run a Node script of the search plugin with JSON in and JSON out (tests, bench)."""

import json
import subprocess
from pathlib import Path

NODE_DIR = Path(__file__).resolve().parent / "node"


def run_node(script: str, payload, timeout: float = 300):
    """Run ``plugins/search/node/<script>`` with ``payload`` as JSON on stdin."""
    result = subprocess.run(
        ["node", "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", str(NODE_DIR / script)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"node {script} failed:\n{result.stderr}")
    return json.loads(result.stdout)
