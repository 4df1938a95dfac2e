"""One voivodeship in front: the map moved to it and the rest of Poland veiled, for the level map
of one region (the profile's gminas, a presentation step at gmina level).

The veil is the other 15 voivodeships from the base map's polygons (``window.mmsGeometry``,
:class:`mms_core.maps.folium_map.GeometrySource`) in a pane above the units and below the
voivodeship borders, taking no pointer events: the region's units keep their tooltips.
"""

from __future__ import annotations

import folium
from branca.element import MacroElement

from mms_core.assets import asset_template
from mms_core.maps.folium_map import SAFE_FIT_JS, FitView, stable_ids

#: Leaflet pane of the veil: above the units (overlay pane, 400), below the borders (420).
MASK_PANE = "mmsMask"
MASK_COLOR = "#f4f6f8"  # the map's background
MASK_OPACITY = 0.85


class RegionMask(MacroElement):
    """Veils every voivodeship but ``teryt``; lives in (and goes with) its parent layer group."""

    _template = asset_template("mms_core.maps", "region_mask.js.j2")

    def __init__(self, teryt: str):
        super().__init__()
        self._name = "RegionMask"
        self.teryt = str(teryt)
        self.pane = MASK_PANE
        self.color = MASK_COLOR
        self.opacity = MASK_OPACITY


class KeepInView(MacroElement):
    """While its layer group is on the map, fits ``bounds`` again whenever the map's size changes
    (a frame sized by the page after the first flight, a projector's window resized): the region
    stays in view instead of the zoom computed for the frame's first size."""

    _template = asset_template("mms_core.maps", "keep_in_view.js.j2")

    def __init__(self, bounds):
        super().__init__()
        self._name = "KeepInView"
        self.bounds = [list(corner) for corner in bounds]
        self.fit_js = SAFE_FIT_JS


class FrameLabel(MacroElement):
    """What the voivodeship layer does for its map (:class:`mms_core.maps.folium_map.RegionLayer`),
    for a map without it: the frame document's ``lang``, the map container's role and name, the
    frame's title (a catalogue text, escaped by ``tojson``)."""

    _template = asset_template("mms_core.maps", "frame_label.js.j2")

    def __init__(self, lang: str, label: str):
        super().__init__()
        self._name = "FrameLabel"
        self.lang = lang
        self.label = label


def region_focus_layer(teryt: str | None, bounds, animate: bool = False, lang: str | None = None,
                       label: str = "") -> folium.FeatureGroup:
    """A layer group that moves the map to ``bounds`` (((south, west), (north, east)), degrees) and
    veils every voivodeship but ``teryt`` (2-digit TERYT; None: nothing veiled). With ``lang``, it
    also names the map and its frame (``label``) in that language."""
    group = folium.FeatureGroup(name="focus", control=False)
    if lang is not None:
        FrameLabel(lang, label).add_to(group)
    if teryt is not None:
        RegionMask(teryt).add_to(group)
    FitView(bounds, animate).add_to(group)
    KeepInView(bounds).add_to(group)
    return stable_ids(group, "mmsfocus")
