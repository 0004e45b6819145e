"""Serve a built site with Debian's nginx and our header rules, on loopback (tests).

nginx runs in the foreground (``daemon off``) with a throw-away prefix, so no
root, no system configuration and no leftover process: the context manager
stops it (by its own process id) on exit.
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from plugins.hosting.hosting import nginx_server

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_STATIC = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")  # libnginx-mod-http-brotli-static


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_conf(settings: Mapping[str, Any], root: Path, prefix: Path, port: int) -> str:
    temp = "".join(
        f"  {name}_temp_path {prefix}/{name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    if not BROTLI_STATIC.exists():
        raise RuntimeError(f"{BROTLI_STATIC} tidak ada: apt-get install -y libnginx-mod-http-brotli-static (lihat .ci/run)")
    server = nginx_server(settings, root.resolve(), f"127.0.0.1:{port}")
    # As root (CI containers) workers would switch to "nobody", who cannot read a
    # private temp folder: keep them as the user running the test.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    return (
        f"load_module {BROTLI_STATIC};\n"
        + user
        + "worker_processes 1;\n"
        f"pid {prefix}/nginx.pid;\n"
        f"error_log {prefix}/error.log warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "  access_log off;\n"
        "  default_type application/octet-stream;\n"
        f"{temp}"
        + "".join(f"  {line}\n" for line in server.splitlines())
        + "}\n"
    )


@contextmanager
def serve_with_nginx(root: Path, settings: Mapping[str, Any]) -> Iterator[str]:
    """Serve ``root`` with nginx on a free loopback port; yield its base URL."""
    if not Path(NGINX).exists():
        raise RuntimeError("nginx tidak ada: apt-get install -y nginx (lihat .ci/run)")
    with tempfile.TemporaryDirectory(prefix="portal-nginx-") as folder:
        prefix = Path(folder)
        port = _free_port()
        (prefix / "nginx.conf").write_text(nginx_conf(settings, Path(root), prefix, port), encoding="utf-8")
        process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 15
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"nginx berhenti: {process.stdout.read().decode(errors='replace')}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)
            process.stdout.close()
