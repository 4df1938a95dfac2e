"""Import of official lists: the corpus of awkward and hostile files, nothing lost, round trips."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from mms_core.analysis.filters import Filters
from mms_core.cli import main as cli
from mms_core.data.importing.importer import (
    MAX_FILE_BYTES,
    ImportFileError,
    org_type_from,
    parse_amount,
    priority_from,
    read_grants_file,
)
from mms_core.data.ledger import LedgerError, prepare, read_view
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.present.table_exports import export_info, grants_csv, grants_xlsx
from tests.helpers import add_source, make_data_dir, make_ledger_dir, open_page

CORPUS = Path(__file__).parents[1] / "import_corpus"
CASES = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))
BIG_CITIES = set(loaders.load_big_cities(DEFAULT_DATA_DIR / "cities_over_100k_2023.csv")["city"])


def read(name: str):
    edition = CASES[name].get("edition", 2025)
    return read_grants_file((CORPUS / name).read_bytes(), name, edition, BIG_CITIES)


def fingerprint(folder: Path) -> dict[str, str]:
    """The data folder's files and the ledger's export (the database itself is compared by its state)."""
    files = [*folder.glob("*.*"), *folder.glob("ledger/grants*")]
    state = read_view(DataPaths(folder)).state if (folder / "ledger").exists() else None
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(files)} | {"state": state}


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_file(name, tmp_path):
    expect = CASES[name]
    data_dir = make_ledger_dir(tmp_path / "data")
    before = fingerprint(data_dir)
    if "file_error" in expect:
        with pytest.raises(ImportFileError) as error:
            read(name)
        assert expect["file_error"] in error.value.message
        return
    result = read(name)
    kept = expect.get("ok", expect.get("kept"))
    assert len(result.grants) == kept
    if "sheet" in expect:
        assert result.sheet == expect["sheet"]
    for row, message in expect.get("row_errors", []):
        assert any(i.row == row and message in i.message and i.severity == "error" for i in result.issues), \
            (row, message, result.issues)
    for row, message in expect.get("row_warnings", []):
        assert any(i.row == row and message in i.message and i.severity == "warning" for i in result.issues), \
            (row, message, result.issues)
    if "ok" in expect:
        assert result.errors == []
    if result.errors:  # the whole file is refused unless the user accepts the good rows
        prepare(DataPaths(data_dir))
        before = fingerprint(data_dir)
        with pytest.raises(LedgerError) as error:
            add_source(data_dir, result)
        assert "nic nie zaimportowano" in error.value.message
        assert fingerprint(data_dir) == before
    if not result.grants.empty and not result.errors:
        outcome = add_source(data_dir, result)
        view = read_view(DataPaths(data_dir))
        assert view.in_use[outcome.source.id][0] == kept
        assert view.source(outcome.source.id).kind == "official" and view.mismatched == ()


def test_hostile_names_are_kept_as_plain_text():
    result = read("29_html_and_js_in_names.csv")
    assert result.grants["org_name"].iloc[0] == 'Stowarzyszenie <img src=x onerror="window.__pwned=1">'
    assert list(result.grants["org_type"]) == ["stowarzyszenie", "fundacja", "kgw"]
    formulas = read("28_formulas_as_text.csv").grants
    assert formulas["org_name"].iloc[0].startswith("=HYPERLINK")
    text = grants_csv(formulas).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+48 123" in text and "'@SUMA" in text  # exports neutralise them


def test_a_file_over_the_limit_is_refused_with_a_clear_message():
    with pytest.raises(ImportFileError) as error:
        read_grants_file(b"x" * (MAX_FILE_BYTES + 1), "ogromny.csv", 2025)
    assert "Plik jest za duży" in error.value.message and "20 MB" in error.value.message


@pytest.mark.parametrize("text, expected", [
    ("50 000,00 zł", 50_000), ("50000", 50_000), ("50.000,00", 50_000), ("50,000.00", 50_000),
    ("9 800,50 zł", 9_800.5), ("10\u00a0000 PLN", 10_000), (12_000, 12_000), ("abc", None), ("", None), (None, None),
])
def test_amounts(text, expected):
    assert parse_amount(text) == expected


def test_types_and_priorities():
    assert org_type_from(None, "Uczniowski Klub Sportowy Orlik") == "klub_sportowy"
    assert org_type_from("Koło Gospodyń Wiejskich", "Gospodynie z Lipowej") == "kgw"
    assert org_type_from("osp", "Jednostka w Zalesiu") == "osp"
    assert org_type_from(None, "Parafia św. Anny") is None
    assert [priority_from(v) for v in ("P1", "1", "Priorytet 3", "regranting", "P2")] == ["P1", "P1", "P3", "P3", None]


def test_round_trip_canonical_file(tmp_path):
    original = loaders.load_grants(DEFAULT_DATA_DIR / "grants.csv")
    result = read_grants_file((DEFAULT_DATA_DIR / "grants.csv").read_bytes(), "grants.csv")
    assert result.errors == [] and len(result.grants) == len(original)
    pd.testing.assert_frame_equal(result.grants.reset_index(drop=True), original, check_dtype=False)


def test_round_trip_through_the_data_page_exports():
    original = loaders.load_grants(DEFAULT_DATA_DIR / "grants.csv").head(300)
    info = export_info(Filters(), {"kind": "sample"}, datetime(2026, 11, 26), len(original))
    from_csv = read_grants_file(grants_csv(original), "eksport.csv")
    from_xlsx = read_grants_file(grants_xlsx(original, info), "eksport.xlsx")
    for result in (from_csv, from_xlsx):
        assert result.errors == []
        pd.testing.assert_frame_equal(result.grants, original, check_dtype=False)


def test_partial_import_records_the_report_in_the_source(tmp_path):
    data_dir = make_data_dir(tmp_path / "data")
    source = add_source(data_dir, read("21_bad_amounts.csv"), "operator", accept_partial=True).source
    assert (source.rows_read, source.rows_kept, source.rows_rejected) == (5, 1, 4)


def test_command_line(tmp_path, capsys):
    data_dir = make_data_dir(tmp_path / "data")
    assert cli(["import", str(CORPUS / "18_unknown_region.csv"), "--edition", "2025", "--data-dir", str(data_dir)]) == 1
    out = capsys.readouterr()
    assert "nieznane województwo „Atlantyda”" in out.out and "nic nie zaimportowano" in out.err
    assert cli(["import", str(CORPUS / "12_empty.csv"), "--data-dir", str(data_dir)]) == 2
    assert "Plik jest pusty." in capsys.readouterr().err
    assert cli(["import", str(CORPUS / "18_unknown_region.csv"), "--edition", "2025", "--accept-partial",
                "--data-dir", str(data_dir), "--source", "Operator P3"]) == 0
    view = read_view(DataPaths(data_dir))
    assert len(view.grants[view.grants["edition"] == 2025]) == 1  # the sample is off for 2025
    assert cli(["rollback", "--data-dir", str(data_dir)]) == 0  # the old name of undo
    assert len(read_view(DataPaths(data_dir)).grants) > 2000


def test_imported_hostile_data_renders_in_the_app(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from mms_core.data.paths import PROJECT_ROOT

    data_dir = make_data_dir(tmp_path / "data")
    add_source(data_dir, read("29_html_and_js_in_names.csv"), "<b>źródło</b> [link](http://zlo.example)")
    monkeypatch.setenv("MMS_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["edition"] = "2025"  # the edition the file covers: official data only
    at.run()
    assert not at.exception
    banner = at.info[0].body
    assert "\\<b\\>" in banner and "\\[link\\]" in banner  # shown as typed, not as HTML or a link
    for page in ("pages/data.py", "pages/region.py"):
        open_page(at, page).run()
        assert not at.exception


def test_the_readme_example_imports_cleanly():
    example = Path(__file__).parents[2] / "docs" / "przyklad_lista_beneficjentow.csv"
    result = read_grants_file(example.read_bytes(), example.name, None, BIG_CITIES)
    assert result.issues == [] and len(result.grants) == 4
    assert list(result.grants["org_type"]) == ["stowarzyszenie", "osp", "kgw", "grupa_nieformalna"]
    assert list(result.grants["grant_id"])[0] == "MMS/P1/0001/2025"


def test_priority_from_the_dashboards_own_label():
    from mms_core.data.importing.importer import priority_from
    from mms_core.text.i18n import t

    for lang in ("pl", "en"):
        assert priority_from(t("priority.P1", lang)) == "P1" and priority_from(t("priority.P3", lang)) == "P3"
    assert priority_from("P1 lub P3") is None and priority_from("P3") == "P3"
