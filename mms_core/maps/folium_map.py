"""folium map building: a constant base map plus the layers that change with the filters.

Offline: importing this module points folium at the Leaflet files served by Streamlit
from ``static/vendor/leaflet`` (``<app>/app/static/...``, see :data:`FRAME_STATIC_ROOT`) and drops every CDN asset that the
layers used here do not need (jQuery, Bootstrap, Font Awesome). No tile layer, no branca
colormap (st_folium would fetch d3 from the internet for one).

Safety: every data string placed in a tooltip or popup goes through
:func:`mms_core.text.escaping.safe_text`.
"""

from __future__ import annotations

import folium
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from mms_core.analysis.measures import Metric
from mms_core.facts.levels import LEVEL_BY_CODE
from mms_core.maps.classify import NO_DATA_COLOR, Classification
from mms_core.text.conference_text import conference_text
from mms_core.text.escaping import safe_text
from mms_core.text.formatting import fmt_metric, fmt_pln
from mms_core.text.i18n import t, tn

#: Streamlit's static files (``static/``) as the map's frame reaches them. Relative to the frame's
#: own address, ``<app>/component/streamlit_folium.st_folium/index.html``, so that they resolve to
#: ``<app>/app/static/`` whatever the deployment's URL prefix (``server.baseUrlPath``, e.g.
#: ``https://host/mms/``); an absolute ``/app/static/`` would miss the prefix and leave the map blank.
FRAME_STATIC_ROOT = "../../app/static"
STATIC_URL = f"{FRAME_STATIC_ROOT}/vendor/leaflet"
#: The voivodeship polygons as served by Streamlit (a copy of geodata/voivodeships.geojson).
GEOMETRY_URL = f"{FRAME_STATIC_ROOT}/geo/{LEVEL_BY_CODE['voivodeship'].boundary_file}"

#: Poland's bounding box, degrees: ((south, west), (north, east)).
POLAND_BOUNDS = ((49.0, 14.1), (54.9, 24.2))
POLAND_CENTER = (52.07, 19.48)
#: Leaflet pane of the conference markers: above the regions (overlayPane, z-index 400),
#: so that repainting or highlighting a region can never cover a marker.
CONFERENCE_PANE = "conferences"
CONFERENCE_COLOR = "#d7301f"


def configure_offline_assets(static_url: str = STATIC_URL) -> None:
    """Make every folium Map load Leaflet from ``static_url`` instead of CDNs (process-wide)."""
    folium.Map.default_js = [("leaflet", f"{static_url}/leaflet.js")]
    folium.Map.default_css = [("leaflet_css", f"{static_url}/leaflet.css")]


configure_offline_assets()


def stable_ids(element, prefix: str):
    """Give ``element`` and its descendants deterministic ids (folium draws random ones).

    The same data then renders to the same JavaScript, so st_folium does not redraw a
    layer that did not change, and the benchmark's payloads are comparable.
    """
    counter = 0

    def visit(node):
        nonlocal counter
        node._id = f"{prefix}{counter}"
        counter += 1
        for child in node._children.values():
            visit(child)

    visit(element)
    return element

#: ``window.mmsFit(map, bounds, options, fly)``: Leaflet's ``fitBounds`` (or ``flyToBounds`` when
#: ``fly``) only when the map's frame has room for the bounds and their padding. A frame with no
#: room yet (hidden, or squeezed by the page's layout) would give Leaflet a negative size, a NaN
#: zoom and "Invalid LatLng object: (NaN, NaN)" at every frame of a flight; until the frame has
#: room, the latest bounds asked for wait for the map's next resize. Defined once per frame, by
#: every script that moves the map (their order in the frame is not fixed).
SAFE_FIT_JS = """window.mmsFit = window.mmsFit || function (map, bounds, options, fly) {
  var size = map.getSize(), pad = (options && options.padding ? options.padding[0] : 0) * 2 + 20;
  if (!(size.x > pad && size.y > pad)) {
    map._mmsFitLater = [bounds, options];
    if (!map._mmsFitWaits) {
      map._mmsFitWaits = true;
      map.on("resize", function () {
        var later = map._mmsFitLater;
        if (later) { map._mmsFitLater = null; window.mmsFit(map, later[0], later[1], false); }
      });
    }
    return false;
  }
  map._mmsFitLater = null;
  if (fly) { map.flyToBounds(bounds, options); } else { map.fitBounds(bounds, options); }
  return true;
};"""


