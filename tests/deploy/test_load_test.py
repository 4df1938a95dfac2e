"""The load test (bench/load_test.py): its statistics and choices by hand, and a short run
against a real ``streamlit run`` that fails if no rerun completes."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys

import pytest

from bench.load_test import CHANGEABLE, CSV_HEADER, CSV_KEY, START_QUERY, next_change, percentile, rss_mb, run
from devtools.local import PROJECT_ROOT
from devtools.stream_client import StreamSession, Widget, run_coroutine
from tests.conftest import streamlit_server


def test_percentile_by_hand():
    assert percentile([], 95) is None
    assert percentile([3.0], 95) == 3.0
    # ranks 0..4; p50 → rank 2; p95 → rank 3.8: 4 + 0.8 × (5 − 4)
    assert percentile([5.0, 1.0, 4.0, 2.0, 3.0], 50) == 3.0
    assert percentile([5.0, 1.0, 4.0, 2.0, 3.0], 95) == pytest.approx(4.8)
    assert percentile([1.0, 2.0], 100) == 2.0


def test_next_change_picks_another_value_of_a_filter():
    widgets = {
        "f_edition": Widget("e", "selectbox", "Edycja", ["wszystkie", "2025", "2026"], "2025"),
        "f_org_types": Widget("o", "multiselect", "Typ", ["Fundacja", "Inna"], []),
        "f_lang": Widget("l", "selectbox", "Język", ["polski", "English"], "polski"),
    }
    rng = random.Random(7)
    seen = set()
    for _ in range(200):
        change = next_change(widgets, rng)
        (key, value), = change.items()
        assert key in CHANGEABLE  # never the language
        assert value != widgets[key].value
        seen.add((key, tuple(value) if isinstance(value, list) else value))
    assert seen == {("f_edition", "wszystkie"), ("f_edition", "2026"), ("f_org_types", ("Fundacja",)),
                    ("f_org_types", ("Inna",))}


@pytest.mark.parametrize("args, message", [
    (["--url", "http://127.0.0.1:1", "--sessions", "ten"], "comma-separated"),
    (["--url", "http://127.0.0.1:1", "--sessions", "0"], "at least 1 session"),
    (["--replicas", "0"], "--replicas: at least 1"),
    (["--url", "http://127.0.0.1:1", "--think", "0"], "must be positive"),
    (["--sessions", "5"], "one of the arguments --url --replicas --plain is required"),
])
def test_bad_arguments_are_a_message(args, message):
    result = subprocess.run([sys.executable, "bench/load_test.py", *args], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_an_unreachable_server_is_counted_as_errors_not_a_crash(tmp_path):
    report = run("http://127.0.0.1:1", [2], duration_s=0.5, think_s=0.1, target_s=1, seed=1, timeout_s=5,
                 label="nothing there")
    (step,) = report["steps"]
    assert step["errors"] == 2 and step["sessions_opened"] == 0 and report["sessions_held"] == 0


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    from tests.helpers import make_data_dir

    data_dir = make_data_dir(tmp_path_factory.mktemp("load") / "data")
    with streamlit_server(data_dir) as server:
        yield server.url


def test_three_sessions_change_filters_twice(server_url):
    async def one(index: int):
        session = StreamSession(server_url, START_QUERY)
        try:
            await session.open()
            assert session.state.widgets["f_edition"].value == "2025"
            rng = random.Random(index)
            latencies = []
            for _ in range(2):
                change = next_change(session.state.widgets, rng)
                latencies.append(await session.rerun(change))
                (key, value), = change.items()
                assert session.state.widgets[key].value == value  # the next run drew the new value
            assert (await session.download(CSV_KEY)).startswith(CSV_HEADER)
            return latencies
        finally:
            await session.close()

    async def all_three():
        return await asyncio.gather(*(one(i) for i in range(3)))

    results = run_coroutine(all_three())
    assert [len(r) for r in results] == [2, 2, 2]
    assert all(latency > 0 for r in results for latency in r)


def test_edition_change_reaches_the_url(server_url):
    async def go():
        session = StreamSession(server_url, START_QUERY)
        try:
            await session.open()
            await session.rerun({"f_edition": "2026"})
            return session.state.query_string
        finally:
            await session.close()

    assert "edition=2026" in run_coroutine(go())


def test_the_runner_reports_changes_and_no_error(server_url):
    report = run(server_url, [3], duration_s=4, think_s=0.4, target_s=60, seed=3, timeout_s=60, label="test")
    (step,) = report["steps"]
    assert step["sessions_opened"] == 3
    assert step["filter_changes"] >= 3, step
    assert step["errors"] == 0, step["error_samples"]
    assert report["sessions_held"] == 3


def test_the_server_memory_is_read_from_proc():
    assert rss_mb(os.getpid()) > 10  # this test process: pandas alone takes more
    assert rss_mb(2 ** 22 + 12345) is None  # no such process: no figure, no crash
