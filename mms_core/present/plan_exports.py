"""The planner's files: CSV (data only, the columns of :data:`CSV_COLUMNS` first, then scenario B's with
the prefix ``b_``), the Polish-Excel CSV, and an XLSX whose second sheet states every assumption.

The only texts in the tables are the voivodeship names (the dashboard's own list) and the planner's own
words; the assumptions sheet's values pass :func:`neutralise` anyway (a description typed by someone)."""

from __future__ import annotations

import io

import pandas as pd

from mms_core.present.table_exports import frames_ods, neutralise, write_rows
from mms_core.text.i18n import t

#: The CSV's first columns (scenario A), in order.
CSV_COLUMNS: tuple[str, ...] = (
    "teryt", "voivodeship", "base_amount_pln", "scenario_amount_pln", "change_pln", "change_pct",
    "eligible_population", "base_per_eligible_pln", "scenario_per_eligible_pln", "estimated_grants",
)
#: Scenario A's further columns, after :data:`CSV_COLUMNS`.
MORE_COLUMNS: tuple[str, ...] = ("white_spot_gminas", "base_share_pct", "scenario_share_pct", "share_change_pp")
#: Scenario B's columns (prefixed ``b_``).
B_COLUMNS: tuple[str, ...] = ("scenario_amount_pln", "change_pln", "change_pct", "scenario_per_eligible_pln",
                              "estimated_grants", "scenario_share_pct", "share_change_pp")
_TWO_DECIMALS = ("base_amount_pln", "scenario_amount_pln", "change_pln", "change_pct", "base_per_eligible_pln",
                 "scenario_per_eligible_pln", "base_share_pct", "scenario_share_pct", "share_change_pp")


def plan_frame(table_a: pd.DataFrame, table_b: pd.DataFrame | None = None) -> pd.DataFrame:
    """Scenario A's table (and B's columns with ``b_``) in the file's column order; amounts to the grosz,
    ratios to two decimals; TERYT codes stay text."""
    frame = table_a[list(CSV_COLUMNS + MORE_COLUMNS)].copy()
    if table_b is not None:
        for column in B_COLUMNS:
            frame[f"b_{column}"] = table_b[column].to_numpy()
    for column in frame.columns:
        if column.removeprefix("b_") in _TWO_DECIMALS:
            frame[column] = frame[column].astype("float64").round(2)
    frame["teryt"] = frame["teryt"].astype(str)
    return frame.reset_index(drop=True)


def plan_csv(table_a: pd.DataFrame, table_b: pd.DataFrame | None = None, excel_pl: bool = False) -> bytes:
    """The plan as CSV, UTF-8 with BOM: comma and dot decimals, or with ``excel_pl`` semicolons and
    decimal commas (what Excel set to Polish opens in columns). Data only, no footer."""
    form = {"sep": ";", "decimal": ","} if excel_pl else {"sep": ",", "decimal": "."}
    return plan_frame(table_a, table_b).to_csv(index=False, lineterminator="\n", **form).encode("utf-8-sig")


def plan_xlsx(table_a: pd.DataFrame, table_b: pd.DataFrame | None, assumptions: list[tuple[str, str]],
              lang: str = "pl") -> bytes:
    """XLSX: the plan (the CSV's columns, numbers as numbers, TERYT as text) and the assumptions."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = t("plan_sheet_plan", lang)
    write_rows(sheet, plan_frame(table_a, table_b))
    for cell in sheet["A"][1:]:
        cell.number_format = "@"
    about = book.create_sheet(t("plan_sheet_assumptions", lang))
    for label, value in assumptions:
        about.append([neutralise(str(label)), neutralise(str(value))])
    about.column_dimensions["A"].width = 34
    about.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plan_ods(table_a: pd.DataFrame, table_b: pd.DataFrame | None, assumptions: list[tuple[str, str]],
             lang: str = "pl") -> bytes:
    """The XLSX's two sheets (:func:`plan_xlsx`) as an ODS file (LibreOffice Calc)."""
    about = pd.DataFrame([[neutralise(str(label)), neutralise(str(value))] for label, value in assumptions])
    return frames_ods([(t("plan_sheet_plan", lang), plan_frame(table_a, table_b), True),
                       (t("plan_sheet_assumptions", lang), about, False)])
