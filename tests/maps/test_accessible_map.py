"""Accessibility of the map and the charts without a browser: the regions' and markers' names,
the text alternative of every chart, the contrast of the colours that carry meaning."""

from __future__ import annotations

import re

import pytest

from mms_core.analysis.compare import ranking
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.maps import folium_map
from mms_core.maps.classify import classify
from mms_core.present import charts

PATHS = DataPaths(DEFAULT_DATA_DIR)


def contrast(a: str, b: str) -> float:
    def luminance(color: str) -> float:
        channels = [int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_region_labels_name_the_value_and_the_grants(summary_2025):
    labels = folium_map.region_labels(summary_2025, METRIC_BY_CODE["amount_per_capita"], "pl")
    assert len(labels) == 16
    assert re.fullmatch(r"lubelskie: \d+,\d\d\s*zł/os\., [\d\u00a0 ]+ dotac(ja|je|ji)", labels["06"]), labels["06"]
    english = folium_map.region_labels(summary_2025, METRIC_BY_CODE["grant_count"], "en")
    assert re.fullmatch(r"lubelskie: .+, [\d,]+ grants?", english["06"]), english["06"]


def test_region_layer_makes_buttons_with_escaped_names(summary_2025):
    hostile = summary_2025.copy()
    hostile.loc["06", "voivodeship"] = '<img src=x onerror="alert(1)"> ${x} `y`'
    metric = METRIC_BY_CODE["grant_count"]
    group = folium_map.choropleth_layer(hostile, classify(hostile[metric.column], "quantiles", 5), metric, "pl")
    html = folium_map.base_map().add_child(group).get_root().render()
    assert '"role", "button"' in html and '"tabindex", "0"' in html and 'event.key !== "Enter"' in html
    assert "<img src=x" not in html and "${x}" not in html and "`y`" not in html
    assert "user-scalable=no" in html and 'initial-scale=1.0"' in html  # folium's meta, replaced by the script
    assert "Mapa wojew" in html and "frameElement" in html


def test_conference_markers_are_named_by_town_and_date():
    conferences = loaders.load_conferences(PATHS.conferences)
    operators = loaders.load_operators(PATHS.operators)
    labels = folium_map.conference_labels(conferences, operators, "pl")
    assert len(labels) == 16 and all(label.startswith("Konferencja: ") for label in labels.values())
    assert conferences.loc["06", "town"] in labels["06"]


def test_every_chart_has_its_data_as_a_table(summary_2025):
    metric = METRIC_BY_CODE["amount_per_capita"]
    fig = charts.ranking_bar(ranking(summary_2025, metric), metric, 2.0, "pl")
    table, notes = charts.figure_table(fig)
    assert len(table) == 16 and set(table.iloc[:, 0]) == set(summary_2025["voivodeship"])
    top = summary_2025.loc[summary_2025[metric.column].idxmax(), "voivodeship"]
    assert table.iloc[0, 0] == top  # read top-down, as the bars are drawn
    assert len(notes) == 1  # the national line, as a note under the table
    scatter, _ = charts.figure_table(charts.population_scatter(summary_2025, "pl"))
    assert len(scatter) == 16 and list(scatter.iloc[:, 0]) == list(summary_2025["voivodeship"])


@pytest.mark.parametrize("fore,back,minimum", [
    ("#555a66", "#ffffff", 4.5),   # captions (Streamlit's grey was 3.8:1)
    ("#333333", "#ffffff", 4.5),   # plotly tick labels
    ("#1d4f91", "#ffffff", 4.5),   # links, the skip link, the focus ring
    ("#444444", "#ffffff", 3.0),   # legend swatch borders and region outlines against the page
    (folium_map.CONFERENCE_COLOR, "#ffffff", 3.0),  # a conference marker against its white outline
])
def test_contrast(fore, back, minimum):
    assert contrast(fore, back) >= minimum
