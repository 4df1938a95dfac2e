"""What the dev tools share about this checkout and this machine: the project folder, a free local port, and a
place to run the app from without writing into the checkout."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_app(root: Path, script: str = "dashboard.py") -> tuple[str, dict[str, str]]:
    """A place to run the app from whose ``static/`` is its own, so that a test server never writes
    into the checkout: ``root`` gets links to ``script`` and ``pages/``, a copy of ``static/`` (the
    favicon, Leaflet, the boundaries: about 6 MB) and an empty ``static/a/`` for the audience pages.
    (Streamlit serves the ``static/`` beside the script it runs and refuses a link out of it.)
    Returns the script's path in ``root`` and the environment to run it with: ``MMS_AUDIENCE_DIR``
    (that ``static/a/``) and ``PYTHONPATH`` (the project's packages)."""
    root.mkdir(parents=True, exist_ok=True)
    name = Path(script).name
    (root / name).symlink_to(PROJECT_ROOT / script)
    (root / "pages").symlink_to(PROJECT_ROOT / "pages")
    static = PROJECT_ROOT / "static"
    shutil.copytree(static, root / "static", ignore=lambda folder, names: ["a"] if Path(folder) == static else [])
    audience = root / "static" / "a"
    audience.mkdir()
    python_path = os.pathsep.join(filter(None, (str(PROJECT_ROOT), os.environ.get("PYTHONPATH"))))
    return str(root / name), {"MMS_AUDIENCE_DIR": str(audience), "PYTHONPATH": python_path}


def process_memory_mb(pid: int) -> dict[str, float] | None:
    """A process's resident memory now and at its peak, in MB (``rss_mb``, ``peak_rss_mb``; Linux ``/proc``),
    or None when there is no such process (or no ``/proc``)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = {line.split(":")[0]: line.split()[1] for line in status.splitlines() if line.startswith("Vm")}
    return {"rss_mb": round(int(fields["VmRSS"]) / 1024, 1), "peak_rss_mb": round(int(fields["VmHWM"]) / 1024, 1)}
