"""Summaries below the voivodeship (:func:`mms_core.analysis.units_summary.summarise` at the powiat and gmina
levels): joins, sums against the levels above, white spots by hand, a level summary hand-computed on a toy table,
the big cities resolved to gminas."""

from __future__ import annotations

import csv
import json
import math

import pandas as pd
import pytest

from mms_core.analysis.address import LEVEL
from mms_core.analysis.aggregates import filter_grants, region_summary
from mms_core.analysis.filters import Filters
from mms_core.analysis.levels import (
    big_city_gminas,
    summary_columns,
    unit_aggregate,
    units,
    unplaced_by_region,
    white_spots,
)
from mms_core.analysis.param import single
from mms_core.analysis.units_summary import UNIT_COLUMNS
from mms_core.data.paths import DEFAULT_DATA_DIR, GEODATA_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.data.reference.units import load_gminas, load_powiats
from mms_core.facts.levels import LEVEL_BY_CODE
from tests.helpers import summarise_grants

GMINA, POWIAT = LEVEL_BY_CODE["gmina"], LEVEL_BY_CODE["powiat"]


@pytest.fixture(scope="module")
def gminas():
    return load_gminas(DataPaths(DEFAULT_DATA_DIR))


@pytest.fixture(scope="module")
def powiats():
    return load_powiats(DataPaths(DEFAULT_DATA_DIR))


@pytest.fixture(scope="module")
def outside(gminas):
    found, missing = big_city_gminas(gminas, loaders.load_big_cities(DEFAULT_DATA_DIR / "cities_over_100k_2023.csv"))
    assert missing == []
    return found


@pytest.fixture(scope="module")
def placed_grants():
    """The sample grants with their gmina codes, every 7th one made unplaced ("" as an imported
    town that could not be placed), so that both paths run."""
    grants = loaders.load_grants(DEFAULT_DATA_DIR / "grants.csv")
    assert grants["gmina_teryt"].str.fullmatch(r"\d{7}").all()
    grants.loc[grants.index[::7], "gmina_teryt"] = ""
    return grants


def test_big_cities_resolve_to_their_urban_gminas(outside, gminas):
    assert len(outside) == 37
    assert outside["1465011"] == "Warszawa" and outside["1261011"] == "Kraków"
    assert outside["2463011"] == "Chorzów"  # listed in the source without a readable figure
    assert set(gminas.loc[list(outside), "kind"]) == {"miejska"}


def test_unit_tables_join_the_boundaries(gminas, powiats, outside):
    for level, count in ((GMINA, 2479), (POWIAT, 380)):
        table = units(level, gminas, powiats, outside)
        assert len(table) == count and table.index.is_unique
        polygons = {f["properties"]["teryt"] for f in
                    json.loads((GEODATA_DIR / level.boundary_file).read_text(encoding="utf-8"))["features"]}
        assert set(table.index[table["has_boundary"]]) == polygons
    gmina_table = units(GMINA, gminas, powiats, outside)
    assert sorted(gmina_table.loc[~gmina_table["has_boundary"], "name"]) == ["Grabówka", "Szczawa"]


def test_eligible_population_is_zero_in_big_cities_and_missing_stays_missing(gminas, powiats, outside):
    table = units(GMINA, gminas, powiats, outside)
    assert (table.loc[list(outside), "eligible_population"] == 0).all()
    assert table["population"].isna().sum() == 6
    assert table["eligible_population"].isna().sum() == 6  # never 0 for "no figure"
    powiat = units(POWIAT, gminas, powiats, outside)
    assert powiat.loc["1465", "outside_programme"] and powiat.loc["1465", "eligible_population"] == 0
    # a powiat with a big city inside it but other gminas too does not exist in 2025: city powiats only
    assert powiat["outside_programme"].sum() == 37


