"""The 16 regional conferences: what is known and what is not, in date order, linked to the
region profiles."""

from __future__ import annotations

import runpy
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from mms_core.facts.conferences import in_date_order
from mms_core.present import charts
from mms_core.text.conference_text import conference_text
from mms_core.text.i18n import t, tn
from mms_ui.charts_ui import show_chart
from mms_ui.conference_ui import conference_editor, filled_in_text
from mms_ui.context import PageContext
from mms_ui.sidebar import filter_params


def conferences_page(ctx: PageContext) -> None:
    """The page, drawn with the context the entry point made for this run."""
    lang, filters, ref = ctx.lang, ctx.filters, ctx.reference
    unknown = t("unknown", lang)

    st.title(t("page_conferences", lang))
    ordered = in_date_order(ref.conferences)
    known = int(ordered["date"].notna().sum())
    st.markdown(tn("conf_intro", known, lang, total=len(ordered)))

    if known:
        show_chart(charts.conference_timeline(ordered, lang), "chart_timeline", lang)

    params = filter_params(filters, lang)
    texts = [conference_text(ref.conferences, ref.operators, tr, lang) for tr in ordered["teryt"]]
    # Town and date first and pinned: on a phone they stay in view while the rest scrolls.
    table = {
        t("conf_town", lang): [c.town for c in texts],
        t("conf_date", lang): [c.date.split(",")[0] if c.date else unknown for c in texts],
        t("conf_region", lang): list(ordered["voivodeship"]),
        t("conf_profile", lang): [f"region?{urlencode(params | {'region': tr})}" for tr in ordered["teryt"]],
        t("conf_venue", lang): [c.venue or unknown for c in texts],
        t("conf_operator", lang): [c.operator or unknown for c in texts],
        t("conf_note", lang): [" ".join(x for x in (c.time, "" if c.date else c.date_note) if x) for c in texts],
        t("conf_filled", lang): [filled_in_text(c.filled_in, c.filled_at, lang) for c in texts],
    }
    st.dataframe(table, hide_index=True, width="stretch", height=600, column_config={
        t("conf_profile", lang): st.column_config.LinkColumn(display_text=t("conf_open_profile", lang)),
        t("conf_town", lang): st.column_config.TextColumn(pinned=True),
        t("conf_date", lang): st.column_config.TextColumn(pinned=True),
    })
    st.caption(t("conf_sources", lang))
    if any(c.filled_in for c in texts):
        st.caption(t("conf_filled_note", lang))

    conference_editor(ctx)


if __name__ == "__main__":  # run as a script by Streamlit's legacy discovery of pages/: see pages/__init__.py
    runpy.run_path(str(Path(__file__).parents[1] / "dashboard.py"))
