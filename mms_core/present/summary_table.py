"""The per-region summary formatted for reading: Polish numbers, translated headers."""

from __future__ import annotations

import pandas as pd

from mms_core.analysis.aggregates import SUMMARY_COLUMNS
from mms_core.analysis.measures import Metric, display_decimals, extremes
from mms_core.text.formatting import fmt_metric, fmt_number
from mms_core.text.i18n import t

#: The order the summary is read in: the voivodeship, then what it got per resident, so that a
#: phone (which shows the first two or three columns without scrolling) answers "how much per
#: resident" at once; the TERYT code, for looking things up, last.
DISPLAY_ORDER: tuple[str, ...] = (
    "voivodeship", "amount_per_capita_pln", "grants", "amount_pln", "amount_per_eligible_pln",
    "grants_per_100k", "average_grant_pln", "population", "eligible_population", "teryt",
)
assert sorted(DISPLAY_ORDER) == sorted(SUMMARY_COLUMNS)


def display_summary(summary: pd.DataFrame, lang: str = "pl") -> pd.DataFrame:
    """Strings ready to show: ``1 234 567``, ``2,35``; "—" where there is no value. Columns in
    :data:`DISPLAY_ORDER`."""
    out = pd.DataFrame(index=summary.index)
    for column in DISPLAY_ORDER:
        values = summary[column]
        decimals = display_decimals(column)
        if decimals is not None:
            values = values.map(lambda v, d=decimals: fmt_number(v, d, missing="—"))
        out[t(f"col_{column}", lang)] = values
    return out.reset_index(drop=True)


def answer_sentence(summary: pd.DataFrame, metric: Metric, lang: str = "pl") -> str:
    """The plain-language answer: "Najwięcej … ma X (v), najmniej Y (w)" — or that all are equal."""
    def value(teryt: str) -> str:
        return fmt_metric(summary.loc[teryt, metric.column], metric.unit, metric.decimals, lang=lang)

    ends = extremes(summary, metric)
    if ends is None:
        return t("plain_summary_equal", lang, value=value(summary.index[0]))
    top, low = ends
    return t("plain_summary", lang, top_name=summary.loc[top, "voivodeship"], top_value=value(top),
             low_name=summary.loc[low, "voivodeship"], low_value=value(low))