class MapDecorations(MacroElement):
    """Frame Poland once the map has its size; a metric scale bar, a light background.

    Nothing here depends on the language: the base map must stay the same when the user
    switches it, or the map would remount (and lose its zoom). The attribution travels with
    the region layer (Leaflet shows a layer's ``attribution`` while it is on the map)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            L.control.scale({imperial: false, metric: true}).addTo({{ this._parent.get_name() }});
            {{ this.fit_js }}
            {{ this._parent.get_name() }}.invalidateSize();
            window.mmsFit({{ this._parent.get_name() }}, {{ this.bounds|tojson }}, {padding: [6, 6]});
            {{ this._parent.get_name() }}.getContainer().style.background = "#f4f6f8";
        {% endmacro %}
    """)

    def __init__(self, bounds=POLAND_BOUNDS):
        super().__init__()
        self._name = "MapDecorations"
        self.bounds = [list(corner) for corner in bounds]
        self.fit_js = SAFE_FIT_JS


class ForwardKeys(MacroElement):
    """Inside the map's frame: hand the presentation keys (a clicker's PageDown/PageUp,
    arrows, space, Q for the large QR code) to the page around it, so the tour moves even
    when the map has focus. Space on a focused zoom button stays that button's."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            document.addEventListener("keydown", function (event) {
                var keys = ["PageDown", "PageUp", "ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp", " ", "Home",
                            "q", "Q"];
                if (keys.indexOf(event.key) < 0 || window.parent === window) { return; }
                // a focused control (the zoom buttons are links) keeps its own Space
                var control = event.target && event.target.closest && event.target.closest("a, button, [role=button]");
                if (control && event.key === " ") { return; }
                event.preventDefault();
                window.parent.document.dispatchEvent(new KeyboardEvent("keydown", {key: event.key, bubbles: true}));
            });
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "ForwardKeys"


class PinchZoom(MacroElement):
    """Let the user zoom the frame with two fingers (WCAG 1.4.4): folium's template carries a
    viewport meta with ``user-scalable=no``, which this replaces. Language-free (base map)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            document.querySelectorAll("meta[name=viewport]").forEach(function (meta) {
                meta.setAttribute("content", "width=device-width, initial-scale=1.0");
            });
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "PinchZoom"


