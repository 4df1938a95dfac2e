"""The 16 regional conferences: what is known and what is not, in date order, linked to the
region profiles."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from mms_core import charts
from mms_core.conferences import in_date_order
from mms_core.i18n import t
from mms_ui.context import get_context
from mms_ui.sidebar import filter_params

ctx = get_context()
lang, filters, ref = ctx.lang, ctx.filters, ctx.reference
unknown = t("unknown", lang)

st.title(t("page_conferences", lang))
ordered = in_date_order(ref.conferences)
known = int(ordered["date"].notna().sum())
st.markdown(t("conf_intro", lang, known=known, total=len(ordered)))

if known:
    st.plotly_chart(charts.conference_timeline(ordered, lang), config=charts.plotly_config(lang), width="stretch",
                    key="chart_timeline")

params = filter_params(filters, lang)
operators = ref.operators


def operator_of(teryt: str) -> str:
    if teryt not in operators.index:
        return unknown
    row = operators.loc[teryt]
    return row["operator"] or row["operator_note"] or unknown


table = {
    t("conf_region", lang): list(ordered["voivodeship"]),
    t("conf_profile", lang): [f"region?{urlencode(params | {'region': tr})}" for tr in ordered["teryt"]],
    t("conf_town", lang): list(ordered["town"]),
    t("conf_date", lang): [d.strftime("%d.%m.%Y") if d else unknown for d in ordered["date"]],
    t("conf_venue", lang): [v or unknown for v in ordered["venue"]],
    t("conf_operator", lang): [operator_of(tr) for tr in ordered["teryt"]],
    t("conf_note", lang): [" ".join(x for x in (tm, n) if x) for tm, n in zip(ordered["time"], ordered["date_note"])],
}
st.dataframe(table, hide_index=True, width="stretch", height=600, column_config={
    t("conf_profile", lang): st.column_config.LinkColumn(display_text=t("conf_open_profile", lang)),
})
st.caption(t("conf_sources", lang))
