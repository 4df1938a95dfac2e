"""Replicas behind HAProxy (devtools.replicas): the configuration, checked by HAProxy itself; and a
live cluster of two ``streamlit run`` on one data folder: cookie affinity (not the client's
address), a session's downloads only on its own replica, a new import seen by both without a
restart, a killed replica's users served by the other.

Without HAProxy (Debian: ``apt-get install -y haproxy``) the live tests skip, unless
``MMS_REQUIRE_PROXY=1`` (CI), where they fail.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devtools.local import PROJECT_ROOT, free_port
from devtools.replicas import (
    AFFINITY_COOKIE,
    Backend,
    Resolvers,
    check_config,
    cluster,
    haproxy_binary,
    normalise_base_path,
    render_config,
)
from devtools.stream_client import CookieJar, ProtocolError, StreamSession, http_get, run_coroutine
from mms_core.text.i18n import t
from tests.helpers import make_ledger_dir

EXAMPLE = PROJECT_ROOT / "docs" / "przyklad_lista_beneficjentow.csv"  # 4 grants of edition 2025


@pytest.fixture(scope="module")
def haproxy():
    binary = haproxy_binary()
    if binary is None:
        message = "haproxy not found (apt-get install -y haproxy)"
        if os.environ.get("MMS_REQUIRE_PROXY") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return binary


def test_base_path_normalised():
    assert normalise_base_path(None) == ""
    assert normalise_base_path("/") == ""
    assert normalise_base_path("mms/") == "/mms"
    assert normalise_base_path("/niw/mms") == "/niw/mms"
    for bad in ("a b", "x?y", "../etc", "a#b", 'a"b'):
        with pytest.raises(ValueError):
            normalise_base_path(bad)


def test_config_has_cookie_affinity_websockets_and_health_checks():
    text = render_config([Backend("r1", "127.0.0.1:9001"), Backend("r2", "127.0.0.1:9002")],
                         bind="127.0.0.1:8501", base_path="mms")
    lines = [line.strip() for line in text.splitlines()]
    assert f"cookie {AFFINITY_COOKIE} insert indirect nocache httponly attr \"SameSite=Lax\"" in lines
    assert "server r1 127.0.0.1:9001 check cookie r1" in lines
    assert "server r2 127.0.0.1:9002 check cookie r2" in lines
    assert "option httpchk GET /mms/_stcore/health" in lines
    assert "http-check expect string ok" in lines
    assert "timeout check 5s" in lines  # a busy replica is slow, not dead
    assert "default-server inter 2s fall 3 rise 2" in lines
    assert "option redispatch" in lines
    assert "timeout tunnel 8h" in lines  # an open tab's websocket
    assert "balance source" not in lines and not any(line.startswith("hash-type") for line in lines)
    assert "bind 127.0.0.1:8501" in lines


@pytest.mark.parametrize("args, message", [
    (["--replicas", "0"], "at least 1"),
    (["--base-path", "../x"], "not a usable URL path"),
    (["--data-dir", "/no/such/folder"], "not a folder"),
    (["--write-config", "x.cfg"], "--backend"),
])
def test_the_command_refuses_bad_arguments_with_a_message(args, message):
    result = subprocess.run([sys.executable, "-m", "devtools.replicas", *args], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_config_refuses_bad_backends():
    with pytest.raises(ValueError):
        render_config([], bind=":8080")
    with pytest.raises(ValueError):
        render_config([Backend("r1", "a:1"), Backend("r1", "b:1")], bind=":8080")
    with pytest.raises(ValueError):
        render_config([Backend("r 1", "a:1")], bind=":8080")


def test_configs_are_valid_for_haproxy(haproxy, tmp_path):
    for name, text in {
        "local": render_config([Backend("r1", "127.0.0.1:9001")], bind="127.0.0.1:8501",
                               stats_socket=str(tmp_path / "s.sock")),
        "compose": render_config([Backend("app1", "app1:8501"), Backend("app2", "app2:8501")], bind=":8080",
                                 resolvers=Resolvers("127.0.0.11:53")),
    }.items():
        path = tmp_path / f"{name}.cfg"
        path.write_text(text)
        checked = check_config(path)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_checked_in_compose_config_is_the_rendered_one(haproxy):
    """deploy/haproxy/compose.cfg is made by the command in deploy/README (never edited by hand)."""
    expected = render_config([Backend("app1", "app1:8501"), Backend("app2", "app2:8501")], bind=":8080",
                             resolvers=Resolvers("127.0.0.11:53"))
    checked_in = PROJECT_ROOT / "deploy" / "haproxy" / "compose.cfg"
    assert checked_in.read_text(encoding="utf-8") == expected
    result = check_config(checked_in)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def running(haproxy, tmp_path_factory):
    data_dir = make_ledger_dir(tmp_path_factory.mktemp("replicas") / "data")
    with cluster(2, env={"MMS_DATA_DIR": str(data_dir)}, isolated=True) as running:
        running.data_dir = data_dir
        yield running


def on_replica(running, name: str, query: str = "edition=2025") -> StreamSession:
    """A session whose browser already holds the affinity cookie of replica ``name``."""
    session = StreamSession(running.url, query)
    session.jar.values[AFFINITY_COOKIE] = name
    return session


def current_sessions(running) -> dict[str, int]:
    """HAProxy's count of open connections (websockets) per replica."""
    from devtools.replicas import stats_command

    counts = {}
    for line in stats_command(running.stats_socket, "show stat").splitlines():
        cells = line.split(",")
        if len(cells) > 4 and cells[0] == "streamlit" and cells[1].startswith("r"):
            counts[cells[1]] = int(cells[4] or 0)
    return counts