class KeyboardAccess(MacroElement):
    """For keyboard and screen-reader users, inside the map's frame (language-free: the base map):
    Escape closes an open popup (focus back on its marker) and every open tooltip that is not a
    permanent label (WCAG 1.4.13: content on focus can be dismissed); an opened popup takes the focus
    (WCAG 4.1.2: it is announced, as a dialog named by its heading)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function (map) {
                // Leaflet focuses the map on a mouse press and puts back the *window's* scroll; inside
                // Streamlit the page scrolls in its own box, so the focus scrolled it and the map moved
                // under the pointer between press and release: the first click on a marker went to the
                // region beneath it. The same focus, without scrolling anything.
                var keys = map.keyboard;
                if (keys && keys._onMouseDown) {
                    L.DomEvent.off(map._container, "mousedown", keys._onMouseDown, keys);
                    L.DomEvent.on(map._container, "mousedown", function () {
                        if (!keys._focused) { map._container.focus({preventScroll: true}); }
                    });
                }
                map.on("popupopen", function (event) {
                    var box = event.popup.getElement(), content = box && box.querySelector(".leaflet-popup-content");
                    if (!content) { return; }
                    box.setAttribute("role", "dialog");
                    var heading = content.querySelector("strong, b, th, h2, h3");
                    box.setAttribute("aria-label", (heading || content).textContent.trim().slice(0, 120));
                    content.setAttribute("tabindex", "-1");
                    setTimeout(function () { content.focus({preventScroll: true}); }, 0);
                });
                map.on("popupclose", function (event) {
                    // focus that was in the popup (or lost with it) goes back to its marker
                    var source = event.popup._source, path = source && (source._path || source._icon);
                    var box = event.popup.getElement(), active = document.activeElement;
                    if (path && path.focus && (!active || active === document.body || (box && box.contains(active)))) {
                        path.focus({preventScroll: true});
                    }
                });
                document.addEventListener("keydown", function (event) {
                    if (event.key !== "Escape") { return; }
                    var closed = false;
                    if (map._popup && map.hasLayer(map._popup)) {
                        var source = map._popup._source, path = source && (source._path || source._icon);
                        map.closePopup();
                        if (path && path.focus) { path.focus({preventScroll: true}); }
                        closed = true;
                    }
                    map.eachLayer(function (layer) {
                        var tip = layer.getTooltip && layer.getTooltip();
                        if (tip && !tip.options.permanent && layer.isTooltipOpen && layer.isTooltipOpen()) {
                            layer.closeTooltip();
                            closed = true;
                        }
                    });
                    if (closed) { event.stopPropagation(); }
                }, true);
            })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "KeyboardAccess"


class MapLanguage(MacroElement):
    """The map's own controls in the UI language (WCAG 3.1.2): the zoom buttons' names and the
    attribution link's title (Leaflet's are English). Travels with the layers, which follow the language."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function () {
                var map = {{ this._parent._parent.get_name() }};
                function apply() {
                    var zoom = map.zoomControl;
                    if (zoom && zoom._zoomInButton) {
                        [[zoom._zoomInButton, {{ this.zoom_in|tojson }}], [zoom._zoomOutButton, {{ this.zoom_out|tojson }}]]
                            .forEach(function (pair) {
                                pair[0].title = pair[1];
                                pair[0].setAttribute("aria-label", pair[1]);
                            });
                    }
                    // the prefix is Leaflet's link with its English title: the same link, titled in the UI language
                    var attribution = map.attributionControl, prefix = attribution && attribution.options.prefix;
                    if (prefix && prefix.indexOf({{ this.leaflet_title|tojson }}) < 0) {
                        var holder = document.createElement("span");
                        holder.innerHTML = prefix;
                        holder.querySelectorAll("a").forEach(function (link) { link.title = {{ this.leaflet_title|tojson }}; });
                        attribution.setPrefix(holder.innerHTML);
                    }
                }
                apply();
                setTimeout(apply, 0);
            })();
        {% endmacro %}
    """)

    def __init__(self, lang: str):
        super().__init__()
        self._name = "MapLanguage"
        self.zoom_in = t("a11y_zoom_in", lang)
        self.zoom_out = t("a11y_zoom_out", lang)
        self.leaflet_title = t("a11y_leaflet_title", lang)


#: The keyboard focus of the map itself (its container takes the arrows): as visible as the page's own
#: ring (WCAG 2.4.7; the page's style does not reach into the frame), and a popup's focused content.
MAP_FOCUS_CSS = ("<style>.leaflet-container:focus, .leaflet-container:focus-visible {outline: 3px solid #1d4f91 "
                 "!important; outline-offset: -3px;} .leaflet-popup-content:focus {outline: 2px solid #1d4f91; "
                 "outline-offset: 2px;} .leaflet-control-zoom a:focus-visible {outline: 3px solid #1d4f91;}</style>")


def base_map(height_px: int | None = None, geometry: dict | None = None, presentation: bool = False) -> folium.Map:
    """The constant map: no tiles, framed on Poland, starting to load the voivodeship
    polygons (from :data:`GEOMETRY_URL`, or ``geometry`` inlined). The same for every filter.
    ``presentation``: no keyboard panning; the clicker's keys go to the tour instead.
    Nothing in it depends on the language (the attribution travels with the region layer)."""
    m = folium.Map(
        location=POLAND_CENTER,
        zoom_start=6,
        tiles=None,
        min_zoom=5,
        max_zoom=11,
        zoom_snap=0.25,
        control_scale=False,
        prefer_canvas=False,
        height=height_px or "100%",
        keyboard=not presentation,
    )
    folium.map.CustomPane(CONFERENCE_PANE, z_index=450, pointer_events=True).add_to(m)
    MapDecorations().add_to(m)
    PinchZoom().add_to(m)
    KeyboardAccess().add_to(m)
    GeometrySource(inline=geometry).add_to(m)
    m.get_root().header.add_child(Element(MAP_FOCUS_CSS), name="mms_focus_ring")
    # a town's label beside its marker, clear of the circle (radius 7 + outline); a conference's
    # popup never wider than the frame (a phone's is ~360 px; Leaflet's padding adds 44 px to the
    # content), its texts wrapped, so that autoPan can bring all of it into view
    m.get_root().header.add_child(Element(
        "<style>.mms-town-label.leaflet-tooltip-right {margin-left: 14px;}"
        ".mms-town-label.leaflet-tooltip-left {margin-left: -14px;}"
        ".mms-conference-popup .leaflet-popup-content {max-width: calc(100vw - 80px);}"
        ".mms-conference-popup .leaflet-popup-content th, .mms-conference-popup .leaflet-popup-content td"
        " {overflow-wrap: break-word; vertical-align: top;}</style>"), name="mms_town_label")
    if presentation:
        ForwardKeys().add_to(m)
        # the page sizes the map's frame to the screen; the map fills the frame (st_folium
        # fixes its own div to the ``height`` it was given)
        m.get_root().header.add_child(Element("<style>#map_div {height: 100vh !important;}</style>"),
                                      name="mms_fill_frame")
    return stable_ids(m, "mmsbase")


class TouchFriendly(MacroElement):
    """For a page read on a phone: one finger scrolls the page, two fingers zoom the map
    (one-finger dragging is off on touch devices); a tap on a region shows its tooltip."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            if (L.Browser.mobile) { {{ this._parent.get_name() }}.dragging.disable(); }
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "TouchFriendly"


