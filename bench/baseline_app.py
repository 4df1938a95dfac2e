"""Baseline for the benchmark: the same map page built "the tutorial way".

Every rerun reads the CSV files again (no caching), rebuilds a ``folium.Choropleth`` and
hands the whole map to ``st_folium`` (no ``feature_group_to_add``, every interaction
returned), so each filter change remounts the map. Two changes only, so that it can draw
at all with the network cut: Leaflet comes from the local copy, and the Choropleth's
branca legend is removed (with it st_folium loads d3 from the internet and draws nothing).

Run by ``bench/run_bench.py``; not part of the dashboard.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from mms_core.maps.folium_map import configure_offline_assets
from mms_core.text.i18n import t
from mms_ui.sidebar import all_editions_label

ROOT = Path(__file__).resolve().parents[1]

started = time.perf_counter()
configure_offline_assets()
st.set_page_config(layout="wide")
data_dir = Path(os.environ.get("MMS_DATA_DIR", ROOT / "mms_data"))

# the same option texts as the dashboard's, so that the benchmark picks the same options in both
edition = st.sidebar.selectbox(t("edition"), ["all", "2025", "2026"], index=1,
                               format_func=lambda v: all_editions_label((2025, 2026), "pl") if v == "all" else v)
priority = st.sidebar.selectbox(t("priority"), ["all", "P1", "P3"],
                                format_func=lambda v: t("priority_all") if v == "all" else t(f"priority.{v}"))

grants = pd.read_csv(data_dir / "grants.csv", dtype={"voivodeship_teryt": str})
population = pd.read_csv(data_dir / "population_2024.csv", dtype={"teryt": str})
conferences = pd.read_csv(data_dir / "conferences_2025.csv", dtype={"teryt": str})
if edition != "all":
    grants = grants[grants["edition"] == int(edition)]
if priority != "all":
    grants = grants[grants["priority"] == priority]
sums = grants.groupby("voivodeship_teryt")["amount_pln"].sum().rename("amount").reset_index()
table = population.merge(sums, left_on="teryt", right_on="voivodeship_teryt", how="left").fillna({"amount": 0})
table["per_capita"] = table["amount"] / table["pop_total"]

st.title("Moc Małych Społeczności – baseline")
m = folium.Map(location=[52.07, 19.48], zoom_start=6, tiles=None)
geojson = json.loads((ROOT / "geodata" / "voivodeships.geojson").read_text(encoding="utf-8"))
choropleth = folium.Choropleth(geo_data=geojson, data=table, columns=["teryt", "per_capita"],
                               key_on="feature.properties.teryt", fill_color="YlGnBu", bins=5).add_to(m)
for name in [n for n in choropleth._children if n.startswith("color_map")]:
    del choropleth._children[name]
for _, row in conferences.iterrows():
    folium.CircleMarker([row["lat"], row["lon"]], radius=7, color="#ffffff", fill=True, fill_color="#d7301f",
                        fill_opacity=0.95, tooltip=row["town"]).add_to(m)
st_folium(m, width=900, height=620)
st.dataframe(table[["teryt", "voivodeship", "amount", "per_capita"]])

log_path = os.environ.get("MMS_RUN_TIME_LOG")
if log_path:
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(f"{time.time():.3f} {(time.perf_counter() - started) * 1000:.2f}\n")
