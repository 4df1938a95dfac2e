"""The gminas (or powiats) of one voivodeship (or of all Poland) as one map view, the same on the presentation
screen, in the PNG slide and in the self-contained HTML page: the units' summary rows, their
classes and class codes (:func:`mms_core.maps.classify.unit_classes`, over these units only),
the legend's extra rows (white spots, cities outside the programme) and, for a file that must
stand alone, the units' polygons (EPSG:4326, degrees) from ``geodata/gminas.geojson``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from mms_core.analysis.measures import Metric
from mms_core.analysis.region_gminas import region_gminas
from mms_core.data.paths import GEODATA_DIR
from mms_core.facts.levels import LEVEL_BY_CODE
from mms_core.maps.classify import Classification, UnitClasses, unit_classes
from mms_core.maps.level_map import level_payload
from mms_core.text.i18n import t


@dataclass(frozen=True)
class UnitMap:
    """A gmina map of ``teryt`` (None: all of Poland)."""

    level: str  # "gmina" or "powiat"
    teryt: str | None
    table: pd.DataFrame  # the units' summary rows (:func:`mms_core.analysis.region_gminas.region_gminas`)
    classes: UnitClasses

    @property
    def classification(self) -> Classification:
        return self.classes.classification

    @property
    def codes(self) -> dict[str, int]:
        """Unit code → class (0 … k-1) or NO_DATA / NO_GRANTS / OUTSIDE."""
        return self.classes.codes

    def extras(self, lang: str = "pl") -> tuple[tuple[str, str, int], ...]:
        """The legend's rows after the classes: ``(swatch kind, text, count)`` of the white spots and
        the cities outside the programme (as :func:`mms_core.maps.legend.legend_html` takes them)."""
        return self.classes.extras(state_labels(lang))

    def payload(self, metric: Metric, lang: str = "pl", inline: bool = False) -> dict:
        """The level layer's payload (:func:`mms_core.maps.level_map.level_payload`); ``inline``: with
        the units' polygons in it, for a page that must open with no server."""
        # one voivodeship's gminas have a file of their own; powiats come from the national file
        payload = level_payload(self.table, self.classes, metric, self.level, lang,
                                region=self.teryt if self.level == "gmina" else None)
        if inline:
            payload["geometry"] = unit_geojson(self.level, self.teryt)
            payload["url"] = None  # nothing to fetch
        return payload


def state_labels(lang: str) -> dict[str, str]:
    """The legend's texts of the states apart (:meth:`mms_core.maps.classify.UnitClasses.extras`)."""
    return {"no_grants": t("legend_no_grants", lang), "outside": t("legend_outside", lang)}


def level_view(level: str, table: pd.DataFrame, teryt: str | None, classes: UnitClasses) -> UnitMap:
    """The map page's view below the voivodeship as a :class:`UnitMap`: the units of ``level``
    (``table``: a unit summary's table), of voivodeship ``teryt`` only or all, with the
    classes and class codes the map shows (over all of Poland's units, as on screen)."""
    if teryt is not None:
        table = table[table.index.astype(str).str.startswith(teryt)]
    return UnitMap(level, teryt, table.sort_index(), classes.of(teryt))


def unit_map(gmina_table: pd.DataFrame, teryt: str | None, metric: Metric, scheme: str, k: int) -> UnitMap:
    """The gmina map of voivodeship ``teryt`` (2-digit TERYT; None: every gmina) from a gmina-level
    summary (:func:`mms_core.analysis.units_summary.summarise`'s table), with ``k`` classes of ``metric`` by
    ``scheme`` over the gminas shown that got a grant and are in the programme."""
    if teryt is None:
        table = gmina_table.sort_index().copy()
    else:
        table = region_gminas(gmina_table, teryt)
    return UnitMap("gmina", teryt, table, unit_classes(table, metric.column, scheme, k, states_apart=True))


@lru_cache(maxsize=4)
def _level_features(level: str) -> tuple[dict, ...]:
    path = GEODATA_DIR / LEVEL_BY_CODE[level].boundary_file
    return tuple(json.loads(path.read_text(encoding="utf-8"))["features"])


def unit_geojson(level: str, teryt: str | None = None) -> dict:
    """The polygons of ``level``'s units (EPSG:4326) as a FeatureCollection: those of voivodeship
    ``teryt`` only, or all. Properties as in the boundary file (``teryt``, ``name``, ``kind``,
    ``powiat``, ``voivodeship``). A new dict each call (the features themselves are shared: do
    not change them)."""
    features = [f for f in _level_features(level) if teryt is None or f["properties"]["voivodeship"] == teryt]
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=4)
def _shape_codes(level: str) -> frozenset[str]:
    return frozenset(f["properties"]["teryt"] for f in _level_features(level))


def units_without_shape(level: str, codes) -> list[str]:
    """The codes among ``codes`` that have no polygon in ``level``'s boundary file (two gminas
    created in 2025, inside their parents' older boundaries): counted in tables and legends, not
    drawn."""
    shapes = _shape_codes(level)
    return sorted(str(code) for code in codes if str(code) not in shapes)
