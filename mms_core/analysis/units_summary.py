"""One summary for every level: :func:`summarise` gives the units of the voivodeship, powiat or gmina level as one
frame with the same columns, the national headline and the grants that could not be placed.

Units: amounts in zł, population in persons (see :mod:`mms_core.analysis.aggregates` for the voivodeships and
:mod:`mms_core.analysis.levels` for the powiats and gminas). A unit is "reached" when it is inside the programme
and got a grant in the filters (:func:`mms_core.analysis.levels.reached`, the one place that says so): the map
classifies those; the others inside the programme are white spots, those outside are shown apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from mms_core.analysis.aggregates import SUMMARY_COLUMNS, Headline, filter_grants, headline, summary_from_aggregate
from mms_core.analysis.filters import Selection
from mms_core.analysis.levels import level_summary, reached, summary_columns
from mms_core.facts.levels import DEFAULT_LEVEL, LEVEL_BY_CODE, Level

#: The columns of a unit summary at every level, in order: ``name`` is the unit's (at the voivodeship level, the
#: voivodeship's own), ``voivodeship`` the name of the voivodeship it lies in, ``gmina_kind`` "" above the gminas,
#: ``outside_programme`` 1 for a unit outside the programme (0 for every voivodeship), ``reached`` True for a unit
#: inside the programme with a grant.
UNIT_COLUMNS: tuple[str, ...] = (
    "teryt", "name", "voivodeship", "gmina_kind", "grants", "amount_pln", "population", "amount_per_capita_pln",
    "grants_per_100k", "eligible_population", "amount_per_eligible_pln", "average_grant_pln", "outside_programme",
    "reached",
)


def shown_columns(level: Level) -> tuple[str, ...]:
    """The columns a user gets of a summary at ``level`` (its CSV files), in order."""
    return SUMMARY_COLUMNS if level.is_top else summary_columns(level)


@dataclass(frozen=True)
class UnitSummary:
    """The units of one level for one selection of grants."""

    level: Level
    table: pd.DataFrame  # one row per unit, indexed by code (code order), columns :data:`UNIT_COLUMNS`
    regions: pd.DataFrame  # the 16 voivodeships (:func:`mms_core.analysis.aggregates.summary_from_aggregate`)
    unplaced_grants: int = 0  # grants in the filters with no (known) unit at this level: counted in their voivodeship
    unplaced_amount_pln: float = 0.0  # zł of those grants

    @property
    def headline(self) -> Headline:
        """The national figures (every grant of the filters, placed in a unit or not)."""
        return headline(self.regions)

    @property
    def shown(self) -> pd.DataFrame:
        """The table as users get it (:func:`shown_columns`)."""
        return self.table[list(shown_columns(self.level))]

    @property
    def inside_count(self) -> int:
        """Units inside the programme."""
        return int((self.table["outside_programme"] == 0).sum())

    @property
    def reached_count(self) -> int:
        """Units inside the programme with a grant."""
        return int(self.table["reached"].sum())


@dataclass(frozen=True)
class SummaryData:
    """What a summary is made from: the aggregate of the grants by voivodeship
    (:func:`mms_core.analysis.aggregates.aggregate`), the population and eligible population of the voivodeships,
    and, asked for only below the voivodeship, the aggregate by gmina
    (:func:`mms_core.analysis.levels.unit_aggregate`) and a level's units (:func:`mms_core.analysis.levels.units`)."""

    totals: pd.DataFrame
    population: pd.DataFrame
    eligible: pd.Series
    unit_totals: Callable[[], pd.DataFrame] | None = None
    units: Callable[[str], pd.DataFrame] | None = None


def region_units(regions: pd.DataFrame) -> pd.DataFrame:
    """The voivodeship summary as units (:data:`UNIT_COLUMNS`, then any other columns of ``regions``, such as
    the Compare page's ``change_pct``)."""
    table = regions.assign(name=regions["voivodeship"], gmina_kind="", outside_programme=0)
    table = table.assign(reached=reached(table))
    return table[[*UNIT_COLUMNS, *(c for c in regions.columns if c not in UNIT_COLUMNS)]]


def regions_summary(regions: pd.DataFrame) -> UnitSummary:
    """A voivodeship summary (:func:`mms_core.analysis.aggregates.summary_from_aggregate`, perhaps with more
    columns) as a :class:`UnitSummary` at the voivodeship level."""
    return UnitSummary(LEVEL_BY_CODE[DEFAULT_LEVEL], region_units(regions), regions)


def summarise(selection: Selection, level: Level, data: SummaryData) -> UnitSummary:
    """The summary of the grants in ``selection`` at ``level`` (any level): every unit, with or without grants."""
    regions = summary_from_aggregate(filter_grants(data.totals, selection), data.population, data.eligible)
    if level.is_top:
        return regions_summary(regions)
    if data.unit_totals is None or data.units is None:
        raise ValueError(f"the {level.code} level needs the aggregate by gmina and its units")
    table, unplaced, unplaced_amount = level_summary(filter_grants(data.unit_totals(), selection),
                                                     data.units(level.code), level)
    table = table.assign(gmina_kind=table["gmina_kind"] if "gmina_kind" in table else "")
    table = table.assign(reached=reached(table))[list(UNIT_COLUMNS)]
    return UnitSummary(level, table, regions, unplaced, unplaced_amount)