class GeometrySource(MacroElement):
    """Loads the voivodeship polygons once per map into ``window.mmsGeometry`` (a promise).

    From ``url`` (served by Streamlit's static serving: the ~40 KB of polygons then travel
    once per page, not with every filter change) or, for a file that must stand alone,
    from ``inline`` GeoJSON.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            {% if this.inline is not none %}
            window.mmsGeometry = Promise.resolve({{ this.inline|tojson }});
            {% else %}
            window.mmsGeometry = window.mmsGeometry || fetch({{ this.url|tojson }}).then(function (response) {
                if (!response.ok) { throw new Error("mms geometry: HTTP " + response.status); }
                return response.json();
            });
            {% endif %}
        {% endmacro %}
    """)

    def __init__(self, url: str = GEOMETRY_URL, inline: dict | None = None):
        super().__init__()
        self._name = "GeometrySource"
        self.url = url
        self.inline = inline


class RegionLayer(MacroElement):
    """The 16 voivodeships from ``window.mmsGeometry``, styled and with tooltips by TERYT.

    Only the styles and the (escaped) tooltip HTML travel with a filter change.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function () {
                var styles = {{ this.styles|tojson }};
                var tips = {{ this.tips|tojson }};
                var labels = {{ this.labels|tojson }};
                var layer = L.geoJSON(null, {
                    attribution: {{ this.attribution|tojson }},
                    style: function (feature) { return styles[feature.properties.teryt]; },
                    onEachFeature: function (feature, part) {
                        part.bindTooltip(tips[feature.properties.teryt],
                                         {sticky: true, className: {{ this.tooltip_class|tojson }}});
                        part.on("mouseover", function (e) { e.target.setStyle({weight: 3, color: "#000000"}); });
                        part.on("mouseout", function (e) { layer.resetStyle(e.target); });
                        // keyboard and screen reader: a named button; Enter/Space does what a click does
                        part.on("add", function () {
                            var path = part._path, label = labels[feature.properties.teryt];
                            if (!path || !label) { return; }
                            path.setAttribute("role", "button");
                            // the label is escaped HTML: read it as text by an inert parser
                            path.setAttribute("aria-label",
                                              new DOMParser().parseFromString(label, "text/html").body.textContent);
                            path.setAttribute("tabindex", "0");
                            if (path.mmsKeys) { return; }
                            path.mmsKeys = true;
                            path.addEventListener("keydown", function (event) {
                                if (event.key !== "Enter" && event.key !== " ") { return; }
                                event.preventDefault();
                                event.stopPropagation();
                                part.fire("click", {latlng: part.getBounds().getCenter()}, true);
                            });
                            path.addEventListener("focus", function () { part.setStyle({weight: 4, color: "#000000"}); });
                            path.addEventListener("blur", function () { layer.resetStyle(part); });
                        });
                    }
                }).addTo({{ this._parent.get_name() }});
                // the hatch of the regions with no grant (their fill is url(#mms-hatch)), once per map
                function hatch() {
                    var svg = layer.getPane() && layer.getPane().querySelector("svg");
                    if (!svg || svg.querySelector("#mms-hatch")) { return; }
                    var ns = "http://www.w3.org/2000/svg", defs = document.createElementNS(ns, "defs");
                    defs.innerHTML = '<pattern id="mms-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
                        + 'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
                        + '<line x1="0" y1="0" x2="0" y2="6" stroke="#595959" stroke-width="1.2"/></pattern>';
                    svg.insertBefore(defs, svg.firstChild);
                }
                window.mmsGeometry.then(function (geometry) { layer.addData(geometry); hatch(); });
                // the frame and the map say what they are, in the UI language (this layer follows
                // the language; the base map must not)
                document.documentElement.lang = {{ this.lang|tojson }};
                function describe() {
                    if (!layer._map) { return; }
                    var container = layer._map.getContainer();
                    container.setAttribute("role", "region");
                    container.setAttribute("aria-label", {{ this.map_label|tojson }});
                }
                layer.on("add", describe);
                describe();
                if (window.frameElement) {
                    try {
                        window.frameElement.setAttribute("title", {{ this.map_label|tojson }});
                        window.frameElement.setAttribute("aria-label", {{ this.map_label|tojson }});
                        window.frameElement.setAttribute("lang", {{ this.lang|tojson }});
                        window.frameElement.classList.add("mms-map-frame");
                    } catch (error) { /* another origin: the frame keeps its title */ }
                }
                return layer;
            })();
        {% endmacro %}
    """)

    def __init__(self, styles: dict[str, dict], tips: dict[str, str], tooltip_class: str = "mms-region-tooltip",
                 attribution: str = "", labels: dict[str, str] | None = None, lang: str = "pl",
                 map_label: str = ""):
        super().__init__()
        self._name = "RegionLayer"
        self.labels = {teryt: safe_text(label) for teryt, label in (labels or {}).items()}
        self.lang = lang
        self.map_label = map_label  # a catalogue text, no data in it
        self.attribution = safe_text(attribution)
        self.styles = styles
        self.tips = tips
        self.tooltip_class = tooltip_class


