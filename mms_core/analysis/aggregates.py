"""Per-voivodeship aggregation of grants and the map metrics.

Units: amounts in zł, population in persons. "Eligible population" is an estimate of
the residents of villages and towns under 100 000: the GUS population of the voivodeship
on 2024-12-31 minus the residents of its cities over 100 000 (about 2023-12-31).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mms_core.analysis.filters import Filters, Selection
from mms_core.analysis.measures import MEASURE_BY_CODE, MEASURE_BY_COLUMN, add_measures
from mms_core.analysis.measures import extremes as measure_extremes
from mms_core.facts.vocab import ALL
from mms_core.facts.voivodeships import TERYT_CODES, name_of

#: Columns of the per-region summary (and of its CSV download), in order.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "teryt", "voivodeship", "grants", "amount_pln", "population", "amount_per_capita_pln",
    "grants_per_100k", "eligible_population", "amount_per_eligible_pln", "average_grant_pln",
)


def eligible_population(population: pd.DataFrame, big_cities: pd.DataFrame) -> pd.Series:
    """Estimated residents outside cities over 100 000, persons, indexed by TERYT.

    Cities whose population is unknown (NaN) are not subtracted.
    """
    city_totals = big_cities.groupby("teryt")["population"].sum(min_count=1).fillna(0)
    result = population["population"] - city_totals.reindex(population.index).fillna(0)
    return result.astype("int64").rename("eligible_population")


def filter_grants(grants: pd.DataFrame, filters: Filters | Selection) -> pd.DataFrame:
    """The grants (or aggregate rows) matching the edition, organisation types and priority of
    ``filters`` (a :class:`Selection`, or :class:`Filters` whose map style is ignored)."""
    mask = pd.Series(True, index=grants.index)
    if filters.edition is not None:
        mask &= grants["edition"] == filters.edition
    if filters.org_types:
        mask &= grants["org_type"].isin(filters.org_types)
    if filters.priority != ALL:
        mask &= grants["priority"] == filters.priority
    return grants[mask]


#: Columns that the pre-computed aggregate keeps; every filter works on them.
AGGREGATE_KEYS: tuple[str, ...] = ("edition", "priority", "org_type", "voivodeship_teryt")


def aggregate(grants: pd.DataFrame) -> pd.DataFrame:
    """Number of grants and zł per (edition, priority, organisation type, voivodeship).

    At most 2 × 2 × 7 × 16 rows per edition pair, whatever the number of grants: the
    dashboard filters and sums this instead of the grants themselves.
    """
    return (grants.groupby(list(AGGREGATE_KEYS), observed=True)["amount_pln"]
            .agg(grants="count", amount_pln="sum").reset_index())


def region_summary(grants: pd.DataFrame, population: pd.DataFrame, eligible: pd.Series) -> pd.DataFrame:
    """One row per voivodeship (all 16, TERYT order) with counts, sums and ratios.

    ``grants`` is already filtered. Regions without grants get 0 grants and 0 zł;
    the average grant is NaN there (no data).
    """
    return summary_from_aggregate(aggregate(grants), population, eligible)


def summary_from_aggregate(totals: pd.DataFrame, population: pd.DataFrame, eligible: pd.Series) -> pd.DataFrame:
    """:func:`region_summary` from a (filtered) :func:`aggregate`."""
    grouped = totals.groupby("voivodeship_teryt")[["grants", "amount_pln"]].sum()
    grouped = grouped.reindex(list(TERYT_CODES)).fillna(0)
    out = pd.DataFrame(index=pd.Index(TERYT_CODES))
    out["teryt"] = list(TERYT_CODES)
    out["voivodeship"] = [name_of(t) for t in TERYT_CODES]
    out["grants"] = grouped["grants"].astype("int64")
    out["amount_pln"] = grouped["amount_pln"].astype("float64")
    out["population"] = population["population"].reindex(out.index).astype("int64")
    out["eligible_population"] = eligible.reindex(out.index).astype("int64")
    return add_measures(out)[list(SUMMARY_COLUMNS)]


@dataclass(frozen=True)
class Headline:
    """Figures shown above the map: counts, zł, and how many regions have a grant."""

    grants: int
    amount_pln: float
    average_grant_pln: float  # NaN when there are no grants
    regions_covered: int
    regions_total: int
    amount_per_capita_pln: float


def headline(summary: pd.DataFrame) -> Headline:
    """National figures from the per-region summary."""
    return Headline(
        grants=int(MEASURE_BY_CODE["grant_count"].total(summary)),
        amount_pln=MEASURE_BY_CODE["amount_pln"].total(summary),
        average_grant_pln=MEASURE_BY_CODE["average_grant"].total(summary),
        regions_covered=int((summary["grants"] > 0).sum()),
        regions_total=len(summary),
        amount_per_capita_pln=MEASURE_BY_CODE["amount_per_capita"].total(summary),
    )


def extremes(summary: pd.DataFrame, column: str) -> tuple[str, str] | None:
    """TERYT codes of the regions with the highest and lowest value (ties: first), or None."""
    return measure_extremes(summary, MEASURE_BY_COLUMN[column])
