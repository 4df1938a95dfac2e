"""A voivodeship's gminas for its profile: reached or not in the current filters, and why.

Built on the gmina summary of :func:`mms_core.analysis.units_summary.summarise` (one row per gmina
of 2025, the registry's measures; amounts in zł, population in persons, GUS 2025-12-31):

* ``status`` of each gmina: ``reached`` (at least one grant in the filters), ``white_spot`` (inside
  the programme, no grant: "gmina bez dotacji") or ``outside`` (a city over 100 000, outside the
  programme whatever it got — never counted as a white spot);
* white spots per gmina kind (:func:`mms_core.analysis.levels.white_spots` on the region's rows);
* the grants of the region that could not be put in a gmina (empty or unknown ``gmina_teryt``):
  they count in the voivodeship's figures, never in a gmina's.
"""

from __future__ import annotations

import pandas as pd

from mms_core.analysis.levels import GMINA_COLUMN, in_programme, white_spots
from mms_core.analysis.levels import reached as levels_reached

REACHED, WHITE_SPOT, OUTSIDE = "reached", "white_spot", "outside"
#: The states of a gmina, in the order a table or a legend lists them.
STATUSES: tuple[str, ...] = (REACHED, WHITE_SPOT, OUTSIDE)


def gmina_status(table: pd.DataFrame) -> pd.Series:
    """``reached`` / ``white_spot`` / ``outside`` of each row of a gmina summary (the rules of
    :mod:`mms_core.analysis.levels`: :func:`~mms_core.analysis.levels.reached`, ``in_programme``)."""
    inside, got = in_programme(table), levels_reached(table)
    return pd.Series([REACHED if r else WHITE_SPOT if i else OUTSIDE for i, r in zip(inside, got)],
                     index=table.index, dtype=object)


def region_gminas(gmina_table: pd.DataFrame, teryt: str) -> pd.DataFrame:
    """The gminas of voivodeship ``teryt`` (2-digit TERYT; a gmina's code starts with it), in code
    order, with the summary's columns and ``status`` (:func:`gmina_status`).

    ``gmina_table``: a gmina-level summary (``summarise(...).table``) indexed by the 7-digit
    code. Per-resident figures stay NaN where GUS has no population figure ("brak danych")."""
    codes = gmina_table.index.astype(str)
    table = gmina_table[codes.str.startswith(str(teryt))].sort_index().copy()
    table["status"] = gmina_status(table)
    return table


def region_white_spots(region_table: pd.DataFrame) -> pd.DataFrame:
    """White spots of one region per gmina kind: rows ``wiejska``, ``miejsko-wiejska``, ``miejska``
    and ``""`` (the region), columns ``gminas`` (inside the programme), ``without_grants``,
    ``share_pct`` (per cent of those inside; NaN for a kind with no gmina) and
    ``outside_programme`` (gminas of cities over 100 000)."""
    return white_spots(region_table)[1]


def unplaced_grants(grants: pd.DataFrame, gmina_codes) -> tuple[int, float]:
    """(number, zł) of ``grants`` whose ``gmina_teryt`` is empty or not one of ``gmina_codes`` (the
    2025 gminas): counted in their voivodeship but in no gmina. Grants without the column (data
    from before the levels) are all unplaced."""
    if grants.empty:
        return 0, 0.0
    if GMINA_COLUMN not in grants.columns:
        return len(grants), float(grants["amount_pln"].sum())
    codes = grants[GMINA_COLUMN].fillna("").astype(str).str.strip()
    missing = ~codes.isin(set(map(str, gmina_codes)))
    return int(missing.sum()), float(grants.loc[missing, "amount_pln"].sum())
