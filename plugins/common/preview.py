"""The editors' preview: build, serve output/, rebuild and reload on every change.

``python -m plugins.common.preview [SETTINGS] [--host H] [--port P]``; ``./dev serve``
calls :func:`serve`. It watches the folders the settings name (content, data,
theme), our plugins and the settings file. A failed rebuild prints every
problem and keeps serving the last good site. The preview skips what only a
host needs: the search index's precompressed ``.gz``/``.br`` copies (seconds of
brotli on every save of a large catalogue; the preview serves the JSON itself).
Its rebuilds are incremental (plugins/common/incremental): after the first
build, only the pages whose sources changed are rendered and moved into
``output/``; the search index follows from a background process. The full
garbage collection a build holds back (plugins/common/build) runs once the
preview has been idle for a few seconds, not while the browser reloads.
"""

import argparse
import sys
from pathlib import Path

from livereload import Server
from tornado.ioloop import IOLoop

from plugins.common.build import DEFAULT_SETTINGS, PROJECT_ROOT, collect_garbage, load_settings, rebuild

IDLE_SECONDS = 3.0  # after a rebuild, before the full garbage collection


def watched_paths(settings_file: Path | str) -> list[str]:
    settings = load_settings(settings_file)
    return [
        settings["PATH"],
        settings["DATA_PATH"],
        settings["THEME"],
        str(PROJECT_ROOT / "plugins"),
        str(Path(settings_file).resolve()),
    ]


def preview_overrides(settings_file: Path | str) -> dict:
    """The settings the preview changes: the site's SEARCH, without compression."""
    search = dict(load_settings(settings_file).get("SEARCH") or {})
    return {"SEARCH": {**search, "compress": False}}


class Rebuilder:
    """The watcher's callback: rebuild, then collect garbage once the preview is idle."""

    def __init__(self, settings_file: Path | str):
        self.settings_file = settings_file
        self.collection = None  # the pending timeout of the IOLoop

    def __call__(self) -> None:
        rebuild(self.settings_file, preview_overrides(self.settings_file), incremental=True, background=True)
        loop = IOLoop.current()
        if self.collection is not None:
            loop.remove_timeout(self.collection)
        self.collection = loop.call_later(IDLE_SECONDS, self._collect)

    def _collect(self) -> None:
        self.collection = None
        collect_garbage()


def serve(settings_file: Path | str = DEFAULT_SETTINGS, host="127.0.0.1", port=8000):
    """Serve until interrupted, at http://HOST:PORT/."""
    rebuild(settings_file, preview_overrides(settings_file), incremental=True, background=True)
    collect_garbage()  # before serving: nothing waits for it yet
    output = Path(load_settings(settings_file)["OUTPUT_PATH"])
    output.mkdir(parents=True, exist_ok=True)
    server = Server()
    rebuilder = Rebuilder(settings_file)
    for path in watched_paths(settings_file):
        server.watch(path, rebuilder, delay=0.3)
    sys.stdout.write(f"Pratinjau: http://{host}:{port}/ (Ctrl+C untuk berhenti)\n")
    server.serve(host=host, port=port, root=str(output), open_url_delay=None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", nargs="?", default=str(DEFAULT_SETTINGS))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    serve(args.settings, args.host, args.port)


if __name__ == "__main__":
    main()
