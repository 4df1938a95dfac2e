"""What a document built from the command line needs, read from a data folder as the app reads it (the
ledger's grants in use, the reference files, the conference edits): one reading for the slides and the
voivodeship cards, and the summary of one edition with the dashboard's default map style."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mms_core.analysis import aggregates
from mms_core.analysis.filters import Filters
from mms_core.analysis.measures import METRIC_BY_CODE, Metric
from mms_core.data import ledger
from mms_core.data.ledger import LedgerView
from mms_core.data.paths import DataPaths
from mms_core.data.reference import conference_edits, loaders
from mms_core.maps import geometry
from mms_core.maps.classify import Classification, classify_reached


@dataclass(frozen=True)
class FolderData:
    """A data folder's grants in use (``view``) and reference tables; population in persons."""

    paths: DataPaths
    view: LedgerView
    population: pd.DataFrame
    big_cities: pd.DataFrame
    conferences: pd.DataFrame
    operators: pd.DataFrame
    geojson: dict

    @classmethod
    def read(cls, paths: DataPaths) -> FolderData:
        conferences, operators = conference_edits.merge(loaders.load_conferences(paths.conferences),
                                                        loaders.load_operators(paths.operators),
                                                        conference_edits.load(paths.conference_edits))
        return cls(paths, ledger.read_view(paths), loaders.load_population(paths.population),
                   loaders.load_big_cities(paths.big_cities), conferences, operators,
                   geometry.load_geojson(paths.voivodeships))


@dataclass(frozen=True)
class EditionView:
    """One edition with the dashboard's defaults (all types and priorities, zł per resident, quantiles, five
    classes): its grants, the per-voivodeship summary, the measure and the voivodeships' classes."""

    filters: Filters
    grants: pd.DataFrame
    summary: pd.DataFrame
    metric: Metric
    classification: Classification


def edition_view(data: FolderData, edition: int) -> EditionView:
    filters = Filters(edition=edition)
    grants = aggregates.filter_grants(data.view.grants, filters)
    summary = aggregates.region_summary(grants, data.population,
                                        aggregates.eligible_population(data.population, data.big_cities))
    metric = METRIC_BY_CODE[filters.metric]
    classes = classify_reached(summary[metric.column], summary["grants"] > 0, filters.scheme, filters.classes)
    return EditionView(filters, grants, summary, metric, classes)
