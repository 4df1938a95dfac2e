"""Presentation: fits a projector (1024 × 768 to 1920 × 1080) without scrolling — the map with
the legend under it, the step's region, conference and figures in large type, and a QR code
that opens a static audience page of the same view on the audience's phones. A tour of the
16 conferences in date order (a clicker's PageDown/PageUp or the arrows move it); the map
exported for slides below the fold. The sidebar filters still apply. With "Gminy" on
(``?level=gmina``) a conference step shows its voivodeship's gminas: reached, without grants
(hatched) and outside the programme (dotted), classes over the region's gminas."""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

from mms_core.analysis.address import LEVEL, PRESENT_LEVELS, STEP
from mms_core.analysis.filters import edition_text
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.facts.levels import LEVEL_BY_CODE
from mms_core.maps import folium_map
from mms_core.maps.level_map import level_layer
from mms_core.maps.region_focus import region_focus_layer
from mms_core.maps.unit_map import unit_map
from mms_core.present import screen
from mms_core.present.share import SCREEN_QUIET_ZONE, qr_code
from mms_core.present.slides import DeckContent, build_deck
from mms_core.present.tour import (
    OVERVIEW,
    next_step,
    parse_step,
    previous_step,
    step_view,
    tour_steps,
    valid_step,
    with_white_spots,
)
from mms_core.text.i18n import t
from mms_ui import cached
from mms_ui.context import PageContext
from mms_ui.levels_ui import unit_summary
from mms_ui.map_frame import conference_layer, draw_map, uncached
from mms_ui.maps import unit_classes_for
from mms_ui.params import put, take
from mms_ui.share_ui import audience_page, export_buttons, export_caption, view_url
from mms_ui.sidebar import filter_params


def present_page(ctx: PageContext) -> None:
    """The page, drawn with the context the entry point made for this run."""
    lang, filters, ref = ctx.lang, ctx.filters, ctx.reference
    metric = METRIC_BY_CODE[filters.metric]
    steps = tour_steps(ref.conferences)

    take(STEP, "p_step", lang, accepts=lambda v: valid_step(v, len(steps)))
    if "p_step" not in st.session_state:
        st.session_state["p_step"] = str(OVERVIEW)
    current = parse_step(st.session_state["p_step"], len(steps))

    def go(index: int) -> None:
        st.session_state["p_step"] = str(index)

    # ?level=gmina: the conference steps show their voivodeship's gminas (the toggle in the bar)
    take(LEVEL, "p_present_gminas", lang, accepts=lambda v: v in PRESENT_LEVELS, warning="bad_present_level",
         to_widget=lambda v: v == "gmina")
    st.session_state.setdefault("p_present_gminas", False)

    step = steps[current]
    summary = cached.region_summary(ctx.source, filters)
    classification = unit_classes_for(ctx, cached.unit_summary(ctx.source, filters, LEVEL_BY_CODE["voivodeship"]),
                                      metric).classification
    view = step_view(step, summary, ref.conferences, ref.operators, ref.geojson, lang)
    units = None
    if st.session_state["p_present_gminas"] and step.teryt is not None:
        gminas = unit_summary(ctx, LEVEL_BY_CODE["gmina"])
        if gminas.level.code == "gmina":
            units = unit_map(gminas.table, step.teryt, metric, filters.scheme, filters.classes)
            view = with_white_spots(view, units, lang)
    audience = audience_page(ctx, summary, classification, metric, view, units=units)
    if units is None:
        legend, legend_columns = screen.legend_strip_html(classification, metric, lang)
    else:
        legend, legend_columns = screen.legend_strip_html(units.classification, metric, lang, units.extras(lang))
    qr_modules = qr_code(audience.url).size + 2 * SCREEN_QUIET_ZONE if audience.url else None
    st.html(screen.present_css(qr_modules, legend_columns))

    counter = (t("tour_overview_step", lang) if current == OVERVIEW
               else t("tour_step", lang, step=current, total=len(steps) - 1))
    sample = None if ref.provenance.origin(filters.edition).kind == "official" else t("tour_sample_label", lang)
    with st.container(key="tour_bar", horizontal=True, vertical_alignment="center"):
        st.button(f"◀ {t('tour_prev', lang)}", key="tour_prev", on_click=go, args=(previous_step(current, len(steps)),))
        st.button(f"{t('tour_next', lang)} ▶", key="tour_next", on_click=go, args=(next_step(current, len(steps)),))
        st.html(screen.bar_html(counter, sample), width="stretch")
        gmina_level = st.toggle(t("tour_gminas", lang), key="p_present_gminas", help=t("tour_gminas_help", lang))
        st.page_link(ctx.pages["map"], label=t("tour_exit", lang), icon=":material/close:",
                     query_params=filter_params(filters, lang))
    st.button("Home", key="tour_home", on_click=go, args=(OVERVIEW,), type="tertiary")
    if audience.url:  # on a phone or a tablet: the page made for their screens (hidden on a projector)
        st.html(screen.phone_link_html(audience.url, lang))

    with st.container(key="tour_main", horizontal=True):
        with st.container(key="tour_map_col"):
            if units is None:
                layers = [folium_map.choropleth_layer(summary, classification, metric, lang, focus=step.teryt,
                                                      view=view.bounds or folium_map.POLAND_BOUNDS),
                          level_layer(None, lang)]
            else:
                layers = [level_layer(units.payload(metric, lang), lang),
                          region_focus_layer(step.teryt, view.bounds, animate=True, lang=lang,
                                             label=t("a11y_gmina_map_label", lang, region=view.title,
                                                     metric=t(f"metric.{metric.code}", lang)))]
            draw_map("present_map", 600, [*uncached(layers), conference_layer(ctx, label=step.teryt)],
                     presentation=True)
            st.html(legend)
        with st.container(key="tour_side"):
            st.html(screen.side_html(view, counter, audience.url, audience.note, audience.lan, lang))

    # Below the fold: what the presenter needs before or after the talk, not on the projector.
    with st.container(key="tour_after"):
        st.markdown(f"**{t('exports_title', lang)}**")
        export_buttons(ctx, summary, classification, metric, key="present_export", view=view, units=units)
        # the whole tour as PowerPoint slides (made when clicked: about 5 s for its 19 slides)
        deck_link = audience.url or view_url("present", filter_params(filters, lang))
        st.download_button(
            t("download_slides", lang), help=t("download_slides_help", lang), key="present_pptx", on_click="ignore",
            data=lambda: build_deck(DeckContent(summary, classification, metric, ref.conferences, ref.operators,
                                                ref.geojson, export_caption(ctx, metric, lang), deck_link, lang)),
            file_name=f"{t('file.slides', lang)}_{edition_text(filters.edition)}.pptx", icon=":material/slideshow:",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
        st.caption(t("tour_keys", lang) + " " + t("tour_qr_big", lang) + ".")
        st.caption(t("audience_file", lang, path=f"static/a/{audience.view_id}.html"))

    put(STEP, str(current))
    put(LEVEL, LEVEL.parse("gmina") if gmina_level else None)

    # Keys of a clicker (PageDown/PageUp), the arrows and space move the tour; Q shows the QR code
    # large. A focused button or link keeps its own Space and Enter. Step changes are announced
    # to screen readers (a polite live region that outlives the reruns). Registered once.
    st.html(screen.TOUR_KEYS_SCRIPT, unsafe_allow_javascript=True)


if __name__ == "__main__":  # run as a script by Streamlit's legacy discovery of pages/: see pages/__init__.py
    runpy.run_path(str(Path(__file__).parents[1] / "dashboard.py"))
