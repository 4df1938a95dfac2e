"""The map page (default): headline figures, the choropleth with conferences, the summary — of the
16 voivodeships, or (``?level=powiat|gmina``) of the 380 powiats or 2,479 gminas with their white
spots."""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

from mms_core.analysis.aggregates import headline, summary_csv
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.maps.unit_map import level_view
from mms_core.present.html_table import html_table
from mms_core.present.summary_table import answer_sentence, display_summary, level_sentence
from mms_core.text.formatting import fmt_number, fmt_pln, fmt_pln_short
from mms_core.text.i18n import t
from mms_ui import cached
from mms_ui.context import PageContext
from mms_ui.levels_ui import (
    choose_click_action,
    choose_level,
    choose_region,
    drill_into,
    level_classes,
    level_summary_or_none,
    level_table,
    show_level_legend,
    show_level_map,
    unplaced_note,
    white_spot_tables,
)
from mms_ui.maps import classification_for, legend_block, map_fragment, show_map, table_anchor
from mms_ui.share_ui import export_buttons, overview_view
from mms_ui.sidebar import filter_params
from mms_ui.towns_ui import town_layers, town_switch


def map_page(ctx: PageContext) -> None:
    """The page, drawn with the context the entry point made for this run."""
    lang, filters = ctx.lang, ctx.filters
    metric = METRIC_BY_CODE[filters.metric]

    st.title(t("app_title", lang))
    st.caption(t("app_subtitle", lang))

    summary = cached.region_summary(ctx.source, filters)
    # what follows from the data and the filters alone (figures, sentence, classes, legend, table, CSV, map
    # layers) is made once per them and the language, and shared by every session (cached.shared): a rerun
    # only lays the page out
    view_key = ("map", ctx.source, filters, lang)
    head = cached.shared((*view_key, "headline"), lambda: headline(summary))
    # The headline and the answer above the map; the level's choices beside it, over the legend, so that a
    # laptop's first screen shows the map (issue 24, item 10). The slots are made in this order at every level,
    # so that the map keeps its place in the page (a map that moves is a new map to Streamlit: it would be
    # mounted again and lose the user's zoom).
    top = st.container()
    map_col, legend_col = st.columns([4, 1])
    with legend_col:
        level = choose_level(lang)
        controls = st.container()  # the drill-down region, or what a click on a voivodeship does
    units = None
    if level != "voivodeship":
        with top:
            units = level_summary_or_none(ctx, level)  # None (said on the page) when the files are broken
    if units is None:
        level = "voivodeship"

    # four tiles; on a phone two by two (PAGE_CSS), so that the answer below is on the first screen
    cols = top.container(key="mms_headline").columns(4)
    cols[0].metric(t("headline_grants", lang), fmt_number(head.grants))
    # "105,0 mln zł" fits a tile at 1280 px and on a phone; the exact amount is in the tooltip
    cols[1].metric(t("headline_amount", lang), fmt_pln_short(head.amount_pln, lang=lang),
                   help=t("exact_amount", lang, amount=fmt_pln(head.amount_pln)))
    cols[2].metric(t("headline_average", lang), fmt_pln(head.average_grant_pln, missing="—"))
    if units is None:
        cols[3].metric(t("headline_regions", lang),
                       t("headline_regions_value", lang, covered=head.regions_covered, total=head.regions_total))
    else:
        inside = units.table[units.table["outside_programme"] == 0]
        cols[3].metric(t(f"headline_units.{level}", lang),
                       t("headline_regions_value", lang, covered=fmt_number(int((inside["grants"] > 0).sum())),
                         total=fmt_number(len(inside))))
    if head.grants == 0:
        top.info(t("no_grants", lang))
    elif units is None:
        top.markdown(cached.shared((*view_key, "sentence"), lambda: answer_sentence(summary, metric, lang)))
    else:
        top.markdown(level_sentence(units.table, metric, level, lang))

    region = None
    click_action = "profile"
    with controls:
        if units is not None:
            region = choose_region(lang)  # drill-down: zoom to a voivodeship's powiats or gminas
        else:
            click_action = choose_click_action(lang)  # a click opens the profile, or drills down here


    def region_classes():
        """The voivodeships' classes for these filters, made once per data, filters and language (both levels use
        them: the map, and the PNG export beside the units)."""
        return cached.shared((*view_key, "classes"), lambda: classification_for(ctx, summary, metric))


    def open_clicked(teryt: str) -> None:
        """A click on a voivodeship: its profile, or its powiats or gminas here (the choice beside the map)."""
        if click_action != "profile":
            drill_into(teryt, click_action)
        else:
            st.switch_page(ctx.pages["region"], query_params=filter_params(filters, lang) | {"region": teryt})


    if units is None:
        classification = region_classes()
        with map_col:
            # the summary and its classes follow from the data and the filters: the layers rendered once per them
            map_fragment(lambda: show_map(ctx, summary, classification, metric, key="mms_map",
                                          table_anchor="mms-summary-table", levels=True, layers_key=view_key),
                         open_clicked)
        with legend_col:
            # legend_block escapes every text in it (as show_legend); made once per data, filters and language
            st.markdown(cached.shared((*view_key, "legend"), lambda: legend_block(classification, metric, filters.scheme,
                                                                                   lang)), unsafe_allow_html=True)
            if filters.scale == "fixed":
                st.caption(t("fixed_scale_help", lang))
        st.caption(t("map_caption", lang, metric=t(f"metric.{metric.code}", lang)) + " "
                   + t("map_click_hint" if click_action == "profile" else f"map_click_hint.{click_action}", lang))
        with st.expander(t("exports_title", lang)):
            export_buttons(ctx, summary, classification, metric, key="map_export")
    else:
        classification, codes = cached.shared((*view_key, level, "classes"), lambda: level_classes(ctx, units, metric))
        towns, towns_note = [], None
        if level == "gmina":  # the optional town layer (off by default)
            with legend_col:
                if town_switch(lang):
                    towns, towns_note = town_layers(ctx)
        with map_col:  # the same fragment as above: the map stays the same component when the level changes
            map_fragment(lambda: show_level_map(ctx, units, classification, codes, metric, key="mms_map",
                                                table_anchor="mms-summary-table", region=region, extra_layers=towns,
                                                layers_key=view_key))
        with legend_col:
            show_level_legend(classification, codes, metric, filters.scheme, lang, units.level, units.table)
            if filters.scale == "fixed":
                st.caption(t("fixed_scale_help", lang))
        st.caption(t(f"level_caption.{level}", lang, metric=t(f"metric.{metric.code}", lang)))
        unplaced_note(units, lang)
        if towns_note:
            st.caption(towns_note)
        st.caption(t("level_note", lang))
        with st.expander(t("exports_title", lang)):
            # the units shown (a chosen voivodeship's, or all), in the PNG slide and the standalone page
            export_buttons(ctx, summary, region_classes(), metric, key="map_export",
                           view=overview_view(ctx, summary, region),
                           units=level_view(level, units.table, region, classification, codes))
    table_anchor("mms-summary-table")
    if units is None:
        st.header(t("summary_title", lang))
        st.html(cached.shared((*view_key, "table"), lambda: html_table(display_summary(summary, lang),
                                                                          t("summary_title", lang))))
        stem = f"{t('file.summary', lang)}_{filters.edition}_{filters.priority}"
        left, right = st.columns(2)
        csv = cached.shared((*view_key, "csv"), lambda: summary_csv(summary))
        csv_excel = cached.shared((*view_key, "csv_excel"), lambda: summary_csv(summary, excel_pl=True))
        left.download_button(t("download_csv", lang), data=csv, file_name=f"{stem}.csv",
                             mime="text/csv", key="download_summary_csv", width="stretch")
        right.download_button(t("download_csv_excel", lang), data=csv_excel,
                              file_name=f"{stem}_excel.csv", mime="text/csv", key="download_summary_csv_excel",
                              width="stretch", help=t("csv_excel_help", lang))
        st.caption(t("eligible_note", lang))
    else:
        if level == "gmina":
            white_spot_tables(units, lang)
        level_table(units, filters, lang, region)


if __name__ == "__main__":  # run as a script by Streamlit's legacy discovery of pages/: see pages/__init__.py
    runpy.run_path(str(Path(__file__).parents[1] / "dashboard.py"))
