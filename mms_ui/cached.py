"""Cached loading of the data files, keyed by the files' modification stamps.

``st.cache_data`` hands every caller a copy, so the caches are split by size: the small
reference tables, the grants table (only for pages that list grants), the aggregate of the
grants by edition, priority, type and region (a few hundred rows, whatever the number of
grants) and the per-filter summaries (16 rows each), computed from the aggregate. A new
stamp (a file replaced) refreshes all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from mms_core.analysis import aggregates
from mms_core.analysis.filters import Filters, Selection
from mms_core.data import conference_edits, loaders
from mms_core.data.paths import DataPaths, data_paths
from mms_core.maps import geometry


@dataclass
class Reference:
    """Small tables every page may need, and facts about the grants file."""

    population: pd.DataFrame
    big_cities: pd.DataFrame
    eligible: pd.Series
    conferences: pd.DataFrame
    operators: pd.DataFrame
    published: pd.DataFrame
    geojson: dict
    grants_meta: dict
    editions: tuple[int, ...]


@dataclass(frozen=True)
class DataSource:
    """Where the data in force lives: folder and a stamp of its files."""

    data_dir: str
    stamp: tuple


def current_source() -> DataSource:
    """The data folder in force and the (name, mtime, size) stamp of each data file."""
    paths = data_paths()
    stamp = []
    for path in paths.all_files():
        stat = path.stat() if path.exists() else None
        stamp.append((path.name, stat.st_mtime_ns if stat else None, stat.st_size if stat else None))
    return DataSource(str(paths.data_dir), tuple(stamp))


@st.cache_data(show_spinner=False, max_entries=4)
def _grants(data_dir: str, stamp: tuple) -> pd.DataFrame:
    return loaders.load_grants(DataPaths(Path(data_dir)).grants)


@st.cache_data(show_spinner=False, max_entries=4)
def _aggregate(data_dir: str, stamp: tuple) -> pd.DataFrame:
    return aggregates.aggregate(_grants(data_dir, stamp))


@st.cache_data(show_spinner=False, max_entries=4)
def _reference(data_dir: str, stamp: tuple) -> Reference:
    paths = DataPaths(Path(data_dir))
    population = loaders.load_population(paths.population)
    big_cities = loaders.load_big_cities(paths.big_cities)
    totals = _aggregate(data_dir, stamp)
    conferences, operators = conference_edits.merge(loaders.load_conferences(paths.conferences),
                                                    loaders.load_operators(paths.operators),
                                                    conference_edits.load(paths.conference_edits))
    return Reference(
        population=population,
        big_cities=big_cities,
        eligible=aggregates.eligible_population(population, big_cities),
        conferences=conferences,
        operators=operators,
        published=loaders.load_published_results(paths.published_results),
        geojson=geometry.load_geojson(paths.voivodeships),
        grants_meta=loaders.load_grants_meta(paths.grants_meta, paths.grants),
        editions=tuple(sorted(int(e) for e in totals["edition"].unique())),
    )


@st.cache_data(show_spinner=False, max_entries=512)
def _summary(data_dir: str, stamp: tuple, selection: Selection) -> pd.DataFrame:
    ref = _reference(data_dir, stamp)
    chosen = aggregates.filter_grants(_aggregate(data_dir, stamp), selection)
    return aggregates.summary_from_aggregate(chosen, ref.population, ref.eligible)


def reference(source: DataSource) -> Reference:
    """Validated reference tables; raises :class:`mms_core.data.loaders.DataFileError`."""
    return _reference(source.data_dir, source.stamp)


def grants(source: DataSource) -> pd.DataFrame:
    """The whole grants table (a copy: callers may change it)."""
    return _grants(source.data_dir, source.stamp)


def region_summary(source: DataSource, filters: Filters) -> pd.DataFrame:
    """Per-voivodeship summary of the filtered grants, cached per selection (the map style
    — measure, classes, colours — is not part of the key: it never changes a number)."""
    return _summary(source.data_dir, source.stamp, filters.selection)
