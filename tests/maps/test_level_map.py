"""The powiat/gmina map: class codes, the payload of a filter change (small, no geometry, no
names, safe in a script), the legend's extra rows, the CSV and the sentence of the level."""

from __future__ import annotations

import csv
import io

import folium
import pandas as pd
import pytest

from mms_core.analysis.levels import is_white_spot, reached, summary_columns
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.analysis.units_summary import UnitSummary
from mms_core.facts.levels import LEVEL_BY_CODE
from mms_core.maps.classify import NO_DATA, NO_GRANTS, OUTSIDE, UnitClasses, unit_classes
from mms_core.maps.legend import legend_html
from mms_core.maps.level_map import level_layer, level_payload, level_url, payload_json
from mms_core.present.summary_table import display_summary, summary_csv, summary_sentence, summary_styler
from tests.analysis.test_levels import toy_grants, toy_units
from tests.helpers import summarise_grants

GMINA = LEVEL_BY_CODE["gmina"]
PER_CAPITA = METRIC_BY_CODE["amount_per_capita"]


def toy_summary(extra_gminas: int = 0) -> UnitSummary:
    gminas, powiats, outside = toy_units()
    if extra_gminas:  # gminas with a population and one grant each, so that there are classes
        rows = pd.DataFrame({"teryt": [f"0603{i + 1:02d}2" for i in range(extra_gminas)],
                             "name": [f"G{i}" for i in range(extra_gminas)], "kind": "wiejska", "powiat": "0603",
                             "voivodeship": "06", "population": pd.array([1000 * (i + 1) for i in range(extra_gminas)],
                                                                         dtype="Int64")})
        rows["boundary_teryt"] = rows["teryt"]
        gminas = pd.concat([gminas, rows.set_index("teryt", drop=False)])
    grants = toy_grants()
    if extra_gminas:
        grants = pd.concat([grants, pd.DataFrame({"edition": 2025, "priority": "P1", "org_type": "kgw",
                                                  "voivodeship_teryt": "06", "gmina_teryt": gminas.index[3:],
                                                  "amount_pln": 10_000.0})])
    return summarise_grants(grants, "gmina", gminas, powiats, outside)


def toy_table(extra_gminas: int = 0) -> pd.DataFrame:
    return toy_summary(extra_gminas).table