@pytest.mark.parametrize("edition", [2025, 2026, None])
def test_gmina_sums_equal_the_levels_above(placed_grants, gminas, powiats, outside, population, eligible, edition):
    totals = filter_grants(unit_aggregate(placed_grants, gminas.index), Filters(edition=edition))
    gmina = summarise_grants(placed_grants, "gmina", gminas, powiats, outside, Filters(edition=edition))
    powiat = summarise_grants(placed_grants, "powiat", gminas, powiats, outside, Filters(edition=edition))
    assert gmina.unplaced_grants == powiat.unplaced_grants > 0
    assert gmina.unplaced_amount_pln == pytest.approx(powiat.unplaced_amount_pln)
    by_powiat = gmina.table.groupby(gmina.table.index.str[:4])[["grants", "amount_pln"]].sum()
    pd.testing.assert_frame_equal(by_powiat.reindex(powiat.table.index), powiat.table[["grants", "amount_pln"]],
                                  check_names=False)
    # voivodeships: the placed grants of its gminas plus its unplaced ones
    regions = region_summary(filter_grants(placed_grants, Filters(edition=edition)), population, eligible)
    by_region = gmina.table.groupby(gmina.table.index.str[:2])["grants"].sum()
    unplaced = unplaced_by_region(totals).reindex(regions.index).fillna(0)
    assert (by_region.reindex(regions.index) + unplaced).astype(int).tolist() == regions["grants"].tolist()
    pd.testing.assert_frame_equal(gmina.regions, regions)  # the summary's own voivodeships are those
    # population: a powiat's GUS figure is the sum of its gminas' where none is missing
    known = gminas.groupby("powiat")["population"].agg(lambda s: s.sum() if s.notna().all() else pd.NA).dropna()
    assert (powiat.table.loc[known.index, "population"] == known.astype("int64")).all()


def test_white_spots_equal_an_independent_count(placed_grants, gminas, powiats, outside):
    table = summarise_grants(placed_grants, "gmina", gminas, powiats, outside,
                             Filters(edition=2025, priority="P3")).table
    by_region, by_kind = white_spots(table)
    # by hand: read the files again, count in plain Python
    with open(DEFAULT_DATA_DIR / "population_gmina_2025.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    reached = {g for g, e, p in zip(placed_grants["gmina_teryt"], placed_grants["edition"], placed_grants["priority"])
               if g and e == 2025 and p == "P3"}
    count: dict[str, list[int]] = {}
    for row in rows:
        if row["teryt7"] in outside:
            continue
        for key in (row["voivodeship_teryt2"], row["kind"].removeprefix("gmina ")):
            inside_without = count.setdefault(key, [0, 0])
            inside_without[0] += 1
            inside_without[1] += row["teryt7"] not in reached
    assert by_region.loc["lubelskie", "gminas"] == count["06"][0]
    assert by_region.loc["lubelskie", "without_grants"] == count["06"][1]
    assert by_region.loc["śląskie", "outside_programme"] == 12
    for kind in ("wiejska", "miejsko-wiejska", "miejska"):
        assert by_kind.loc[kind, ["gminas", "without_grants"]].tolist() == count[kind]
        assert by_kind.loc[kind, "share_pct"] == pytest.approx(100 * count[kind][1] / count[kind][0])
    assert by_kind.loc["", "gminas"] == 2479 - 37
    assert by_kind.loc["", "without_grants"] == sum(count[k][1] for k in ("wiejska", "miejsko-wiejska", "miejska"))
    assert by_region.loc["", "without_grants"] == by_kind.loc["", "without_grants"]


def toy_units():
    """Three gminas in two powiats of lubelskie: a rural one, a big city, one with no population."""
    gminas = pd.DataFrame({
        "teryt": ["0601011", "0601022", "0662011"], "name": ["Alfa", "Beta", "Miasto"],
        "kind": ["miejska", "wiejska", "miejska"], "powiat": ["0601", "0601", "0662"],
        "voivodeship": ["06", "06", "06"], "population": pd.array([1000, pd.NA, 200_000], dtype="Int64"),
        "boundary_teryt": ["0601011", "0601022", "0662011"],
    }).set_index("teryt", drop=False)
    powiats = pd.DataFrame({"teryt": ["0601", "0662"], "name": ["bialski", "Miasto"], "voivodeship": ["06", "06"],
                            "population": pd.array([5000, 200_000], dtype="Int64")}).set_index("teryt", drop=False)
    return gminas, powiats, {"0662011": "Miasto"}


def toy_grants():
    rows = [("0601011", 10_000.0), ("0601011", 30_000.0), ("0601022", 5_000.0), ("0662011", 50_000.0),
            ("", 7_000.0), ("9999999", 1_000.0)]
    return pd.DataFrame({"edition": 2025, "priority": "P1", "org_type": "kgw", "voivodeship_teryt": "06",
                         "gmina_teryt": [r[0] for r in rows], "amount_pln": [r[1] for r in rows]})


