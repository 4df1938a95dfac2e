"""Powiat and gmina units: boundaries join population rows, levels add up, layers fit exactly."""

import json

import geopandas as gpd
import pytest

from mms_core.data.paths import DEFAULT_DATA_DIR, STATIC_DIR, DataPaths
from mms_core.data.reference.units import GMINA_KINDS, load_gminas, load_powiats
from mms_core.facts.levels import LEVEL_BY_CODE
from mms_core.facts.voivodeships import TERYT_CODES

PATHS = DataPaths(DEFAULT_DATA_DIR)
NEW_IN_2025 = {"1207132", "2002162"}  # Szczawa, Grabówka: no polygon (mms_data/README.md)
NO_FIGURE = 6  # gminas without a GUS figure (population_missing_2025.csv)


@pytest.fixture(scope="module")
def gminas():
    return load_gminas(PATHS)


@pytest.fixture(scope="module")
def layers():
    return {code: gpd.read_file(PATHS.boundaries_of(LEVEL_BY_CODE[code])).to_crs("EPSG:2180")
            for code in ("gmina", "powiat", "voivodeship")}


def test_every_gmina_polygon_joins_a_population_row_and_back(gminas, layers):
    polygons = set(layers["gmina"]["teryt"])
    assert len(polygons) == len(layers["gmina"]) == 2477
    rows = set(gminas["teryt"])
    assert polygons <= rows
    assert rows - polygons == NEW_IN_2025
    assert set(gminas.loc[gminas["boundary_teryt"] != "", "teryt"]) == polygons
    assert set(gminas["kind"]) == set(GMINA_KINDS)


def test_missing_population_is_missing_not_zero(gminas):
    assert gminas["population"].isna().sum() == NO_FIGURE
    assert (gminas["population"].dropna() > 0).all()


def test_gminas_add_up_to_powiats_and_voivodeships(gminas):
    powiats = load_powiats(PATHS)
    assert len(powiats) == 380 and set(gminas["powiat"]) == set(powiats.index)
    sums = gminas.groupby("powiat")["population"].sum()
    gaps = powiats.index[powiats["population"] != sums.reindex(powiats.index)]
    with_missing = set(gminas.loc[gminas["population"].isna(), "powiat"])
    # the documented gap: only powiats with a gmina without a figure differ
    assert set(gaps) == with_missing and len(gaps) == NO_FIGURE
    # powiats add up exactly to voivodeships, and stay within 1.5 % of GUS 2024 (a year of decline)
    from mms_core.data.reference.loaders import load_population

    by_voivodeship = powiats.groupby("voivodeship")["population"].sum()
    population_2024 = load_population(PATHS.population)["population"]
    change = (by_voivodeship / population_2024 - 1).astype(float)
    assert change.between(-0.015, 0.001).all()


def test_layers_fit_one_another_exactly(layers):
    gmina = layers["gmina"].assign(powiat=lambda g: g["teryt"].str[:4], voiv=lambda g: g["teryt"].str[:2])
    gmina_area = gmina.area.groupby(gmina["powiat"]).sum()
    powiat_area = layers["powiat"].set_index("teryt").area
    assert (abs(powiat_area / gmina_area.reindex(powiat_area.index) - 1) < 1e-5).all()  # unions of the snapped gminas: slivers under 0.001 %
    voiv_area = layers["voivodeship"].set_index("teryt").area
    assert (abs(voiv_area / gmina.area.groupby(gmina["voiv"]).sum().reindex(voiv_area.index) - 1) < 1e-5).all()  # unions of the snapped gminas: slivers under 0.001 %
    assert abs(voiv_area.sum() / 1e6 - 312_696) / 312_696 < 0.01  # official area of Poland, km²
    for layer in layers.values():
        assert layer.geometry.is_valid.all()


@pytest.mark.parametrize("level", ["gmina", "powiat", "voivodeship"])
def test_static_copy_is_the_same_file(level):
    name = LEVEL_BY_CODE[level].boundary_file
    assert (STATIC_DIR / "geo" / name).read_bytes() == PATHS.boundaries_of(LEVEL_BY_CODE[level]).read_bytes()
    assert json.loads((STATIC_DIR / "geo" / name).read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_each_voivodeship_file_holds_exactly_its_gminas():
    national = json.loads(PATHS.boundaries_of(LEVEL_BY_CODE["gmina"]).read_text(encoding="utf-8"))["features"]
    seen = []
    for code in TERYT_CODES:
        part = json.loads((STATIC_DIR / "geo" / "gminas" / f"{code}.geojson").read_text(encoding="utf-8"))
        assert part["type"] == "FeatureCollection"
        assert part["features"] == [f for f in national if f["properties"]["teryt"][:2] == code]
        seen += [f["properties"]["teryt"] for f in part["features"]]
    assert sorted(seen) == sorted(f["properties"]["teryt"] for f in national) and len(seen) == 2477