def tooltip_table(rows: list[tuple[str, str]]) -> str:
    """A small HTML table of (label, value) pairs; both are escaped here."""
    cells = "".join(f"<tr><th>{safe_text(label)}</th><td>{safe_text(value)}</td></tr>" for label, value in rows)
    return f"<table>{cells}</table>"


def region_styles(classification: Classification, focus: str | None = None) -> dict[str, dict]:
    """Leaflet path style of each voivodeship: class colour, dashed outline for no data;
    with ``focus``, that region gets a heavy outline and the others fade. Each path has the
    classes ``mms-region mms-r-<TERYT>`` (and ``mms-focus``), for tests and the benchmark."""
    styles = {}
    no_grants = set(classification.no_grants)
    for teryt, cls in classification.class_of.items():
        style = {"fillColor": classification.color_of.get(teryt, NO_DATA_COLOR), "fillOpacity": 0.85,
                 "color": "#444444", "weight": 1, "dashArray": "4 3" if cls < 0 else None,
                 "className": f"mms-region mms-r-{teryt}"}
        if teryt in no_grants:  # hatched ("brak dotacji"), never the lowest class
            style |= {"fillColor": "url(#mms-hatch)", "fillOpacity": 1, "dashArray": None,
                      "className": f"mms-region mms-r-{teryt} mms-no-grants"}
        if focus is not None:
            style |= ({"weight": 5, "color": "#000000", "fillOpacity": 0.95,
                       "className": f"mms-region mms-r-{teryt} mms-focus"} if teryt == focus
                      else {"fillOpacity": 0.35})
        styles[teryt] = style
    return styles


