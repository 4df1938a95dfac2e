"""A region's gminas for its profile: states, white spots per kind, the sentence, the table and
its CSV worked out by hand on a toy region, and the shipped region against an independent count."""

from __future__ import annotations

import csv
import io
import math

import pandas as pd
import pytest

from mms_core.analysis.filters import Filters
from mms_core.analysis.levels import big_city_gminas
from mms_core.analysis.region_gminas import (
    OUTSIDE,
    REACHED,
    WHITE_SPOT,
    region_gminas,
    region_white_spots,
    unplaced_grants,
)
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.data.reference.units import load_gminas, load_powiats
from mms_core.present.gmina_table import (
    grants_link,
    profile_frame,
    profile_styler,
    region_gminas_csv,
    status_counts,
    white_spot_sentence,
)
from tests.helpers import summarise_grants

#: A toy country: five gminas in lubelskie (06), one in dolnośląskie (02).
TOY_GMINAS = pd.DataFrame({
    "teryt": ["0601011", "0601022", "0602011", "0603012", "0604013", "0201011"],
    "name": ["Alfa", "Beta", "Miasto", "Delta", "Epsilon", "Obca"],
    "kind": ["wiejska", "miejsko-wiejska", "miejska", "wiejska", "wiejska", "wiejska"],
    "powiat": ["0601", "0601", "0602", "0603", "0604", "0201"],
    "voivodeship": ["06", "06", "06", "06", "06", "02"],
    "population": pd.array([1000, 2000, 150000, 500, None, 800], dtype="Int64"),
    "boundary_teryt": ["0601011", "0601022", "0602011", "0603012", "0604013", "0201011"],
}).set_index("teryt", drop=False).rename_axis(None)
TOY_POWIATS = pd.DataFrame({"teryt": ["0601", "0602", "0603", "0604", "0201"], "name": list("ABCDE"),
                            "voivodeship": ["06", "06", "06", "06", "02"],
                            "population": pd.array([3000, 150000, 500, None, 800], dtype="Int64")}
                           ).set_index("teryt", drop=False).rename_axis(None)


def toy_grant(gmina: str, amount: float, region: str = "06") -> dict:
    return {"edition": 2025, "priority": "P1", "org_type": "kgw", "voivodeship_teryt": region,
            "gmina_teryt": gmina, "amount_pln": amount}


TOY_GRANTS = pd.DataFrame([
    toy_grant("0601011", 6000), toy_grant("0601011", 4000),  # Alfa: 2 grants, 10 000 zł, 1 000 persons
    toy_grant("0602011", 30000), toy_grant("0602011", 20000), toy_grant("0602011", 10000),  # the big city
    toy_grant("0604013", 5000),  # Epsilon: no population figure
    toy_grant("", 7000), toy_grant("0699999", 3000),  # not placed: empty, and a code of no gmina
    toy_grant("0201011", 1000, "02"),
])


@pytest.fixture(scope="module")
def toy_table() -> pd.DataFrame:
    summary = summarise_grants(TOY_GRANTS, "gmina", TOY_GMINAS, TOY_POWIATS, {"0602011": "Miasto"})
    return region_gminas(summary.table, "06")


def test_states_of_the_toy_region(toy_table):
    assert toy_table.index.tolist() == ["0601011", "0601022", "0602011", "0603012", "0604013"]  # not Obca
    assert toy_table["status"].tolist() == [REACHED, WHITE_SPOT, OUTSIDE, WHITE_SPOT, REACHED]
    assert toy_table.loc["0601011", "amount_per_capita_pln"] == 10.0  # 10 000 zł / 1 000 persons
    assert math.isnan(toy_table.loc["0604013", "amount_per_capita_pln"])  # no figure: NaN, never 0
    assert status_counts(toy_table) == {REACHED: 2, WHITE_SPOT: 2, OUTSIDE: 1}


def test_white_spots_per_kind_by_hand(toy_table):
    by_kind = region_white_spots(toy_table)
    # wiejska: Alfa, Delta, Epsilon inside, Delta without; miejsko-wiejska: Beta without;
    # miejska: only the big city, outside the programme (not a white spot)
    assert by_kind.loc["wiejska", ["gminas", "without_grants", "outside_programme"]].tolist() == [3, 1, 0]
    assert by_kind.loc["wiejska", "share_pct"] == pytest.approx(100 / 3)
    assert by_kind.loc["miejsko-wiejska", ["gminas", "without_grants"]].tolist() == [1, 1]
    assert by_kind.loc["miejska", ["gminas", "without_grants", "outside_programme"]].tolist() == [0, 0, 1]
    assert math.isnan(by_kind.loc["miejska", "share_pct"])
    assert by_kind.loc["", ["gminas", "without_grants", "outside_programme"]].tolist() == [4, 2, 1]
    assert white_spot_sentence(by_kind, "lubelskie") == (
        "lubelskie: bez dotacji w wybranych filtrach jest 2 z 4 gmin w programie (50,0%) — wiejskie: 1 z 3 (33,3%); "
        "miejsko-wiejskie: 1 z 1 (100,0%). Poza programem (miasta powyżej 100 tys.): 1.")
    assert white_spot_sentence(by_kind, "lubelskie", "en") == (
        "lubelskie: 2 of 4 gminas in the programme (50,0%) have no grant in the chosen filters — rural: 1 of 3 "
        "(33,3%); urban-rural: 1 of 1 (100,0%). Outside the programme (cities over 100,000): 1.")