def test_gmina_summary_hand_computed():
    gminas, powiats, outside = toy_units()
    summary = summarise_grants(toy_grants(), "gmina", gminas, powiats, outside)
    table = summary.table
    assert list(table.columns) == list(UNIT_COLUMNS)
    assert list(summary.shown.columns) == list(summary_columns(GMINA))  # what the CSV holds
    assert summary.unplaced_grants == 2 and summary.unplaced_amount_pln == 8_000.0  # "" and an unknown code
    alfa, beta, city = (table.loc[c] for c in ("0601011", "0601022", "0662011"))
    assert (alfa["grants"], alfa["amount_pln"]) == (2, 40_000.0)
    assert alfa["amount_per_capita_pln"] == 40.0  # 40 000 zł / 1 000 persons
    assert alfa["grants_per_100k"] == 200.0  # 2 × 100 000 / 1 000
    assert alfa["amount_per_eligible_pln"] == 40.0 and alfa["average_grant_pln"] == 20_000.0
    assert alfa["gmina_kind"] == "miejska" and alfa["voivodeship"] == "lubelskie" and alfa["outside_programme"] == 0
    assert beta["grants"] == 1 and pd.isna(beta["population"])
    assert math.isnan(beta["amount_per_capita_pln"]) and math.isnan(beta["grants_per_100k"])  # brak danych, not 0
    assert city["outside_programme"] == 1 and city["eligible_population"] == 0
    assert city["amount_per_capita_pln"] == 0.25 and math.isnan(city["amount_per_eligible_pln"])


def test_powiat_summary_hand_computed():
    gminas, powiats, outside = toy_units()
    summary = summarise_grants(toy_grants(), "powiat", gminas, powiats, outside)
    table = summary.table
    assert list(summary.shown.columns) == list(summary_columns(POWIAT))
    assert table.loc["0601", ["grants", "amount_pln", "population", "eligible_population"]].tolist() == [
        3, 45_000.0, 5000, 5000]
    assert table.loc["0601", "amount_per_capita_pln"] == 9.0  # 45 000 zł / 5 000 persons (the powiat's own figure)
    assert table.loc["0662", "outside_programme"] == 1 and table.loc["0662", "eligible_population"] == 0


def test_grants_without_the_gmina_column_are_all_unplaced():
    gminas, powiats, outside = toy_units()
    summary = summarise_grants(toy_grants().drop(columns="gmina_teryt"), "gmina", gminas, powiats, outside)
    assert summary.table["grants"].sum() == 0 and summary.unplaced_grants == 6


def test_white_spots_on_the_toy_table():
    gminas, powiats, outside = toy_units()
    table = summarise_grants(toy_grants().iloc[:2], "gmina", gminas, powiats, outside).table
    by_region, by_kind = white_spots(table)
    assert by_region.loc["lubelskie"].tolist() == [2, 1, 50.0, 1]  # Beta has none; the city is not a white spot
    assert by_kind.loc["miejska", ["gminas", "without_grants", "outside_programme"]].tolist() == [1, 0, 1]
    assert by_kind.loc["wiejska", ["gminas", "without_grants"]].tolist() == [1, 1]
    assert math.isnan(by_kind.loc["miejsko-wiejska", "share_pct"])  # no such gmina: no share, not 0 %


@pytest.mark.parametrize(("params", "level", "bad"), [
    ({}, "voivodeship", False), ({"level": "gmina"}, "gmina", False), ({"level": ["gmina", "powiat"]}, "powiat", False),
    ({"level": "Gmina"}, "voivodeship", True), ({"level": ""}, "voivodeship", True),
    ({"level": "<img src=x onerror=alert(1)>"}, "voivodeship", True),
])
def test_level_parameter(params, level, bad):
    """``?level=`` as the address registry reads it (mms_ui.params.take: the last value, the default when it is
    absent or not understood, and the warning then)."""
    value = single(params.get("level"))
    understood = value is None or LEVEL.understood(value)
    chosen = LEVEL.parse(value) if value is not None and understood else LEVEL.default
    assert chosen.code == level
    assert (not understood) == bad
    if bad:
        assert "level" in LEVEL.warning_text(value, "pl") and "Nieprawidłowa" in LEVEL.warning_text(value, "pl")