def wait_for_sessions(running, expected: dict[str, int], timeout_s: float = 30) -> None:
    """Wait until HAProxy counts ``expected`` open connections per replica (a page load's own
    connection may linger a moment after its answer)."""
    deadline = time.monotonic() + timeout_s
    while (counts := current_sessions(running)) != expected:
        assert time.monotonic() < deadline, counts
        time.sleep(0.1)


def test_a_new_browser_gets_a_cookie_and_keeps_its_replica(running):
    jar = CookieJar()
    status, body, _ = http_get(running.url + "/", jar)
    assert status == 200 and b"<html" in body.lower()
    first = jar.values[AFFINITY_COOKIE]
    assert first in {"r1", "r2"}
    for _ in range(5):
        http_get(running.url + "/", jar)
        assert jar.values[AFFINITY_COOKIE] == first


def test_both_replicas_serve_and_read_the_same_published_state(running):
    label = t("headline_grants", "pl")

    async def scenario():
        sessions = [on_replica(running, "r1"), on_replica(running, "r2")]
        try:
            for session in sessions:
                await session.open()
            wait_for_sessions(running, {"r1": 1, "r2": 1})  # one websocket on each
            before = [s.state.metrics[label] for s in sessions]
            assert before[0] == before[1] and before[0] != "4"
            # an administrator imports an official list (the single writer), nothing restarts
            imported = subprocess.run(
                [sys.executable, "-m", "mms_core", "import", str(EXAMPLE), "--source", "Wyniki NIW-CRSO 2025",
                 "--data-dir", str(running.data_dir)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
            assert imported.returncode == 0, imported.stdout + imported.stderr
            for session in sessions:  # the next run of each session, on either replica, shows it
                await session.rerun({"f_priority": session.state.widgets["f_priority"].options[0]})
            return before, [s.state.metrics[label] for s in sessions]
        finally:
            for session in sessions:
                await session.close()

    before, after = run_coroutine(scenario())
    assert after == ["4", "4"], (before, after)  # the 4 grants of the example; the sample is off for 2025


def test_a_download_needs_its_own_replica(running):
    """The CSV of a session lives in its replica's memory: the cookie must bring the browser back."""
    async def scenario():
        # filters no other test uses: the CSV's content (and so its media URL) exists on r2 only
        session = on_replica(running, "r2", "edition=2026&org_type=fundacja&priority=P3")
        try:
            await session.open()
            own = await session.download("download_summary_csv")
            session.jar.values[AFFINITY_COOKIE] = "r1"  # what a proxy without affinity might do
            with pytest.raises(ProtocolError, match="HTTP 404"):
                await session.download("download_summary_csv")
            return own
        finally:
            await session.close()

    assert run_coroutine(scenario()).startswith("\ufeffteryt,".encode())


def test_a_killed_replicas_users_are_served_by_the_other(haproxy, tmp_path):
    data_dir = make_ledger_dir(tmp_path / "data")
    with cluster(2, env={"MMS_DATA_DIR": str(data_dir)}, isolated=True) as running:
        async def scenario():
            session = on_replica(running, "r1")
            await session.open()
            running.kill("r1")  # a crash: no health check has noticed yet
            with pytest.raises(Exception):  # noqa: B017 - the socket dies with the replica (ConnectionClosed)
                await session.rerun({"f_edition": "2026"})
            await session.close()
            reload = StreamSession(running.url, "edition=2025")
            reload.jar.values.update(session.jar.values)  # the same browser, its cookie still says r1
            try:
                await reload.open()  # the next load: sent to r2 at once (option redispatch)
                assert reload.jar.values[AFFINITY_COOKIE] == "r2"
                await reload.rerun({"f_edition": "2026"})
                return reload.state.query_string
            finally:
                await reload.close()

        assert "edition=2026" in run_coroutine(scenario())
        assert running.wait_for_states({"r1": "DOWN", "r2": "UP"})  # and out of rotation


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc: field 4 of ``stat`` is the parent)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == str(pid):
            found.append(int(stat.parent.name))
    return found


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_the_command_stops_everything_it_started(haproxy, tmp_path, stop):
    """``python -m devtools.replicas`` in the background (SIGINT ignored by the shell, as here):
    Ctrl-C or a kill stops HAProxy and every replica."""
    data_dir = make_ledger_dir(tmp_path / "data")
    port = free_port()
    command = subprocess.Popen([sys.executable, "-m", "devtools.replicas", "--replicas", "2", "--port", str(port),
                                "--data-dir", str(data_dir)], cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        lines = []
        for line in command.stdout:  # until it says it serves
            lines.append(line)
            if "Ctrl-C" in line:
                break
        assert any("HAProxy" in line for line in lines), lines
        children = children_of(command.pid)
        assert len(children) == 3  # two replicas and HAProxy
        command.send_signal(stop)
        assert command.wait(timeout=60) == 0
        for pid in children:
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
    finally:
        if command.poll() is None:
            command.kill()
