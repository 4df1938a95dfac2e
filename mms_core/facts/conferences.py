"""The regional conferences in order: known dates first (earliest first), then the unknown
ones in TERYT order (the order of the official list of voivodeships)."""

from __future__ import annotations

import pandas as pd


def in_date_order(conferences: pd.DataFrame) -> pd.DataFrame:
    """Conferences sorted by date; those without a known date last, by TERYT code."""
    known = conferences[conferences["date"].notna()].sort_values(["date", "teryt"])
    unknown = conferences[conferences["date"].isna()].sort_values("teryt")
    return pd.concat([known, unknown])
