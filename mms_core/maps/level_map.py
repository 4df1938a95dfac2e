"""The map below the voivodeship: 380 powiats or 2,477 gminas, recoloured in place.

Geometry travels once: each level's polygons are fetched from their static file
(``<app>/app/static/geo/<level>.geojson``, by a URL relative to the map's frame) the first time the level is shown in a map frame and kept in
``window.mmsLevels`` with their Leaflet layer, in a pane of its own that is hidden while another level is shown; a filter change sends only what changed — per unit
with grants its class and four numbers, the codes outside the programme, the palette and the
(catalogue) labels — and the layer is restyled, not rebuilt. Tooltips are built in the frame as
DOM text (``textContent``) from the geometry's properties (names) and those numbers: nothing is
ever parsed as HTML.

Styles (colour-blind safe, told apart by texture as well as colour):

* a class: the YlGnBu colour of :mod:`mms_core.maps.classify`;
* **no grants** (a white spot): white with dark diagonal hatching;
* **no data** (no population figure): grey with a dashed outline, as at the voivodeship level;
* **outside the programme** (a city over 100 000): white with grey dots and a dotted outline.

Voivodeship borders (from the base map's :class:`mms_core.maps.folium_map.GeometrySource`) are
drawn over the units, in a pane that takes no pointer events.

Keyboard: the units are not tab stops (2,477 would make the page unusable by keyboard); the
skip link above the map leads to the table of the same figures, which is the alternative.
"""

from __future__ import annotations

import json
import math
from decimal import ROUND_HALF_UP, Decimal

import folium
import pandas as pd
from branca.element import MacroElement

from mms_core.analysis.measures import MEASURE_BY_CODE, Metric
from mms_core.assets import asset_template
from mms_core.facts.levels import GMINA_KINDS, LEVEL_BY_CODE
from mms_core.facts.voivodeships import TERYT_CODES, name_of
from mms_core.maps.classify import NO_DATA_COLOR, OUTSIDE, UnitClasses
from mms_core.maps.folium_map import FRAME_STATIC_ROOT, SAFE_FIT_JS, MapLanguage, stable_ids
from mms_core.text.escaping import safe_text
from mms_core.text.formatting import unit_word
from mms_core.text.i18n import t

HATCH_COLOR = "#595959"
OUTSIDE_COLOR = "#8c8c8c"


def level_url(level: str, region: str | None = None) -> str:
    """Where Streamlit serves the level's boundaries (a copy of ``geodata/<file>``); with ``region``
    (2-digit TERYT, gmina level only) the file of that voivodeship's gminas alone
    (``static/geo/gminas/<region>.geojson``, written by ``geodata/split_regions.py``)."""
    boundary_file = LEVEL_BY_CODE[level].boundary_file
    if region is None:
        return f"{FRAME_STATIC_ROOT}/geo/{boundary_file}"
    if level != "gmina":
        raise ValueError(f"no per-region boundary files for level {level!r}")
    return f"{FRAME_STATIC_ROOT}/geo/{boundary_file.removesuffix('.geojson')}/{region}.geojson"


def _rounded(value, decimals: int):
    """``value`` rounded half up to ``decimals`` (as the tables show it), or None for no data."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return None
    number = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return int(number) if decimals == 0 else float(number)


def level_payload(table: pd.DataFrame, classes: UnitClasses, metric: Metric, level: str, lang: str = "pl",
                  region: str | None = None) -> dict:
    """What a filter change sends to the map: per unit with grants ``[class, grants, zł, value of
    the measure, zł per resident]`` (rounded as shown), the outside codes, the palette, and the
    labels of the tooltip in ``lang``. Units not listed got no grant (white spots).

    ``region`` (2-digit TERYT): a map of that voivodeship's gminas only, drawn from its own
    boundary file (``layer`` names the map's layer for it, one per file fetched)."""
    per_capita = MEASURE_BY_CODE["amount_per_capita"]
    classification, codes = classes.classification, classes.codes
    data = {}
    for code, row in table[table["grants"] > 0].iterrows():
        data[str(code)] = [codes[str(code)], int(row["grants"]), _rounded(row["amount_pln"], 0),
                           _rounded(row[metric.column], metric.decimals),
                           _rounded(row[per_capita.column], per_capita.decimals)]
    return {
        "level": level,
        "layer": level if region is None else f"{level}-{region}",
        "url": level_url(level, region),
        "data": data,
        "outside": sorted(str(c) for c, v in codes.items() if v == OUTSIDE),
        "palette": [entry.color for entry in classification.legend],
        "noData": NO_DATA_COLOR,
        "decimals": [metric.decimals, per_capita.decimals],
        "units": {"metric": _unit_suffix(metric.unit, lang), "pln": unit_word("pln", lang),
                  "perCapita": unit_word("pln_per_person", lang)},
        "labels": {"metric": t(f"metric.{metric.code}", lang), "grants": t("tip_grants", lang),
                   "amount": t("tip_amount", lang), "perCapita": t("tip_per_capita", lang),
                   "noData": t("legend_no_data", lang), "noGrants": t("level_no_grants", lang),
                   "outside": t("level_outside", lang), "region": t("tip_region", lang),
                   "powiat": t("tip_powiat", lang, name="{name}"),
                   "kinds": {k: t(f"gmina_kind.{k}", lang) for k in GMINA_KINDS}},
        "regions": {code: name_of(code) for code in TERYT_CODES},
    }


def _unit_suffix(unit: str, lang: str) -> str:
    return "" if unit == "count" else unit_word(unit, lang)


def payload_json(payload: dict) -> str:
    """``payload`` as compact JSON safe inside a ``<script>`` (no ``<``, ``>``, ``&`` left bare)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class LevelLayer(MacroElement):
    """Shows ``payload["level"]``'s units (or, with ``payload=None``, none: the voivodeship map) and
    hides the other levels. Lives in the layer group st_folium replaces; the units' layers live on
    the map itself, so a filter change restyles them instead of drawing them again."""

    _template = asset_template("mms_core.maps", "level_layer.js.j2")

    def __init__(self, payload: dict | None, attribution: str = ""):
        super().__init__()
        self._name = "LevelLayer"
        self.fit_js = SAFE_FIT_JS
        self.payload_json = "null" if payload is None else payload_json(payload)
        self.attribution = safe_text(attribution)
        self.hatch_color = HATCH_COLOR
        self.outside_color = OUTSIDE_COLOR


def level_layer(payload: dict | None, lang: str = "pl") -> folium.FeatureGroup:
    """The layer group of a level map (``payload`` from :func:`level_payload`), or, with ``None``,
    the group that hides every level layer (put beside the voivodeship choropleth)."""
    group = folium.FeatureGroup(name="levels", control=False)
    LevelLayer(payload, attribution=t("map_attribution", lang)).add_to(group)
    MapLanguage(lang).add_to(group)
    return stable_ids(group, "mmslevels")
