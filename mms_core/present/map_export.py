"""The current map for slides and for the audience: a PNG drawn without a browser
(geopandas + matplotlib) and a self-contained HTML page (Leaflet and the polygons inlined)
that opens from a USB stick, from any web server, or on a phone from the presenter's laptop,
with no server session and no internet.

Both follow the tour: with a :class:`~mms_core.present.tour.StepView` they show the step's
region highlighted and zoomed, its conference and its figures; without one, all of Poland. With a
:class:`~mms_core.maps.unit_map.UnitMap` they show the step's gminas instead of the voivodeship
colour: classes over the region's gminas, white spots hatched, cities outside the programme dotted
(the HTML page carries only that region's gmina polygons, so it still stands alone).
Both carry the same classes and colours as the screen, the legend with units, the filters,
the data source (never a file path), the sample-data label where it applies, and the date.
The PNG comes in 16:9 (1920 × 1080, a projector) and 4:3 (1600 × 1200).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from mms_core.analysis.filters import Filters
from mms_core.analysis.measures import Metric
from mms_core.assets import read_asset
from mms_core.data.paths import STATIC_DIR
from mms_core.maps import folium_map
from mms_core.maps.classify import NO_DATA, NO_DATA_COLOR, NO_GRANTS, OUTSIDE, Classification
from mms_core.maps.geometry import PUWG1992, to_geodataframe
from mms_core.maps.legend import legend_rows
from mms_core.maps.level_map import HATCH_COLOR, OUTSIDE_COLOR, level_layer
from mms_core.maps.region_focus import region_focus_layer
from mms_core.maps.unit_map import UnitMap, unit_geojson
from mms_core.present.table_exports import describe_filters, grants_source, origin_note, spreadsheet_text
from mms_core.present.tour import StepView
from mms_core.text.escaping import safe_text
from mms_core.text.formatting import fmt_datetime
from mms_core.text.i18n import t

#: Slide sizes in pixels.
SLIDE_16_9 = (1920, 1080)
SLIDE_4_3 = (1600, 1200)
#: Bumped when the page's layout changes, so that audience pages written before are rewritten.
PAGE_VERSION = "5"


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


def map_caption(filters: Filters, metric: Metric, meta: dict, when: datetime, lang: str = "pl",
                level: str = "voivodeship") -> MapCaption:
    """The texts around an exported map; at the gmina ``level`` the classes count units, and the
    population is GUS's of 2025-12-31."""
    kind = meta.get("kind")
    scheme = (t("scheme_units.quantiles", lang) if level != "voivodeship" and filters.scheme == "quantiles"
              else t(f"scheme.{filters.scheme}", lang))
    source_key = "export_map_source" if level == "voivodeship" else "export_map_source_units"
    return MapCaption(
        title=t("app_title", lang),
        measure=t(f"metric.{metric.code}", lang),
        scheme=t("legend_classes", lang, scheme=scheme),
        filters="; ".join(f"{label}: {value}" for label, value in describe_filters(filters, lang)),
        source=t(source_key, lang, grants=spreadsheet_text(grants_source(meta, lang))),
        sample_note=origin_note(kind, lang),
        date=t("export_date", lang, date=fmt_datetime(when)),
    )


# ---------------------------------------------------------------------------------- PNG
def _fit_text(figure, text, max_width_px: float) -> None:
    """Shrink ``text`` until it is at most ``max_width_px`` wide."""
    renderer = figure.canvas.get_renderer()
    for _ in range(30):
        if text.get_window_extent(renderer).width <= max_width_px or text.get_fontsize() <= 8:
            return
        text.set_fontsize(text.get_fontsize() * 0.93)


def _wrap(figure, line: str, fontsize: float, max_width_px: float, max_lines: int) -> list[str]:
    """``line`` broken at spaces into at most ``max_lines`` lines that fit ``max_width_px``
    (the last one takes the rest and is shrunk by the caller if need be)."""
    renderer = figure.canvas.get_renderer()
    probe = figure.text(0, 0, "", fontsize=fontsize, parse_math=False)

    def fits(candidate: str) -> bool:
        probe.set_text(candidate)
        return probe.get_window_extent(renderer).width <= max_width_px

    lines: list[str] = []
    words = line.split(" ")
    while words and len(lines) < max_lines - 1:
        taken = 1
        while taken < len(words) and fits(" ".join(words[:taken + 1])):
            taken += 1
        if taken == len(words):
            break
        lines.append(" ".join(words[:taken]))
        words = words[taken:]
    lines.append(" ".join(words))
    probe.remove()
    return lines


