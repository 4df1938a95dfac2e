"""The command line of the ledger: the whole cycle of docs/official-lists.md, columns chosen by hand, duplicates,
exit codes, and folders that are missing or cannot be written (a message, never a traceback)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from mms_core.cli import _tn, _warn_duplicates
from mms_core.cli import main as cli
from mms_core.data.ledger import read_view
from mms_core.data.paths import PROJECT_ROOT, DataPaths
from mms_core.text.formatting import fmt_number
from tests.data.test_ledger import official_list
from tests.helpers import make_data_dir, make_ledger_dir


@pytest.fixture()
def data_dir(tmp_path):
    return make_ledger_dir(tmp_path / "data")


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_the_whole_cycle_of_the_readme(data_dir, tmp_path, capsys):
    folder = ["--data-dir", str(data_dir)]
    national = write(tmp_path / "wyniki_2025.csv", official_list("P1", "mazowieckie", 30, priority="P1", amount=20_000))
    lublin = write(tmp_path / "lubelskie_p3.csv", official_list("LU", "lubelskie", 12))
    lublin_fixed = write(tmp_path / "lubelskie_p3_korekta.csv", official_list("LU", "lubelskie", 13))

    assert cli(["import", national, "--edition", "2025", "--source", "Wyniki NIW-CRSO, edycja 2025", *folder]) == 0
    out = capsys.readouterr().out
    assert "Dodano źródło 2 „Wyniki NIW-CRSO, edycja 2025”" in out
    assert "kodowanie utf-8-sig; separator: średnik; nagłówek w wierszu 1" in out
    assert "kwota dotacji      „Kwota przyznana”" in out
    assert "Dane przykładowe są wyłączone dla edycji: 2025" in out
    assert cli(["import", lublin, "--source", "Operator P3 – lubelskie", *folder]) == 0
    capsys.readouterr()

    assert cli(["sources", *folder]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["ID", "OPIS", "EDYCJE"]
    assert lines[1].split()[0] == "1" and "przykładowe" in lines[1]
    assert lines[2].split()[:4] == ["2", "Wyniki", "NIW-CRSO,", "edycja"] and "2025" in lines[2] and "oficjalne" in lines[2]
    assert lines[3].startswith("  3  Operator P3 – lubelskie") and " 12 " in lines[3] and "lubelskie" in lines[3]

    assert cli(["import", lublin_fixed, "--replaces", "3", "--source", "Operator P3 – lubelskie, korekta", *folder]) == 0
    assert "zastąpiło źródło 3" in capsys.readouterr().out
    assert cli(["undo", *folder]) == 0
    assert "Cofnięto zmianę nr 4 (zastąpienie)" in capsys.readouterr().out
    assert [s.id for s in read_view(DataPaths(data_dir)).sources] == [1, 2, 3]

    assert cli(["history", *folder]) == 0
    history = capsys.readouterr().out
    for text in ("dane startowe", "import", "zastąpienie", "cofnięcie", "[cofnięta zmianą nr 5]", "wiersz poleceń: "):
        assert text in history
    assert cli(["remove", "2", *folder]) == 0
    assert "Usunięto źródło 2" in capsys.readouterr().out
    assert cli(["sources", "--all", *folder]) == 0
    listing = capsys.readouterr().out
    assert "nie w użyciu" in listing and "Dane przykładowe wyłączone" in listing
    assert cli(["remove", "2", *folder]) == 1
    assert "nie jest w użyciu" in capsys.readouterr().err


def test_columns_chosen_by_hand_on_the_command_line(data_dir, tmp_path, capsys):
    folder = ["--data-dir", str(data_dir)]
    odd = write(tmp_path / "operator.csv", "Lp.;Podmiot;Region działania;Środki;Rok\n"
                                          "1;Stowarzyszenie Razem;lubelskie;9 500,00;2025\n".encode())
    assert cli(["import", odd, *folder]) == 2
    err = capsys.readouterr().err
    assert "Nie znaleziono kolumn: województwo, kwota dotacji" in err
    assert "Kolumny w pliku: „Lp.”, „Podmiot”, „Region działania”, „Środki”, „Rok”" in err
    assert "--column voivodeship=" in err
    assert cli(["import", odd, "--column", "org_name=Podmiot", "--column", "voivodeship=Region działania",
                "--column", "amount_pln=Środki", *folder]) == 0
    out = capsys.readouterr().out
    assert "nazwa organizacji  „Podmiot”" in out and "edycja             „Rok”" in out
    assert cli(["import", odd, "--column", "kwota=Środki", *folder]) == 2
    assert "Nieznane pole „kwota”" in capsys.readouterr().err


def test_a_doubtful_column_needs_confirming(data_dir, tmp_path, capsys):
    folder = ["--data-dir", str(data_dir)]
    doubtful = write(tmp_path / "lista.csv", "Nazwa organizacji;Województwo;Kwota wnioskowana;Kwota;Edycja\n"
                                             "Stowarzyszenie Razem;lubelskie;12 000;9 500;2025\n".encode())
    assert cli(["import", doubtful, *folder]) == 1
    captured = capsys.readouterr()
    assert "do sprawdzenia: wybrano ogólnie nazwaną kolumnę „Kwota”" in captured.out
    assert 'nic nie zaimportowano' in captured.err and '--column amount_pln="Kwota"' in captured.err
    assert cli(["import", doubtful, "--column", "amount_pln=Kwota", *folder]) == 0
    grants = read_view(DataPaths(data_dir)).grants
    assert list(grants.loc[grants["source_id"] == 2, "amount_pln"]) == [9500.0]


def test_duplicates_on_the_command_line(data_dir, tmp_path, capsys):
    folder = ["--data-dir", str(data_dir)]
    first = write(tmp_path / "a.csv", official_list("LU", "lubelskie", 5))
    again = write(tmp_path / "b.csv", official_list("LU", "lubelskie", 7))
    assert cli(["import", first, "--source", "Operator", *folder]) == 0
    assert cli(["import", first, *folder]) == 1
    captured = capsys.readouterr()
    assert "ten sam numer umowy co w źródle 2 „Operator”" in captured.out
    assert "nic nie zaimportowano" in captured.err
    assert cli(["import", first, "--skip-duplicates", *folder]) == 1
    assert "Wszystkie dotacje z pliku są już w innych źródłach" in capsys.readouterr().err
    assert cli(["import", again, "--skip-duplicates", *folder]) == 0
    assert "Pominięto powtórzone dotacje: 5." in capsys.readouterr().out


def test_undo_with_nothing_to_undo(data_dir, capsys):
    assert cli(["undo", "--data-dir", str(data_dir)]) == 1
    assert "Nie ma zmian do cofnięcia." in capsys.readouterr().err


def run_cli(*args: str, drop_privileges: bool = False) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "mms_core", *args]
    if drop_privileges:  # root without its capabilities: the folder's permissions apply to it
        command = ["setpriv", "--bounding-set=-all", "--inh-caps=-all", *command]
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT)))


@pytest.mark.parametrize("command", [["sources"], ["history"], ["undo"], ["remove", "2"],
                                     ["import", "docs/przyklad_lista_beneficjentow.csv"]])
def test_a_missing_data_folder_is_a_message_not_a_traceback(tmp_path, capsys, command):
    assert cli([*command, "--data-dir", str(tmp_path / "nie-ma")]) == 2  # an exception would fail the test
    assert "nie istnieje" in capsys.readouterr().err


def read_only_folder(tmp_path: Path, with_ledger: bool) -> Path:
    data_dir = make_data_dir(tmp_path / "data")
    if with_ledger:
        assert run_cli("sources", "--data-dir", str(data_dir)).returncode == 0
        for leftover in data_dir.glob("ledger/ledger.sqlite3-*"):
            leftover.unlink()  # as after the last writer closed: only the database file
    for path in (data_dir, data_dir / "ledger"):
        if path.exists():
            path.chmod(0o555)
    return data_dir


needs_setpriv = pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                                   reason="needs root and setpriv to take away the right to write")


# These start several processes each (a minute or more on a shared machine): marked slow, run by CI.


@pytest.mark.slow
@needs_setpriv
@pytest.mark.parametrize("with_ledger", [False, True])
def test_a_read_only_data_folder(tmp_path, with_ledger):
    data_dir = read_only_folder(tmp_path, with_ledger)
    try:
        listing = run_cli("sources", "--data-dir", str(data_dir), drop_privileges=True)
        assert listing.returncode == 0 and "Traceback" not in listing.stderr
        assert "Dane przykładowe" in listing.stdout
        if not with_ledger:
            assert "jest tylko do odczytu dla tego konta" in listing.stderr
        imported = run_cli("import", "docs/przyklad_lista_beneficjentow.csv", "--data-dir", str(data_dir),
                           drop_privileges=True)
        assert imported.returncode == 1 and "Traceback" not in imported.stderr
        assert "tylko do odczytu" in imported.stderr and "nic nie zmieniono" in imported.stderr
        undone = run_cli("undo", "--data-dir", str(data_dir), drop_privileges=True)
        assert undone.returncode == 1 and "Traceback" not in undone.stderr
    finally:
        for path in (data_dir, data_dir / "ledger"):
            if path.exists():
                path.chmod(0o755)


APP_READ_ONLY = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("dashboard.py", default_timeout=120).run()
assert not at.exception, at.exception
print("\\n".join(w.body for w in at.warning))
print("ERRORS:" + "\\n".join(e.body for e in at.error))
"""


