"""The map of a unit summary, at any level: the units' layer and the layer beside it, as the map page, its
drill-down and its exports draw them.

* The voivodeships are 16 shapes drawn from the base map's polygons (:class:`mms_core.maps.folium_map.RegionLayer`):
  each is a named button (a click or Enter opens it); the layer beside them hides every level below.
* The powiats and gminas are restyled in place (:class:`mms_core.maps.level_map.LevelLayer`, their polygons fetched
  once per frame); the layer beside them names the map for a screen reader (the voivodeship layer does it itself).

Either way two layers, in this order, so that the map stays the same component when the level changes.
"""

from __future__ import annotations

import folium

from mms_core.analysis.measures import Metric
from mms_core.analysis.units_summary import UnitSummary
from mms_core.maps import folium_map
from mms_core.maps.classify import UnitClasses
from mms_core.maps.level_map import level_layer, level_payload
from mms_core.maps.region_focus import FrameLabel
from mms_core.text.i18n import t


def unit_layer(summary: UnitSummary, classes: UnitClasses, metric: Metric, lang: str = "pl",
               region: str | None = None, bounds=None) -> folium.FeatureGroup:
    """The units of ``summary`` coloured by ``classes``, with their tooltips in ``lang``. Below the voivodeship,
    ``region`` (a voivodeship's code, or None) and its ``bounds`` ((south, west), (north, east); None: Poland):
    the map flies there when they change."""
    if summary.level.is_top:
        return folium_map.choropleth_layer(summary.table, classes.classification, metric, lang)
    payload = level_payload(summary.table, classes, metric, summary.level.code, lang)
    payload["view"] = {"key": region or "", "bounds": [list(corner) for corner in
                                                       (bounds or folium_map.POLAND_BOUNDS)]}
    return level_layer(payload, lang)


def companion_layer(summary: UnitSummary, metric: Metric, lang: str = "pl") -> folium.FeatureGroup:
    """The layer beside :func:`unit_layer`: over the voivodeships, the one that hides the levels below; over the
    powiats or gminas, the frame's title, language and the map's name (what the voivodeship layer gives itself)."""
    if summary.level.is_top:
        return level_layer(None, lang)
    label = folium.FeatureGroup(name="label", control=False)
    FrameLabel(lang, t(f"a11y_level_map_label.{summary.level.code}", lang,
                       metric=t(f"metric.{metric.code}", lang))).add_to(label)
    return folium_map.stable_ids(label, "mmslabel")
