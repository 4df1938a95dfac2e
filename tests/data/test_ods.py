"""OpenDocument spreadsheets (issue 25): the Data page's and the planner's .ods files read back with pandas
and through the import to the same rows; .ods lists imported like XLSX (hidden sheets skipped, dates and
percentages refused as amounts, the limits held against repeated rows)."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
import pytest
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableProperties
from odf.table import Table, TableCell, TableRow
from odf.text import P

from mms_core.analysis.filters import Filters
from mms_core.analysis.planner import Rule, allocate, plan_table
from mms_core.data.importing.importer import ImportFileError, read_grants_file, reading_summary
from mms_core.data.paths import DEFAULT_DATA_DIR
from mms_core.data.reference import loaders
from mms_core.present.plan_exports import plan_frame, plan_ods
from mms_core.present.table_exports import export_info, grants_ods
from tests.analysis.test_planner import BUDGET, three

HEADER = ["Nazwa organizacji", "Województwo", "Miejscowość", "Kwota przyznana", "Priorytet", "Edycja"]


def cell(text=None, kind=None, shown=None, **attrs):
    if kind is None:
        made = TableCell(valuetype="string")
        made.addElement(P(text=str(text)))
        return made
    made = TableCell(valuetype=kind, **attrs)
    made.addElement(P(text=shown or str(text)))
    return made


def ods(sheets: list[tuple[str, list[list], bool]], repeat_last: int = 1) -> bytes:
    """An .ods file of ``(name, rows of cells, hidden)``; the last row of each sheet repeated ``repeat_last``
    times."""
    document = OpenDocumentSpreadsheet()
    hidden = Style(name="hiddenTable", family="table")
    hidden.addElement(TableProperties(display=False))
    document.automaticstyles.addElement(hidden)
    for name, rows, is_hidden in sheets:
        table = Table(name=name, stylename=hidden if is_hidden else None) if is_hidden else Table(name=name)
        for index, row in enumerate(rows):
            line = TableRow(numberrowsrepeated=repeat_last) if index == len(rows) - 1 and repeat_last > 1 else TableRow()
            for item in row:
                line.addElement(item if hasattr(item, "qname") else cell(item))
            table.addElement(line)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def grant_row(name="KGW Lipowa", amount=5000):
    return [name, "lubelskie", "Lipowa", cell(amount, "float", value=str(amount)), "P3",
            cell(2025, "float", value="2025")]


def test_the_data_pages_ods_round_trips_through_the_import():
    original = loaders.load_grants(DEFAULT_DATA_DIR / "grants.csv").head(200)
    original.loc[original.index[0], "org_name"] = '=HYPERLINK("http://zlo.example","x")'
    info = export_info(Filters(), {"kind": "sample"}, datetime(2026, 12, 7), len(original))
    data = grants_ods(original, info)
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, engine="odf")
    assert list(sheets) == ["Dotacje", "Dotacje (kody)", "Informacje"]
    assert sheets["Dotacje"].iloc[0, 3].startswith("'=")  # stays text in Calc
    result = read_grants_file(data, "eksport.ods")
    assert result.errors == [] and result.sheet == "Dotacje"
    pd.testing.assert_frame_equal(result.grants, original, check_dtype=False)
    assert result.grants["amount_pln"].sum() == original["amount_pln"].sum()


def test_the_planners_ods_has_the_plan_and_the_assumptions():
    table = plan_table(three(), "all", allocate(BUDGET, three(), "all", Rule("eligible")))
    data = plan_ods(table, None, [("Budżet (zł)", "50,00 zł"), ("Dane o dotacjach", "=1+1")])
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, engine="odf", header=None)
    assert list(sheets) == ["Scenariusze", "Założenia"]
    plan = pd.read_excel(io.BytesIO(data), sheet_name="Scenariusze", engine="odf", dtype={"teryt": str})
    expected = plan_frame(table)
    assert plan["scenario_amount_pln"].tolist() == expected["scenario_amount_pln"].tolist()
    assert plan["teryt"].tolist() == ["02", "04", "06"]
    assert sheets["Założenia"].iloc[1, 1] == "'=1+1"


def test_an_ods_list_is_read_like_a_workbook_hidden_sheets_left_out():
    data = ods([("wersja_robocza", [HEADER, grant_row(amount=1000)], True),
                ("Lista ostateczna", [HEADER, grant_row(), grant_row("#MłodziRazem", 9000)], False)])
    result = read_grants_file(data, "lista.ods")
    assert result.sheet == "Lista ostateczna" and result.grants["amount_pln"].sum() == 14_000
    assert "pominięto ukryte arkusze: „wersja_robocza”" in reading_summary(result)
    draft = read_grants_file(data, "lista.ods", sheet="wersja_robocza")
    assert draft.grants["amount_pln"].sum() == 1000


@pytest.mark.parametrize(("amount_cell", "kind", "shown"), [
    (cell(None, "date", "12.10.2025", datevalue="2025-10-12"), "data", "12.10.2025"),
    (cell(None, "percentage", "25%", value="0.25"), "procent", "25%"),
    (cell(None, "time", "10:00", timevalue="PT10H00M00S"), "czas", "10:00"),
])
def test_an_amount_in_a_date_percentage_or_time_cell_is_refused(amount_cell, kind, shown):
    row = ["KGW Lipowa", "lubelskie", "Lipowa", amount_cell, "P3", cell(2025, "float", value="2025")]
    result = read_grants_file(ods([("Lista", [HEADER, row], False)]), "lista.ods")
    (issue,) = result.errors
    assert f"komórka kwoty jest sformatowana jako {kind} (arkusz pokazuje „{shown}”)" in issue.text()


def test_a_million_repeated_empty_rows_cost_nothing_and_repeated_data_rows_hit_the_limit():
    trailing_empty = ods([("Lista", [HEADER, grant_row(), [""]], False)], repeat_last=1_048_000)
    assert len(read_grants_file(trailing_empty, "lista.ods").grants) == 1
    repeated = ods([("Lista", [HEADER, grant_row()], False)], repeat_last=400_000)
    with pytest.raises(ImportFileError) as error:
        read_grants_file(repeated, "lista.ods")
    assert "wierszy" in error.value.message


def test_a_text_document_is_refused_by_name():
    from odf.opendocument import OpenDocumentText

    buffer = io.BytesIO()
    OpenDocumentText().write(buffer)
    with pytest.raises(ImportFileError) as error:
        read_grants_file(buffer.getvalue(), "lista.odt")
    assert "nie jest obsługiwany" in error.value.message
