"""Drawing the choropleth in Streamlit: classes for the current filters, the map, the legend."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from mms_core.analysis.measures import Metric
from mms_core.maps import folium_map
from mms_core.maps.classify import Classification, classify_reached
from mms_core.maps.events import RETURNED_OBJECTS, clicked_region
from mms_core.maps.legend import LEGEND_CSS, legend_html
from mms_core.maps.level_map import level_layer
from mms_core.text.escaping import safe_html_line
from mms_core.text.i18n import t

from . import cached
from .context import PageContext
from .map_frame import conference_layer, draw_map


def classification_for(ctx: PageContext, summary: pd.DataFrame, metric: Metric) -> Classification:
    """Classes of ``metric`` over the regions with a grant (the others: "brak dotacji", hatched); with
    ``scale=fixed`` the breaks come from every edition pooled (its regions with a grant)."""
    reference = None
    if ctx.filters.scale == "fixed":
        pooled = [cached.region_summary(ctx.source, ctx.filters.with_(edition=str(edition)))
                  for edition in ctx.reference.editions]
        reference = pd.concat([table.loc[table["grants"] > 0, metric.column] for table in pooled])
    return classify_reached(summary[metric.column], summary["grants"] > 0, ctx.filters.scheme, ctx.filters.classes,
                            reference)


def legend_block(classification: Classification, metric: Metric, scheme_label: str, lang: str,
                 hide_empty: bool = False, extras: tuple = ()) -> str:
    """The legend beside a map with its styles, as markdown's HTML; :func:`mms_core.maps.legend.legend_html`
    escapes every text in it (``extras``: its rows after the classes, see there)."""
    return LEGEND_CSS + legend_html(classification, metric, scheme_label, lang, hide_empty, extras=extras)


def show_legend(classification: Classification, metric: Metric, scheme_label: str, lang: str,
                hide_empty: bool = False, extras: tuple = ()) -> None:
    """The legend beside a map (:func:`legend_block`: every text escaped by ``legend_html``, one HTML block
    with no blank line, so markdown never reads a part of it as markdown)."""
    st.markdown(legend_block(classification, metric, scheme_label, lang, hide_empty, extras), unsafe_allow_html=True)


def anchor_html(anchor: str) -> str:
    """The target of a skip link: an empty span with the id ``anchor`` (escaped)."""
    return f'<span id="{safe_html_line(anchor)}"></span>'


def skip_link_html(anchor: str, lang: str) -> str:
    """A link to the id ``anchor`` (the table of a map's figures), its href and text escaped."""
    return (f'<a class="mms-skip" href="#{safe_html_line(anchor)}">'
            f'{safe_html_line(t("a11y_skip_map", lang))}</a>')


def table_anchor(anchor: str, where=st) -> None:
    """The target of a map's skip link (:func:`anchor_html`) in ``where`` (``st`` or a column)."""
    where.markdown(anchor_html(anchor), unsafe_allow_html=True)


def skip_link(anchor: str, lang: str) -> None:
    """A link above a map to the id ``anchor`` (:func:`skip_link_html`), for keyboard users."""
    st.markdown(skip_link_html(anchor, lang), unsafe_allow_html=True)


def show_map(ctx: PageContext, summary: pd.DataFrame, classification: Classification, metric: Metric,
             key: str, height: int = 620, conferences: bool = True,
             table_anchor: str | None = None, levels: bool = False, layers_key: tuple | None = None) -> str | None:
    """Draw the map; return the TERYT code of a region the user has just clicked, if any.

    The base map depends on nothing the user chooses (filters, measure, language), so it stays
    the same from run to run and the map is never remounted (the user's zoom is kept); the
    coloured regions and the conference markers, whose texts are in the UI language, travel as
    layers that st_folium replaces. With ``table_anchor``, a skip link above the map to that id (the
    table of the same figures), for keyboard users. ``levels``: the map page's map, which can also
    show powiats or gminas (:mod:`mms_ui.levels_ui`): their layers are hidden here. ``layers_key``:
    a tuple of everything ``summary`` and ``classification`` follow from (data stamp, filters, …) — the
    layers are then rendered once per key and process (:func:`mms_ui.map_frame.draw_map`).
    """
    # a keyboard user can jump past the map's 16 regions and markers to the same figures in a table
    if table_anchor:
        skip_link(table_anchor, ctx.lang)

    def keyed(*parts) -> tuple | None:
        return None if layers_key is None else (*layers_key, *parts)

    layers = [(keyed("regions", metric.code), lambda: folium_map.choropleth_layer(summary, classification, metric,
                                                                                  ctx.lang))]
    if levels:  # the same for every filter: one per language
        layers.append((("levels", ctx.lang), lambda: level_layer(None, ctx.lang)))
    if conferences:
        layers.append(conference_layer(ctx))
    value = draw_map(key, height, layers, returned_objects=RETURNED_OBJECTS)
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
