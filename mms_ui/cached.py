"""Cached loading of the data, keyed by the data folder and a stamp of what is in it.

The stamp is the reference files' modification stamps and the ledger's change counter
(:func:`mms_core.data.ledger.state_token`), so every app process sees a new import, a removal or
an undo on its next run, without a restart. ``st.cache_data`` hands every caller a copy, so the
caches are split by size: the grants in use (only for pages that list grants), the aggregate of the
grants by edition, priority, type and region (a few hundred rows, whatever the number of grants) and
the per-filter summaries (16 rows each), computed from the aggregate; and the Compare page's tables
that need the grants themselves (the change between editions, types by region), cached per selection
so that a page load does not read and filter every grant again. What no page changes is shared, not
copied: the reference tables with the boundaries and the provenance (``st.cache_resource``), and what
follows from the data and the filters alone — texts, HTML, CSV bytes, map layers (:func:`shared`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from mms_core.analysis import aggregates, compare, planner
from mms_core.analysis import levels as unit_levels
from mms_core.analysis.filters import Filters, Selection
from mms_core.analysis.measures import METRIC_BY_CODE, Metric
from mms_core.analysis.units_summary import SummaryData, UnitSummary, summarise
from mms_core.data import ledger
from mms_core.data.ledger import LedgerView
from mms_core.data.paths import DataPaths, data_paths
from mms_core.data.reference import conference_edits, loaders
from mms_core.data.reference.units import load_gminas, load_powiats
from mms_core.facts.levels import LEVEL_BY_CODE, Level
from mms_core.facts.vocab import PRIORITIES
from mms_core.maps import geometry

T = TypeVar("T")


@dataclass(frozen=True)
class Reference:
    """Small tables every page may need, and facts about the grants file — one object per process and
    data stamp, shared by every session and never copied (a copy per run, unpickled, took a fifth of a
    map-page rerun under load): read-only, nothing may change its tables (pandas operations return new
    ones; ``tests/present/test_gmina_step.py`` checks the boundaries' users)."""

    population: pd.DataFrame
    big_cities: pd.DataFrame
    eligible: pd.Series
    conferences: pd.DataFrame
    operators: pd.DataFrame
    published: pd.DataFrame
    provenance: LedgerView  # the sources of the grants in use (without the grants themselves)
    editions: tuple[int, ...]
    geojson: dict  # the 16 voivodeships' boundaries (GeoJSON, EPSG:4326)


@dataclass(frozen=True)
class DataSource:
    """Where the data in force lives: folder and a stamp of its files."""

    data_dir: str
    stamp: tuple


@st.cache_resource(show_spinner=False)
def _prepared(data_dir: str) -> str:
    """Once per process and data folder: create the ledger if missing, remove an interrupted
    import's leftovers, bring the export up to date (:func:`mms_core.data.ledger.prepare`)."""
    return ledger.prepare(DataPaths(Path(data_dir)))


@st.cache_resource(show_spinner=False)
def _state_reader() -> ledger.StateReader:
    """One reader of the ledger's change counter per process (its connection kept open between runs)."""
    return ledger.StateReader()


def current_source() -> DataSource:
    """The data folder in force and its stamp: the (name, mtime, size) of each reference file
    and the ledger's state. Raises :class:`mms_core.data.ledger.LedgerError` (missing folder,
    unreadable database) or :class:`mms_core.data.reference.data_file.DataFileError` (broken starting grants)."""
    paths = data_paths()
    _prepared(str(paths.data_dir))
    stamp = []
    for path in paths.reference_files():
        stat = path.stat() if path.exists() else None
        stamp.append((path.name, stat.st_mtime_ns if stat else None, stat.st_size if stat else None))
    stamp.append(_state_reader().token(paths))
    return DataSource(str(paths.data_dir), tuple(stamp))


@st.cache_data(show_spinner=False, max_entries=4)
def _view(data_dir: str, stamp: tuple) -> LedgerView:
    return ledger.read_view(DataPaths(Path(data_dir)))


@st.cache_data(show_spinner=False, max_entries=4)
def _aggregate(data_dir: str, stamp: tuple) -> pd.DataFrame:
    return aggregates.aggregate(_view(data_dir, stamp).grants)


@st.cache_resource(show_spinner=False, max_entries=4)
def _reference(data_dir: str, stamp: tuple) -> Reference:
    paths = DataPaths(Path(data_dir))
    population = loaders.load_population(paths.population)
    big_cities = loaders.load_big_cities(paths.big_cities)
    totals = _aggregate(data_dir, stamp)
    view = _view(data_dir, stamp)
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
        provenance=view.without_grants(),
        editions=tuple(sorted(int(e) for e in totals["edition"].unique())),
    )


