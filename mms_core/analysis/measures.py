"""The registry of measures: each one declared once, everything else derives from it.

A measure is ``numerator × scale / denominator`` over the per-unit summary columns
(``grants`` — number of grants, ``amount_pln`` — zł, ``population`` and
``eligible_population`` — persons), or a plain sum when it has no denominator. Regional
values, national figures, headline figures, rankings, edition changes, the presentation's
figures, table decimals and the map legend all read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Metric:
    """One measure.

    ``code`` is its URL code (``?metric=``), ``column`` the summary column that holds it,
    ``numerator``/``denominator`` the summary columns it divides (``denominator`` None: a
    plain sum), ``scale`` a multiplier (100 000 for "per 100 000 residents"), ``unit`` the
    unit kind used by the formatter (``count``, ``pln``, ``pln_per_person``, ``per_100k``),
    ``decimals`` the decimals shown, ``on_map`` whether it can colour the map.
    """

    code: str
    column: str
    decimals: int
    unit: str
    numerator: str
    denominator: str | None = None
    scale: float = 1.0
    on_map: bool = True

    @property
    def is_ratio(self) -> bool:
        return self.denominator is not None

    def values(self, table: pd.DataFrame) -> pd.Series:
        """The measure for each row of ``table`` (a summary); NaN where the denominator is 0."""
        numerator = table[self.numerator].astype("float64")
        if self.denominator is None:
            return numerator
        denominator = table[self.denominator].astype("float64")
        return numerator * self.scale / denominator.where(denominator > 0)

    def national(self, table: pd.DataFrame) -> float:
        """The national figure a unit can be compared with.

        Ratios are recomputed from the national totals (total zł / total population), never
        averaged over units; for plain sums it is the mean per unit.
        """
        numerator = float(table[self.numerator].sum())
        if self.denominator is None:
            return numerator / len(table) if len(table) else float("nan")
        denominator = float(table[self.denominator].sum())
        return numerator * self.scale / denominator if denominator > 0 else float("nan")

    def total(self, table: pd.DataFrame) -> float:
        """The figure for all rows of ``table`` taken together (the headline): the sum for
        plain sums, the ratio of the sums for ratios."""
        if self.denominator is None:
            return float(table[self.numerator].sum())
        return self.national(table)

    def rounded(self, values: pd.Series) -> pd.Series:
        """``values`` rounded for files (CSV): 2 decimals for ratios and zł, as they are for counts."""
        return values.round(2) if self.is_ratio or self.unit == "pln" else values


#: Every measure, in menu order. ``average_grant`` is shown in tables and profiles, not on the map.
MEASURES: tuple[Metric, ...] = (
    Metric("grant_count", "grants", 0, "count", numerator="grants"),
    Metric("amount_pln", "amount_pln", 0, "pln", numerator="amount_pln"),
    Metric("amount_per_capita", "amount_per_capita_pln", 2, "pln_per_person",
           numerator="amount_pln", denominator="population"),
    Metric("grants_per_100k", "grants_per_100k", 1, "per_100k",
           numerator="grants", denominator="population", scale=100_000),
    Metric("amount_per_eligible", "amount_per_eligible_pln", 2, "pln_per_person",
           numerator="amount_pln", denominator="eligible_population"),
    Metric("average_grant", "average_grant_pln", 0, "pln",
           numerator="amount_pln", denominator="grants", on_map=False),
)
#: The change of a measure between two editions, per cent (the diverging change map).
CHANGE_PCT = Metric("change_pct", "change_pct", 1, "percent", numerator="change_pct", on_map=False)
#: The change of a voivodeship's share of the money split, percentage points (the planner's map).
SHARE_CHANGE_PP = Metric("share_change_pp", "share_change_pp", 2, "pp", numerator="share_change_pp", on_map=False)
#: The measures that can colour the map (``?metric=``).
METRICS: tuple[Metric, ...] = tuple(m for m in MEASURES if m.on_map)
MEASURE_BY_CODE: dict[str, Metric] = {m.code: m for m in MEASURES}
METRIC_BY_CODE: dict[str, Metric] = {m.code: m for m in METRICS}
MEASURE_BY_COLUMN: dict[str, Metric] = {m.column: m for m in MEASURES}
DEFAULT_METRIC = "amount_per_capita"

#: Columns of a summary that are not measures but counts of persons (shown with 0 decimals).
POPULATION_COLUMNS: tuple[str, ...] = ("population", "eligible_population")


def add_measures(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (with ``grants``, ``amount_pln`` and the population columns) with every ratio
    measure's column added."""
    out = table.copy()
    for measure in MEASURES:
        if measure.is_ratio:
            out[measure.column] = measure.values(out)
    return out


def display_decimals(column: str) -> int | None:
    """Decimals shown for a summary column (None: not a number)."""
    if column in MEASURE_BY_COLUMN:
        return MEASURE_BY_COLUMN[column].decimals
    if column in POPULATION_COLUMNS:
        return 0
    return None


def extremes(table: pd.DataFrame, measure: Metric) -> tuple[str, str] | None:
    """Index labels of the units with the highest and lowest value (ties: first), or None
    when all are equal or missing."""
    values = table[measure.column].astype("float64")
    if values.isna().all() or np.nanmax(values) == np.nanmin(values):
        return None
    return str(values.idxmax()), str(values.idxmin())
