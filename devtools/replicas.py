"""N ``streamlit run`` replicas behind HAProxy, on this machine, with one command.

    python -m devtools.replicas --replicas 2 --port 8501

starts N Streamlit processes of ``dashboard.py`` on free local ports, writes the HAProxy
configuration from ``deploy/haproxy/haproxy.cfg.j2`` (cookie affinity, websockets, health
checks on ``/_stcore/health``), runs HAProxy in the foreground on ``--port`` and stops all of
them on Ctrl-C. The replicas share the data folder (``MMS_DATA_DIR``, default the shipped
``mms_data/``): its ledger is SQLite in WAL mode, read by all and written by one at a time.

    python -m devtools.replicas --write-config deploy/haproxy/compose.cfg \\
        --backend app1=app1:8501 --backend app2=app2:8501 --resolver 127.0.0.11:53 --bind :8080

only writes a configuration (the one ``deploy/compose.yaml`` mounts) and exits.

The tests and the load test use :func:`cluster`; ``MMS_TEST_PROXY=1`` makes
:func:`devtools.server.streamlit_server` start a cluster of two instead of one process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from devtools.local import PROJECT_ROOT, free_port, isolated_app

TEMPLATE = PROJECT_ROOT / "deploy" / "haproxy" / "haproxy.cfg.j2"
#: The cookie HAProxy sets to keep a browser on its replica.
AFFINITY_COOKIE = "MMS_REPLICA"


@dataclass(frozen=True)
class Backend:
    """One replica as HAProxy sees it: ``name`` (also the cookie's value) and ``host:port``."""

    name: str
    address: str


@dataclass(frozen=True)
class Resolvers:
    """A DNS server HAProxy asks again for the replicas' addresses (Docker: ``127.0.0.11:53``)."""

    address: str
    name: str = "docker"


def normalise_base_path(base_path: str | None) -> str:
    """Streamlit's ``server.baseUrlPath`` as a URL prefix: ``"mms/"``, ``"/mms"`` → ``"/mms"``;
    empty or ``"/"`` → ``""``. Raises ValueError on characters that have no place in a path."""
    path = (base_path or "").strip().strip("/")
    if not path:
        return ""
    if any(c in path for c in " ?#%\\\"'<>\n\r\t") or ".." in path.split("/"):
        raise ValueError(f"not a usable URL path: {base_path!r}")
    return "/" + path


def render_config(backends: list[Backend], bind: str, base_path: str = "", stats_socket: str | None = None,
                  resolvers: Resolvers | None = None, check_interval: str = "2s", log_level: str = "notice") -> str:
    """The HAProxy configuration for ``backends`` listening on ``bind`` (``127.0.0.1:8501``,
    ``:8080``), health-checking ``<base_path>/_stcore/health`` every ``check_interval``."""
    if not backends:
        raise ValueError("at least one backend")
    names = [b.name for b in backends]
    if len(set(names)) != len(names) or not all(n.replace("_", "").replace("-", "").isalnum() for n in names):
        raise ValueError(f"backend names must be unique and alphanumeric: {names}")
    environment = Environment(loader=FileSystemLoader(str(TEMPLATE.parent)), undefined=StrictUndefined,
                              keep_trailing_newline=True, autoescape=False)
    text = environment.get_template(TEMPLATE.name).render(
        backends=backends, bind=bind, base_path=normalise_base_path(base_path), stats_socket=stats_socket,
        resolvers=resolvers, check_interval=check_interval, log_level=log_level)
    return text if text.endswith("\n") else text + "\n"


def haproxy_binary() -> str | None:
    return shutil.which("haproxy") or next((p for p in ("/usr/sbin/haproxy",) if Path(p).is_file()), None)


def check_config(path: Path) -> subprocess.CompletedProcess:
    """``haproxy -c -f path``: HAProxy's own check of a configuration (returncode 0: valid)."""
    binary = haproxy_binary()
    if binary is None:
        raise FileNotFoundError("haproxy not found (Debian: apt-get install -y haproxy)")
    return subprocess.run([binary, "-c", "-f", str(path)], capture_output=True, text=True, timeout=30)


@dataclass
class Replica:
    name: str
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    """Running replicas and their proxy; ``url`` is the proxy's address (with the base path)."""

    url: str
    replicas: list[Replica]
    haproxy: subprocess.Popen
    config_path: Path
    stats_socket: Path
    log_path: Path
    base_path: str = ""
    killed: list[str] = field(default_factory=list)
    audience_dir: Path | None = None  # an isolated cluster's audience pages (shared by its replicas)

    def replica(self, name: str) -> Replica:
        return next(r for r in self.replicas if r.name == name)

    def kill(self, name: str) -> None:
        """Kill replica ``name`` at once (SIGKILL: a crash, no goodbye to its sessions)."""
        replica = self.replica(name)
        replica.process.kill()
        replica.process.wait(timeout=10)
        self.killed.append(name)

    def server_states(self) -> dict[str, str]:
        """Each replica's state as HAProxy sees it now: ``UP``, ``DOWN``, ``MAINT`` …"""
        answer = stats_command(self.stats_socket, "show stat")
        states = {}
        for line in answer.splitlines():
            cells = line.split(",")
            if len(cells) > 17 and cells[0] == "streamlit" and cells[1] not in ("BACKEND", "FRONTEND"):
                states[cells[1]] = cells[17].split(" ")[0]
        return states

    def wait_for_states(self, expected: dict[str, str], timeout_s: float = 60) -> dict[str, str]:
        """Wait until HAProxy reports ``expected`` (name → ``UP``/``DOWN``); raise TimeoutError."""
        deadline = time.monotonic() + timeout_s
        while True:
            states = self.server_states()
            if all(states.get(name) == state for name, state in expected.items()):
                return states
            if time.monotonic() > deadline:
                raise TimeoutError(f"HAProxy reports {states}, expected {expected}")
            time.sleep(0.2)


def stats_command(path: Path, command: str) -> str:
    """Send one command to HAProxy's stats socket and return its answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(5)
        client.connect(str(path))
        client.sendall(command.encode() + b"\n")
        chunks = []
        while chunk := client.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def _wait_healthy(url: str, process: subprocess.Popen, log_path: Path, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not become healthy; see {log_path}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def cluster(replicas: int = 2, port: int | None = None, env: dict | None = None, base_path: str = "",
            warm: bool = False, timeout_s: float = 120, script: str = "dashboard.py", quiet: bool = True,
            host: str = "127.0.0.1", isolated: bool = False):
    """Start ``replicas`` × ``streamlit run script`` and HAProxy in front on ``port`` (default a
    free one); yield a :class:`Cluster`; stop everything on the way out.

    ``host``: the proxy's listening address (``0.0.0.0`` for phones in the hall; the replicas
    always listen on 127.0.0.1 only). ``env`` is added to every replica's environment (``MMS_DATA_DIR`` …); ``base_path`` is
    given to each replica as ``STREAMLIT_SERVER_BASE_URL_PATH``; ``warm`` runs the script once in
    each replica through ``/_stcore/script-health-check`` before the proxy starts. ``isolated``: the
    replicas run from one temporary copy of the app (:func:`devtools.local.isolated_app`) and share its
    ``static/a/`` for the audience pages (``Cluster.audience_dir``), as a deployment's replicas share a volume.
    """
    binary = haproxy_binary()
    if binary is None:
        raise FileNotFoundError("haproxy not found (Debian: apt-get install -y haproxy)")
    prefix = normalise_base_path(base_path)
    workdir = Path(tempfile.mkdtemp(prefix="mms-replicas-"))
    audience_dir = None
    if isolated:
        script, app_env = isolated_app(workdir / "app", script)
        env, audience_dir = {**(env or {}), **app_env}, Path(app_env["MMS_AUDIENCE_DIR"])
    try:
        with _cluster(workdir, binary, replicas, port, env, prefix, warm, timeout_s, script, quiet, host) as running:
            running.audience_dir = audience_dir
            yield running
    except KeyboardInterrupt:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    except BaseException:
        print(f"replicas' and HAProxy's logs kept in {workdir}", file=sys.stderr)
        raise
    shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def _cluster(workdir: Path, binary: str, replicas: int, port: int | None, env: dict | None, prefix: str, warm: bool,
             timeout_s: float, script: str, quiet: bool, host: str):
    port = port or free_port()
    deadline = time.monotonic() + timeout_s
    with ExitStack() as stack:
        started: list[Replica] = []
        for index in range(1, replicas + 1):
            replica_port = free_port()
            log_path = workdir / f"replica{index}.log"
            log = stack.enter_context(open(log_path, "w"))
            replica_env = dict(os.environ, **(env or {}))
            replica_env.pop("MMS_TEST_PROXY", None)
            if prefix:
                replica_env["STREAMLIT_SERVER_BASE_URL_PATH"] = prefix.strip("/")
            process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(replica_port),
                 "--server.address", "127.0.0.1", "--server.headless", "true",
                 "--browser.gatherUsageStats", "false", "--server.scriptHealthCheckEnabled",
                 "true" if warm else "false"],
                cwd=PROJECT_ROOT, env=replica_env, stdout=log, stderr=subprocess.STDOUT)
            replica = Replica(f"r{index}", replica_port, process, log_path)
            stack.callback(_stop, process)
            started.append(replica)
        for replica in started:
            _wait_healthy(replica.url + prefix, replica.process, replica.log_path, deadline)
            if warm:
                with urllib.request.urlopen(f"{replica.url}{prefix}/_stcore/script-health-check",
                                            timeout=timeout_s) as response:
                    response.read()
        config_path = workdir / "haproxy.cfg"
        stats_socket = workdir / "haproxy.sock"
        config_path.write_text(render_config(
            [Backend(r.name, f"127.0.0.1:{r.port}") for r in started], bind=f"{host}:{port}", base_path=prefix,
            stats_socket=str(stats_socket), check_interval="1s", log_level="warning" if quiet else "info"))
        haproxy_log_path = workdir / "haproxy.log"
        haproxy_log = stack.enter_context(open(haproxy_log_path, "w"))
        haproxy = subprocess.Popen([binary, "-db", "-f", str(config_path)], stdout=haproxy_log,
                                   stderr=subprocess.STDOUT)
        stack.callback(_stop, haproxy)
        local = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        result = Cluster(f"http://{local}:{port}{prefix}", started, haproxy, config_path, stats_socket,
                         haproxy_log_path, prefix)
        _wait_healthy(result.url, haproxy, haproxy_log_path, deadline)
        while not stats_socket.exists():
            if time.monotonic() > deadline or haproxy.poll() is not None:
                raise RuntimeError(f"HAProxy did not start; see {haproxy_log_path}")
            time.sleep(0.1)
        result.wait_for_states({r.name: "UP" for r in started}, timeout_s=max(5.0, deadline - time.monotonic()))
        yield result


def _interrupt(*_):
    raise KeyboardInterrupt


def _parse_backend(text: str) -> Backend:
    name, _, address = text.partition("=")
    if not name or not address:
        raise argparse.ArgumentTypeError(f"expected NAME=HOST:PORT, got {text!r}")
    return Backend(name, address)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.replicas", description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="number of Streamlit processes (default 2)")
    parser.add_argument("--port", type=int, default=8501, help="the proxy's port (default 8501)")
    parser.add_argument("--host", default="127.0.0.1", help="the proxy's address (0.0.0.0: the whole network)")
    parser.add_argument("--base-path", default=os.environ.get("STREAMLIT_SERVER_BASE_URL_PATH", ""),
                        help="URL path prefix (Streamlit's server.baseUrlPath), e.g. mms")
    parser.add_argument("--data-dir", help="the data folder all replicas share (MMS_DATA_DIR)")
    parser.add_argument("--warm", action="store_true", help="run the script once in each replica before serving")
    parser.add_argument("--write-config", type=Path, help="only write an HAProxy configuration to this file")
    parser.add_argument("--backend", action="append", type=_parse_backend, default=[],
                        help="with --write-config: NAME=HOST:PORT (repeat)")
    parser.add_argument("--bind", default=":8080", help="with --write-config: the proxy's bind address")
    parser.add_argument("--resolver", help="with --write-config: DNS server for the backends (Docker: 127.0.0.11:53)")
    args = parser.parse_args(argv)

    if args.write_config:
        if not args.backend:
            parser.error("--write-config needs at least one --backend NAME=HOST:PORT")
        text = render_config(args.backend, bind=args.bind, base_path=args.base_path,
                             resolvers=Resolvers(args.resolver) if args.resolver else None)
        args.write_config.write_text(text, encoding="utf-8")
        print(f"wrote {args.write_config}")
        return 0
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    try:
        normalise_base_path(args.base_path)
    except ValueError as error:
        parser.error(str(error))
    env = {}
    if args.data_dir:
        if not Path(args.data_dir).is_dir():
            parser.error(f"--data-dir: not a folder: {args.data_dir}")
        env["MMS_DATA_DIR"] = str(Path(args.data_dir).resolve())
    # Ctrl-C and a plain kill stop everything, also when started in the background (where a shell
    # leaves SIGINT ignored and Python would never raise KeyboardInterrupt).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with cluster(args.replicas, port=args.port, env=env, base_path=args.base_path, warm=args.warm,
                     quiet=False, host=args.host) as running:
            for replica in running.replicas:
                print(f"replica {replica.name}: {replica.url}{running.base_path} (log {replica.log_path})")
            print(f"HAProxy: {running.url}/ (config {running.config_path}, log {running.log_path})")
            print("Ctrl-C stops all.", flush=True)
            while running.haproxy.poll() is None:
                time.sleep(1)
            print("HAProxy stopped; stopping the replicas.", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("stopped.")
        return 0
    except (FileNotFoundError, RuntimeError, TimeoutError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
