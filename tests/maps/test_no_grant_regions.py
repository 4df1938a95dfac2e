"""Regions with no grant in the filters (issue 24, item 9): outside the classes, hatched, named in the
legend as "brak dotacji" and in the sentence, never "najmniej"."""

from __future__ import annotations

import pandas as pd

from mms_core.analysis.aggregates import SUMMARY_COLUMNS
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.analysis.units_summary import regions_summary
from mms_core.maps.classify import classify_reached, unit_classes
from mms_core.maps.folium_map import region_styles
from mms_core.maps.legend import legend_html, legend_rows
from mms_core.present.summary_table import summary_sentence

METRIC = METRIC_BY_CODE["amount_per_capita"]


def summary() -> pd.DataFrame:
    """Four regions: two with grants (3 and 1 zł per person), two with none (the summary's other columns empty)."""
    return pd.DataFrame({"voivodeship": ["dolnośląskie", "kujawsko-pomorskie", "lubelskie", "lubuskie"],
                         "grants": [3, 1, 0, 0], "amount_per_capita_pln": [3.0, 1.0, 0.0, 0.0]},
                        index=pd.Index(["02", "04", "06", "08"])).reindex(columns=list(SUMMARY_COLUMNS))


def test_classes_cover_only_the_regions_with_grants():
    table = summary()
    classes = classify_reached(table[METRIC.column], table["grants"] > 0, "quantiles", 5)
    assert classes.no_grants == ("06", "08")
    assert classes.class_of["06"] == -1 and classes.no_data_count == 0
    assert classes.legend[0].lower == 1.0  # the classes start at the lowest region with a grant, not at 0
    rows = legend_rows(classes, METRIC)
    assert rows[-1] == ("#ffffff", "brak dotacji (biała plama)", 2)
    assert "0,00" not in " ".join(text for _, text, _ in rows)
    html = legend_html(classes, METRIC, "quantiles")
    assert 'class="mms-swatch mms-swatch-hatch"></span>brak dotacji (biała plama) <span class="mms-count">(2)' in html
    styles = region_styles(classes)
    assert styles["06"]["fillColor"] == "url(#mms-hatch)" and "mms-no-grants" in styles["06"]["className"]
    assert styles["02"]["fillColor"].startswith("#")
    # the map page's classes of the same summary (the voivodeship level: no states apart) are these
    units = unit_classes(regions_summary(table).table, METRIC.column, "quantiles", 5, states_apart=False)
    assert units.classification == classes and units.extras({"no_grants": "-", "outside": "-"}) == ()


def test_the_sentence_names_regions_without_grants_and_ties_as_ties():
    table = summary()
    assert summary_sentence(regions_summary(table), METRIC) == ("W skrócie: najwięcej – dolnośląskie (3,00\u00a0zł/os.); najmniej – "
                                              "kujawsko-pomorskie (1,00\u00a0zł/os.). Bez dotacji: 2 województwa "
                                              "(lubelskie, lubuskie).")
    table.loc["04", "amount_per_capita_pln"] = 3.0
    table.loc["06", ["grants", "amount_per_capita_pln"]] = [1, 0.002]
    assert summary_sentence(regions_summary(table), METRIC).startswith(
        "W skrócie: najwięcej – dolnośląskie, kujawsko-pomorskie (3,000\u00a0zł/os.); najmniej – lubelskie "
        "(0,002\u00a0zł/os.). Bez dotacji: 1 województwo (lubuskie).")
