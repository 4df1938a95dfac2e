"""folium map building: a constant base map plus the layers that change with the filters.

Offline: importing this module points folium at the Leaflet files served by Streamlit
from ``static/vendor/leaflet`` (``/app/static/...``) and drops every CDN asset that the
layers used here do not need (jQuery, Bootstrap, Font Awesome). No tile layer, no branca
colormap (st_folium would fetch d3 from the internet for one).

Safety: every data string placed in a tooltip or popup goes through
:func:`mms_core.escaping.safe_text`.
"""

from __future__ import annotations

import copy

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from .classify import NO_DATA_COLOR, Classification
from .escaping import safe_text
from .formatting import fmt_metric, fmt_pln
from .i18n import t
from .metric_defs import Metric

STATIC_URL = "/app/static/vendor/leaflet"

#: Poland's bounding box, degrees: ((south, west), (north, east)).
POLAND_BOUNDS = ((49.0, 14.1), (54.9, 24.2))
POLAND_CENTER = (52.07, 19.48)
#: Leaflet pane of the conference markers: above the regions (overlayPane, z-index 400),
#: so that repainting or highlighting a region can never cover a marker.
CONFERENCE_PANE = "conferences"


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


class MapDecorations(MacroElement):
    """Frame Poland once the map has its size; a metric scale bar, a light background, attribution."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            L.control.scale({imperial: false, metric: true}).addTo({{ this._parent.get_name() }});
            {{ this._parent.get_name() }}.invalidateSize();
            {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {padding: [6, 6]});
            {{ this._parent.get_name() }}.getContainer().style.background = "#f4f6f8";
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.attribution|tojson }});
        {% endmacro %}
    """)

    def __init__(self, attribution: str, bounds=POLAND_BOUNDS):
        super().__init__()
        self._name = "MapDecorations"
        self.attribution = attribution
        self.bounds = [list(corner) for corner in bounds]


def base_map(height_px: int | None = None) -> folium.Map:
    """The constant map: no tiles, framed on Poland. The same for every filter."""
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
    )
    folium.map.CustomPane(CONFERENCE_PANE, z_index=450, pointer_events=True).add_to(m)
    MapDecorations("Granice: Natural Earth (domena publiczna)").add_to(m)
    return stable_ids(m, "mmsbase")


def choropleth_layer(
    geojson: dict,
    summary: pd.DataFrame,
    classification: Classification,
    metric: Metric,
    lang: str = "pl",
) -> folium.FeatureGroup:
    """The 16 voivodeships coloured by class, with Polish (or English) tooltips.

    ``geojson`` is the FeatureCollection from :func:`mms_core.geometry.geojson_dict`;
    ``summary`` is :func:`mms_core.metrics.region_summary` indexed by TERYT.
    """
    data = copy.deepcopy(geojson)
    for feature in data["features"]:
        props = feature["properties"]
        row = summary.loc[props["teryt"]]
        props["fill"] = classification.color_of.get(props["teryt"], NO_DATA_COLOR)
        props["no_data"] = classification.class_of.get(props["teryt"], -1) < 0
        props["tip_name"] = safe_text(row["voivodeship"])
        props["tip_metric"] = safe_text(fmt_metric(row[metric.column], metric.unit, metric.decimals,
                                                   t("legend_no_data", lang)))
        props["tip_grants"] = safe_text(fmt_metric(row["grants"], "count", 0))
        props["tip_amount"] = safe_text(fmt_pln(row["amount_pln"]))
        props["tip_per_capita"] = safe_text(fmt_metric(row["amount_per_capita_pln"], "pln_per_person", 2))
    group = folium.FeatureGroup(name="choropleth", control=False)
    folium.GeoJson(
        data,
        name="voivodeships",
        style_function=_region_style,
        highlight_function=lambda _feature: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(
            fields=["tip_name", "tip_metric", "tip_grants", "tip_amount", "tip_per_capita"],
            aliases=[safe_text(t(k, lang)) for k in
                     ("tip_region", "tip_metric", "tip_grants", "tip_amount", "tip_per_capita")],
            sticky=True,
            class_name="mms-region-tooltip",
        ),
    ).add_to(group)
    return stable_ids(group, "mmsregions")


def _region_style(feature: dict) -> dict:
    props = feature["properties"]
    return {
        "fillColor": props["fill"],
        "fillOpacity": 0.85,
        "color": "#444444",
        "weight": 1,
        "dashArray": "4 3" if props["no_data"] else None,
    }


def conference_features(conferences: pd.DataFrame, operators: pd.DataFrame, lang: str = "pl") -> dict:
    """The 16 conferences as GeoJSON points with escaped, display-ready properties."""
    unknown = t("unknown", lang)
    features = []
    for teryt, conf in conferences.iterrows():
        operator = ""
        if teryt in operators.index:
            op = operators.loc[teryt]
            operator = op["operator"] or op["operator_note"]
        date = conf["date"].isoformat() if conf["date"] else ""
        if date and conf["time"]:
            date = f"{date}, {conf['time']}"
        if not date:
            date = unknown + (f" ({conf['date_note']})" if conf["date_note"] else "")
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(conf["lon"]), float(conf["lat"])]},
            "properties": {
                "teryt": teryt,
                "town": safe_text(conf["town"]),
                "region": safe_text(conf["voivodeship"]),
                "date": safe_text(date),
                "venue": safe_text(conf["venue"] or unknown),
                "operator": safe_text(operator or unknown),
            },
        })
    return {"type": "FeatureCollection", "features": features}


def conference_layer(conferences: pd.DataFrame, operators: pd.DataFrame, lang: str = "pl") -> folium.FeatureGroup:
    """The 16 regional conferences as distinct circle markers with tooltip and popup."""
    group = folium.FeatureGroup(name=t("conferences_layer", lang), control=False)
    fields = ["town", "region", "date", "venue", "operator"]
    aliases = [safe_text(t(k, lang)) for k in ("conf_town", "conf_region", "conf_date", "conf_venue", "conf_operator")]
    folium.GeoJson(
        conference_features(conferences, operators, lang),
        name="conferences",
        marker=folium.CircleMarker(radius=7, fill=True, fill_color="#d7301f", fill_opacity=0.95,
                                   color="#ffffff", weight=2, pane=CONFERENCE_PANE),
        tooltip=folium.GeoJsonTooltip(fields=["town", "date"], aliases=aliases[:1] + aliases[2:3],
                                      class_name="mms-conference-tooltip"),
        popup=folium.GeoJsonPopup(fields=fields, aliases=aliases, class_name="mms-conference-popup",
                                  max_width=320),
    ).add_to(group)
    return stable_ids(group, "mmsconf")
