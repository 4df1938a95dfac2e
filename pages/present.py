"""Presentation: the map fills the screen, large type, a tour of the 16 conferences in date
order (a clicker's PageDown/PageUp or the arrows move it), a QR code of the view, and the
map exported for slides. The sidebar filters still apply."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.maps import folium_map
from mms_core.maps.legend import LEGEND_CSS, legend_html
from mms_core.present.share import qr_png
from mms_core.present.tour import (
    OVERVIEW,
    next_step,
    parse_step,
    previous_step,
    region_bounds,
    step_figures,
    step_lines,
    tour_steps,
    valid_step,
)
from mms_core.text.conference_text import conference_text
from mms_core.text.escaping import safe_text
from mms_core.text.i18n import t
from mms_ui import cached
from mms_ui.app import page_context
from mms_ui.maps import classification_for
from mms_ui.params import sync_from_url, sync_to_url
from mms_ui.share_ui import export_buttons, view_url
from mms_ui.sidebar import filter_params

ctx = page_context()
lang, filters, ref = ctx.lang, ctx.filters, ctx.reference
metric = METRIC_BY_CODE[filters.metric]
steps = tour_steps(ref.conferences)

# Large type for a hall; the sidebar folds away (the filters set before still apply).
st.markdown("""<style>
section[data-testid="stSidebar"] {display: none;}
.mms-present h1 {font-size: 2.6rem; margin: 0 0 .4rem; line-height: 1.1;}
.mms-present .big {font-size: 1.5rem; line-height: 1.3; margin-bottom: .4rem;}
.mms-present .fig {font-size: 2.3rem; font-weight: 700; line-height: 1.15;}
.mms-present .lab {font-size: 1.15rem; color: #444; margin-top: .5rem;}
.mms-present .counter {font-size: 1.6rem; color: #333;}
.mms-legend {font-size: 1.2rem;}
div[data-testid="stButton"] button p {font-size: 1.5rem;}
.st-key-tour_home {display: none;}
</style>""", unsafe_allow_html=True)

sync_from_url("step", "p_step", lambda v: valid_step(v, len(steps)))
if "p_step" not in st.session_state:
    st.session_state["p_step"] = str(OVERVIEW)
current = parse_step(st.session_state["p_step"], len(steps))


def go(index: int) -> None:
    st.session_state["p_step"] = str(index)


step = steps[current]
summary = cached.region_summary(ctx.source, filters)
classification = classification_for(ctx, summary, metric)

counter = (t("tour_overview_step", lang) if current == OVERVIEW
           else t("tour_step", lang, step=current, total=len(steps) - 1))
nav = st.columns([1, 1, 3, 2])
nav[0].button(f"◀ {t('tour_prev', lang)}", key="tour_prev", on_click=go,
              args=(previous_step(current, len(steps)),), width="stretch")
nav[1].button(f"{t('tour_next', lang)} ▶", key="tour_next", on_click=go,
              args=(next_step(current, len(steps)),), width="stretch")
nav[2].markdown(f'<div class="mms-present"><span class="counter" data-testid="mms-tour-counter">'
                f'{safe_text(counter)}</span></div>',
                unsafe_allow_html=True)
nav[3].page_link("pages/map.py", label=t("tour_exit", lang), icon=":material/close:",
                 query_params=filter_params(filters, lang))
st.button(t("tour_overview", lang), key="tour_home", on_click=go, args=(OVERVIEW,), type="tertiary")

map_col, side = st.columns([5, 2])
with map_col:
    view = folium_map.POLAND_BOUNDS if step.teryt is None else region_bounds(ref.geojson, step.teryt)
    base = folium_map.base_map(presentation=True)
    st_folium(base, key="present_map", height=720, use_container_width=True, returned_objects=[],
              feature_group_to_add=[folium_map.choropleth_layer(summary, classification, metric, lang,
                                                              focus=step.teryt, view=view),
                                    folium_map.conference_layer(ref.conferences, ref.operators, lang)])
with side:
    if step.teryt is None:
        title, lines = t("tour_overview", lang), []
    else:
        title = summary.loc[step.teryt, "voivodeship"]
        lines = step_lines(conference_text(ref.conferences, ref.operators, step.teryt), lang)
    figures = step_figures(summary, step.teryt, lang)
    html = [f'<div class="mms-present"><h1>{safe_text(title)}</h1>']
    html += [f'<div class="big">{safe_text(line)}</div>' for line in lines]
    html += [f'<div class="lab">{safe_text(label)}</div><div class="fig">{safe_text(value)}</div>'
             for label, value in figures]
    st.markdown("".join(html) + "</div>", unsafe_allow_html=True)
    st.markdown(LEGEND_CSS + legend_html(classification, metric, filters.scheme, lang), unsafe_allow_html=True)

params = filter_params(filters, lang)
# The map is the default page: its address is the root ("/map" makes Streamlit say "Page not found" in English).
link = view_url("", params) if step.teryt is None else view_url("region", params | {"region": step.teryt})
qr_col, export_col = st.columns([1, 3])
with qr_col:
    st.image(qr_png(link), width=180, caption=t("tour_qr", lang))
    st.caption(link)
with export_col:
    st.markdown(f"**{t('exports_title', lang)}**")
    export_buttons(ctx, summary, classification, metric, key="present_export")
    st.caption(t("tour_keys", lang))

sync_to_url("step", str(current))

# Keys of a clicker (PageDown/PageUp), the arrows and space move the tour; registered once.
st.html("""<script>
if (!window.__mmsTourKeys) {
  window.__mmsTourKeys = true;
  document.addEventListener("keydown", function (event) {
    if (event.target && event.target.closest && event.target.closest("input, textarea, [contenteditable=true]")) return;
    var forward = ["PageDown", "ArrowRight", "ArrowDown", " "], back = ["PageUp", "ArrowLeft", "ArrowUp"];
    var key = forward.indexOf(event.key) >= 0 ? "tour_next" : back.indexOf(event.key) >= 0 ? "tour_prev"
            : event.key === "Home" ? "tour_home" : null;
    var button = key && document.querySelector(".st-key-" + key + " button");
    if (!button) return;
    event.preventDefault();
    button.click();
  });
}
</script>""", unsafe_allow_javascript=True)
