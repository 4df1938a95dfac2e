"""An import killed at random points leaves the old state or the new one, never a mix, and the app
starts on it; processes reading while another imports never see a partial state.

No timing is asserted: the kill points are random (drawn over the length of an undisturbed run),
and every outcome is checked for being exactly one of the two states. These take minutes on a
shared machine, so they are marked ``slow``: ``python -m pytest -m slow`` (CI runs them)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mms_core.data import ledger
from mms_core.data.ledger import db_path, export_paths, ledger_dir, read_view, writing
from mms_core.data.ledger.files import TEMP_PREFIX
from mms_core.data.paths import PROJECT_ROOT, DataPaths
from tests.helpers import make_data_dir

KILLS = 24

IMPORT_SCRIPT = """
import sys
from mms_core.cli import main
print("ready", flush=True)
sys.exit(main(["import", sys.argv[1], "--data-dir", sys.argv[2], "--source", "Duża lista"]))
"""

READER_SCRIPT = """
import json, sys, time
from pathlib import Path
from mms_core.data.ledger import read_view
from mms_core.data.paths import DataPaths
paths, stop, out = DataPaths(Path(sys.argv[1])), Path(sys.argv[2]), open(sys.argv[3], "w")
while True:
    last = stop.exists()
    view = read_view(paths)
    out.write(json.dumps({"state": view.state, "sources": sorted(s.id for s in view.sources),
                          "rows": len(view.grants), "grosze": int(round(view.grants["amount_pln"].sum() * 100)),
                          "in_use": sum(n for n, _ in view.in_use.values()), "mismatched": list(view.mismatched)}) + "\\n")
    out.flush()
    if last:
        break
"""


def big_list(path: Path, rows: int, prefix: str) -> Path:
    """A national P3 list of ``rows`` grants (semicolons, Polish headers)."""
    lines = ["Nr umowy;Nazwa organizacji;Województwo;Miejscowość;Kwota przyznana;Priorytet;Edycja"]
    codes = ["02", "04", "06", "08", "10", "12", "14", "16", "18", "20", "22", "24", "26", "28", "30", "32"]
    for i in range(rows):
        lines.append(f"{prefix}/{i:06d};Stowarzyszenie {prefix} nr {i};{codes[i % 16]};Wieś {i % 97};"
                     f"{1000 + (i * 37) % 9000},{i % 100:02d};P3;2025")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(paths: DataPaths) -> tuple:
    """What is in use, independent of the change counter: sources and every grant's bytes."""
    view = read_view(paths)
    assert view.mismatched == ()
    return (tuple((s.description, s.rows_kept) for s in view.sources),
            view.grants.drop(columns="source_id").to_csv(index=False))


def run_import(file: Path, data_dir: Path, kill_after: float | None) -> tuple[int | None, float]:
    """Run ``python -m mms_core import`` in a subprocess (its imports done first); SIGKILL it
    ``kill_after`` seconds into the import. Returns (exit code or None, seconds it ran)."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    process = subprocess.Popen([sys.executable, "-c", IMPORT_SCRIPT, str(file), str(data_dir)], cwd=PROJECT_ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout.readline().strip() == "ready"
    started = time.monotonic()
    if kill_after is not None:
        time.sleep(kill_after)
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=300)
    return (process.returncode if kill_after is None else None), time.monotonic() - started


@pytest.mark.slow
def test_an_import_killed_at_random_points_leaves_the_old_or_the_new_state(tmp_path, monkeypatch):
    data_dir = make_data_dir(tmp_path / "data")
    paths = DataPaths(data_dir)
    ledger.prepare(paths)
    file = big_list(tmp_path / "duza_lista.csv", 20_000, "MMS/P3")
    old = snapshot(paths)
    # one undisturbed run gives the new state and how long an import takes here
    code, duration = run_import(file, data_dir, None)
    assert code == 0
    new = snapshot(paths)
    assert new != old and len(read_view(paths).sources) == 2
    with writing(paths) as book:
        book.undo()
    assert snapshot(paths) == old
    rng = random.Random(2025)
    outcomes = []
    for attempt in range(KILLS):
        # half the kills anywhere in the run, half in its last part, where the database is written
        kill_after = rng.uniform(0, duration) if attempt % 2 else rng.uniform(0.5 * duration, 1.1 * duration)
        run_import(file, data_dir, kill_after)
        # the next start: what the app does first, then what it shows
        assert ledger.prepare(paths) == ""
        assert not list(ledger_dir(paths).glob(TEMP_PREFIX + "*"))
        with sqlite3.connect(db_path(paths)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        state = snapshot(paths)
        assert state in (old, new), f"a mixed state after a kill at {kill_after:.2f} s"
        view = read_view(paths)
        grants_csv, meta = export_paths(paths)
        assert json.loads(meta.read_text(encoding="utf-8"))["state"] == view.state  # the export follows
        outcomes.append("new" if state == new else "old")
        if state == new:
            with writing(paths) as book:
                book.undo()
    assert len(outcomes) == KILLS
    # and the app starts on what is left
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MMS_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception and not at.error


@pytest.mark.slow
def test_readers_never_see_a_partial_state(tmp_path):
    data_dir = make_data_dir(tmp_path / "data")
    paths = DataPaths(data_dir)
    ledger.prepare(paths)
    files = [big_list(tmp_path / f"lista_{i}.csv", 6_000, f"L{i}") for i in range(3)]
    stop = tmp_path / "stop"
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    outputs = [tmp_path / f"reader_{i}.jsonl" for i in range(2)]
    readers = [subprocess.Popen([sys.executable, "-c", READER_SCRIPT, str(data_dir), str(stop), str(out)],
                                cwd=PROJECT_ROOT, env=env) for out in outputs]
    expected = {}

    def remember():
        view = read_view(paths)
        expected[view.state] = (sorted(s.id for s in view.sources), len(view.grants),
                                int(round(view.grants["amount_pln"].sum() * 100)))

    try:
        remember()
        while not all(out.exists() and out.stat().st_size for out in outputs):
            time.sleep(0.05)  # both readers are reading
        from mms_core.data.importing.importer import read_grants_file

        for file in files:
            result = read_grants_file(file.read_bytes(), file.name)
            with writing(paths) as book:
                book.add_source(result, file.name, file.name)
            remember()
        with writing(paths) as book:
            book.undo()
        remember()
        with writing(paths) as book:
            book.remove_source(2)
        remember()
    finally:
        stop.touch()
        for reader in readers:
            reader.wait(timeout=120)
    assert all(reader.returncode == 0 for reader in readers)
    seen = [json.loads(line) for out in outputs for line in out.read_text(encoding="utf-8").splitlines()]
    assert seen
    for read in seen:
        assert read["mismatched"] == [] and read["rows"] == read["in_use"]
        assert read["state"] in expected, read
        assert (read["sources"], read["rows"], read["grosze"]) == tuple(expected[read["state"]]), read
