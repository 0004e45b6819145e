"""Render benchmark: CPU seconds of the catalogue pages, rendered again and again.

    python bench/render_bench.py [--articles 300] [--records 5000] [--repeat 3] [--workdir D]

Builds a synthetic project (bench/synth.py, made once per size in the workdir)
strictly with one render worker, then renders the catalogue's pages ``--repeat``
more times into scratch folders with fresh stores (fragments, list entries), as
a new build would. Prints, per run, the user and system CPU seconds of the
catalogue pages phase: user time is rendering (Jinja, Pelican's writer); system
time is mostly the kernel creating folders and files, and varies with the disk
and with other processes writing. Only figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))


def _cpu() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=BENCH / ".work" / "render")
    args = parser.parse_args(argv)

    from pelican import signals
    from build_bench import Trash
    from pelican.writers import Writer
    from synth import generate

    import plugins.catalogue.catalogue as catalogue
    from plugins.common.build import DEFAULT_SETTINGS, build
    from plugins.common.testing import project_overrides

    workdir = args.workdir.resolve()
    project = workdir / f"project-{args.articles}-{args.records}-{args.seed}"
    if not (project / "data").is_dir():
        generate(project, args.articles, args.records, args.seed)
    runs: list[tuple[str, float, float, int]] = []
    trash = Trash(workdir)  # scratch folders are deleted at the end, not between runs (see Trash)
    original = catalogue.CatalogueGenerator.generate_output

    def measured(generator, writer):
        written = len(writer._written_files)
        user, system = _cpu()
        original(generator, writer)
        after = _cpu()
        runs.append(("in the build", after[0] - user, after[1] - system, len(writer._written_files) - written))
        send = signals.content_written.send
        signals.content_written.send = lambda *args, **kwargs: None  # the sitemap keeps the build's
        try:
            for number in range(args.repeat):
                scratch = workdir / "scratch"
                trash.discard(scratch)
                for key in [key for key in generator.env.globals if key.endswith("_store")]:
                    del generator.env.globals[key]
                again = Writer(str(scratch), generator.settings)
                user, system = _cpu()
                original(generator, again)
                after = _cpu()
                runs.append((f"again #{number + 1}", after[0] - user, after[1] - system, len(again._written_files)))
        finally:
            signals.content_written.send = send

    overrides = project_overrides(
        project,
        OUTPUT_PATH=str(workdir / "output"),
        CACHE_PATH=str(workdir / "cache"),
        CATALOGUE={"workers": 1},
    )
    trash.discard(workdir / "output")  # else the build deletes it while the runs below write
    catalogue.CatalogueGenerator.generate_output = measured
    try:
        build(DEFAULT_SETTINGS, overrides)
    finally:
        catalogue.CatalogueGenerator.generate_output = original
        trash.discard(workdir / "scratch")
        trash.empty()
    lines = [f"catalogue pages, {args.articles} articles + {args.records} records, one worker:",
             f"{'run':<14}{'pages':>7}{'user s':>9}{'system s':>10}{'user ms/page':>14}"]
    for label, user, system, pages in runs:
        lines.append(f"{label:<14}{pages:>7}{user:>9.2f}{system:>10.2f}{1000 * user / max(pages, 1):>14.3f}")
    best = min(user for _, user, _, _ in runs[1:]) if runs[1:] else runs[0][1]
    lines.append(f"best user CPU: {best:.2f} s")
    print("\n".join(lines))  # noqa: T201 - CLI report
    return 0


if __name__ == "__main__":
    sys.exit(main())