def test_unplaced_grants_of_the_region():
    region = TOY_GRANTS[TOY_GRANTS["voivodeship_teryt"] == "06"]
    assert unplaced_grants(region, TOY_GMINAS.index) == (2, 10000.0)  # "" and 0699999
    assert unplaced_grants(region.drop(columns="gmina_teryt"), TOY_GMINAS.index) == (8, 85000.0)
    assert unplaced_grants(region.iloc[:0], TOY_GMINAS.index) == (0, 0.0)


def test_profile_frame_order_links_and_formats(toy_table):
    params = {"edition": "2025", "lang": "en"}
    frame = profile_frame(toy_table, params, "pl")
    # reached first by zł per resident (no figure last), then the white spots, then outside
    assert frame["name"].tolist() == ["Alfa", "Epsilon", "Beta", "Delta", "Miasto"]
    assert frame["status"].tolist() == ["z dotacjami", "z dotacjami", "bez dotacji", "bez dotacji", "poza programem"]
    assert frame["gmina_kind"].iloc[0] == "gmina wiejska"
    assert frame["grants_link"].tolist()[:2] == ["data?edition=2025&lang=en&region=06&gmina=0601011",
                                                 "data?edition=2025&lang=en&region=06&gmina=0604013"]
    assert pd.isna(frame["grants_link"].iloc[2])  # nothing to list
    assert grants_link("0602011", {}) == "data?region=06&gmina=0602011"
    shown = profile_styler(frame, "pl").to_html()
    assert "brak danych" in shown and "10,00" in shown and "150\xa0000" in shown


def test_csv_has_the_summary_columns_and_the_state(toy_table):
    for excel_pl, sep in ((False, ","), (True, ";")):
        text = region_gminas_csv(toy_table, excel_pl=excel_pl).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text), delimiter=sep))
        assert [r["teryt"] for r in rows] == toy_table.index.tolist()
        assert list(rows[0])[:4] == ["teryt", "name", "voivodeship", "gmina_kind"]
        assert [r["status"] for r in rows] == ["reached", "white_spot", "outside", "white_spot", "reached"]
        epsilon = rows[4]
        assert epsilon["population"] == "" and epsilon["amount_per_capita_pln"] == ""  # never 0
        assert rows[0]["amount_per_capita_pln"] == ("10,0" if excel_pl else "10.0")


def test_shipped_region_against_an_independent_count():
    """Lubelskie in 2025, P1: the states and white spots per kind against a count in plain Python
    over the shipped files."""
    paths = DataPaths(DEFAULT_DATA_DIR)
    gminas, powiats = load_gminas(paths), load_powiats(paths)
    outside, _ = big_city_gminas(gminas, loaders.load_big_cities(paths.big_cities))
    grants = loaders.load_grants(paths.grants)
    summary = summarise_grants(grants, "gmina", gminas, powiats, outside, Filters(edition=2025, priority="P1"))
    table = region_gminas(summary.table, "06")

    with open(DEFAULT_DATA_DIR / "grants.csv", encoding="utf-8") as handle:
        reached: dict[str, int] = {}
        for row in csv.DictReader(handle):
            if row["edition"] == "2025" and row["priority"] == "P1" and row["gmina_teryt"].startswith("06"):
                reached[row["gmina_teryt"]] = reached.get(row["gmina_teryt"], 0) + 1
    with open(DEFAULT_DATA_DIR / "population_gmina_2025.csv", encoding="utf-8") as handle:
        region_rows = [r for r in csv.DictReader(handle) if r["voivodeship_teryt2"] == "06"]
    assert len(table) == len(region_rows)
    expected = {}
    per_kind: dict[str, list[int]] = {}
    for row in region_rows:
        code = row["teryt7"]
        state = OUTSIDE if code in outside else REACHED if code in reached else WHITE_SPOT
        expected[code] = state
        if state != OUTSIDE:
            counts = per_kind.setdefault(row["kind"].removeprefix("gmina "), [0, 0])
            counts[0] += 1
            counts[1] += state == WHITE_SPOT
    assert table["status"].to_dict() == expected
    assert table.loc[list(reached), "grants"].to_dict() == reached
    by_kind = region_white_spots(table)
    for kind, (inside, without) in per_kind.items():
        assert by_kind.loc[kind, ["gminas", "without_grants"]].tolist() == [inside, without]
    assert by_kind.loc["", "outside_programme"] == sum(1 for c in outside if c.startswith("06"))
