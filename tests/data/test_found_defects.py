"""Defects a new user and an attacker found in the import (issue 24, items 1–4): one edition rule for the
command line, the file and the upload; rows starting with "#" are data; hidden sheets are left out of the
automatic choice; an amount or edition in a cell formatted as a date, time or percentage is refused."""

from __future__ import annotations

import io
import pickle

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from mms_core.cli import main as cli
from mms_core.data.importing.importer import ColumnsNotFound, ImportFileError, read_grants_file, reading_summary
from mms_core.data.ledger import read_view
from mms_core.data.paths import PROJECT_ROOT, DataPaths
from mms_core.facts.vocab import valid_edition
from tests.helpers import add_source, make_ledger_dir, open_page

HEADER = "Lp.;Nazwa organizacji;Województwo;Miejscowość;Kwota przyznana;Priorytet;Edycja\n"


def csv_file(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode("utf-8")


@pytest.fixture()
def data_dir(tmp_path):
    return make_ledger_dir(tmp_path / "data")


# 1. one edition rule --------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [99999999, 1999, 0, -5, 2101])
def test_the_command_line_refuses_an_edition_outside_the_rule(data_dir, tmp_path, capsys, value):
    path = tmp_path / "lista.csv"
    path.write_bytes("Nazwa organizacji;Województwo;Miejscowość;Kwota przyznana;Priorytet\n"
                     "KGW Lipowa;lubelskie;Lipowa;5000,00;P3\n".encode())
    before = read_view(DataPaths(data_dir)).state
    assert cli(["import", str(path), "--edition", str(value), "--data-dir", str(data_dir)]) == 2  # as any file not read
    err = capsys.readouterr().err
    assert f"Nieprawidłowa edycja „{value}” – edycja to rok od 2025 do 2100" in err
    assert "Traceback" not in err
    assert read_view(DataPaths(data_dir)).state == before  # nothing stored


def test_the_rule_is_one_function():
    assert [valid_edition(v) for v in (2025, "2026", 2100, 2024, 2101, "２０２５", "2025.0", True, None)] == [
        True, True, True, False, False, False, False, False, False]


def test_a_stored_edition_outside_the_rule_breaks_no_page(data_dir, monkeypatch):
    """A ledger written before the rule held (edition 99999999): the Data page and the upload (Sources page) still draw."""
    result = read_grants_file(csv_file("1;KGW Lipowa;lubelskie;Lipowa;5000,00;P3;2025"), "stara.csv")
    result.grants["edition"] = 99999999
    add_source(data_dir, result, "stara lista")
    monkeypatch.setenv("MMS_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    open_page(at, "pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    open_page(at, "pages/sources.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key="upload_edition").value == 2026


# 2. rows starting with "#" ---------------------------------------------------------------------------------
def test_rows_starting_with_a_hash_are_data():
    result = read_grants_file(csv_file("#2;#MłodziRazem;lubelskie;Lipowa;9000,00;P3;2025",
                                       "3;KGW Lipowa;lubelskie;Lipowa;5000,00;P3;2025"), "lista.csv")
    assert result.rows_read == 2 and len(result.grants) == 2
    assert "#MłodziRazem" in set(result.grants["org_name"])
    assert result.grants["amount_pln"].sum() == 14_000


def test_only_the_dashboards_own_footer_is_skipped_and_said():
    """Exports made before the CSV held the rows only ended with a "#,informacje o pliku" block."""
    body = csv_file("1;#MłodziRazem;lubelskie;Lipowa;9000,00;P3;2025", "2;KGW Lipowa;lubelskie;Lipowa;5000,00;P3;2025")
    footer = "\n#;informacje o pliku\n#;Edycja;2025\n#;Uwaga;DANE PRZYKŁADOWE\n".encode()
    again = read_grants_file(body + footer, "eksport.csv")
    assert len(again.grants) == 2 and again.grants["amount_pln"].sum() == 14_000
    assert "pominięto stopkę eksportu dashboardu (wiersze 5–7, 3 z opisem pliku)" in reading_summary(again)


# 3. hidden sheets ------------------------------------------------------------------------------------------
def workbook_with_hidden_draft() -> bytes:
    book = openpyxl.Workbook()
    draft = book.active
    draft.title = "wersja_robocza"
    draft.sheet_state = "hidden"
    final = book.create_sheet("Lista ostateczna")
    for sheet, amount in ((draft, 1_000), (final, 5_000)):
        sheet.append(["Nazwa organizacji", "Województwo", "Miejscowość", "Kwota przyznana", "Priorytet", "Edycja"])
        sheet.append(["KGW Lipowa", "lubelskie", "Lipowa", amount, "P3", 2025])
        sheet.append(["OSP Lipowa", "lubelskie", "Lipowa", amount, "P3", 2025])
        sheet.append(["Klub Lipowa", "lubelskie", "Lipowa", amount, "P3", 2025])  # the draft scores as well
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_hidden_sheet_is_left_out_and_named():
    result = read_grants_file(workbook_with_hidden_draft(), "lista.xlsx")
    assert result.sheet == "Lista ostateczna"
    assert result.grants["amount_pln"].sum() == 15_000
    assert "pominięto ukryte arkusze: „wersja_robocza”" in reading_summary(result)


def test_a_hidden_sheet_is_read_on_request_and_an_unknown_one_refused():
    result = read_grants_file(workbook_with_hidden_draft(), "lista.xlsx", sheet="wersja_robocza")
    assert result.sheet == "wersja_robocza" and result.grants["amount_pln"].sum() == 3_000
    with pytest.raises(ImportFileError) as error:
        read_grants_file(workbook_with_hidden_draft(), "lista.xlsx", sheet="Arkusz9")
    assert "nie ma arkusza „Arkusz9”" in error.value.message and "„wersja_robocza”" in error.value.message


# 4. number formats -----------------------------------------------------------------------------------------
def workbook(amount_format: str | None = None, edition_format: str | None = None, amount=45942,
             edition=2025) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nazwa organizacji", "Województwo", "Miejscowość", "Kwota przyznana", "Priorytet", "Edycja"])
    sheet.append(["KGW Lipowa", "lubelskie", "Lipowa", amount, "P1", edition])
    if amount_format:
        sheet["D2"].number_format = amount_format
    if edition_format:
        sheet["F2"].number_format = edition_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("number_format", "amount", "kind", "shown"), [
    ("dd.mm.yyyy", 45942, "data", "12.10.2025"),
    ("yyyy-mm-dd", 45942, "data", "12.10.2025"),
    ("h:mm", 0.5, "czas", "12:00:00"),
    ("0.00%", 0.25, "procent", "25%"),
])
def test_an_amount_formatted_as_a_date_time_or_percentage_is_refused(number_format, amount, kind, shown):
    result = read_grants_file(workbook(number_format, amount=amount), "lista.xlsx")
    assert result.grants.empty
    (issue,) = result.errors
    assert issue.text() == (f"komórka kwoty jest sformatowana jako {kind} (arkusz pokazuje „{shown}”) – to nie jest "
                            "kwota; zmień format komórki na liczbowy i wpisz kwotę")


@pytest.mark.parametrize("number_format", ["#,##0.00", '#,##0.00\\ "zł"', "#,##0.00 [$zł-415]", "0.00E+00", "General"])
def test_amounts_in_number_and_currency_formats_are_read(number_format):
    result = read_grants_file(workbook(number_format, amount=45942), "lista.xlsx")
    assert result.errors == [] and result.grants["amount_pln"].tolist() == [45942.0]


def test_a_date_in_the_edition_column_is_named_as_a_date():
    result = read_grants_file(workbook(None, "dd.mm.yyyy", amount=5000, edition=45658), "lista.xlsx")
    (issue,) = result.errors
    assert "komórka edycji jest sformatowana jako data (arkusz pokazuje „01.01.2025”)" in issue.text()


# 5. a full disk said as a full disk -----------------------------------------------------------------------
def test_a_full_disk_is_said_as_such_and_the_ledger_stays_whole(data_dir, tmp_path, capsys, monkeypatch):
    """SQLite's page limit gives the same error as a full disk (SQLITE_FULL) in the middle of an import."""
    from contextlib import contextmanager

    from mms_core.data.ledger import store
    from tests.data.test_ledger import official_list

    original = store.writer_connection

    @contextmanager
    def full(paths):
        with original(paths) as connection:
            pages = connection.execute("PRAGMA page_count").fetchone()[0]
            connection.execute(f"PRAGMA max_page_count = {pages + 2}")
            yield connection

    monkeypatch.setattr(store, "writer_connection", full)
    path = tmp_path / "duza_lista.csv"
    path.write_bytes(official_list("DUZA", "mazowieckie", 3000, priority="P3"))
    before = read_view(DataPaths(data_dir))
    assert cli(["import", str(path), "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "Brak miejsca na dysku dla bazy źródeł" in err and "nic nie zmieniono, baza jest cała" in err
    assert "cannot rollback" not in err and "Sprawdź, czy plik jest bazą" not in err
    monkeypatch.setattr(store, "writer_connection", original)
    after = read_view(DataPaths(data_dir))
    assert after.state == before.state and len(after.grants) == len(before.grants)


# 6. control characters, a closed pipe, implausible amounts --------------------------------------------------
def test_control_characters_in_a_source_description_are_cleaned(data_dir, tmp_path, capsys):
    from tests.data.test_ledger import official_list

    path = tmp_path / "lista.csv"
    path.write_bytes(official_list("ESC", "lubelskie", 3))
    hostile = "Lista\x1b[31m CZERWONA\x1b[0m\u202e odwrócona\x07"
    assert cli(["import", str(path), "--source", hostile, "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    assert cli(["sources", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "Lista [31m CZERWONA [0m odwrócona" in out


def test_a_closed_pipe_ends_the_listing_quietly(data_dir):
    import subprocess
    import sys

    listing = subprocess.Popen([sys.executable, "-m", "mms_core", "history", "--data-dir", str(data_dir)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=PROJECT_ROOT)
    listing.stdout.read(1)
    listing.stdout.close()  # as `| head -c 1` does
    err = listing.stderr.read().decode()
    assert listing.wait(timeout=60) == 0 and "folderze" not in err and "Traceback" not in err


def test_a_huge_amount_is_said_briefly_and_a_tiny_one_warned():
    result = read_grants_file(csv_file("1;KGW Lipowa;lubelskie;Lipowa;0,30;P3;2025"), "lista.csv")
    assert len(result.grants) == 1
    assert any("nietypowo mała kwota 0,30 zł" in w.text() for w in result.warnings)
    book = openpyxl.Workbook()
    book.active.append(["Nazwa organizacji", "Województwo", "Miejscowość", "Kwota przyznana", "Priorytet", "Edycja"])
    book.active.append(["KGW Lipowa", "lubelskie", "Lipowa", 1e300, "P1", 2025])
    buffer = io.BytesIO()
    book.save(buffer)
    (issue,) = read_grants_file(buffer.getvalue(), "lista.xlsx").errors
    assert issue.text() == "kwota ponad 1 bln zł przekracza maksimum priorytetu P1 (50\u00a0000 zł)"


def test_the_sheets_of_a_workbook_travel_with_the_result_and_the_errors():
    """The upload page offers the sheets to choose from (#24): every sheet with whether it is hidden, in the
    result and in an error about the workbook, through the worker's pickles too."""
    from mms_core.data.importing.import_worker import read_in_worker

    data = workbook_with_hidden_draft()
    sheets = (("wersja_robocza", True), ("Lista ostateczna", False))
    assert read_grants_file(data, "lista.xlsx").sheets == sheets
    with pytest.raises(ImportFileError) as error:
        read_grants_file(data, "lista.xlsx", sheet="Arkusz9")
    assert pickle.loads(pickle.dumps(error.value)).sheets == sheets
    draft = read_in_worker(data, "lista.xlsx", sheet="wersja_robocza")
    assert draft.sheet == "wersja_robocza" and draft.grants["amount_pln"].sum() == 3_000 and draft.sheets == sheets
    assert read_grants_file(csv_file("1;KGW Lipowa;lubelskie;Lipowa;5000,00;P3;2025"), "lista.csv").sheets == ()


def test_a_sheet_whose_columns_are_not_found_says_its_sheets():
    book = openpyxl.Workbook()
    book.active.title = "Okładka"
    book.active.append(["Wyniki naboru"])
    book.create_sheet("Lista").append(["Nazwa organizacji", "Województwo", "Kwota przyznana", "Edycja"])
    buffer = io.BytesIO()
    book.save(buffer)
    sheets = (("Okładka", False), ("Lista", False))
    with pytest.raises(ColumnsNotFound) as error:
        read_grants_file(buffer.getvalue(), "lista.xlsx", sheet="Okładka")
    kept = pickle.loads(pickle.dumps(error.value))
    assert (kept.sheets, kept.sheet) == (sheets, "Okładka")
    with pytest.raises(ImportFileError) as error:  # a header and no rows: said with the sheet that was read
        read_grants_file(buffer.getvalue(), "lista.xlsx", sheet="Lista")
    kept = pickle.loads(pickle.dumps(error.value))
    assert "tylko nagłówek" in kept.message and (kept.sheets, kept.sheet) == (sheets, "Lista")
