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
from jinja2 import Template

from mms_core.analysis.measures import MEASURE_BY_CODE, Metric
from mms_core.facts.levels import GMINA_KINDS, LEVEL_BY_CODE
from mms_core.facts.voivodeships import TERYT_CODES, name_of
from mms_core.maps.classify import NO_DATA_COLOR, Classification, classify
from mms_core.maps.folium_map import FRAME_STATIC_ROOT, SAFE_FIT_JS, MapLanguage, stable_ids
from mms_core.text.escaping import safe_text
from mms_core.text.formatting import unit_word
from mms_core.text.i18n import t

#: Class codes beside the class index (0 … k-1) of a unit.
NO_DATA, NO_GRANTS, OUTSIDE = -1, -2, -3
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


def unit_classes(table: pd.DataFrame, metric: Metric, scheme: str, k: int,
                 reference: pd.Series | None = None) -> tuple[Classification, dict[str, int]]:
    """Classes of ``metric`` over the units that got a grant and are in the programme, and the
    class code of every unit: 0 … k-1, :data:`NO_DATA` (a grant but no population figure),
    :data:`NO_GRANTS` (a white spot), :data:`OUTSIDE` (a city over 100 000, whatever it got).

    ``table``: a level summary (:func:`mms_core.analysis.levels.level_summary`). ``reference``:
    values pooled over editions for one colour scale (``scale=fixed``)."""
    inside = table["outside_programme"] == 0
    reached = inside & (table["grants"] > 0)
    classification = classify(table.loc[reached, metric.column], scheme, k, reference)
    codes = {}
    for code, is_inside, got in zip(table.index, inside, table["grants"] > 0):
        if not is_inside:
            codes[str(code)] = OUTSIDE
        elif not got:
            codes[str(code)] = NO_GRANTS
        else:
            codes[str(code)] = classification.class_of[str(code)]
    return classification, codes


