"""AppTest runs of the map page at the powiat and gmina levels: ``?level=`` parsing, the radio and
the URL in step, what the map component receives, a missing data file said plainly."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from mms_core.data.paths import PROJECT_ROOT
from mms_core.text.i18n import t
from tests.helpers import make_data_dir


def run_app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=90)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def feature_groups(at: AppTest) -> str:
    (element,) = list(at.get("component_instance"))
    return json.loads(element.proto.json_args)["feature_group"]


def test_gmina_level_from_the_url():
    at = run_app({"edition": "2025", "level": "gmina"})
    assert not at.exception
    assert at.radio(key="p_level").value == "gmina"
    assert at.metric[3].label == "Gminy z dotacjami"
    assert at.query_params["level"] == "gmina"
    layers = feature_groups(at)
    assert "window.mmsLevels" in layers and "/app/static/geo/gminas.geojson" in layers
    assert "Polygon" not in layers  # the polygons travel once, from the static file (points: conferences)
    assert len(layers.encode("utf-8")) < 150_000
    assert any(h.value == "Gminy bez dotacji" for h in at.subheader)
    assert any(h.value == "Podsumowanie według gmin" for h in at.header)


def test_powiat_level_in_english():
    at = run_app({"level": "powiat", "lang": "en"})
    assert not at.exception
    assert at.metric[3].label == "Powiats with grants"
    assert "/app/static/geo/powiats.geojson" in feature_groups(at)
    assert any(h.value == "Summary by powiat" for h in at.header)


def test_bad_level_is_reported_and_the_voivodeships_shown():
    at = run_app({"level": "gminy<script>"})
    assert not at.exception
    assert any("„level”" in w.body and "gminy\\<script\\>" in w.body for w in at.warning)
    assert at.radio(key="p_level").value == "voivodeship"
    assert at.metric[3].label == "Województwa z dotacjami"
    assert "level" not in at.query_params  # the default is left out of the address
    assert "state = null" in feature_groups(at)  # the voivodeship map hides any level layer


def test_radio_writes_the_level_to_the_url_and_back():
    at = run_app({"edition": "2025"})
    assert at.radio(key="p_level").value == "voivodeship"
    at.radio(key="p_level").set_value("powiat").run()
    assert not at.exception
    assert at.query_params["level"] == "powiat"
    assert at.metric[3].label == "Powiaty z dotacjami"
    at.radio(key="p_level").set_value("voivodeship").run()
    assert "level" not in at.query_params


def test_missing_gmina_file_is_said_and_the_voivodeship_map_shown(tmp_path, monkeypatch):
    data = make_data_dir(tmp_path / "data")
    (data / "population_gmina_2025.csv").unlink()
    monkeypatch.setenv("MMS_DATA_DIR", str(data))
    at = run_app({"level": "gmina"})
    assert not at.exception
    assert any("powiatów i gmin" in e.body and "nie znaleziono pliku" in e.body for e in at.error)
    assert at.metric[3].label == "Województwa z dotacjami"


def test_gmina_table_waits_for_a_voivodeship_and_the_csv_holds_every_gmina():
    at = run_app({"edition": "2025", "level": "gmina"})
    assert not at.exception
    assert len(at.dataframe) == 0
    assert any("Wybierz województwo" in i.body for i in at.info)
    assert at.selectbox(key="p_level_region").value is None
    assert '"view":{"key":""' in feature_groups(at)


def test_region_in_the_url_zooms_and_fills_the_table():
    at = run_app({"edition": "2025", "level": "gmina", "region": "06"})
    assert not at.exception
    assert at.selectbox(key="p_level_region").value == "06"
    (table,) = at.dataframe
    assert len(table.value) == 213  # the gminas of lubelskie
    assert set(table.value["Województwo"]) == {"lubelskie"}
    assert '"view":{"key":"06","bounds":' in feature_groups(at)
    at.selectbox(key="p_level_region").set_value(None).run()
    assert "region" not in at.query_params
    assert len(at.dataframe) == 0


def test_powiat_table_shows_all_380_without_a_region():
    at = run_app({"level": "powiat"})
    (table,) = at.dataframe
    assert len(table.value) == 380


def test_bad_region_is_said_and_poland_shown():
    at = run_app({"level": "gmina", "region": "6<b>"})
    assert not at.exception
    assert any("Nieznany kod województwa" in w.body and "6\\<b\\>" in w.body for w in at.warning)
    assert at.selectbox(key="p_level_region").value is None
    at = run_app({"level": "gmina", "region": "all"})  # the Data page's "every voivodeship": no warning
    assert not any("Nieznany kod" in w.body for w in at.warning)


def test_click_action_from_the_url_and_a_bad_one():
    at = run_app({"click": "gmina"})
    assert not at.exception
    assert at.radio(key="p_click").value == "gmina"
    assert any("aby zobaczyć jego gminy na tej mapie" in c.value for c in at.caption)
    at.radio(key="p_click").set_value("profile").run()
    assert "click" not in at.query_params  # the default stays out of the address
    for bad in ("<b>x</b>", "GMINA", "voivodeship"):
        at = run_app({"click": bad})
        assert not at.exception
        assert at.radio(key="p_click").value == "profile"
        warning = next(w.value for w in at.warning if "click" in w.value)
        assert "otwiera jego profil" in warning and "<b>" not in warning


def test_the_legend_names_the_gminas_it_counts_but_cannot_draw():
    at = run_app({"level": "gmina"})
    note = next(c.value for c in at.caption if c.value.startswith("Bez granic na mapie")).replace("\\", "")  # markdown escapes
    assert "Szczawa (1207132)" in note and "Grabówka (2002162)" in note and "(2)" in note
    at = run_app({"level": "powiat"})
    assert not any(c.value.startswith("Bez granic na mapie") for c in at.caption)


def test_map_exports_at_the_powiat_and_gmina_level():
    for query in ({"level": "powiat", "region": "06"}, {"level": "gmina"}):
        at = run_app(query)
        assert not at.exception
        keys = {b.proto.id.split("-")[-1] for b in at.get("download_button")}
        assert {"map_export_png_16x9", "map_export_png_4x3", "map_export_html"} <= keys, keys


def shown_cells(element) -> pd.DataFrame:
    """What the grid shows in each cell (a Styler's display values), not the values it sorts by."""
    return convert_arrow_bytes_to_pandas_df(element.proto.arrow_data.styler.display_values)


ENGLISH_NUMBER = re.compile(r"^-?\d+\.\d+$|^\d{1,3}(,\d{3})+(\.\d+)?$")  # "41.56", "1,234,567"


@pytest.mark.parametrize("query", [{"level": "powiat", "edition": "2025"},
                                   {"level": "gmina", "region": "06", "lang": "en"}])
def test_unit_grid_shows_numbers_the_polish_way(query):
    """Issue 24, item 13: the gmina grid showed "41.56"; in both languages it reads "41,56"."""
    at = run_app(query)
    assert not at.exception
    (grid,) = at.dataframe
    cells = shown_cells(grid)
    texts = [str(v) for v in cells.to_numpy().ravel()]
    assert not [v for v in texts if ENGLISH_NUMBER.match(v)]
    lang = query.get("lang", "pl")
    per_capita = cells[t("col_amount_per_capita_pln", lang)]  # two decimals after a comma
    assert per_capita.str.fullmatch(r"\d+,\d\d|brak danych|no data").all()
    assert cells[t("col_amount_pln", lang)].str.contains("\u00a0").any()  # grouped by no-break spaces
    assert not any("%" in json.dumps(c) for c in json.loads(grid.proto.columns).values())  # no printf formats
    assert grid.value[t("col_amount_per_capita_pln", lang)].dtype == "float64"  # numbers: sorted by value


def test_white_spots_only_on_the_map_page():
    at = run_app({"edition": "2025", "level": "gmina", "region": "06"})
    toggle = at.toggle(key="p_level_white_only")
    assert toggle.label == "Tylko białe plamy" and toggle.value is False
    everything = at.dataframe[0].value
    toggle.set_value(True).run()
    assert not at.exception
    spots = at.dataframe[0].value
    inside = everything[everything["Poza programem"] == ""]
    expected = inside.loc[inside["Dotacje"] == 0, "TERYT"]
    assert 0 < len(spots) < len(inside) and set(spots["TERYT"]) == set(expected)
    assert (spots["Dotacje"] == 0).all() and (spots["Poza programem"] == "").all()  # Lublin is not a white spot
    assert f"Białe plamy: {len(expected)} z {len(inside)} gmin objętych programem." in [c.value for c in at.caption]
    at.toggle(key="p_level_white_only").set_value(False).run()
    assert len(at.dataframe[0].value) == len(everything)


def test_white_spots_only_at_the_powiat_level_in_english():
    at = run_app({"level": "powiat", "lang": "en"})
    assert at.toggle(key="p_level_white_only").label == "White spots only"
    at.toggle(key="p_level_white_only").set_value(True).run()
    assert not at.exception
    spots = at.dataframe[0].value
    assert (spots["Grants"] == 0).all() and (spots["Outside the programme"] == "").all()
    assert any(re.fullmatch(rf"White spots: {len(spots)} of [\d\u00a0]+ powiats in the programme\.", c.value)
               for c in at.caption)
