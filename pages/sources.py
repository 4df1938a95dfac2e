"""Where every number comes from: the data files, their sources, and the grants' origin."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mms_core.text.i18n import t
from mms_ui.app import page_context

ctx = page_context()
lang, ref = ctx.lang, ctx.reference

st.title(t("sources_title", lang))
st.markdown(t("sources_intro", lang))

# The descriptions stay in Polish: they name Polish sources; URLs are in mms_data/README.md.
FILES = [
    ("population_2024.csv", "Ludność województw 31.12.2024 (GUS, Bank Danych Lokalnych)",
     "Statistics Poland via datacommonsorg/data: statvar_imports/statistics_poland/input/StatisticsPoland_input_23_24.csv"),
    ("cities_over_100k_2023.csv", "Miasta powyżej 100 tys. mieszkańców (ok. 31.12.2023)", "101miast.pl"),
    ("conferences_2025.csv", "16 regionalnych konferencji podsumowujących (miejscowość, data, miejsce)",
     "niw.gov.pl (wpis z 23.12.2025) i lokalne serwisy – adres w każdym wierszu"),
    ("p3_operators_2025.csv", "Operatorzy regrantingu (priorytet 3) – znani dla 7 województw",
     "ogłoszenia naborów – adres w każdym wierszu"),
    ("published_results_2025.csv", "Opublikowane wyniki edycji 2025", "roztocze.net, czaplinek.pl, swarzedz24.pl"),
    ("geodata/voivodeships.geojson", "Granice województw (uproszczone)", "Natural Earth admin-1 (domena publiczna)"),
    ("grants.csv", "Lista dotacji", "zob. pochodzenie poniżej"),
]
st.table(pd.DataFrame(FILES, columns=[t("src_file", lang), t("src_content", lang), t("source", lang)]))

st.subheader(t("provenance", lang))
st.json(ref.grants_meta)

st.subheader(t("src_published", lang))
st.dataframe(ref.published, hide_index=True, width="stretch")
