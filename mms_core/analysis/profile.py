"""A voivodeship's profile: its figures against the national ones, towns, published results."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mms_core.analysis.compare import national_value
from mms_core.analysis.measures import MEASURE_BY_CODE, METRIC_BY_CODE, Metric
from mms_core.facts.voivodeships import name_of
from mms_core.text.formatting import fmt_number, group_digits
from mms_core.text.i18n import has_text, t

#: The figures of a profile: metric code (or the average grant) in display order.
PROFILE_METRICS: tuple[Metric, ...] = (
    METRIC_BY_CODE["grant_count"],
    METRIC_BY_CODE["amount_pln"],
    METRIC_BY_CODE["amount_per_capita"],
    METRIC_BY_CODE["amount_per_eligible"],
    MEASURE_BY_CODE["average_grant"],
)


@dataclass(frozen=True)
class Comparison:
    metric: Metric
    region: float
    national: float

    @property
    def difference_pct(self) -> float:
        """How far the region is above (+) or below (−) the national figure, per cent."""
        if not self.national or self.national != self.national or self.region != self.region:
            return float("nan")
        return (self.region / self.national - 1) * 100


def region_vs_national(summary: pd.DataFrame, teryt: str) -> list[Comparison]:
    """The region's figures beside the national ones (per region for counts and sums)."""
    row = summary.loc[teryt]
    return [Comparison(m, float(row[m.column]), national_value(summary, m)) for m in PROFILE_METRICS]


def top_towns(grants: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Towns with the most grants: ``town, grants, amount_pln``; ties by zł, then name."""
    table = grants.groupby("town").agg(grants=("grant_id", "size"), amount_pln=("amount_pln", "sum")).reset_index()
    return table.sort_values(["grants", "amount_pln", "town"], ascending=[False, False, True]).head(n).reset_index(drop=True)


#: The edition the published results speak of (``published_results_2025.csv``: edition 2025's news).
PUBLISHED_EDITION = 2025


@dataclass(frozen=True)
class InData:
    """What the data in use hold for a region in the published results' edition: grants and zł."""

    grants: int
    amount_pln: float


def in_data_for_published(grants: pd.DataFrame, teryt: str) -> InData:
    """The region's grants of :data:`PUBLISHED_EDITION` in the data in use (every grant, whatever the
    filters), to set beside the published results."""
    rows = grants[(grants["edition"] == PUBLISHED_EDITION) & (grants["voivodeship_teryt"] == teryt)]
    return InData(len(rows), float(rows["amount_pln"].sum()))


def published_for(published: pd.DataFrame, teryt: str) -> pd.DataFrame:
    """Rows of the published results that concern this voivodeship (as published)."""
    name = name_of(teryt)
    return published[published["scope"].str.startswith(f"{name} (")].reset_index(drop=True)


def published_rows(published: pd.DataFrame, teryt: str, lang: str = "pl") -> list[tuple[str, str, str]]:
    """(what, value as published, source URL) for the region; numbers in Polish format."""
    rows = []
    for _, row in published_for(published, teryt).iterrows():
        key = f"published.{row['metric']}"
        label = t(key, lang) if has_text(key, lang) else row["metric"]
        value = group_digits(str(row["value"]))
        unit = " zł" if row["unit"] == "zł" else ""  # other units repeat the label, in English
        rows.append((label, value + unit, row["source_url"]))
    return rows


def type_breakdown_text(grants: pd.DataFrame, lang: str = "pl") -> str:
    """"Grants by organisation type: KGW 12, OSP 9, …" — the bar chart's numbers in words, most
    first (types with no grant left out), so the answer needs no hovering."""
    counts = grants.groupby("org_type").size().sort_values(ascending=False, kind="stable")
    items = ", ".join(f"{t(f'org.{code}', lang)} {fmt_number(n)}" for code, n in counts.items() if n > 0)
    return t("type_breakdown", lang, items=items or "—")