def without_grants(table: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """``table`` with no grant in the units ``codes`` (``reached`` said again, as :func:`summarise` says it)."""
    table = table.copy()
    table.loc[codes, "grants"] = 0
    return table.assign(reached=reached(table))


def classes_of(table: pd.DataFrame, k: int) -> UnitClasses:
    """The map page's classes at the gmina level (the white spots and the units outside: states apart)."""
    return unit_classes(table, PER_CAPITA.column, "quantiles", k, states_apart=GMINA.has_outside)


def test_class_codes_of_special_units():
    table = without_grants(toy_table(), ["0601022"])  # Beta: now a white spot
    classes = classes_of(table, 5)
    classification, codes = classes.classification, classes.codes
    assert codes["0662011"] == OUTSIDE  # a big city, though it has a grant
    assert codes["0601022"] == NO_GRANTS
    assert codes["0601011"] == 0
    assert classification.no_data_count == 0


def test_a_grant_without_population_is_no_data():
    codes = classes_of(toy_table(), 5).codes
    assert codes["0601022"] == NO_DATA  # Beta has a grant but no population figure


def test_payload_holds_classes_and_numbers_not_geometry_or_names():
    table = toy_table(extra_gminas=8)
    classes = classes_of(table, 4)
    classification, codes = classes.classification, classes.codes
    payload = level_payload(table, classes, PER_CAPITA, "gmina")
    assert payload["url"] == "../../app/static/geo/gminas.geojson"
    assert payload["outside"] == ["0662011"]
    assert payload["data"]["0601011"] == [codes["0601011"], 2, 40_000, 40.0, 40.0]
    assert payload["data"]["0601022"][3:] == [None, None]  # no data, never 0
    assert len(payload["palette"]) == len(classification.legend) == 4
    text = payload_json(payload)
    assert "Alfa" not in text and "coordinates" not in text  # names and shapes come from the static file
    assert "<" not in text and "NaN" not in text
    assert payload["data"]["0603082"][1:3] == [1, 10_000]  # the extra gminas are there


def test_a_region_s_gmina_map_fetches_only_that_region_s_file():
    table = toy_table()
    classes = classes_of(table, 4)
    payload = level_payload(table, classes, PER_CAPITA, "gmina", region="06")
    assert payload["url"] == "../../app/static/geo/gminas/06.geojson"
    assert payload["layer"] == "gmina-06"  # its own Leaflet layer, apart from the national one
    assert level_payload(table, classes, PER_CAPITA, "gmina")["layer"] == "gmina"
    with pytest.raises(ValueError):
        level_url("powiat", "06")


def test_payload_json_cannot_close_the_script():
    assert payload_json({"x": "</script><img src=x onerror=alert(1)>&"}) == (
        '{"x":"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\\u0026"}')


def test_level_layer_renders_without_geometry():
    table = toy_table(extra_gminas=8)
    m = folium.Map(tiles=None)
    group = level_layer(level_payload(table, classes_of(table, 4), PER_CAPITA, "gmina")).add_to(m)
    script = m.get_root().render()
    assert "window.mmsLevels" in script and "../../app/static/geo/gminas.geojson" in script
    assert "tabindex" not in script  # 2,477 tab stops would make the page unusable by keyboard
    assert '"Polygon"' not in script
    hide = level_layer(None).add_to(folium.Map(tiles=None))
    assert "state = null" in hide.get_root().render() and "fetch(" not in hide.get_root().render()
    assert group is not None


def test_legend_lists_white_spots_and_cities_outside():
    table = without_grants(toy_table(extra_gminas=8), ["0601022"])
    classes = classes_of(table, 4)
    extras = classes.extras({"no_grants": "brak dotacji <b>", "outside": "poza programem"})
    assert extras == (("no_grants", "brak dotacji <b>", 1), ("outside", "poza programem", 1))  # Beta; the city
    html = legend_html(classes.classification, PER_CAPITA, "quantiles", "pl", extras=extras)
    assert 'class="mms-swatch mms-swatch-hatch"' in html and 'class="mms-swatch mms-swatch-stipple"' in html
    assert "brak dotacji &lt;b&gt; <span class=\"mms-count\">(1)</span>" in html


def test_summary_csv_at_gmina_level_has_the_level_columns_and_neutralises_names():
    table = toy_summary().shown.copy()  # the columns users get
    table.loc["0601011", "name"] = "=HYPERLINK(\"http://x\")"
    rows = list(csv.reader(io.StringIO(summary_csv(table).decode("utf-8-sig"))))
    assert rows[0] == list(summary_columns(GMINA))
    assert rows[0][:4] == ["teryt", "name", "voivodeship", "gmina_kind"]
    alfa = dict(zip(rows[0], rows[1]))
    assert alfa["name"].startswith("'=") and alfa["amount_per_capita_pln"] == "40.0"
    beta = dict(zip(rows[0], rows[2]))
    assert beta["population"] == "" and beta["amount_per_capita_pln"] == ""  # no data stays empty, never 0
    excel = summary_csv(table, excel_pl=True).decode("utf-8-sig").splitlines()
    assert excel[0].startswith("teryt;name;voivodeship;gmina_kind")


def test_display_table_in_english_and_sorted_by_zl_per_resident():
    shown = display_summary(toy_table(), GMINA, "en")
    assert list(shown.columns[:3]) == ["Name", "Gmina kind", "Voivodeship"]
    assert shown.iloc[0]["Name"] == "Alfa" and shown.iloc[-1]["Name"] == "Beta"  # no data last
    assert shown.iloc[1]["Outside the programme"] == "yes"
    assert shown.iloc[0]["Gmina kind"] == "urban gmina"


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_grid_writes_numbers_the_polish_way_and_keeps_them_numbers(lang):
    """Issue 24, item 13: the map page's grid showed "41.56" (a printf format in the browser)."""
    table = toy_table()
    table.loc["0601011", ["amount_per_capita_pln", "amount_pln", "population"]] = [41.555, 1234567.0, 12345]
    styler = summary_styler(table, GMINA, lang)
    html = styler.to_html()
    assert "41,56" in html and "1\xa0234\xa0567" in html and "12\xa0345" in html
    assert "41.56" not in html and "41.555" not in html and "1,234,567" not in html
    assert ("brak danych" if lang == "pl" else "no data") in html  # Beta: no population figure
    per_capita = styler.data[display_summary(table, GMINA, lang).columns[3]]
    assert per_capita.dtype == "float64" and per_capita.iloc[0] == 41.555  # the grid sorts by the number


def test_white_spots_are_units_inside_the_programme_without_a_grant():
    table = without_grants(toy_table(), ["0601022", "0662011"])  # Beta: a white spot; Miasto: outside, never one
    assert is_white_spot(table).tolist() == [False, True, False]
    assert table["reached"].tolist() == [True, False, False]


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_summary_sentence_at_gmina_level(lang):
    text = summary_sentence(toy_summary(), PER_CAPITA, lang)
    assert "Alfa" in text and "40,00" in text
    assert ("0 z 2" if lang == "pl" else "0 of 2") in text  # Alfa and Beta are in the programme, both reached