def region_tooltips(summary: pd.DataFrame, metric: Metric, lang: str = "pl") -> dict[str, str]:
    """Tooltip HTML of each voivodeship: name, the chosen measure, grants, zł, zł per resident."""
    tips = {}
    for teryt, row in summary.iterrows():
        tips[str(teryt)] = tooltip_table([
            (t("tip_region", lang), row["voivodeship"]),
            (t("tip_metric", lang), fmt_metric(row[metric.column], metric.unit, metric.decimals,
                                               t("legend_no_data", lang), lang)),
            (t("tip_grants", lang), fmt_metric(row["grants"], "count", 0)),
            (t("tip_amount", lang), fmt_pln(row["amount_pln"])),
            (t("tip_per_capita", lang), fmt_metric(row["amount_per_capita_pln"], "pln_per_person", 2, lang=lang)),
        ])
    return tips


def region_labels(summary: pd.DataFrame, metric: Metric, lang: str = "pl") -> dict[str, str]:
    """The accessible name of each voivodeship's shape: „lubelskie: 3,33 zł/os., 207 dotacji”."""
    labels = {}
    for teryt, row in summary.iterrows():
        grants = 0 if pd.isna(row["grants"]) else int(row["grants"])
        value = fmt_metric(row[metric.column], metric.unit, metric.decimals, t("legend_no_data", lang), lang)
        labels[str(teryt)] = tn("a11y_region_label", grants, lang, name=row["voivodeship"], value=value)
    return labels


class FitView(MacroElement):
    """Moves the map (its grandparent: map → feature group → this) to ``bounds``: a short
    flight on screen, at once (``animate=False``) in a file."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this.fit_js }}
            {% if this.animate %}
            window.mmsFit({{ this._parent._parent.get_name() }}, {{ this.bounds|tojson }},
                {padding: [30, 30], duration: 0.8}, true);
            {% else %}
            window.mmsFit({{ this._parent._parent.get_name() }}, {{ this.bounds|tojson }}, {padding: [12, 12]});
            {% endif %}
        {% endmacro %}
    """)

    def __init__(self, bounds, animate: bool = True):
        super().__init__()
        self._name = "FitView"
        self.bounds = [list(corner) for corner in bounds]
        self.animate = animate
        self.fit_js = SAFE_FIT_JS


def choropleth_layer(summary: pd.DataFrame, classification: Classification, metric: Metric,
                     lang: str = "pl", focus: str | None = None, view=None,
                     animate: bool = True) -> folium.FeatureGroup:
    """The 16 voivodeships coloured by class, with Polish (or English) tooltips.

    ``summary`` is :func:`mms_core.analysis.aggregates.region_summary` indexed by TERYT; the polygons
    come from the map's :class:`GeometrySource`. ``focus`` highlights one region and
    ``view`` ((south, west), (north, east)) moves the map there (the presentation tour).
    """
    group = folium.FeatureGroup(name="choropleth", control=False)
    RegionLayer(region_styles(classification, focus), region_tooltips(summary, metric, lang),
                attribution=t("map_attribution", lang), labels=region_labels(summary, metric, lang), lang=lang,
                map_label=t("a11y_map_label", lang, metric=t(f"metric.{metric.code}", lang))).add_to(group)
    MapLanguage(lang).add_to(group)
    if view is not None:
        FitView(view, animate).add_to(group)
    return stable_ids(group, "mmsregions")


def conference_features(conferences: pd.DataFrame, operators: pd.DataFrame, lang: str = "pl") -> dict:
    """The 16 conferences as GeoJSON points with escaped, display-ready properties."""
    unknown = t("unknown", lang)
    features = []
    for teryt, conf in conferences.iterrows():
        text = conference_text(conferences, operators, teryt, lang)
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(conf["lon"]), float(conf["lat"])]},
            "properties": {
                "teryt": teryt,
                "town": safe_text(conf["town"]),
                "region": safe_text(conf["voivodeship"]),
                "date": safe_text(text.date_or_unknown(lang)),
                "venue": safe_text(text.venue or unknown),
                "operator": safe_text(text.operator or unknown),
            },
        })
    return {"type": "FeatureCollection", "features": features}


