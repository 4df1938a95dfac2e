"""The current map for slides: a PNG drawn without a browser (geopandas + matplotlib) and a
self-contained HTML file (Leaflet and the polygons inlined) that opens from a USB stick with
no server and no internet.

Both carry the same classes and colours as the screen, a title, the legend with units, the
filters, the data source, the sample-data label where it applies, and the date.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from mms_core.analysis.filters import Filters
from mms_core.analysis.measures import Metric
from mms_core.data.paths import STATIC_DIR
from mms_core.maps import folium_map
from mms_core.maps.classify import Classification
from mms_core.maps.geometry import PUWG1992, to_geodataframe
from mms_core.maps.legend import legend_rows
from mms_core.present.table_exports import describe_filters, grants_source, origin_note, spreadsheet_text
from mms_core.text.escaping import safe_text
from mms_core.text.formatting import fmt_datetime
from mms_core.text.i18n import t


@dataclass(frozen=True)
class MapCaption:
    """The texts around an exported map."""

    title: str
    measure: str  # the metric with its unit
    scheme: str
    filters: str
    source: str
    sample_note: str | None
    date: str


def map_caption(filters: Filters, metric: Metric, meta: dict, when: datetime, lang: str = "pl") -> MapCaption:
    kind = meta.get("kind")
    return MapCaption(
        title=t("app_title", lang),
        measure=t(f"metric.{metric.code}", lang),
        scheme=t("legend_classes", lang, scheme=t(f"scheme.{filters.scheme}", lang)),
        filters="; ".join(f"{label}: {value}" for label, value in describe_filters(filters, lang)),
        source=t("export_map_source", lang, grants=spreadsheet_text(grants_source(meta, lang))),
        sample_note=origin_note(kind, lang),
        date=t("export_date", lang, date=fmt_datetime(when)),
    )


# ---------------------------------------------------------------------------------- PNG
def map_figure(geojson: dict, classification: Classification, metric: Metric, conferences: pd.DataFrame,
               caption: MapCaption, lang: str = "pl", size_px: tuple[int, int] = (1600, 1200)):
    """A matplotlib Figure of the map (EPSG:2180) with title, legend and footer.

    Returns ``(figure, map_axes)``; the axes' data coordinates are metres in EPSG:2180.
    """
    import geopandas as gpd
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    dpi = 100
    figure = Figure(figsize=(size_px[0] / dpi, size_px[1] / dpi), dpi=dpi, facecolor="white")
    axes = figure.add_axes((0.01, 0.13, 0.62, 0.76))
    regions = to_geodataframe(geojson).to_crs(PUWG1992)
    regions.plot(ax=axes, color=[classification.color_of[t_] for t_ in regions["teryt"]],
                 edgecolor="#444444", linewidth=0.8)
    points = gpd.GeoSeries(gpd.points_from_xy(conferences["lon"], conferences["lat"]), crs="EPSG:4326").to_crs(PUWG1992)
    axes.scatter(points.x, points.y, s=90, c=folium_map.CONFERENCE_COLOR, edgecolors="white", linewidths=1.5, zorder=3)
    axes.set_axis_off()
    axes.set_aspect("equal")

    figure.text(0.02, 0.95, caption.title, fontsize=28, fontweight="bold", va="center", parse_math=False)
    figure.text(0.02, 0.91, caption.measure, fontsize=18, va="center", parse_math=False)
    rows = legend_rows(classification, metric, lang)
    handles = [Patch(facecolor=color, edgecolor="#444444", label=f"{text}  ({count})") for color, text, count in rows]
    handles.append(Patch(facecolor=folium_map.CONFERENCE_COLOR, edgecolor="white", label=t("conferences_layer", lang)))
    figure.legend(handles=handles, loc="center left", bbox_to_anchor=(0.64, 0.55), fontsize=15, frameon=False,
                  title=caption.measure, title_fontsize=15, alignment="left")
    figure.text(0.02, 0.085, f"{caption.filters}; {caption.scheme}", fontsize=13, parse_math=False)
    figure.text(0.02, 0.058, caption.source, fontsize=12, color="#333333", parse_math=False)
    if caption.sample_note:
        figure.text(0.02, 0.028, caption.sample_note, fontsize=14, color="#b2182b", fontweight="bold", parse_math=False)
    figure.text(0.98, 0.028, caption.date, fontsize=12, ha="right", color="#333333", parse_math=False)
    return figure, axes


def map_png(geojson: dict, classification: Classification, metric: Metric, conferences: pd.DataFrame,
            caption: MapCaption, lang: str = "pl", size_px: tuple[int, int] = (1600, 1200)) -> bytes:
    """The map as PNG bytes, ``size_px`` pixels."""
    figure, _ = map_figure(geojson, classification, metric, conferences, caption, lang, size_px)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


# --------------------------------------------------------------------------------- HTML
class MapPanel(MacroElement):
    """A Leaflet control with ready (escaped) HTML: the title and legend of an exported map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function () {
                var panel = L.control({position: {{ this.position|tojson }}});
                panel.onAdd = function () {
                    var div = L.DomUtil.create("div", "mms-panel");
                    div.innerHTML = {{ this.html|tojson }};
                    return div;
                };
                panel.addTo({{ this._parent.get_name() }});
            })();
        {% endmacro %}
    """)

    def __init__(self, html: str, position: str = "topright"):
        super().__init__()
        self._name = "MapPanel"
        self.html = html
        self.position = position


PANEL_CSS = """<style>
.mms-panel {background: white; padding: 10px 14px; border-radius: 6px; box-shadow: 0 1px 5px rgba(0,0,0,.4);
            font: 14px/1.35 system-ui, sans-serif; max-width: 360px;}
