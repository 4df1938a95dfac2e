"""Comparison: the 16 regions ranked, population against funding, organisation types by region,
and the change between editions (chart and diverging map), with an honest fixed colour scale."""

from __future__ import annotations

import runpy
from dataclasses import replace
from pathlib import Path

import streamlit as st

from mms_core.analysis.compare import national_value, ranking
from mms_core.analysis.measures import CHANGE_PCT, METRIC_BY_CODE
from mms_core.analysis.units_summary import regions_summary
from mms_core.facts.levels import LEVEL_BY_CODE
from mms_core.maps.classify import UnitClasses, classify_diverging
from mms_core.present import charts
from mms_core.text.formatting import fmt_metric
from mms_core.text.i18n import t
from mms_ui import cached
from mms_ui.charts_ui import show_chart
from mms_ui.context import PageContext
from mms_ui.maps import map_table, show_legend, show_map, table_anchor, unit_classes_for
from mms_ui.sections import section_tabs
from mms_ui.sidebar import filter_params


def compare_page(ctx: PageContext) -> None:
    """The page, drawn with the context the entry point made for this run."""
    lang, filters, ref = ctx.lang, ctx.filters, ctx.reference
    metric = METRIC_BY_CODE[filters.metric]

    st.title(t("page_compare", lang))
    summary = cached.region_summary(ctx.source, filters)
    national = national_value(summary, metric)
    st.caption(t("compare_intro", lang, metric=t(f"metric.{metric.code}", lang),
                 national=fmt_metric(national, metric.unit, metric.decimals, lang=lang)))

    #: The comparison's sections, one tab each: only the open one is drawn (the page settles sooner).
    COMPARE_TABS = ("ranking", "types", "change", "editions")
    section, tabs = section_tabs("compare_tab", COMPARE_TABS, lang)
    clicked = None
    if section == "ranking":
        with tabs["ranking"]:
            show_chart(charts.ranking_bar(ranking(summary, metric), metric, national, lang), "chart_ranking", lang)
    elif section == "types":
        with tabs["types"]:
            left, right = st.columns(2)
            show_chart(charts.population_scatter(summary, lang), "chart_scatter", lang, left)
            show_chart(charts.type_heatmap(cached.type_by_region(ctx.source, filters), lang), "chart_heatmap", lang, right)
    elif len(ref.editions) < 2:
        with tabs[section]:
            st.info(t("change_needs_two", lang))
    else:
        before, after = ref.editions[0], ref.editions[-1]
        if section == "change":
            with tabs["change"]:
                st.header(t("change_title", lang))
                change = cached.edition_change(ctx.source, filters, metric, before, after)
                st.caption(t("change_intro", lang, before=before, after=after))
                left, right = st.columns([3, 2])
                table_anchor("mms-change-table", left)
                show_chart(charts.change_bar(change, metric, before, after, lang), "chart_change", lang, left)
                with right:
                    change_metric = CHANGE_PCT
                    change_summary = summary.assign(change_pct=change.set_index("teryt")["change_pct"])
                    change_classes = classify_diverging(change_summary["change_pct"], 7)
                    clicked = show_map(ctx, regions_summary(change_summary), UnitClasses(change_classes, {}), change_metric,
                                       key="change_map", height=460,
                                       conferences=False, table_anchor="mms-change-table")
                    show_legend(change_classes, change_metric, t("diverging_scheme", lang), lang, hide_empty=True)
        else:
            with tabs["editions"]:
                st.header(t("editions_side_by_side", lang))
                if filters.scale == "fixed":
                    st.caption(t("fixed_scale_on", lang))
                else:
                    st.warning(t("fixed_scale_off", lang))
                columns = st.columns(2)
                for column, edition in zip(columns, (before, after)):
                    with column:
                        st.subheader(str(edition))
                        ctx_edition = replace(ctx, filters=filters.with_(edition=int(edition)))
                        edition_units = cached.unit_summary(ctx.source, ctx_edition.filters, LEVEL_BY_CODE["voivodeship"])
                        edition_summary = edition_units.regions
                        classes = unit_classes_for(ctx_edition, edition_units, metric)
                        clicked = show_map(ctx_edition, edition_units, classes, metric, key=f"edition_map_{edition}",
                                           height=430, conferences=False, table_anchor=f"mms-table-{edition}") or clicked
                        show_legend(classes.classification, metric, filters.scheme, lang)
                        map_table(edition_summary, metric, lang, f"mms-table-{edition}")

    if clicked:
        st.switch_page(ctx.pages["region"], query_params=filter_params(filters, lang) | {"region": clicked})


if __name__ == "__main__":  # run as a script by Streamlit's legacy discovery of pages/: see pages/__init__.py
    runpy.run_path(str(Path(__file__).parents[1] / "dashboard.py"))