@st.cache_data(show_spinner=False, max_entries=512)
def _summary(data_dir: str, stamp: tuple, selection: Selection) -> pd.DataFrame:
    ref = _reference(data_dir, stamp)
    chosen = aggregates.filter_grants(_aggregate(data_dir, stamp), selection)
    return aggregates.summary_from_aggregate(chosen, ref.population, ref.eligible)


def reference(source: DataSource) -> Reference:
    """Validated reference tables and the grants' provenance; raises
    :class:`mms_core.data.reference.data_file.DataFileError` or :class:`mms_core.data.ledger.LedgerError`.
    Shared and read-only (see :class:`Reference`)."""
    return _reference(source.data_dir, source.stamp)


def grants(source: DataSource) -> pd.DataFrame:
    """The grants in use, with the source of each (a copy: callers may change it)."""
    return _view(source.data_dir, source.stamp).grants


def region_summary(source: DataSource, filters: Filters) -> pd.DataFrame:
    """Per-voivodeship summary of the filtered grants, cached per selection (the map style
    — measure, classes, colours — is not part of the key: it never changes a number)."""
    return _summary(source.data_dir, source.stamp, filters.selection)


@st.cache_data(show_spinner=False, max_entries=256)
def _edition_change(data_dir: str, stamp: tuple, selection: Selection, metric_code: str, before: int,
                    after: int) -> pd.DataFrame:
    ref = _reference(data_dir, stamp)
    filters = Filters(selection.edition, selection.org_types, selection.priority)
    return compare.edition_change(_view(data_dir, stamp).grants, filters, ref.population, ref.eligible,
                                  METRIC_BY_CODE[metric_code], before, after)


@st.cache_data(show_spinner=False, max_entries=256)
def _type_by_region(data_dir: str, stamp: tuple, selection: Selection) -> pd.DataFrame:
    return compare.type_by_region(aggregates.filter_grants(_view(data_dir, stamp).grants, selection))


def edition_change(source: DataSource, filters: Filters, metric: Metric, before: int, after: int) -> pd.DataFrame:
    """:func:`mms_core.analysis.compare.edition_change` of the grants in use, cached per selection
    (edition, types, priority), measure and pair of editions."""
    return _edition_change(source.data_dir, source.stamp, filters.selection, metric.code, before, after)


def type_by_region(source: DataSource, filters: Filters) -> pd.DataFrame:
    """:func:`mms_core.analysis.compare.type_by_region` (grant counts) of the filtered grants in use,
    cached per selection."""
    return _type_by_region(source.data_dir, source.stamp, filters.selection)


@dataclass
class LevelReference:
    """The units below the voivodeship: the tables of :func:`mms_core.analysis.levels.units` by
    level code, and the big-city gminas (code → city)."""

    units: dict[str, pd.DataFrame]
    big_city_gminas: dict[str, str]


