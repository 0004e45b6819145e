"""``invoke publish``: build for production, check everything, and only then deploy.

The site is built with publishconf.py into a fresh temporary folder; every
check in :data:`plugins.common.checks.CHECKS` runs over it; only when all pass
is it deployed, by one of:

- ``folder``: a local folder, replaced whole by a rename (never half-written);
- ``rsync``: ``rsync -a --delete --delay-updates`` to a local or remote target;
- ``gh-pages``: a commit on the ``gh-pages`` branch of a git remote (ghp-import),
  keeping that branch's history;
- ``none``: build and check only.

Method and target come from the ``PUBLISH`` setting (publishconf.py), which
reads ``PORTAL_PUBLISH_METHOD`` and ``PORTAL_PUBLISH_TARGET``; ``./dev publish
--method … --target …`` overrides both. A failure publishes nothing and says
which check failed on which file.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plugins.common.build import PROJECT_ROOT, BuildFailed, build, load_settings
from plugins.common.checks import CHECKS, Check, Problem, run_checks

PUBLISH_SETTINGS = PROJECT_ROOT / "publishconf.py"
METHODS = ("folder", "rsync", "gh-pages", "none")


@dataclass
class PublishFailed(Exception):
    """Nothing was deployed: the build, a check or the deployment failed."""

    reason: str
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"Penerbitan dibatalkan: {self.reason}. Tidak ada yang diterbitkan."]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


@dataclass
class Published:
    method: str
    target: str
    pages: int


def _deploy_folder(site: Path, target: str) -> None:
    final = Path(target).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = final.with_name(f"{final.name}.baru")
    previous = final.with_name(f"{final.name}.lama")
    for leftover in (staging, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(site, staging)
    if final.exists():
        final.rename(previous)
    staging.rename(final)
    shutil.rmtree(previous, ignore_errors=True)


def _deploy_rsync(site: Path, target: str) -> None:
    subprocess.run(
        ["rsync", "-a", "--delete", "--delay-updates", f"{site}/", target], check=True, capture_output=True, text=True
    )


def _deploy_gh_pages(site: Path, target: str, branch: str, message: str) -> None:
    """Commit ``site`` as the new tip of ``branch`` on the remote ``target`` (URL or path)."""
    ghp_import = Path(sys.executable).with_name("ghp-import")
    with tempfile.TemporaryDirectory(prefix="portal-ghp-") as folder:
        def git(*args, check=True):
            return subprocess.run(["git", *args], cwd=folder, check=check, capture_output=True, text=True)

        git("init", "-q")
        git("remote", "add", "origin", target)
        # Start from the remote branch, if any, so its history is kept (no force push).
        git("fetch", "-q", "origin", f"{branch}:{branch}", check=False)
        subprocess.run(
            [str(ghp_import), "--no-jekyll", "--push", "--remote", "origin", "--branch", branch,
             "--message", message, str(site)],
            cwd=folder, check=True, capture_output=True, text=True,
            env={"GIT_AUTHOR_NAME": "Portal Literasi", "GIT_AUTHOR_EMAIL": "portal@localhost",
                 "GIT_COMMITTER_NAME": "Portal Literasi", "GIT_COMMITTER_EMAIL": "portal@localhost",
                 **os.environ},
        )


def deploy(site: Path, method: str, target: str, options: Mapping[str, Any]) -> None:
    if method == "none":
        return
    if not target:
        raise PublishFailed(f"tujuan penerbitan kosong untuk cara '{method}' (PORTAL_PUBLISH_TARGET)")
    try:
        if method == "folder":
            _deploy_folder(site, target)
        elif method == "rsync":
            _deploy_rsync(site, target)
        elif method == "gh-pages":
            _deploy_gh_pages(site, target, options.get("branch", "gh-pages"), options.get("message", "Terbitkan situs"))
        else:
            raise PublishFailed(f"cara penerbitan tidak dikenal: '{method}' (pilih: {', '.join(METHODS)})")
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        raise PublishFailed(f"pengiriman ({method}) ke {target} gagal", [detail.strip()]) from error


def publish(
    settings_file: Path | str = PUBLISH_SETTINGS,
    overrides: Mapping[str, Any] | None = None,
    method: str | None = None,
    target: str | None = None,
    checks: Iterable[Check] = CHECKS,
) -> Published:
    """Build into a fresh folder, run every check, then deploy. Raises PublishFailed."""
    settings = load_settings(settings_file, overrides)
    options = {"method": "none", "target": "", "branch": "gh-pages", **(settings.get("PUBLISH") or {})}
    method = method or options["method"]
    target = target if target is not None else options["target"]
    if method not in METHODS:
        raise PublishFailed(f"cara penerbitan tidak dikenal: '{method}' (pilih: {', '.join(METHODS)})")
    with tempfile.TemporaryDirectory(prefix="portal-terbit-") as folder:
        try:
            result = build(settings_file, {**(overrides or {}), "OUTPUT_PATH": str(Path(folder) / "situs")})
        except BuildFailed as failure:
            raise PublishFailed("build gagal", failure.problems) from failure
        problems: list[Problem] = run_checks(result.output, settings, checks)
        if problems:
            failed = sorted({problem.check for problem in problems})
            raise PublishFailed(
                f"{len(problems)} masalah dari pemeriksaan {', '.join(failed)}",
                [problem.format() for problem in problems],
            )
        deploy(result.output, method, target, options)
        return Published(method, target, result.pages)


def main(method: str | None = None, target: str | None = None, settings_file: Path | str = PUBLISH_SETTINGS) -> int:
    """Publish and report on the console. 0 on success, 1 on any failure."""
    try:
        done = publish(settings_file, method=method or None, target=target)
    except PublishFailed as failure:
        sys.stderr.write(f"{failure}\n")
        return 1
    where = "tidak dikirim (hanya build dan pemeriksaan)" if done.method == "none" else f"ke {done.target} ({done.method})"
    sys.stdout.write(f"Semua pemeriksaan lolos; {done.pages} halaman HTML diterbitkan {where}.\n")
    return 0