def _draw_units(axes, regions, units: UnitMap) -> None:
    """The units of ``units`` over faded voivodeships: class colours, no data grey, white spots
    hatched, cities outside the programme dotted (EPSG:2180)."""
    regions.plot(ax=axes, color="#eeeeee", edgecolor="#999999", linewidth=0.6)
    shapes = to_geodataframe(unit_geojson(units.level, units.teryt)).to_crs(PUWG1992)
    classes = shapes["teryt"].map(lambda code: units.codes.get(code, NO_GRANTS))
    palette = [entry.color for entry in units.classification.legend]
    for cls in sorted(set(classes)):
        chosen = shapes[classes == cls]
        if cls >= 0:
            chosen.plot(ax=axes, color=palette[cls], edgecolor="#555555", linewidth=0.3)
        elif cls == NO_DATA:
            chosen.plot(ax=axes, color=NO_DATA_COLOR, edgecolor="#555555", linewidth=0.5, linestyle="--")
        elif cls == OUTSIDE:
            chosen.plot(ax=axes, facecolor="white", edgecolor=OUTSIDE_COLOR, linewidth=0.6, hatch="..")
        else:
            chosen.plot(ax=axes, facecolor="white", edgecolor=HATCH_COLOR, linewidth=0.3, hatch="////")
    if units.teryt is not None:
        regions[regions["teryt"] == units.teryt].boundary.plot(ax=axes, color="#000000", linewidth=3, zorder=2)


