"""The map page (default): headline figures, the choropleth with conferences, the summary — of the
16 voivodeships, or (``?level=powiat|gmina``) of the 380 powiats or 2,479 gminas with their white
spots."""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.facts.levels import LEVEL_BY_CODE
from mms_core.maps.unit_map import level_view
from mms_core.present.summary_table import summary_sentence
from mms_core.text.formatting import fmt_number, fmt_pln, fmt_pln_short
from mms_core.text.i18n import t
from mms_ui import cached
from mms_ui.context import PageContext
from mms_ui.levels_ui import (
    choose_click_action,
    choose_level,
    choose_region,
    drill_into,
    map_notes,
    summary_section,
    unit_summary,
)
from mms_ui.maps import map_fragment, show_map, show_unit_legend, table_anchor, unit_classes_for
from mms_ui.share_ui import export_buttons, overview_view
from mms_ui.sidebar import filter_params
from mms_ui.towns_ui import town_layers, town_switch


def map_page(ctx: PageContext) -> None:
    """The page, drawn with the context the entry point made for this run."""
    lang, filters = ctx.lang, ctx.filters
    metric = METRIC_BY_CODE[filters.metric]

    st.title(t("app_title", lang))
    st.caption(t("app_subtitle", lang))

    # what follows from the data and the filters alone (figures, sentence, classes, legend, table, CSV, map
    # layers) is made once per them and the language, and shared by every session (cached.shared): a rerun
    # only lays the page out
    view_key = ("map", ctx.source, filters, lang)
    # The headline and the answer above the map; the level's choices beside it, over the legend, so that a
    # laptop's first screen shows the map (issue 24, item 10). The slots are made in this order at every level,
    # so that the map keeps its place in the page (a map that moves is a new map to Streamlit: it would be
    # mounted again and lose the user's zoom).
    top = st.container()
    map_col, legend_col = st.columns([4, 1])
    with legend_col:
        chosen_level = choose_level(lang)
        controls = st.container()  # the drill-down region, or what a click on a voivodeship does
    with top:
        summary = unit_summary(ctx, chosen_level)  # the voivodeships' (said on the page) when the files are broken
    level = summary.level
    head = summary.headline

    # four tiles; on a phone two by two (PAGE_CSS), so that the answer below is on the first screen
    cols = top.container(key="mms_headline").columns(4)
    cols[0].metric(t("headline_grants", lang), fmt_number(head.grants))
    # "105,0 mln zł" fits a tile at 1280 px and on a phone; the exact amount is in the tooltip
    cols[1].metric(t("headline_amount", lang), fmt_pln_short(head.amount_pln, lang=lang),
                   help=t("exact_amount", lang, amount=fmt_pln(head.amount_pln)))
    cols[2].metric(t("headline_average", lang), fmt_pln(head.average_grant_pln, missing="—"))
    cols[3].metric(t("headline_regions" if level.is_top else f"headline_units.{level.code}", lang),
                   t("headline_regions_value", lang, covered=fmt_number(summary.reached_count),
                     total=fmt_number(summary.inside_count)))
    if head.grants == 0:
        top.info(t("no_grants", lang))
    else:
        top.markdown(cached.shared((*view_key, level.code, "sentence"), lambda: summary_sentence(summary, metric, lang)))

    region = None
    click_action = "profile"
    with controls:
        if level.is_top:
            click_action = choose_click_action(lang)  # a click opens the profile, or drills down here
        else:
            region = choose_region(lang)  # drill-down: zoom to a voivodeship's powiats or gminas

    def open_clicked(teryt: str) -> None:
        """A click on a voivodeship: its profile, or its powiats or gminas here (the choice beside the map)."""
        if click_action != "profile":
            drill_into(teryt, click_action)
        else:
            st.switch_page(ctx.pages["region"], query_params=filter_params(filters, lang) | {"region": teryt})

    classes = cached.shared((*view_key, level.code, "classes"), lambda: unit_classes_for(ctx, summary, metric))
    towns, towns_note = [], None
    if level.has_towns:  # the optional town layer (off by default)
        with legend_col:
            if town_switch(lang):
                towns, towns_note = town_layers(ctx)
    with map_col:  # one fragment at every level: the map stays the same component when the level changes
        # the summary and its classes follow from the data and the filters: the layers rendered once per them
        map_fragment(lambda: show_map(ctx, summary, classes, metric, key="mms_map", table_anchor="mms-summary-table",
                                      region=region, extra_layers=towns, layers_key=view_key),
                     open_clicked)
    with legend_col:
        # the legend escapes every text in it (legend_html)
        show_unit_legend(level, summary.table, classes, metric, filters.scheme, lang)
        if filters.scale == "fixed":
            st.caption(t("fixed_scale_help", lang))
    map_notes(summary, metric, click_action, lang, towns_note)
    with st.expander(t("exports_title", lang)):
        # the voivodeships, or the units shown (a chosen voivodeship's, or all), in the PNG slide and the standalone page
        regions = cached.unit_summary(ctx.source, filters, LEVEL_BY_CODE["voivodeship"])
        region_classes = cached.shared((*view_key, "voivodeship", "classes"), lambda: unit_classes_for(ctx, regions, metric))
        export_buttons(ctx, summary.regions, region_classes.classification, metric, key="map_export",
                       view=None if level.is_top else overview_view(ctx, summary.regions, region),
                       units=None if level.is_top else level_view(level.code, summary.table, region, classes))
    table_anchor("mms-summary-table")
    summary_section(summary, filters, lang, region, view_key)


if __name__ == "__main__":  # run as a script by Streamlit's legacy discovery of pages/: see pages/__init__.py
    runpy.run_path(str(Path(__file__).parents[1] / "dashboard.py"))
