"""A region's gminas as its profile shows them: the sentence on white spots per gmina kind, the
sortable table (numbers stay numbers, shown the Polish way, "brak danych" where GUS has no
population) and its CSV.

Units: zł, persons (GUS, 2025-12-31), zł per resident.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd

from mms_core.analysis.levels import summary_columns
from mms_core.analysis.measures import MEASURE_BY_COLUMN
from mms_core.analysis.region_gminas import OUTSIDE, STATUSES, WHITE_SPOT
from mms_core.facts.levels import GMINA_KINDS, LEVEL_BY_CODE
from mms_core.present.summary_table import summary_csv
from mms_core.text.formatting import fmt_number
from mms_core.text.i18n import t

#: Columns of the profile's gmina table, in order: the gmina, its state and what it got per resident
#: first (what a phone shows without scrolling), then grants, zł, its kind, population, the link to
#: its grants, its code.
PROFILE_COLUMNS: tuple[str, ...] = (
    "name", "status", "amount_per_capita_pln", "grants", "amount_pln", "gmina_kind", "population", "grants_link",
    "teryt",
)
#: The page its grants link to (relative to the profile's address, so a base path is kept).
DATA_PAGE = "data"


def share_text(value: float) -> str:
    """A share in per cent the Polish way (``37,5%``), or "—" when there is nothing to share."""
    return "—" if pd.isna(value) else fmt_number(value, 1) + "%"


def white_spot_sentence(by_kind: pd.DataFrame, region_name: str, lang: str = "pl") -> str:
    """"Lubelskie: bez dotacji 45 z 211 gmin w programie (21,3%) — wiejskie: …; poza programem: 2".

    ``by_kind``: :func:`mms_core.analysis.region_gminas.region_white_spots`. A kind with no gmina
    in the programme is left out."""
    total = by_kind.loc[""]
    kinds = []
    for kind in GMINA_KINDS:
        row = by_kind.loc[kind]
        if row["gminas"] > 0:
            kinds.append(t("region_ws_kind", lang, kind=t(f"gmina_kinds.{kind}", lang),
                           none=fmt_number(row["without_grants"]), total=fmt_number(row["gminas"]),
                           share=share_text(row["share_pct"])))
    text = t("region_ws_sentence", lang, region=region_name, none=fmt_number(total["without_grants"]),
             total=fmt_number(total["gminas"]), share=share_text(total["share_pct"]), kinds="; ".join(kinds))
    if total["outside_programme"]:
        text += " " + t("region_ws_outside", lang, count=fmt_number(total["outside_programme"]))
    return text


def grants_link(teryt: str, params: dict[str, str]) -> str:
    """The Data page's address listing the grants of gmina ``teryt`` (7 digits) in the filters
    ``params`` (the shared filters in URL form), relative to the current page."""
    query = dict(params) | {"region": teryt[:2], "gmina": teryt}
    return f"{DATA_PAGE}?{urlencode(query)}"


def profile_frame(region_table: pd.DataFrame, params: dict[str, str], lang: str = "pl") -> pd.DataFrame:
    """The region's gminas (:func:`mms_core.analysis.region_gminas.region_gminas`) for a sortable
    grid: headers in ``lang``, kind and state in words, numbers as numbers (NaN where there is no
    population figure), a link to each gmina's grants; sorted by state (reached first), then zł per
    resident (most first)."""
    order = {status: i for i, status in enumerate(STATUSES)}
    table = region_table.assign(_order=region_table["status"].map(order)).sort_values(
        ["_order", "amount_per_capita_pln", "teryt"], ascending=[True, False, True], na_position="last")
    out = pd.DataFrame({
        "name": table["name"],
        "gmina_kind": table["gmina_kind"].map(lambda k: t(f"gmina_kind.{k}", lang)),
        "status": table["status"].map(lambda s: t(f"gmina_status.{s}", lang)),
        "grants": table["grants"].astype("int64"),
        "amount_pln": table["amount_pln"].astype("float64"),
        "amount_per_capita_pln": table["amount_per_capita_pln"].astype("float64"),
        "population": table["population"].astype("Float64").astype("float64"),
        "grants_link": [grants_link(code, params) if grants else None
                        for code, grants in zip(table["teryt"], table["grants"])],
        "teryt": table["teryt"],
    })
    return out[list(PROFILE_COLUMNS)].reset_index(drop=True)


def column_label(column: str, lang: str = "pl") -> str:
    return t("col_gmina_grants" if column == "grants_link" else f"col_{column}", lang)


def profile_styler(frame: pd.DataFrame, lang: str = "pl"):
    """``frame`` (:func:`profile_frame`) with Polish number formats and "brak danych" for a missing
    population or per-resident figure, headers in ``lang``. Sorting in the grid still uses the
    numbers."""
    missing = t("legend_no_data", lang)
    per_capita = MEASURE_BY_COLUMN["amount_per_capita_pln"].decimals
    formats = {
        "grants": lambda v: fmt_number(v),
        "amount_pln": lambda v: fmt_number(v),
        "amount_per_capita_pln": lambda v: fmt_number(v, per_capita, missing=missing),
        "population": lambda v: fmt_number(v, missing=missing),
    }
    shown = frame.rename(columns={c: column_label(c, lang) for c in frame.columns})
    return shown.style.format({column_label(c, lang): f for c, f in formats.items()})


def region_gminas_csv(region_table: pd.DataFrame, excel_pl: bool = False) -> bytes:
    """The region's gminas as CSV (UTF-8 with BOM, plain or Polish Excel form): the columns of the
    gmina-level summary CSV (:func:`mms_core.analysis.levels.summary_columns`) and ``status``
    (``reached`` / ``white_spot`` / ``outside``); empty cells where there is no population figure."""
    columns = [*summary_columns(LEVEL_BY_CODE["gmina"]), "status"]
    return summary_csv(region_table[columns], excel_pl=excel_pl)


def status_counts(region_table: pd.DataFrame) -> dict[str, int]:
    """How many gminas are in each state (every state listed, 0 when none)."""
    counts = region_table["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUSES}


__all__ = ["OUTSIDE", "PROFILE_COLUMNS", "WHITE_SPOT", "grants_link", "profile_frame", "profile_styler",
           "region_gminas_csv", "share_text", "status_counts", "white_spot_sentence"]