def map_figure(geojson: dict, classification: Classification, metric: Metric, conferences: pd.DataFrame,
               caption: MapCaption, lang: str = "pl", size_px: tuple[int, int] = SLIDE_16_9,
               view: StepView | None = None, units: UnitMap | None = None, map_only: bool = False):
    """A matplotlib Figure of the map (EPSG:2180) with the step's panel, legend and footer; with
    ``map_only`` the map alone fills the figure (a slide puts the texts beside it as real text).

    Returns ``(figure, map_axes)``; the axes' data coordinates are metres in EPSG:2180. Texts
    are drawn as given (``parse_math=False``: a ``$`` in a name is not TeX).
    """
    import geopandas as gpd
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    dpi = 100
    width, height = size_px
    figure = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    # geopandas asks for a redraw after every layer it plots; the figure is drawn once, when it is saved
    canvas.draw_idle = lambda *args, **kwargs: None
    pt = 72 / dpi  # points per pixel

    def px(fraction_of_height: float) -> float:  # a font size, as a fraction of the slide's height
        return fraction_of_height * height * pt

    def text(x, y, value, size, **kwargs):
        return figure.text(x, y, value, fontsize=px(size), parse_math=False, **kwargs)

    wide = width / height > 1.5
    map_left, map_width = 0.01, (0.56 if wide else 0.58)
    map_bottom, map_top = 0.15, 0.90
    if map_only:
        map_left, map_width, map_bottom, map_top = 0.0, 1.0, 0.0, 1.0
    axes = figure.add_axes((map_left, map_bottom, map_width, map_top - map_bottom))
    regions = to_geodataframe(geojson).to_crs(PUWG1992)
    focus = view.focus if view else None
    colours = [classification.color_of[code] for code in regions["teryt"]]
    if units is not None:
        _draw_units(axes, regions, units)
    elif focus is None:
        regions.plot(ax=axes, color=colours, edgecolor="#444444", linewidth=0.8)
    else:
        others = regions["teryt"] != focus
        regions[others].plot(ax=axes, color=[c for c, o in zip(colours, others) if o], alpha=0.35,
                             edgecolor="#666666", linewidth=0.8)
        chosen = regions[~others]
        chosen.plot(ax=axes, color=classification.color_of[focus], edgecolor="#000000", linewidth=3.5, zorder=2)
    points = gpd.GeoSeries(gpd.points_from_xy(conferences["lon"], conferences["lat"]),
                           index=conferences.index, crs="EPSG:4326").to_crs(PUWG1992)
    axes.scatter(points.x, points.y, s=(height / 1080) ** 2 * 160, c=folium_map.CONFERENCE_COLOR,
                 edgecolors="white", linewidths=1.5, zorder=3)
    axes.set_axis_off()
    axes.set_aspect("equal", adjustable="box")
    if focus is not None:
        # the region with a margin, widened to the axes' own proportions (1 m = 1 m both ways)
        west, south, east, north = regions[regions["teryt"] == focus].total_bounds
        span_x, span_y = (east - west) * 1.16, (north - south) * 1.16
        box_ratio = (map_width * width) / ((map_top - map_bottom) * height)
        span_x, span_y = max(span_x, span_y * box_ratio), max(span_y, span_x / box_ratio)
        middle_x, middle_y = (west + east) / 2, (south + north) / 2
        axes.set_xlim(middle_x - span_x / 2, middle_x + span_x / 2)
        axes.set_ylim(middle_y - span_y / 2, middle_y + span_y / 2)
        if focus in points.index:
            spot = points.loc[focus]
            axes.annotate(str(conferences.loc[focus, "town"]), (spot.x, spot.y), xytext=(14, 0),
                          textcoords="offset points", va="center", fontsize=px(0.03), fontweight="bold",
                          zorder=4, annotation_clip=False,
                          bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "#444444"})

    if map_only:
        return figure, axes
    # the panel on the right: step title, conference, figures, legend
    panel_x = map_left + map_width + 0.025
    panel_width_px = (0.985 - panel_x) * width
    text(0.015, 0.955, caption.title, 0.03, fontweight="bold", va="center")
    text(0.015, 0.918, caption.measure, 0.022, va="center", color="#333333")
    y = 0.85
    title = text(panel_x, y, view.title if view else t("tour_overview", lang), 0.065, fontweight="bold", va="top")
    _fit_text(figure, title, panel_width_px)
    y -= 0.085
    for line in (view.lines if view else ()):
        for part in _wrap(figure, line, px(0.028), panel_width_px, max_lines=2):
            item = text(panel_x, y, part, 0.028, va="top")
            _fit_text(figure, item, panel_width_px)
            y -= 0.04
        y -= 0.006
    y -= 0.01
    figures = view.figures if view else ()
    for label, value in figures:
        text(panel_x, y, label, 0.026, va="top", color="#444444")
        number = text(panel_x, y - 0.032, value, 0.056, va="top", fontweight="bold")
        _fit_text(figure, number, panel_width_px)
        y -= 0.105
    rows = legend_rows(units.classification if units else classification, metric, lang)
    handles = [Patch(facecolor=color, edgecolor="#444444", label=f"{label}  ({count})") for color, label, count in rows]
    for kind, label, count in (units.extras(lang) if units else ()):
        handles.append(Patch(facecolor="white", edgecolor=HATCH_COLOR if kind == "no_grants" else OUTSIDE_COLOR,
                             hatch="////" if kind == "no_grants" else "..", label=f"{label}  ({count})"))
    handles.append(Patch(facecolor=folium_map.CONFERENCE_COLOR, edgecolor="white", label=t("conferences_layer", lang)))
    renderer = figure.canvas.get_renderer()
    tries = [(size, 1) for size in (0.021, 0.019, 0.017)] + [(size, 2) for size in (0.017, 0.015, 0.013, 0.011)]
    for number, (size, columns) in enumerate(tries):  # smaller type, then two columns, never over the footer
        legend = figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(panel_x - 0.006, y),
                               fontsize=px(size), frameon=False, title=caption.measure, title_fontsize=px(size),
                               alignment="left", handlelength=1.6, borderaxespad=0, labelspacing=0.35,
                               ncols=columns, columnspacing=1.0)
        for item in [legend.get_title(), *legend.get_texts()]:
            item.set_parse_math(False)
        box = legend.get_window_extent(renderer)
        if (box.y0 >= 0.135 * height and box.x1 <= 0.99 * width) or number == len(tries) - 1:
            break
        legend.remove()

    # the footer: filters, sources, the sample-data label, the date
    text(0.015, 0.105, f"{caption.filters}; {caption.scheme}", 0.019)
    text(0.015, 0.072, caption.source, 0.018, color="#333333")
    if caption.sample_note:
        text(0.015, 0.032, caption.sample_note, 0.024, color="#b2182b", fontweight="bold")
    text(0.985, 0.032, caption.date, 0.018, ha="right", color="#333333")
    return figure, axes


def map_png(geojson: dict, classification: Classification, metric: Metric, conferences: pd.DataFrame,
            caption: MapCaption, lang: str = "pl", size_px: tuple[int, int] = SLIDE_16_9,
            view: StepView | None = None, units: UnitMap | None = None, map_only: bool = False) -> bytes:
    """The map as PNG bytes, ``size_px`` pixels (16:9 by default); ``view``: the tour's step;
    ``units``: the step's gminas; ``map_only``: without the panel and footer (for a slide)."""
    figure, _ = map_figure(geojson, classification, metric, conferences, caption, lang, size_px, view, units,
                           map_only)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


# --------------------------------------------------------------------------------- HTML
#: The style of the self-contained page (``assets/export_page.css``): phone first, the map on the left from 900 px.
PAGE_CSS = f"<style>\n{read_asset('mms_core.present', 'export_page.css')}</style>"


