"""The per-region summary formatted for reading: Polish numbers, translated headers."""

from __future__ import annotations

import pandas as pd

from .formatting import fmt_number
from .i18n import t
from .metrics import SUMMARY_COLUMNS

#: Decimals shown for each numeric column of the summary.
DISPLAY_DECIMALS = {
    "grants": 0, "amount_pln": 0, "population": 0, "amount_per_capita_pln": 2, "grants_per_100k": 1,
    "eligible_population": 0, "amount_per_eligible_pln": 2, "average_grant_pln": 0,
}


def display_summary(summary: pd.DataFrame, lang: str = "pl") -> pd.DataFrame:
    """Strings ready to show: ``1 234 567``, ``2,35``; "—" where there is no value."""
    out = pd.DataFrame(index=summary.index)
    for column in SUMMARY_COLUMNS:
        values = summary[column]
        if column in DISPLAY_DECIMALS:
            values = values.map(lambda v, d=DISPLAY_DECIMALS[column]: fmt_number(v, d, missing="—"))
        out[t(f"col_{column}", lang)] = values
    return out.reset_index(drop=True)