@st.cache_data(show_spinner=False, max_entries=4)
def _level_reference(data_dir: str, stamp: tuple) -> LevelReference:
    paths = DataPaths(Path(data_dir))
    gminas, powiats = load_gminas(paths), load_powiats(paths)
    outside, _missing = unit_levels.big_city_gminas(gminas, loaders.load_big_cities(paths.big_cities))
    return LevelReference({code: unit_levels.units(LEVEL_BY_CODE[code], gminas, powiats, outside)
                           for code in ("powiat", "gmina")}, outside)


@st.cache_data(show_spinner=False, max_entries=4)
def _unit_aggregate(data_dir: str, stamp: tuple) -> pd.DataFrame:
    gminas = _level_reference(data_dir, stamp).units["gmina"]
    return unit_levels.unit_aggregate(_view(data_dir, stamp).grants, gminas.index)


@st.cache_data(show_spinner=False, max_entries=64)
def _unit_summary(data_dir: str, stamp: tuple, selection: Selection, level: str) -> UnitSummary:
    ref = _reference(data_dir, stamp)
    data = SummaryData(_aggregate(data_dir, stamp), ref.population, ref.eligible,
                       unit_totals=lambda: _unit_aggregate(data_dir, stamp),
                       units=lambda code: _level_reference(data_dir, stamp).units[code])
    return summarise(selection, LEVEL_BY_CODE[level], data)


def level_reference(source: DataSource) -> LevelReference:
    """The powiats and gminas (raises :class:`mms_core.data.reference.data_file.DataFileError` when their
    files are missing or broken)."""
    return _level_reference(source.data_dir, source.stamp)


def unit_summary(source: DataSource, filters: Filters, level: Level) -> UnitSummary:
    """The summary at ``level`` (any) of the filtered grants, cached per selection and level. Below the
    voivodeship a second aggregate, by gmina (a few thousand rows), is made for it once per data stamp, so the
    voivodeship map never pays for it; raises :class:`mms_core.data.reference.data_file.DataFileError` when the
    powiat and gmina files cannot be read."""
    return _unit_summary(source.data_dir, source.stamp, filters.selection, level.code)


@st.cache_data(show_spinner=False, max_entries=16)
def _plan_base(data_dir: str, stamp: tuple, edition: int) -> planner.PlanBase:
    by_priority = {p: _summary(data_dir, stamp, Selection(int(edition), (), p)) for p in PRIORITIES}
    gminas = _unit_summary(data_dir, stamp, Selection(int(edition)), "gmina").table
    return planner.plan_base(edition, by_priority, gminas)


def plan_base(source: DataSource, edition: int) -> planner.PlanBase:
    """:func:`mms_core.analysis.planner.plan_base` of ``edition`` (all organisation types), cached per
    edition and data stamp."""
    return _plan_base(source.data_dir, source.stamp, int(edition))


#: The results of :func:`shared`, most recently used last; at most :data:`SHARED_ENTRIES` of them.
_SHARED: OrderedDict[tuple, object] = OrderedDict()
_SHARED_LOCK = threading.Lock()
SHARED_ENTRIES = 4096


def shared(key: tuple, build: Callable[[], T]) -> T:
    """``build()``, made once per ``key`` and process and handed to every session as it is (not a
    copy): for results that nobody changes — texts, HTML, bytes, frozen objects, rendered map layers —
    derived from what ``key`` names (the data's :class:`DataSource`, the filters, the language, …). The
    key is a tuple of hashable values, looked up by Python's own hash (``st.cache_resource`` would hash it
    through pickling on every call, a tenth of a rerun under load). A rerun of the map page takes its
    sentence, legend, table, CSV and map layers from here instead of making them again
    (docs/performance.md). Two sessions asking for a new key at once may both build it; one result stays."""
    with _SHARED_LOCK:
        if key in _SHARED:
            _SHARED.move_to_end(key)
            return _SHARED[key]  # type: ignore[return-value]
    value = build()
    with _SHARED_LOCK:
        _SHARED[key] = value
        _SHARED.move_to_end(key)
        while len(_SHARED) > SHARED_ENTRIES:
            _SHARED.popitem(last=False)
    return value