def _page_body(classification: Classification, metric: Metric, caption: MapCaption, view: StepView | None,
               map_div: str, lang: str, extras: tuple[tuple[str, str, int], ...] = ()) -> str:
    e = safe_text
    items = "".join(f'<li><span class="mms-sw" style="background:{e(color)}"></span>{e(text)} ({count})</li>'
                    for color, text, count in legend_rows(classification, metric, lang))
    items += "".join(f'<li><span class="mms-sw {e(kind)}"></span>{e(text)} ({count})</li>'
                     for kind, text, count in extras if kind in ("no_grants", "outside"))
    items += (f'<li><span class="mms-sw" style="background:{folium_map.CONFERENCE_COLOR};border-radius:50%"></span>'
              f'{e(t("conferences_layer", lang))}</li>')
    title = view.title if view else t("tour_overview", lang)
    head = [f'<p class="app">{e(caption.title)}</p>', f"<h1>{e(title)}</h1>"]
    head += [f'<p class="line">{e(line)}</p>' for line in (view.lines if view else ())]
    if caption.sample_note:
        head.append(f'<p class="mms-warn">{e(caption.sample_note)}</p>')
    figs = "".join(f"<div><dt>{e(label)}</dt><dd>{e(value)}</dd></div>" for label, value in (view.figures if view else ()))
    foot = [caption.filters, caption.source, caption.date]
    return (f'<div class="mms-page"><header class="mms-head">{"".join(head)}</header>'
            + (f'<dl class="mms-figs">{figs}</dl>' if figs else "")
            + f'<div class="mms-map">{map_div}</div>'
            + f'<section class="mms-legend mms-panel" aria-label="{e(t("legend_title", lang))}">'
              f'<h2>{e(caption.measure)}</h2><div class="sub">{e(caption.scheme)}</div><ul>{items}</ul></section>'
            + '<footer class="mms-foot">' + "".join(f"<p>{e(line)}</p>" for line in foot) + "</footer></div>")


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
             conferences: pd.DataFrame, operators: pd.DataFrame, caption: MapCaption, lang: str = "pl",
             view: StepView | None = None, head_extra: str = "", units: UnitMap | None = None) -> str:
    """One HTML file with everything inside: Leaflet, polygons, colours, tooltips, legend,
    figures — the audience page of a step (``view``) or of all of Poland.

    Phone first (one column: title, figures, map, legend, sources); from 900 px wide the
    map fills the left and the rest is beside it. The legend is never drawn over the map.
    ``head_extra``: ready HTML for the ``<head>`` (the audience page's view key). ``units``: the
    step's gminas (their polygons inlined: only that region's).
    """
    focus = view.focus if view else None
    m = folium_map.base_map(geometry=geojson)
    folium_map.TouchFriendly().add_to(m)
    folium_map.conference_layer(conferences, operators, lang, label=focus).add_to(m)
    if units is None:
        folium_map.choropleth_layer(summary, classification, metric, lang, focus=focus,
                                    view=view.bounds if view else None, animate=False).add_to(m)
        legend_classes, extras = classification, ()
    else:
        level_layer(units.payload(metric, lang, inline=True), lang).add_to(m)
        bounds = view.bounds if view and view.bounds else folium_map.POLAND_BOUNDS
        region_focus_layer(units.teryt, bounds, animate=False, lang=lang,
                           label=t("a11y_gmina_map_label", lang, region=view.title if view else "",
                                   metric=t(f"metric.{metric.code}", lang))).add_to(m)
        legend_classes, extras = units.classification, units.extras(lang)
    html = m.get_root().render()
    map_id = m.get_name()
    div = re.compile(f'<div class="folium-map" id="{re.escape(map_id)}" ></div>')
    page_title = f"{view.title if view else t('tour_overview', lang)} – {caption.title}"
    html, found = div.subn(lambda match: _page_body(legend_classes, metric, caption, view, match[0], lang, extras),
                           html)
    html, viewport = re.subn(r'<meta name="viewport"[^>]*/>',
                             lambda _: '<meta name="viewport" content="width=device-width, initial-scale=1">', html)
    html, heads = re.subn(r"<head>", lambda _: (f'<head>\n<meta charset="utf-8"><title>{safe_text(page_title)}</title>'
                                                f"{head_extra}{PAGE_CSS}"), html, count=1)
    if found != 1 or viewport != 1 or heads != 1:
        raise RuntimeError("unexpected folium page layout")
    html = html.replace("<html>", f'<html lang="{safe_text(lang)}">', 1)
    return _inline_leaflet(html)
