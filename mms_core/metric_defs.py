"""The map metrics: URL code, summary column, decimals and unit of each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    """A map metric: its URL code, the summary column it reads, decimals and unit kind."""

    code: str
    column: str
    decimals: int
    unit: str  # "count", "pln", "pln_per_person", "per_100k"


METRICS: tuple[Metric, ...] = (
    Metric("grant_count", "grants", 0, "count"),
    Metric("amount_pln", "amount_pln", 0, "pln"),
    Metric("amount_per_capita", "amount_per_capita_pln", 2, "pln_per_person"),
    Metric("grants_per_100k", "grants_per_100k", 1, "per_100k"),
    Metric("amount_per_eligible", "amount_per_eligible_pln", 2, "pln_per_person"),
)
METRIC_BY_CODE: dict[str, Metric] = {m.code: m for m in METRICS}
DEFAULT_METRIC = "amount_per_capita"
