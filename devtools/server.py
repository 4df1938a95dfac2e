"""Start ``streamlit run`` on a free local port and wait until it answers its health check."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from devtools.local import PROJECT_ROOT, free_port, isolated_app
from devtools.replicas import cluster


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path
    audience_dir: Path | None = None  # where an isolated server writes its audience pages


@contextmanager
def streamlit_server(script: str = "dashboard.py", env: dict | None = None, timeout_s: float = 60,
                     warm: bool = False, port: int | None = None, isolated: bool = False):
    """Run ``streamlit run script`` from the project folder; yield a :class:`Server`.

    ``isolated``: from a temporary copy (:func:`isolated_app`) whose ``static/a/`` receives the
    audience pages (``Server.audience_dir``) — what the tests use: nothing is written in the checkout.

    ``warm``: once the server answers, run the script once through Streamlit's script
    health check (``/_stcore/script-health-check``), as a readiness probe would, so that
    imports and data caches are ready before the first visitor. ``port``: a port chosen
    beforehand (e.g. to put the server's own address in ``MMS_PUBLIC_URL``).

    With ``MMS_TEST_PROXY=1`` in the environment (the tests through the proxy), the dashboard
    runs as two replicas behind HAProxy instead (:func:`devtools.replicas.cluster`); ``url`` is
    the proxy's, ``process`` and ``log_path`` the first replica's.
    """
    if os.environ.get("MMS_TEST_PROXY") == "1" and script == "dashboard.py":
        with cluster(2, port=port, env=env, warm=warm, timeout_s=max(timeout_s, 120), isolated=isolated) as running:
            first = running.replicas[0]
            yield Server(running.url, first.process, first.log_path, running.audience_dir)
        return
    with ExitStack() as stack:
        audience_dir = None
        if isolated:
            script, app_env = isolated_app(Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mms-app-"))),
                                           script)
            env, audience_dir = {**(env or {}), **app_env}, Path(app_env["MMS_AUDIENCE_DIR"])
        with _server(script, env, timeout_s, warm, port) as server:
            server.audience_dir = audience_dir
            yield server


@contextmanager
def _server(script: str, env: dict | None, timeout_s: float, warm: bool, port: int | None):
    port = port or free_port()
    log_path = Path(tempfile.gettempdir()) / f"mms-streamlit-{port}.log"
    log = open(log_path, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.scriptHealthCheckEnabled", "true" if warm else "false"],
        cwd=PROJECT_ROOT, env=dict(os.environ, **(env or {})), stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log_path}")
            time.sleep(0.2)
        if warm:
            with urllib.request.urlopen(f"{url}/_stcore/script-health-check", timeout=timeout_s) as response:
                response.read()
        yield Server(url, process, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