class MarkerNames(MacroElement):
    """Each conference marker (its parent is the GeoJson) a named button: town and date;
    Enter/Space opens its popup as a click does."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function () {
                var labels = {{ this.labels|tojson }};
                {{ this._parent.get_name() }}.eachLayer(function (marker) {
                    function name() {
                        var path = marker._path, label = labels[marker.feature.properties.teryt];
                        if (!path || !label) { return; }
                        path.setAttribute("role", "button");
                        // the label is escaped HTML: read it as text by an inert parser
                        path.setAttribute("aria-label",
                                          new DOMParser().parseFromString(label, "text/html").body.textContent);
                        path.setAttribute("tabindex", "0");
                        if (path.mmsKeys) { return; }
                        path.mmsKeys = true;
                        path.addEventListener("keydown", function (event) {
                            if (event.key !== "Enter" && event.key !== " ") { return; }
                            event.preventDefault();
                            event.stopPropagation();
                            marker.fire("click", {latlng: marker.getLatLng()}, true);
                        });
                        // a press of the mouse must not focus the circle: Leaflet reopens the tooltip on
                        // focus, and the release then lands elsewhere, so the first click opened nothing
                        // (the browser sent it to the map pane). The keyboard still focuses it with Tab.
                        path.addEventListener("mousedown", function (event) { event.preventDefault(); });
                    }
                    marker.on("add", name);
                    name();
                });
            })();
        {% endmacro %}
    """)

    def __init__(self, labels: dict[str, str]):
        super().__init__()
        self._name = "MarkerNames"
        self.labels = {teryt: safe_text(label) for teryt, label in labels.items()}


class TownLabel(MacroElement):
    """The town's name always shown beside a conference marker (a permanent Leaflet tooltip
    in the conference pane), in type that reads on a projector and on a phone."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            L.tooltip({permanent: true, direction: "auto", offset: [0, 0], pane: {{ this.pane|tojson }},
                       className: "mms-town-label", interactive: false})
                .setLatLng({{ this.location|tojson }})
                .setContent({{ this.html|tojson }})
                .addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, location: tuple[float, float], town: str):
        super().__init__()
        self._name = "TownLabel"
        self.location = list(location)
        self.pane = CONFERENCE_PANE
        self.html = ('<span style="font-size: clamp(14px, 3.4vh, 40px); font-weight: 700; color: #111;">'
                     f"{safe_text(town)}</span>")


def conference_layer(conferences: pd.DataFrame, operators: pd.DataFrame, lang: str = "pl",
                     label: str | None = None) -> folium.FeatureGroup:
    """The 16 regional conferences as distinct circle markers with tooltip and popup;
    ``label``: the TERYT code of the conference whose town is written beside its marker
    (the current step of the tour)."""
    group = folium.FeatureGroup(name=t("conferences_layer", lang), control=False)
    if label is not None and label in conferences.index:
        row = conferences.loc[label]
        TownLabel((float(row["lat"]), float(row["lon"])), str(row["town"])).add_to(group)
    marker = folium.CircleMarker(radius=7, fill=True, fill_color=CONFERENCE_COLOR, fill_opacity=0.95,
                                 color="#ffffff", weight=2)
    marker.options["pane"] = CONFERENCE_PANE  # folium's path options drop "pane"
    fields = ["town", "region", "date", "venue", "operator"]
    aliases = [safe_text(t(k, lang)) for k in ("conf_town", "conf_region", "conf_date", "conf_venue", "conf_operator")]
    layer = folium.GeoJson(
        conference_features(conferences, operators, lang),
        name="conferences",
        marker=marker,
        tooltip=folium.GeoJsonTooltip(fields=["town", "date"], aliases=aliases[:1] + aliases[2:3],
                                      class_name="mms-conference-tooltip"),
        popup=folium.GeoJsonPopup(fields=fields, aliases=aliases, class_name="mms-conference-popup",
                                  max_width=320),
    ).add_to(group)
    MarkerNames(conference_labels(conferences, operators, lang)).add_to(layer)
    return stable_ids(group, "mmsconf")


def conference_labels(conferences: pd.DataFrame, operators: pd.DataFrame, lang: str = "pl") -> dict[str, str]:
    """The accessible name of each conference marker: „Konferencja: Lublin, 12.03.2026”."""
    return {str(teryt): t("a11y_conference_label", lang, town=conf["town"],
                          date=conference_text(conferences, operators, teryt, lang).date_or_unknown(lang))
            for teryt, conf in conferences.iterrows()}
