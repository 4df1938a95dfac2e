"""Comparisons between regions and editions: national averages, rankings, edition change.

Units follow :mod:`mms_core.analysis.aggregates`: zł, persons, grants.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mms_core.analysis.aggregates import filter_grants, region_summary
from mms_core.analysis.filters import Filters
from mms_core.analysis.measures import Metric
from mms_core.facts.vocab import ORG_TYPES
from mms_core.facts.voivodeships import TERYT_CODES


def national_value(summary: pd.DataFrame, metric: Metric) -> float:
    """The national figure of ``metric`` that a region can be compared with.

    Ratios are recomputed from national totals (total zł / total population), not averaged
    over regions; for counts and sums it is the mean per voivodeship.
    """
    return metric.national(summary)


def ranking(summary: pd.DataFrame, metric: Metric) -> pd.DataFrame:
    """Regions from highest to lowest ``metric`` with ``rank`` (ties share the best rank)."""
    table = summary[["teryt", "voivodeship", metric.column]].copy()
    table["rank"] = table[metric.column].rank(ascending=False, method="min").astype("Int64")
    return table.sort_values([metric.column, "teryt"], ascending=[False, True]).reset_index(drop=True)


def edition_change(grants: pd.DataFrame, filters: Filters, population: pd.DataFrame, eligible: pd.Series,
                   metric: Metric, before: int, after: int) -> pd.DataFrame:
    """Per region: ``metric`` in edition ``before`` and ``after`` (other filters applied),
    the difference ``change`` and the relative change ``change_pct`` (NaN where ``before`` is 0)."""
    values = {}
    for edition in (before, after):
        chosen = filter_grants(grants, filters.with_(edition=int(edition)))
        values[edition] = region_summary(chosen, population, eligible)
    first = values[before]
    out = first[["teryt", "voivodeship"]].copy()
    out["before"] = first[metric.column]
    out["after"] = values[after][metric.column]
    out["change"] = out["after"] - out["before"]
    out["change_pct"] = np.where(out["before"] > 0, out["change"] / out["before"].where(out["before"] > 0) * 100,
                                 np.nan)
    return out


def type_by_region(grants: pd.DataFrame, value: str = "count") -> pd.DataFrame:
    """Organisation type × voivodeship table of grant counts (``count``) or zł (``amount``)."""
    if value == "count":
        table = grants.groupby(["org_type", "voivodeship_teryt"]).size()
    else:
        table = grants.groupby(["org_type", "voivodeship_teryt"])["amount_pln"].sum()
    return table.unstack(fill_value=0).reindex(index=list(ORG_TYPES), columns=list(TERYT_CODES), fill_value=0)
