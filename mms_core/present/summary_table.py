"""The per-region summary formatted for reading: Polish numbers, translated headers."""

from __future__ import annotations

import pandas as pd

from mms_core.analysis.aggregates import SUMMARY_COLUMNS
from mms_core.analysis.measures import display_decimals
from mms_core.text.formatting import fmt_number
from mms_core.text.i18n import t


def display_summary(summary: pd.DataFrame, lang: str = "pl") -> pd.DataFrame:
    """Strings ready to show: ``1 234 567``, ``2,35``; "—" where there is no value."""
    out = pd.DataFrame(index=summary.index)
    for column in SUMMARY_COLUMNS:
        values = summary[column]
        decimals = display_decimals(column)
        if decimals is not None:
            values = values.map(lambda v, d=decimals: fmt_number(v, d, missing="—"))
        out[t(f"col_{column}", lang)] = values
    return out.reset_index(drop=True)