def _rounded(value, decimals: int):
    """``value`` rounded half up to ``decimals`` (as the tables show it), or None for no data."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return None
    number = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return int(number) if decimals == 0 else float(number)


def level_payload(table: pd.DataFrame, classification: Classification, codes: dict[str, int], metric: Metric,
                  level: str, lang: str = "pl", region: str | None = None) -> dict:
    """What a filter change sends to the map: per unit with grants ``[class, grants, zł, value of
    the measure, zł per resident]`` (rounded as shown), the outside codes, the palette, and the
    labels of the tooltip in ``lang``. Units not listed got no grant (white spots).

    ``region`` (2-digit TERYT): a map of that voivodeship's gminas only, drawn from its own
    boundary file (``layer`` names the map's layer for it, one per file fetched)."""
    per_capita = MEASURE_BY_CODE["amount_per_capita"]
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

    _template = Template("""
        {% macro script(this, kwargs) %}
        {% if this.payload_json == "null" %}
        (function (map) {
            // the voivodeship map: hide any level shown before (a few hundred bytes, not the whole layer code)
            var levels = window.mmsLevels, state = null;
            if (!levels) { return; }
            levels.state = state;
            Object.keys(levels).forEach(function (code) {
                var entry = levels[code];
                if (entry && entry.layer && entry.pane) { map.getPane(entry.pane).style.display = "none"; }
            });
            if (map.getPane("mmsBorders")) { map.getPane("mmsBorders").style.display = "none"; }
            map.getContainer().setAttribute("data-mms-level", "");
        })({{ this._parent._parent.get_name() }});
        {% else %}
        {{ this.fit_js }}
        (function (map) {
            var state = {{ this.payload_json }};
            var levels = window.mmsLevels = window.mmsLevels || {};
            var NO_DATA = -1, NO_GRANTS = -2, OUTSIDE = -3;
            function fmt(value, decimals) {
                if (value === null || value === undefined) { return null; }
                var parts = Number(value).toFixed(decimals).split(".");
                parts[0] = parts[0].replace(/\\B(?=(\\d{3})+(?!\\d))/g, "\\u00a0");
                return parts.join(",");
            }
            function withUnit(text, unit) { return text === null ? null : (unit ? text + "\\u00a0" + unit : text); }
            function classOf(code) {
                var row = levels.state.data[code];
                if (levels.state.outside.indexOf(code) >= 0) { return OUTSIDE; }
                return row ? row[0] : NO_GRANTS;
            }
            function styleOf(code) {
                var cls = classOf(code), s = levels.state;
                var base = {weight: s.level === "gmina" ? 0.4 : 0.7, color: "#555555", opacity: 1, fillOpacity: 0.9,
                            dashArray: null};
                if (cls >= 0) { base.fillColor = s.palette[cls]; }
                else if (cls === NO_DATA) { base.fillColor = s.noData; base.dashArray = "4 3"; base.weight = 1; }
                else if (cls === NO_GRANTS) { base.fillColor = "url(#mms-hatch)"; base.fillOpacity = 1; }
                else { base.fillColor = "url(#mms-stipple)"; base.fillOpacity = 1; base.dashArray = "1 2";
                       base.color = "{{ this.outside_color }}"; base.weight = 1; }
                return base;
            }
            function tip(feature) {
                var s = levels.state, p = feature.properties, row = s.data[p.teryt], cls = classOf(p.teryt);
                var box = document.createElement("div");
                var title = document.createElement("strong");
                title.textContent = s.level === "powiat" ? s.labels.powiat.replace("{name}", p.name)
                    : p.name + (p.kind && s.labels.kinds[p.kind] ? " (" + s.labels.kinds[p.kind] + ")" : "");
                box.appendChild(title);
                var table = document.createElement("table");
                function line(label, value) {
                    var tr = document.createElement("tr"), th = document.createElement("th"), td = document.createElement("td");
                    th.textContent = label; td.textContent = value === null ? s.labels.noData : value;
                    tr.appendChild(th); tr.appendChild(td); table.appendChild(tr);
                }
                line(s.labels.region, s.regions[p.voivodeship] || p.voivodeship);
                if (cls === OUTSIDE) { line("", s.labels.outside); }
                if (!row) {
                    if (cls !== OUTSIDE) { line("", s.labels.noGrants); }
                } else {
                    line(s.labels.metric, withUnit(fmt(row[3], s.decimals[0]), s.units.metric));
                    line(s.labels.grants, fmt(row[1], 0));
                    line(s.labels.amount, withUnit(fmt(row[2], 0), s.units.pln));
                    line(s.labels.perCapita, withUnit(fmt(row[4], s.decimals[1]), s.units.perCapita));
                }
                box.appendChild(table);
                return box;
            }
            function patterns(layer) {
                var svg = layer.getPane().querySelector("svg");
                if (!svg || svg.querySelector("#mms-hatch")) { return; }
                var ns = "http://www.w3.org/2000/svg", defs = document.createElementNS(ns, "defs");
                defs.innerHTML = '<pattern id="mms-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
                    + 'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
                    + '<line x1="0" y1="0" x2="0" y2="6" stroke="{{ this.hatch_color }}" stroke-width="1.2"/></pattern>'
                    + '<pattern id="mms-stipple" patternUnits="userSpaceOnUse" width="5" height="5">'
                    + '<rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="1" '
                    + 'fill="{{ this.outside_color }}"/></pattern>';
                svg.insertBefore(defs, svg.firstChild);
            }
            function mark(part) {
                var path = part._path, code = part.feature.properties.teryt, cls = classOf(code);
                if (!path) { return; }
                path.setAttribute("class", "leaflet-interactive mms-unit mms-u-" + code
                    + (cls === NO_GRANTS ? " mms-no-grants" : cls === OUTSIDE ? " mms-outside"
                       : cls === NO_DATA ? " mms-no-data" : " mms-c-" + cls));
            }
            function restyle(entry) {
                var started = performance.now();
                entry.layer.eachLayer(function (part) {
                    // only the units whose class changed are touched (most keep theirs on a filter change)
                    var code = part.feature.properties.teryt, cls = classOf(code);
                    var key = cls + (cls >= 0 ? levels.state.palette[cls] : "");
                    if (part.mmsKey === key) { return; }
                    part.mmsKey = key;
                    part.setStyle(styleOf(code));
                    mark(part);
                });
                if (levels.borders) { levels.borders.bringToFront(); }
                map.getContainer().setAttribute("data-mms-level", levels.state.level);
                levels.restyleMs = performance.now() - started;  // read by the benchmark
                map.getContainer().setAttribute("data-mms-painted", String(++levels.painted));
            }
            levels.state = state;
            levels.painted = levels.painted || 0;
            // a level not shown keeps its layer on the map, in its own pane, hidden: showing it again
            // costs no projection and no new paths
            Object.keys(levels).forEach(function (code) {
                var entry = levels[code];
                if (!entry || !entry.layer || !entry.pane || code === state.layer) { return; }
                map.getPane(entry.pane).style.display = "none";
            });
            if (!map.getPane("mmsBorders")) {
                var pane = map.createPane("mmsBorders");
                pane.style.zIndex = 420;
                pane.style.pointerEvents = "none";
            }
            if (!levels.borders && window.mmsGeometry) {
                levels.borders = L.geoJSON(null, {pane: "mmsBorders", interactive: false,
                    style: {fill: false, color: "#111111", weight: 1.8, opacity: 0.9}});
                window.mmsGeometry.then(function (geometry) { levels.borders.addData(geometry); });
            }
            if (levels.borders && !map.hasLayer(levels.borders)) { levels.borders.addTo(map); }
            map.getPane("mmsBorders").style.display = "";
            var entry = levels[state.layer];
            if (!entry) {
                var paneName = "mmsLevel-" + state.layer;
                if (!map.getPane(paneName)) { map.createPane(paneName).style.zIndex = 400; }
                entry = levels[state.layer] = {pane: paneName, layer: L.geoJSON(null, {
                    pane: paneName,
                    attribution: {{ this.attribution|tojson }},
                    bubblingMouseEvents: false,
                    // Leaflet drops points closer than this many pixels: at the national zoom a gmina is a
                    // few pixels wide, so 2 px draws the 2 477 of them with far fewer points (default 1)
                    smoothFactor: 2,
                    style: function (feature) { return styleOf(feature.properties.teryt); },
                    onEachFeature: function (feature, part) {
                        part.bindTooltip(function () { return tip(feature); },
                                         {sticky: true, className: "mms-unit-tooltip"});
                        part.on("mouseover", function (e) { e.target.setStyle({weight: 2.5, color: "#000000"}); });
                        part.on("mouseout", function (e) { e.target.setStyle(styleOf(feature.properties.teryt)); });
                    }
                })};
                // a file that must stand alone carries its units' polygons (state.geometry)
                entry.ready = (state.geometry ? Promise.resolve(state.geometry) : fetch(state.url).then(function (response) {
                    if (!response.ok) { throw new Error("mms geometry: HTTP " + response.status); }
                    return response.json();
                })).then(function (geometry) {
                    var started = performance.now();
                    if (!map.hasLayer(entry.layer)) { entry.layer.addTo(map); }
                    entry.layer.addData(geometry);
                    patterns(entry.layer);
                    levels.buildMs = performance.now() - started;  // read by the benchmark
                });
            }
            map.getPane(entry.pane).style.display = "";
            if (!map.hasLayer(entry.layer)) { entry.layer.addTo(map); patterns(entry.layer); }
            entry.ready.then(function () {
                if (levels.state.layer === state.layer) { restyle(entry); }
            });
            // drill-down: fly to the chosen voivodeship (or back to Poland) when the choice changes,
            // never on a filter change (the user's own zoom stays)
            var view = state.view || {key: "", bounds: null};
            levels.map = map;
            if (levels.viewKey === undefined) { levels.viewKey = ""; }
            if (view.key !== levels.viewKey && view.bounds) {
                levels.viewKey = view.key;
                window.mmsFit(map, view.bounds, {padding: [20, 20], duration: 0.8}, true);
            }
        })({{ this._parent._parent.get_name() }});
        {% endif %}
        {% endmacro %}
    """)

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
