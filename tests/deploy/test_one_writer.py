"""One writer at a time on the shared data folder: an import waits for the writers' lock (flock on
``ledger/.lock``) while another writer holds it, and two imports started together both land, one
after the other, as two sources. (Replicas only read; the command line and publishing from the app
write.) No timing: the waiting import is seen blocked in the kernel's lock table (/proc/locks)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devtools.local import PROJECT_ROOT
from mms_core.data.ledger import all_sources, ledger_dir
from mms_core.data.ledger.files import LOCK_NAME, writer_lock
from mms_core.data.paths import DataPaths
from tests.helpers import make_ledger_dir

EXAMPLE = PROJECT_ROOT / "docs" / "przyklad_lista_beneficjentow.csv"

pytestmark = pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks")


def import_command(data_dir: Path, file: Path, source: str) -> list[str]:
    return [sys.executable, "-m", "mms_core", "import", str(file), "--source", source, "--data-dir", str(data_dir)]


def blocked_on(inode: int, pid: int) -> bool:
    """Whether process ``pid`` waits (``->``) for a lock on the file with ``inode``."""
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields:
            rest = fields[fields.index("->") + 1:]
            if len(rest) >= 5 and rest[3] == str(pid) and rest[4].rsplit(":", 1)[-1] == str(inode):
                return True
    return False


def test_an_import_waits_while_another_writer_holds_the_lock(tmp_path):
    data_dir = make_ledger_dir(tmp_path / "data")
    paths = DataPaths(data_dir)
    folder = ledger_dir(paths)
    before = [s.id for s in all_sources(paths)]
    with writer_lock(folder) as locked:
        assert locked
        inode = os.stat(folder / LOCK_NAME).st_ino
        child = subprocess.Popen(import_command(data_dir, EXAMPLE, "Wyniki NIW-CRSO 2025"), cwd=PROJECT_ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 120  # a guard against hanging, not a measurement
            while not blocked_on(inode, child.pid):
                assert child.poll() is None, child.stdout.read()
                assert time.monotonic() < deadline, "the import never reached the writers' lock"
                time.sleep(0.05)
            assert [s.id for s in all_sources(paths)] == before  # nothing written while it waits
        except BaseException:
            child.kill()
            raise
    output, _ = child.communicate(timeout=120)
    assert child.returncode == 0, output
    assert [s.id for s in all_sources(paths)] == [*before, max(before) + 1]


def test_two_imports_at_once_both_land(tmp_path):
    data_dir = make_ledger_dir(tmp_path / "data")
    other = tmp_path / "druga_lista.csv"
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    # other contract numbers and amounts: no grant of B overlaps one of A
    other.write_text("\n".join([lines[0]] + [line.replace("/2025;", "/2025B;").replace("50 000,00", "49 000,00").replace(",00 zł", ",50 zł")
                                             for line in lines[1:]]) + "\n", encoding="utf-8")
    children = [subprocess.Popen(import_command(data_dir, file, name), cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
                for file, name in ((EXAMPLE, "Lista A"), (other, "Lista B"))]
    outputs = [child.communicate(timeout=180)[0] for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    sources = all_sources(DataPaths(data_dir))
    assert sorted(s.description for s in sources if s.kind != "sample") == ["Lista A", "Lista B"]
    assert len({s.id for s in sources}) == len(sources)
