"""Region profile (``?region=06``): a voivodeship's figures against the country, its grants,
conference, Priority 3 operator and the published results beside the data in use."""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

from mms_core.analysis.address import REGION
from mms_core.analysis.aggregates import filter_grants
from mms_core.analysis.filters import edition_text
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.analysis.profile import (
    PUBLISHED_EDITION,
    in_data_for_published,
    published_rows,
    region_vs_national,
    top_towns,
    type_breakdown_text,
)
from mms_core.facts.levels import LEVEL_BY_CODE
from mms_core.facts.voivodeships import TERYT_CODES, name_of
from mms_core.maps.unit_map import unit_map
from mms_core.present import charts
from mms_core.present.region_card import CardContent, region_cards_pdf
from mms_core.present.table_exports import with_gmina_names
from mms_core.present.tour import TourStep, step_view
from mms_core.text.conference_text import conference_text
from mms_core.text.formatting import fmt_metric, fmt_number, fmt_pln
from mms_core.text.i18n import t, tn
from mms_ui import cached
from mms_ui.charts_ui import show_chart
from mms_ui.context import PageContext
from mms_ui.maps import unit_classes_for
from mms_ui.params import put, take
from mms_ui.region_ui import gmina_names, show_region_gminas
from mms_ui.sections import section_tabs
from mms_ui.share_ui import export_caption
from mms_ui.tables import grants_table, show_table


def region_page(ctx: PageContext) -> None:
    """The page, drawn with the context the entry point made for this run."""
    lang, filters, ref = ctx.lang, ctx.filters, ctx.reference

    take(REGION, "p_region", lang, accepts=lambda v: v in TERYT_CODES, warning="bad_region")
    if "p_region" not in st.session_state:
        st.session_state["p_region"] = TERYT_CODES[0]
    teryt = st.selectbox(t("region_choose", lang), TERYT_CODES, key="p_region", format_func=name_of)
    put(REGION, teryt)

    st.title(t("region_title", lang, name=name_of(teryt)))
    summary = cached.region_summary(ctx.source, filters)
    all_grants = cached.grants(ctx.source)  # a copy per call: fetch it once
    grants = filter_grants(all_grants, filters)
    region_grants = grants[grants["voivodeship_teryt"] == teryt]


    def card_pdf() -> bytes:
        """The region's one-page A4 card (made when the button is clicked)."""
        metric = METRIC_BY_CODE[filters.metric]
        gminas = cached.unit_summary(ctx.source, filters, LEVEL_BY_CODE["gmina"])
        card = CardContent(teryt, summary, region_grants, unit_map(gminas.table, teryt, metric, filters.scheme, filters.classes),
                           unit_classes_for(ctx, cached.unit_summary(ctx.source, filters, LEVEL_BY_CODE["voivodeship"]),
                                            metric).classification,
                           step_view(TourStep(0, teryt), summary, ref.conferences, ref.operators, ref.geojson, lang), metric,
                           ref.geojson, ref.conferences, ref.operators, export_caption(ctx, metric, lang, level="gmina"), lang)
        return region_cards_pdf([card])

    st.download_button(t("download_card", lang), card_pdf, file_name=f"{t('file.card', lang)}_{teryt}_{edition_text(filters.edition)}.pdf",
                       mime="application/pdf", key="region_card_pdf", on_click="ignore", icon=":material/picture_as_pdf:",
                       help=t("download_card_help", lang))

    #: The profile's sections, one tab each: only the open one is drawn (the page settles sooner).
    REGION_TABS = ("summary", "gminas", "sources", "grants")

    def summary_section() -> None:
        """The region against the country, its grants by type, priority and size, its top towns."""
        st.header(t("region_vs_country", lang))
        comparisons = region_vs_national(summary, teryt)
        # Three to a row: five in one row cut the amounts ("6 655 2…") on a 1280-pixel screen.
        cols = [col for start in range(0, len(comparisons), 3) for col in st.columns(3)][:len(comparisons)]
        for col, comparison in zip(cols, comparisons):
            m = comparison.metric
            diff = comparison.difference_pct
            delta = None if diff != diff else f"{'+' if diff >= 0 else '-'}{fmt_number(abs(diff), 1)}% {t('vs_country', lang)}"
            col.metric(t(f"metric.{m.code}", lang), fmt_metric(comparison.region, m.unit, m.decimals, missing="—", lang=lang),
                       delta=delta, delta_color="off" if delta is None else "normal",
                       help=t("national_is", lang, value=fmt_metric(comparison.national, m.unit, m.decimals, missing="—", lang=lang)))
        st.caption(t("national_note", lang))

        if region_grants.empty:
            st.info(t("no_grants", lang))
        else:
            st.markdown(type_breakdown_text(region_grants, lang))
            left, right = st.columns(2)
            show_chart(charts.breakdown_bar(region_grants, "org_type", lang), "chart_type", lang, left)
            show_chart(charts.breakdown_bar(region_grants, "priority", lang), "chart_priority", lang, right)

    def grants_section() -> None:
        """The region's grants: their sizes, the towns with most of them, the list (with each gmina)."""
        st.header(t("region_grants", lang, count=fmt_number(len(region_grants))))
        if not region_grants.empty:
            left, right = st.columns(2)
            show_chart(charts.amount_histogram(region_grants, lang), "chart_histogram", lang, left)
            with right:
                st.markdown(f"**{t('top_towns', lang)}**")
                towns = top_towns(region_grants)
                show_table(towns.assign(grants=towns["grants"].map(fmt_number), amount_pln=towns["amount_pln"].map(fmt_pln))
                           .rename(columns={"town": t("col_town", lang), "grants": t("col_grants", lang),
                                            "amount_pln": t("col_amount_pln", lang)}), t("top_towns", lang))
        grants_table(with_gmina_names(region_grants, gmina_names(ctx)), lang, with_region=False)

    def sources_section() -> None:
        """The region's conference and regranting operator, the published results against the data."""
        st.header(t("region_conference", lang))
        lines = conference_text(ref.conferences, ref.operators, teryt, lang).rows(lang)
        st.table({t("field", lang): [a for a, _ in lines], t("value", lang): [b for _, b in lines]}, hide_index=True)

        published = published_rows(ref.published, teryt, lang)
        if published:
            st.header(t("published_vs_data", lang))
            in_data = in_data_for_published(all_grants, teryt)
            rows = [(f"{t('published_label', lang)}: {what}", value, url) for what, value, url in published]
            rows.append((t("in_data_label", lang), tn("in_data_value", in_data.grants, lang,
                                                      amount=fmt_pln(in_data.amount_pln)), ""))
            st.table({t("field", lang): [r[0] for r in rows], t("value", lang): [r[1] for r in rows],
                      t("source", lang): [r[2] for r in rows]}, hide_index=True)
            if ref.provenance.origin(PUBLISHED_EDITION).kind != "official":
                st.caption(t("published_sample_note", lang))

    section, tabs = section_tabs("region_tab", REGION_TABS, lang)
    if section == "summary":
        with tabs["summary"]:
            summary_section()
    elif section == "gminas":
        with tabs["gminas"]:
            show_region_gminas(ctx, teryt, region_grants)
    elif section == "sources":
        with tabs["sources"]:
            sources_section()
    else:
        with tabs["grants"]:
            grants_section()


if __name__ == "__main__":  # run as a script by Streamlit's legacy discovery of pages/: see pages/__init__.py
    runpy.run_path(str(Path(__file__).parents[1] / "dashboard.py"))