.mms-panel h1 {font-size: 18px; margin: 0 0 4px;} .mms-panel .sub {color: #555; font-size: 12px;}
.mms-panel ul {list-style: none; padding: 0; margin: 6px 0;} .mms-panel li {margin: 2px 0;}
.mms-panel .sw {display: inline-block; width: 16px; height: 12px; border: 1px solid #444; margin-right: 6px;
                vertical-align: middle;}
.mms-panel .warn {color: #b2182b; font-weight: 600;}
</style>"""


def _panel_html(classification: Classification, metric: Metric, caption: MapCaption, lang: str) -> str:
    items = "".join(f'<li><span class="sw" style="background:{safe_text(color)}"></span>{safe_text(text)} ({count})</li>'
                    for color, text, count in legend_rows(classification, metric, lang))
    items += (f'<li><span class="sw" style="background:{folium_map.CONFERENCE_COLOR};border-radius:50%"></span>'
              f'{safe_text(t("conferences_layer", lang))}</li>')
    parts = [f"<h1>{safe_text(caption.title)}</h1>", f"<div><b>{safe_text(caption.measure)}</b></div>",
             f'<div class="sub">{safe_text(caption.scheme)}</div>', f"<ul>{items}</ul>",
             f'<div class="sub">{safe_text(caption.filters)}</div>', f'<div class="sub">{safe_text(caption.source)}</div>']
    if caption.sample_note:
        parts.append(f'<div class="warn">{safe_text(caption.sample_note)}</div>')
    parts.append(f'<div class="sub">{safe_text(caption.date)}</div>')
    return "".join(parts)


def _inline_leaflet(html: str) -> str:
    """Replace the links to the served Leaflet files by their content."""
    leaflet_dir = STATIC_DIR / "vendor" / "leaflet"
    script = (leaflet_dir / "leaflet.js").read_text(encoding="utf-8")
    style = (leaflet_dir / "leaflet.css").read_text(encoding="utf-8")
    html, scripts = re.subn(r'<script src="[^"]*/leaflet\.js"></script>', lambda _: f"<script>{script}</script>", html)
    html, styles = re.subn(r'<link rel="stylesheet" href="[^"]*/leaflet\.css"\s*/>', lambda _: f"<style>{style}</style>",
                           html)
    if scripts != 1 or styles != 1:
        raise RuntimeError("could not inline Leaflet into the exported map")
    return html


def map_html(geojson: dict, summary: pd.DataFrame, classification: Classification, metric: Metric,
             conferences: pd.DataFrame, operators: pd.DataFrame, caption: MapCaption, lang: str = "pl") -> str:
    """One HTML file with everything inside: Leaflet, polygons, colours, tooltips, legend."""
    m = folium_map.base_map(geometry=geojson)
    folium_map.conference_layer(conferences, operators, lang).add_to(m)
    folium_map.choropleth_layer(summary, classification, metric, lang).add_to(m)
    MapPanel(_panel_html(classification, metric, caption, lang)).add_to(m)
    m.get_root().header.add_child(Element(PANEL_CSS), name="mms_panel_css")
    return _inline_leaflet(m.get_root().render())
