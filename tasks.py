"""Portal Literasi tasks. Run through ./dev (it bootstraps .venv): ./dev --list."""

import hashlib
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
OUTPUT = ROOT / "output"
NPM_STAMP = ROOT / "node_modules" / ".portal-installed"


def _lock_digest() -> str:
    return hashlib.sha256((ROOT / "package-lock.json").read_bytes()).hexdigest()


@task
def setup(c):
    """Install the pinned browser libraries (npm ci) when package-lock.json changed."""
    if NPM_STAMP.exists() and NPM_STAMP.read_text() == _lock_digest():
        return
    with c.cd(str(ROOT)):
        # pa11y pulls in puppeteer: never let it download a browser (.puppeteerrc.cjs too).
        c.run("npm ci --no-audit --no-fund --loglevel=error", env={"PUPPETEER_SKIP_DOWNLOAD": "true"})
    NPM_STAMP.write_text(_lock_digest())


@task(pre=[setup])
def build(c, production=False):
    """Build the site strictly into output/ (only replaced when the build succeeds)."""
    from plugins.common.build import exit_now, rebuild

    exit_now(0 if rebuild(PUBLISH_SETTINGS if production else SETTINGS) else 1)


@task(pre=[setup])
def serve(c, port=8000, host="127.0.0.1"):
    """Build, serve output/ at http://127.0.0.1:8000 and rebuild + reload on every change."""
    from plugins.common.preview import serve as preview

    preview(SETTINGS, host=host, port=port)


@task(
    pre=[setup],
    help={
        "method": "folder, rsync, gh-pages or none (default: PORTAL_PUBLISH_METHOD, else none)",
        "target": "folder, rsync destination or git remote (default: PORTAL_PUBLISH_TARGET)",
    },
)
def publish(c, method="", target=""):
    """Build with publishconf.py, run every check, and deploy only if all pass."""
    from plugins.common.build import exit_now
    from plugins.common.publish import main

    exit_now(main(method or None, target or None))


@task
def check(c, lang=""):
    """Check all content and data without rendering: every problem, sorted by file."""
    from plugins.validation.validation import main

    sys.exit(main([str(SETTINGS), *(["--lang", lang] if lang else [])]))


@task(help={"kind": "programme, review, event or page", "title": "the title, in quotes"})
def new(c, kind, title):
    """Write a new pre-filled draft: ./dev new event "Bedah Buku Laut Bercerita"."""
    from plugins.common.build import load_settings
    from plugins.common.scaffold import new_file

    try:
        path = new_file(kind, title, load_settings(SETTINGS))
    except ValueError:
        sys.exit(f"Jenis tidak dikenal: {kind}. Pilih: programme, review, event, page.")
    except FileExistsError as error:
        sys.exit(f"Berkas sudah ada, tidak ditimpa: {error}")
    print(f"Berkas baru: {path.relative_to(ROOT)} (draf; lihat langkah berikutnya di dalamnya)")  # noqa: T201


@task
def i18n(c):
    """Extract the theme's interface strings and update theme/translations/en (then translate)."""
    pybabel = Path(sys.executable).with_name("pybabel")
    template = ROOT / "theme" / "translations" / "messages.pot"
    catalogue = ROOT / "theme" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
    with c.cd(str(ROOT)):
        c.run(f"{pybabel} extract -F babel.cfg --no-location --sort-output -o {template} .")
        action = "update" if catalogue.exists() else "init"
        c.run(f"{pybabel} {action} -i {template} -d theme/translations -l en")
    template.unlink()


@task
def docs(c):
    """Regenerate docs/referensi-isian.md from the schemas (a test checks it is current)."""
    from plugins.common.build import load_settings
    from plugins.common.schema_docs import render_reference

    (ROOT / "docs" / "referensi-isian.md").write_text(
        render_reference(load_settings(SETTINGS)), encoding="utf-8"
    )


@task
def clean(c):
    """Remove output/ and the staging and scratch folders a crashed build left behind."""
    for path in [OUTPUT, *ROOT.glob("output.staging-*"), *ROOT.glob("output.previous-*"), *ROOT.glob(".deferred-*")]:
        shutil.rmtree(path, ignore_errors=True)


@task(pre=[setup])
def test(c, k="", x=False):
    """Run the whole test suite (plugin unit tests and site tests)."""
    args = ["-q"]
    if k:
        args += ["-k", k]
    if x:
        args.append("-x")
    with c.cd(str(ROOT)):
        c.run(f"{sys.executable} -m pytest {' '.join(args)}", pty=False)
