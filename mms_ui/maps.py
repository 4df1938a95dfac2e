"""Drawing the choropleth in Streamlit: classes for the current filters, the map, the legend."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from mms_core.analysis.measures import Metric
from mms_core.analysis.units_summary import UnitSummary
from mms_core.facts.levels import Level
from mms_core.maps import folium_map
from mms_core.maps.classify import Classification, UnitClasses, unit_classes
from mms_core.maps.events import RETURNED_OBJECTS, clicked_region
from mms_core.maps.legend import LEGEND_CSS, legend_html
from mms_core.maps.unit_layer import companion_layer, unit_layer
from mms_core.maps.unit_map import state_labels, units_without_shape
from mms_core.present.tour import region_bounds
from mms_core.text.escaping import safe_html_line, safe_markdown
from mms_core.text.i18n import t

from . import cached
from .context import PageContext
from .map_frame import conference_layer, draw_map, uncached


def unit_classes_for(ctx: PageContext, summary: UnitSummary, metric: Metric) -> UnitClasses:
    """Classes of ``metric`` over the units of ``summary`` (any level) that are reached (the others: "brak
    dotacji", hatched, or outside the programme); with ``scale=fixed`` the breaks come from every edition pooled
    (its reached units at the same level)."""
    reference = None
    if ctx.filters.scale == "fixed":
        pooled = [cached.unit_summary(ctx.source, ctx.filters.with_(edition=int(edition)), summary.level).table
                  for edition in ctx.reference.editions]
        reference = pd.concat([table.loc[table["reached"], metric.column] for table in pooled])
    return unit_classes(summary.table, metric.column, ctx.filters.scheme, ctx.filters.classes,
                        states_apart=summary.level.has_outside, reference=reference)


def unit_legend_block(level: Level, classes: UnitClasses, metric: Metric, scheme: str, lang: str) -> str:
    """The legend of a unit map (:func:`legend_block`): the classes, no data, then the white spots and the units
    outside the programme where they are states apart; below the voivodeship, quantiles "of units"."""
    label = t("scheme_units.quantiles", lang) if scheme == "quantiles" and not level.is_top else scheme
    return legend_block(classes.classification, metric, label, lang, extras=classes.extras(state_labels(lang)))


def show_unit_legend(level: Level, table: pd.DataFrame, classes: UnitClasses, metric: Metric, scheme: str,
                     lang: str) -> None:
    """The legend beside a map of ``level``'s units (``table``: a unit summary's, or some of its rows; see
    :func:`unit_legend_block`), and a note naming the units it counts that the map cannot draw (no polygon)."""
    st.html(unit_legend_block(level, classes, metric, scheme, lang))
    missing = units_without_shape(level.code, table.index)
    if missing:
        names = ", ".join(f"{table.loc[code, 'name']} ({code})" for code in missing)
        st.caption(t("legend_without_shape", lang, names=safe_markdown(names), count=len(missing)))


def legend_block(classification: Classification, metric: Metric, scheme_label: str, lang: str,
                 hide_empty: bool = False, extras: tuple = ()) -> str:
    """The legend beside a map with its styles, as HTML for ``st.html`` (sanitized there too);
    :func:`mms_core.maps.legend.legend_html` escapes every text in it (``extras``: its rows after the classes,
    see there)."""
    return LEGEND_CSS + legend_html(classification, metric, scheme_label, lang, hide_empty, extras=extras)


def show_legend(classification: Classification, metric: Metric, scheme_label: str, lang: str,
                hide_empty: bool = False, extras: tuple = ()) -> None:
    """The legend beside a map (:func:`legend_block`: every text escaped by ``legend_html``), through
    ``st.html``, whose sanitizer keeps no script or handler whatever the text."""
    st.html(legend_block(classification, metric, scheme_label, lang, hide_empty, extras))


def anchor_html(anchor: str) -> str:
    """The target of a skip link: an empty span with the id ``anchor`` (escaped)."""
    return f'<span id="{safe_html_line(anchor)}"></span>'


def skip_link_html(anchor: str, lang: str) -> str:
    """A link to the id ``anchor`` (the table of a map's figures), its href and text escaped."""
    return (f'<a class="mms-skip" href="#{safe_html_line(anchor)}">'
            f'{safe_html_line(t("a11y_skip_map", lang))}</a>')


def table_anchor(anchor: str, where=st) -> None:
    """The target of a map's skip link (:func:`anchor_html`) in ``where`` (``st`` or a column)."""
    where.html(anchor_html(anchor))


def skip_link(anchor: str, lang: str) -> None:
    """A link above a map to the id ``anchor`` (:func:`skip_link_html`), for keyboard users."""
    st.html(skip_link_html(anchor, lang))


def show_map(ctx: PageContext, summary: UnitSummary, classes: UnitClasses, metric: Metric, key: str,
             height: int = 620, conferences: bool = True, table_anchor: str | None = None, region: str | None = None,
             extra_layers: list | None = None, layers_key: tuple | None = None) -> str | None:
    """Draw the map of ``summary``'s units (any level); return the TERYT code of a voivodeship the user has just
    clicked, if any (a click on a powiat or gmina does nothing: its tooltip says what there is).

    The base map depends on nothing the user chooses (filters, measure, language, level), so it stays
    the same from run to run and the map is never remounted (the user's zoom is kept); the units' layer and the
    one beside it (:mod:`mms_core.maps.unit_layer`) and the conference markers, whose texts are in the UI
    language, travel as layers that st_folium replaces. With ``table_anchor``, a skip link above the map to that
    id (the table of the same figures), for keyboard users. ``region`` (below the voivodeship): the map flies to
    that voivodeship when it is chosen (and back to Poland when it is cleared), not on every rerun.
    ``extra_layers``: more layers (built), drawn on every run. ``layers_key``: a tuple of everything ``summary``
    and ``classes`` follow from (data stamp, filters, language…) — the layers are then rendered once per key and
    process (:func:`mms_ui.map_frame.draw_map`).
    """
    # a keyboard user can jump past the map's units and markers to the same figures in a table
    if table_anchor:
        skip_link(table_anchor, ctx.lang)
    level = summary.level
    bounds = region_bounds(ctx.reference.geojson, region) if region else None
    units_key = None if layers_key is None else (*layers_key, "units", level.code, region, ctx.lang, metric.code)
    layers = [(units_key, lambda: unit_layer(summary, classes, metric, ctx.lang, region, bounds)),
              (("unit companion", level.code, ctx.lang, metric.code), lambda: companion_layer(summary, metric, ctx.lang)),
              *uncached(extra_layers or [])]
    if conferences:
        layers.append(conference_layer(ctx))
    value = draw_map(key, height, layers, returned_objects=RETURNED_OBJECTS)
    if not level.is_top:
        return None
    handled_key = f"_{key}_handled_clicks"
    teryt, handled = clicked_region(value, st.session_state.get(handled_key, 0))
    st.session_state[handled_key] = handled
    return teryt


def map_table(summary: pd.DataFrame, metric: Metric, lang: str, anchor: str) -> None:
    """The figures of a map as a table in an expander (its text alternative), under the id
    ``anchor`` that the map's skip link points to."""
    table_anchor(anchor)
    with st.expander(t("a11y_map_data", lang)):
        labels = folium_map.region_labels(summary, metric, lang)
        st.table(pd.DataFrame({t("col_voivodeship", lang): [labels[str(k)] for k in summary.index]}),
                 hide_index=True, border="horizontal")


@st.fragment
def map_fragment(draw: Callable[[], str | None], on_click: Callable[[str], None] | None = None) -> None:
    """A map (``draw()`` draws it and returns the region just clicked, if any) and what a click does
    (``on_click(teryt)``), as a fragment: the map's report of a click reruns only this part of the page —
    a click on a conference circle or a gmina, which changes nothing else, costs the server a few
    milliseconds instead of the whole page; a click that opens a profile or drills down still moves the
    whole app (``st.switch_page``, ``st.rerun``)."""
    clicked = draw()
    if clicked and on_click is not None:
        on_click(clicked)
