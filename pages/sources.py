"""Where every number comes from: the data files, their sources, and the grants' origin."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mms_core.text.i18n import has_text, t
from mms_ui.app import page_context

ctx = page_context()
lang, ref = ctx.lang, ctx.reference

st.title(t("sources_title", lang))
st.markdown(t("sources_intro", lang))

# (file, catalogue key of its content, its source: a catalogue key, or a name given as is).
FILES = [
    ("population_2024.csv", "src.population", "src.population_source"),
    ("cities_over_100k_2023.csv", "src.big_cities", "101miast.pl"),
    ("conferences_2025.csv", "src.conferences", "src.conferences_source"),
    ("p3_operators_2025.csv", "src.operators", "src.operators_source"),
    ("published_results_2025.csv", "src.published", "roztocze.net, czaplinek.pl, swarzedz24.pl"),
    ("geodata/voivodeships.geojson", "src.boundaries", "src.boundaries_source"),
    ("grants.csv", "src.grants", "src.grants_source"),
]
st.table(pd.DataFrame([(name, t(content, lang), t(source, lang) if has_text(source, lang) else source)
                       for name, content, source in FILES],
                      columns=[t("src_file", lang), t("src_content", lang), t("source", lang)]))

st.subheader(t("provenance", lang))
st.json(ref.grants_meta)

st.subheader(t("src_published", lang))
published_headers = {"scope": "src.col_scope", "metric": "src.col_metric", "value": "value", "unit": "src.col_unit",
                     "ref": "src.col_ref", "source_url": "source"}
st.dataframe(ref.published.rename(columns={c: t(key, lang) for c, key in published_headers.items()}),
             hide_index=True, width="stretch")
st.caption(t("src.published_note", lang))
