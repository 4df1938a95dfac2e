"""The gminas (or powiats) of one voivodeship (or of all Poland) as one map view, the same on the presentation
screen, in the PNG slide and in the self-contained HTML page: the units' summary rows, their
classes and class codes (:func:`mms_core.maps.level_map.unit_classes`, over these units only),
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
from mms_core.maps.classify import Classification
from mms_core.maps.level_map import NO_GRANTS, OUTSIDE, level_payload, unit_classes
from mms_core.text.i18n import t


@dataclass(frozen=True)
class UnitMap:
    """A gmina map of ``teryt`` (None: all of Poland)."""

    level: str  # "gmina" or "powiat"
    teryt: str | None
    table: pd.DataFrame  # the units' summary rows (:func:`mms_core.analysis.region_gminas.region_gminas`)
    classification: Classification
    codes: dict[str, int]  # unit code → class (0 … k-1) or NO_DATA / NO_GRANTS / OUTSIDE

    def extras(self, lang: str = "pl") -> tuple[tuple[str, str, int], ...]:
        """The legend's rows after the classes: ``(swatch kind, text, count)`` of the white spots and
        the cities outside the programme (as :func:`mms_core.maps.legend.legend_html` takes them)."""
        values = list(self.codes.values())
        return (("no_grants", t("legend_no_grants", lang), values.count(NO_GRANTS)),
                ("outside", t("legend_outside", lang), values.count(OUTSIDE)))

    def payload(self, metric: Metric, lang: str = "pl", inline: bool = False) -> dict:
        """The level layer's payload (:func:`mms_core.maps.level_map.level_payload`); ``inline``: with
        the units' polygons in it, for a page that must open with no server."""
        # one voivodeship's gminas have a file of their own; powiats come from the national file
        payload = level_payload(self.table, self.classification, self.codes, metric, self.level, lang,
                                region=self.teryt if self.level == "gmina" else None)
        if inline:
            payload["geometry"] = unit_geojson(self.level, self.teryt)
            payload["url"] = None  # nothing to fetch
        return payload


def level_view(level: str, table: pd.DataFrame, teryt: str | None, classification: Classification,
               codes: dict[str, int]) -> UnitMap:
    """The map page's view below the voivodeship as a :class:`UnitMap`: the units of ``level``
    (``table``: ``level_summary(...).table``), of voivodeship ``teryt`` only or all, with the
    classes and class codes the map shows (over all of Poland's units, as on screen)."""
    if teryt is not None:
        table = table[table.index.astype(str).str.startswith(teryt)]
    return UnitMap(level, teryt, table.sort_index(), classification,
                   {code: value for code, value in codes.items() if teryt is None or code.startswith(teryt)})


def unit_map(gmina_table: pd.DataFrame, teryt: str | None, metric: Metric, scheme: str, k: int) -> UnitMap:
    """The gmina map of voivodeship ``teryt`` (2-digit TERYT; None: every gmina) from a gmina-level
    summary (``level_summary(...).table``), with ``k`` classes of ``metric`` by ``scheme`` over the
    gminas shown that got a grant and are in the programme."""
    if teryt is None:
        table = gmina_table.sort_index().copy()
    else:
        table = region_gminas(gmina_table, teryt)
    classification, codes = unit_classes(table, metric, scheme, k)
    return UnitMap("gmina", teryt, table, classification, codes)


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