@pytest.mark.slow
@needs_setpriv
@pytest.mark.parametrize("with_ledger", [False, True])
def test_the_app_on_a_read_only_data_folder(tmp_path, with_ledger):
    data_dir = read_only_folder(tmp_path, with_ledger)
    try:
        done = subprocess.run(["setpriv", "--bounding-set=-all", "--inh-caps=-all", sys.executable, "-c",
                               APP_READ_ONLY], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                              env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), MMS_DATA_DIR=str(data_dir)))
    finally:
        for path in (data_dir, data_dir / "ledger"):
            if path.exists():
                path.chmod(0o755)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Dane przykładowe" in done.stdout and done.stdout.rstrip().endswith("ERRORS:")
    if not with_ledger:
        assert "jest tylko do odczytu dla konta serwera" in done.stdout


@pytest.mark.parametrize(("rows", "said"), [(1, "Wczytano 1 wiersz:"), (2, "Wczytano 2 wiersze:"), (4, "Wczytano 4 wiersze:"),
                                            (5, "Wczytano 5 wierszy:"), (22, "Wczytano 22 wiersze:")])
def test_the_import_counts_rows_in_polish_plural_forms(data_dir, tmp_path, capsys, rows, said):
    """Issue #24: „Wczytano 4 wierszy”. The command line uses the UI catalogue's plural rules."""
    listing = write(tmp_path / "lista.csv", official_list("LU", "lubelskie", rows))
    assert cli(["import", listing, "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{said} poprawnych {rows}, odrzuconych 0, ostrzeżeń ")
    assert cli(["sources", "--data-dir", str(data_dir)]) == 0
    in_use = capsys.readouterr().out.splitlines()[-1]
    # the sample stays in use for edition 2026 (999 grants): 999 + rows in all (1 003 and 1 004 dotacje)
    assert in_use.startswith(f"W użyciu: {fmt_number(999 + rows)} {'dotacje' if rows in (4, 5) else 'dotacji'}, ")


@pytest.mark.parametrize(("key", "forms"), [
    ("cli_more_issues", ("1 uwaga (", "2 uwagi (", "4 uwagi (", "5 uwag (", "22 uwagi (")),
    ("cli_counted_twice", ("1 dotacja jest", "2 dotacje są", "4 dotacje są", "5 dotacji jest", "22 dotacje są")),
    ("cli_in_use", ("1 dotacja,", "2 dotacje,", "4 dotacje,", "5 dotacji,", "22 dotacje,")),
    ("cli_card_written", ("1 strona A4", "2 strony A4", "4 strony A4", "5 stron A4", "22 strony A4")),
    ("cli_slides_written", ("1 slajd,", "2 slajdy,", "4 slajdy,", "5 slajdów,", "22 slajdy,")),
])
def test_every_count_of_the_command_line_takes_its_plural_form(key, forms):
    for n, form in zip((1, 2, 4, 5, 22), forms):
        assert form in _tn(key, n, shown="200", a=2, b=3, amount="1 zł", path="x", size="0,1"), (key, n)


def test_grants_counted_twice_are_said_in_their_plural_form(capsys):
    _warn_duplicates(SimpleNamespace(duplicates={(2, 3): 1, (2, 4): 22}))
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("Uwaga: 1 dotacja jest jednocześnie w źródłach 2 i 3 – w sumach liczy się dwa razy.")
    assert err[1].startswith("Uwaga: 22 dotacje są jednocześnie w źródłach 2 i 4 – w sumach liczą się dwa razy.")
