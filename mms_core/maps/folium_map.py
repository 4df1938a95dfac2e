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

from mms_core.analysis.measures import Metric
from mms_core.assets import asset_template, read_asset
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
#: every script that moves the map (their order in the frame is not fixed). In ``assets/fit.js``.
SAFE_FIT_JS = read_asset("mms_core.maps", "fit.js")
#: ``window.mmsKeyButton(path, label, activate)`` (``assets/key_button.js``): a region's or a conference marker's
#: shape as a named button for the keyboard and a screen reader — role, name (``label``: escaped HTML, read as text)
#: and a tab stop; Enter and Space call ``activate`` (what a click does). Called again when Leaflet adds the shape
#: again, it names it anew and listens to the keys once; it returns true when it has just added its listener (the
#: caller adds its own then). Defined once per frame by each layer that has such shapes (the voivodeships, the
#: conferences).
KEY_BUTTON_JS = read_asset("mms_core.maps", "key_button.js")


class MapDecorations(MacroElement):
    """Frame Poland once the map has its size; a metric scale bar, a light background.

    Nothing here depends on the language: the base map must stay the same when the user
    switches it, or the map would remount (and lose its zoom). The attribution travels with
    the region layer (Leaflet shows a layer's ``attribution`` while it is on the map)."""

    _template = asset_template("mms_core.maps", "map_decorations.js.j2")

    def __init__(self, bounds=POLAND_BOUNDS):
        super().__init__()
        self._name = "MapDecorations"
        self.bounds = [list(corner) for corner in bounds]
        self.fit_js = SAFE_FIT_JS


class ForwardKeys(MacroElement):
    """Inside the map's frame: hand the presentation keys (a clicker's PageDown/PageUp,
    arrows, space, Q for the large QR code) to the page around it, so the tour moves even
    when the map has focus. Space on a focused zoom button stays that button's."""

    _template = asset_template("mms_core.maps", "forward_keys.js.j2")

    def __init__(self):
        super().__init__()
        self._name = "ForwardKeys"


class PinchZoom(MacroElement):
    """Let the user zoom the frame with two fingers (WCAG 1.4.4): folium's template carries a
    viewport meta with ``user-scalable=no``, which this replaces. Language-free (base map)."""

    _template = asset_template("mms_core.maps", "pinch_zoom.js.j2")

    def __init__(self):
        super().__init__()
        self._name = "PinchZoom"


class KeyboardAccess(MacroElement):
    """For keyboard and screen-reader users, inside the map's frame (language-free: the base map):
    Escape closes an open popup (focus back on its marker) and every open tooltip that is not a
    permanent label (WCAG 1.4.13: content on focus can be dismissed); an opened popup takes the focus
    (WCAG 4.1.2: it is announced, as a dialog named by its heading)."""

    _template = asset_template("mms_core.maps", "keyboard_access.js.j2")

    def __init__(self):
        super().__init__()
        self._name = "KeyboardAccess"


class MapLanguage(MacroElement):
    """The map's own controls in the UI language (WCAG 3.1.2): the zoom buttons' names and the
    attribution link's title (Leaflet's are English). Travels with the layers, which follow the language."""

    _template = asset_template("mms_core.maps", "map_language.js.j2")

    def __init__(self, lang: str):
        super().__init__()
        self._name = "MapLanguage"
        self.zoom_in = t("a11y_zoom_in", lang)
        self.zoom_out = t("a11y_zoom_out", lang)
        self.leaflet_title = t("a11y_leaflet_title", lang)


#: The map's own style, in its frame's ``<head>`` (``assets/map.css``): a visible keyboard focus (the page's style
#: does not reach into the frame), the town labels beside their markers, the conference popups within the frame.
MAP_CSS = f"<style>{read_asset('mms_core.maps', 'map.css')}</style>"
#: The presentation's map fills its frame (``assets/map_presentation.css``).
PRESENTATION_MAP_CSS = f"<style>{read_asset('mms_core.maps', 'map_presentation.css')}</style>"


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
    m.get_root().header.add_child(Element(MAP_CSS), name="mms_map_css")
    if presentation:
        ForwardKeys().add_to(m)
        m.get_root().header.add_child(Element(PRESENTATION_MAP_CSS), name="mms_fill_frame")
    return stable_ids(m, "mmsbase")


class TouchFriendly(MacroElement):
    """For a page read on a phone: one finger scrolls the page, two fingers zoom the map
    (one-finger dragging is off on touch devices); a tap on a region shows its tooltip."""

    _template = asset_template("mms_core.maps", "touch_friendly.js.j2")

    def __init__(self):
        super().__init__()
        self._name = "TouchFriendly"


class GeometrySource(MacroElement):
    """Loads the voivodeship polygons once per map into ``window.mmsGeometry`` (a promise).

    From ``url`` (served by Streamlit's static serving: the ~40 KB of polygons then travel
    once per page, not with every filter change) or, for a file that must stand alone,
    from ``inline`` GeoJSON.
    """

    _template = asset_template("mms_core.maps", "geometry_source.js.j2")

    def __init__(self, url: str = GEOMETRY_URL, inline: dict | None = None):
        super().__init__()
        self._name = "GeometrySource"
        self.url = url
        self.inline = inline


class RegionLayer(MacroElement):
    """The 16 voivodeships from ``window.mmsGeometry``, styled and with tooltips by TERYT.

    Only the styles and the (escaped) tooltip HTML travel with a filter change.
    """

    _template = asset_template("mms_core.maps", "region_layer.js.j2")

    def __init__(self, styles: dict[str, dict], tips: dict[str, str], tooltip_class: str = "mms-region-tooltip",
                 attribution: str = "", labels: dict[str, str] | None = None, lang: str = "pl",
                 map_label: str = ""):
        super().__init__()
        self._name = "RegionLayer"
        self.key_button_js = KEY_BUTTON_JS
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

    _template = asset_template("mms_core.maps", "fit_view.js.j2")

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

    _template = asset_template("mms_core.maps", "marker_names.js.j2")

    def __init__(self, labels: dict[str, str]):
        super().__init__()
        self._name = "MarkerNames"
        self.key_button_js = KEY_BUTTON_JS
        self.labels = {teryt: safe_text(label) for teryt, label in labels.items()}


class TownLabel(MacroElement):
    """The town's name always shown beside a conference marker (a permanent Leaflet tooltip
    in the conference pane), in type that reads on a projector and on a phone."""

    _template = asset_template("mms_core.maps", "town_label.js.j2")

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
