"""AppTest runs of the gminas on the region profile (the table, its links, its CSV, the map) and of
the Data page's gmina column and ``?gmina=`` filter (bad values said in Polish, never a traceback)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from mms_core.data.paths import DEFAULT_DATA_DIR, PROJECT_ROOT
from tests.helpers import make_data_dir, open_page


def run_page(page: str, query: dict | None = None, page_query: dict | None = None) -> AppTest:
    """``page`` run after the map page; ``page_query``: parameters set only for the page (the map
    page would drop a ``level`` it does not know before the switch)."""
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    for key, value in (page_query or {}).items():
        at.query_params[key] = value
    return open_page(at, page).run()


def data_count(at: AppTest) -> int:
    (count,) = [m.group(1) for m in (re.search(r"\*\*([\d\u00a0]+)\*\* (dotac|grant)", x.value) for x in at.markdown)
                if m]
    return int(count.replace("\u00a0", ""))


def shipped(edition: str = "2025") -> list[dict]:
    with open(DEFAULT_DATA_DIR / "grants.csv", encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["edition"] == edition]


def test_profile_lists_the_regions_gminas_with_links_and_a_map():
    at = run_page("pages/region.py", {"region": "06", "edition": "2025"}, {"tab": "gminas"})
    assert not at.exception
    assert any(h.value == "Gminy województwa" for h in at.header)
    sentence = next(m.value for m in at.markdown if m.value.startswith("lubelskie: bez dotacji"))
    assert "wiejskie:" in sentence and "miejsko-wiejskie:" in sentence and "Poza programem" in sentence
    table = next(d.value for d in at.dataframe if "Stan" in d.value.columns)
    with open(DEFAULT_DATA_DIR / "population_gmina_2025.csv", encoding="utf-8") as handle:
        assert len(table) == sum(r["voivodeship_teryt2"] == "06" for r in csv.DictReader(handle))
    reached = {r["gmina_teryt"] for r in shipped() if r["voivodeship_teryt"] == "06" and r["gmina_teryt"]}
    assert set(table.loc[table["Stan"] == "z dotacjami", "TERYT"]) == reached
    assert (table.loc[table["Stan"] == "poza programem", "Nazwa"] == "Lublin").all()
    link = table.loc[table["TERYT"] == sorted(reached)[0], "Dotacje gminy"].iloc[0]
    assert link.startswith("data?") and f"gmina={sorted(reached)[0]}" in link and "edition=2025" in link
    maps = [json.loads(e.proto.json_args) for e in at.get("component_instance")]
    # lubelskie's gminas alone, from their own file (not the 1.7 MB national one)
    gmina_map = next(m for m in maps if "/app/static/geo/gminas/06.geojson" in m["feature_group"])
    assert '"06"' in gmina_map["feature_group"] and "mms-mask" in gmina_map["feature_group"]
    assert len(at.get("download_button")) >= 2
    at.query_params["tab"] = "grants"  # the region's grants, with their gmina, in the last tab
    at.run()
    grants = next(d.value for d in at.dataframe if "Organizacja" in d.value.columns)
    assert "Gmina" in grants.columns and "Puławy" in set(grants["Gmina"])


def test_profile_in_english_has_no_polish_in_the_gminas_section():
    at = run_page("pages/region.py", {"region": "24", "lang": "en"}, {"tab": "gminas"})
    assert not at.exception
    assert any(h.value == "The region's gminas" for h in at.header)
    sentence = next(m.value for m in at.markdown if m.value.startswith("śląskie: "))
    assert "gminas in the programme" in sentence and "rural:" in sentence
    table = next(d.value for d in at.dataframe if "Status" in d.value.columns)
    assert set(table["Status"]) <= {"with grants", "no grants", "outside the programme"}
    assert (table["Status"] == "outside the programme").sum() == 12  # śląskie's cities over 100 000


def test_profile_says_how_many_grants_have_no_gmina(tmp_path, monkeypatch):
    grants = [
        {"grant_id": f"T-{i}", "edition": "2025", "priority": "P1", "org_name": f"Org {i}", "org_type": "kgw",
         "voivodeship_teryt": "06", "town": town, "amount_pln": "10000.00", "gmina_teryt": code}
        for i, (town, code) in enumerate([("Puławy", "0614011"), ("Nigdzie", ""), ("Gdzieś", "")])
    ]
    monkeypatch.setenv("MMS_DATA_DIR", str(make_data_dir(tmp_path / "data", grants)))
    at = run_page("pages/region.py", {"region": "06", "edition": "2025"}, {"tab": "gminas"})
    assert not at.exception
    assert any("bez przypisanej gminy: 2 (20 000 zł)" in re.sub(r"\s", " ", c.value) for c in at.caption)


@pytest.mark.parametrize("value", ["123", "06140111", "9999999", "06a4011", "<b>0614011</b>", "0614011\x1b"])
def test_bad_gmina_is_said_and_all_gminas_shown(value):
    at = run_page("pages/data.py", {"edition": "2025", "gmina": value})
    assert not at.exception
    assert any("Nie ma gminy o kodzie" in w.body and "Pokazano wszystkie gminy" in w.body for w in at.warning)
    assert all("<b>" not in w.body for w in at.warning)
    assert at.selectbox(key="p_data_gmina").value == "all"
    assert data_count(at) == len(shipped())


def test_gmina_filter_lists_that_gminas_grants_with_their_gmina_names():
    at = run_page("pages/data.py", {"edition": "2025", "gmina": "0614011"})
    assert not at.exception and not any("gmin" in w.body for w in at.warning)
    assert at.selectbox(key="p_data_region").value == "06"  # the gmina brings its voivodeship
    assert at.selectbox(key="p_data_gmina").value == "0614011"
    expected = [r for r in shipped() if r["gmina_teryt"] == "0614011"]
    assert data_count(at) == len(expected) > 0
    table = at.dataframe[0].value
    assert set(table["Gmina"]) == {"Puławy"}
    # another voivodeship: the gmina no longer fits and the choice goes back to all gminas
    at.selectbox(key="p_data_region").set_value("02").run()
    assert at.selectbox(key="p_data_gmina").value == "all" and "gmina" not in at.query_params
    assert not at.exception


def test_gmina_filter_in_english():
    at = run_page("pages/data.py", {"edition": "2025", "gmina": "0614011", "lang": "en"})
    assert not at.exception
    assert at.selectbox(key="p_data_gmina").label == "Gmina"
    assert set(at.dataframe[0].value["Gmina"]) == {"Puławy"}
    bad = run_page("pages/data.py", {"gmina": "12", "lang": "en"})
    assert any("There is no gmina with the code" in w.body for w in bad.warning)


def test_csv_export_names_the_gmina_and_reimports():
    from datetime import datetime

    import pandas as pd

    from mms_core.analysis.filters import Filters
    from mms_core.data.importing import importer
    from mms_core.data.reference.loaders import load_grants
    from mms_core.present.table_exports import export_info, grants_csv, grants_xlsx, with_gmina_names

    rows = load_grants(DEFAULT_DATA_DIR / "grants.csv").head(40)
    names = {"0214042": "Wądroże Wielkie"}
    named = with_gmina_names(rows, names)
    info = export_info(Filters(), {"kind": "sample"}, datetime(2026, 11, 26), len(rows), gmina="Wądroże Wielkie (0214042)")
    text = grants_csv(named).decode("utf-8-sig")
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(table.columns[8:10]) == ["gmina_teryt", "gmina_name"]
    assert set(table.loc[table["gmina_teryt"] == "0214042", "gmina_name"]) == {"Wądroże Wielkie"}
    assert set(table.loc[table["gmina_teryt"] != "0214042", "gmina_name"]) == {""}
    assert "Wądroże Wielkie (0214042)" in dict(info).values()  # said in the XLSX's sheet and the ZIP's package
    # the file goes back into the import: the gmina comes from its code column, without doubts
    result = importer.read_grants_file(text.encode("utf-8-sig"), "export.csv")
    assert result.columns["gmina"] == "gmina_teryt" and "gmina" not in result.doubts
    assert result.grants["gmina_teryt"].tolist() == rows["gmina_teryt"].tolist()
    book = importer.read_grants_file(grants_xlsx(named, info), "export.xlsx")  # the people's sheet, names in it
    assert book.columns["gmina"] == "Kod gminy (TERYT)" and "gmina" not in book.doubts
    assert book.grants["gmina_teryt"].tolist() == rows["gmina_teryt"].tolist()


def html_bodies(at: AppTest) -> list[str]:
    return [e.proto.body for e in at.get("html")]


def map_layers(at: AppTest) -> str:
    (element,) = list(at.get("component_instance"))
    return json.loads(element.proto.json_args)["feature_group"]


def test_presentation_step_at_gmina_level(monkeypatch):
    monkeypatch.setenv("MMS_PUBLIC_URL", "https://mms.example.gov.pl")
    at = run_page("pages/present.py", {"edition": "2025", "step": "5", "level": "gmina"})
    assert not at.exception
    assert at.toggle(key="p_present_gminas").value is True
    side = next(body for body in html_bodies(at) if "mms-side" in body)
    assert "lubelskie" in side and "Gminy bez dotacji" in side
    layers = map_layers(at)
    assert "geo/gminas/06.geojson" in layers and "mms-mask" in layers and '"06"' in layers
    assert "Polygon" not in layers  # the polygons come from the static file, once
    legend = next(body for body in html_bodies(at) if "mms-legend-strip" in body)
    assert "brak dotacji (biała plama)" in legend
    assert at.query_params["level"] in (["gmina"], "gmina")
    # the overview stays at voivodeship level; back to a step, gminas again
    at.button(key="tour_home").click().run()
    assert "geo/gminas/" not in map_layers(at) and "state = null" in map_layers(at)
    at.button(key="tour_next").click().run()
    assert "geo/gminas/" in map_layers(at)
    # off: the voivodeships, and the address forgets the level
    at.toggle(key="p_present_gminas").set_value(False).run()
    assert not at.exception and "level" not in at.query_params
    assert "geo/gminas/" not in map_layers(at)
    assert not any("Gminy bez dotacji" in body for body in html_bodies(at) if "mms-side" in body)


@pytest.mark.parametrize("value", ["powiat", "gminy<script>", "x" * 300])
def test_presentation_bad_level_is_said_and_voivodeships_shown(value):
    at = run_page("pages/present.py", {"step": "3"}, {"level": value})
    assert not at.exception
    assert any("Nieznany poziom mapy" in w.body and "Pokazano województwa" in w.body for w in at.warning)
    assert all("<script>" not in w.body for w in at.warning)
    assert at.toggle(key="p_present_gminas").value is False
    assert "gminas.geojson" not in map_layers(at)


def test_town_layer_is_off_by_default_and_drawn_when_switched_on():
    at = run_page("pages/map.py", {"edition": "2025", "level": "gmina"})
    assert not at.exception
    assert at.toggle(key="p_towns").value is False
    assert "mms-town" not in map_layers(at)
    at.toggle(key="p_towns").set_value(True).run()
    assert not at.exception
    layers = map_layers(at)
    assert "mms-town" in layers and "mmsTowns" in layers and "gminas.geojson" in layers
    assert any("miejscowości z dotacjami" in c.value for c in at.caption)


def test_profile_gminas_white_spots_only_and_polish_numbers():
    """Issue 24, item 13: the profile's gmina grid writes its numbers the Polish way and can show the
    white spots alone, with their count."""
    at = run_page("pages/region.py", {"region": "06", "edition": "2025"}, {"tab": "gminas"})
    grid = next(d for d in at.dataframe if "Stan" in d.value.columns)
    cells = convert_arrow_bytes_to_pandas_df(grid.proto.arrow_data.styler.display_values)
    assert cells["zł na mieszkańca"].str.fullmatch(r"\d+,\d\d|brak danych").all()
    assert not cells.map(lambda v: bool(re.fullmatch(r"-?\d+\.\d+", str(v)))).any().any()
    everything = grid.value
    toggle = at.toggle(key="p_region_white_only")
    assert toggle.label == "Tylko białe plamy"
    toggle.set_value(True).run()
    assert not at.exception
    spots = next(d.value for d in at.dataframe if "Stan" in d.value.columns)
    inside = (everything["Stan"] != "poza programem").sum()
    assert len(spots) == (everything["Stan"] == "bez dotacji").sum() > 0
    assert set(spots["Stan"]) == {"bez dotacji"}
    assert f"Białe plamy: {len(spots)} z {inside} gmin objętych programem." in [c.value for c in at.caption]
