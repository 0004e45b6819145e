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


def rankings(payload_path: Path, queries: list[str]) -> tuple[list, list]:
    """(lunr.py, lunr.js) rankings as (ref, score to 6 places) per query, for one built index."""
    from plugins.search.engine import query
    from plugins.search.search import read_index

    _, index, _ = read_index(payload_path.parent, payload_path.name)
    answers = run_node("query_index.mjs", {"payload": str(payload_path), "queries": queries})
    python = [[(r["ref"], round(r["score"], 6)) for r in query(index, text)] for text in queries]
    node = [[(r["ref"], round(r["score"], 6)) for r in answer["results"]] for answer in answers]
    return python, node
