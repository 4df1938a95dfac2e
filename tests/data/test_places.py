"""Grants put into gminas: the gazetteer, its rules, the sample, the importer and the ledger upgrade.

Expected codes were looked up by hand in ``mms_data/population_gmina_2025.csv`` (GUS TERYT 2025)
and in the gazetteer ``mms_data/places_prng_2021.csv``.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3

import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, shape

from mms_core.data.importing.importer import read_grants_file
from mms_core.data.ledger import db_path, prepare, read_view
from mms_core.data.ledger.files import canonical_csv_v1, sha256
from mms_core.data.paths import DEFAULT_DATA_DIR, GEODATA_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.data.reference.places import (
    AMBIGUOUS,
    BAD_CODE,
    PLACED,
    PLACED_AS_TOWN,
    UNKNOWN,
    load_places,
    loose_key,
    name_key,
    place_grants,
    shipped_gazetteer,
)
from mms_core.data.reference.units import load_gminas


@pytest.fixture(scope="module")
def gazetteer():
    return shipped_gazetteer()


def test_names_compare_without_case_spaces_or_dash_kinds():
    assert name_key("  Kędzierzyn – Koźle ") == "kędzierzyn-koźle"
    assert loose_key("Łęczna") == "leczna"


@pytest.mark.parametrize("region, town, gmina, powiat, expected, outcome", [
    ("06", "Łęczna", "", "", "0610033", PLACED),  # one place of that name: gmina miejsko-wiejska Łęczna
    ("06", "LECZNA", "", "", "0610033", PLACED),  # typed without Polish letters
    ("12", "Kamienica", "", "", "", AMBIGUOUS),  # villages in gm. Kamienica (limanowski) and gm. Gołcza
    ("12", "Kamienica", "Kamienica", "", "1207052", PLACED),  # the file's gmina column decides
    ("12", "Kamienica", "gmina Gołcza", "", "1208022", PLACED),
    ("14", "Nowa Wieś", "", "1404", "1404022", PLACED),  # the powiat narrows 28 gminas to one
    ("02", "Bielawa", "", "", "0202011", PLACED_AS_TOWN),  # the town Bielawa, not the village in gm. Wisznia Mała
    ("06", "Nibylandia", "", "", "", UNKNOWN),
    ("06", "Łęczna", "0610033", "", "0610033", PLACED),  # a code wins
    ("06", "Łęczna", "1465011", "", "", BAD_CODE),  # Warszawa is not in lubelskie
])
def test_a_town_is_placed_by_the_documented_rules(gazetteer, region, town, gmina, powiat, expected, outcome):
    placement = gazetteer.place(region, town, gmina, powiat)
    assert (placement.gmina, placement.outcome) == (expected, outcome)


def test_every_place_lies_in_a_known_gmina_of_its_voivodeship():
    places = load_places(DEFAULT_DATA_DIR / "places_prng_2021.csv")
    gminas = load_gminas(DataPaths(DEFAULT_DATA_DIR))
    assert len(places) == 43_962 + 40  # PRNG's towns and villages, and the gmina seats from GeoNames
    assert set(places["placed_by"]) == {"inside", "nearest", "seat"}
    assert places["gmina_teryt"].isin(gminas["teryt"]).all()
    assert (places["gmina_teryt"].str[:2] == places["voivodeship_teryt"]).all()


def test_zolkiewka_the_seat_of_its_gmina_is_found(gazetteer):
    """Issue 24, item 13: Żółkiewka (gm. Żółkiewka, 0606112), a settlement (osada) in PRNG, was not in
    the gazetteer: PRNG's package has towns and villages only."""
    for typed in ("Żółkiewka", "ŻÓŁKIEWKA", "Zolkiewka"):
        assert (gazetteer.place("06", typed).gmina, gazetteer.place("06", typed).outcome) == ("0606112", PLACED)
    assert gazetteer.place("02", "Żółkiewka").gmina == "0219063"  # the village of that name in dolnośląskie
    assert gazetteer.coordinates("06", "Żółkiewka", "0606112") == pytest.approx((50.9099, 22.8346))  # town layer
    # a seat that became a town since 2021, beside a village of its name elsewhere: the town is chosen
    assert (gazetteer.place("06", "Kurów").gmina, gazetteer.place("06", "Kurów").outcome) == ("0614063", PLACED_AS_TOWN)


#: Gminas not named after a place of theirs, with their seat (GUS / the gminas' sites); None: the seat
#: lies outside the gmina (gm. Nowosolna's office is in Łódź).
SEATS_NAMED_OTHERWISE = {
    "0415042": "Lubicz Dolny", "0608132": "Stary Uścimów", "0619082": "Wyryki-Połód", "1006082": None,
    "1017012": "Biała Druga", "1206022": "Wawrzeńczyce", "1206042": "Jerzmanowice", "1206052": "Luborzyca",
    "1215042": "Bystra Podhalańska", "2008052": "Krypno Kościelne", "2417102": "Wieprz", "2605062": "Słupia",
}
#: The two gminas made in 2025 (no polygon: their places lie in the gminas they came from).
NEW_GMINAS_2025 = {"1207132", "2002162"}


def test_every_gmina_seat_is_found_in_its_gmina(gazetteer):
    """The class of Żółkiewka: every 2025 gmina's seat (the place it is named after, its name without a
    bracketed qualifier, or the seat listed above) is found by the place search, told the powiat as a
    file may give it (two gminas Rogowo in kujawsko-pomorskie), in that gmina — or, for a rural gmina
    seated in the town beside it (gm. Bolesławiec in Bolesławiec), in the urban gmina of that name; or
    it is one of two places of that name in the powiat (said as ambiguous, the gmina among them).
    Before the seats were added, 40 were missing or put in another gmina (Kurów, Jeżów, Mirów …)."""
    gminas = load_gminas(DataPaths(DEFAULT_DATA_DIR))
    names = gminas["name"].to_dict()
    missed, ambiguous = [], 0
    for code, gmina in gminas.iterrows():
        seat = SEATS_NAMED_OTHERWISE.get(code, re.sub(r"\s*\([^)]*\)$", "", gmina["name"]))
        if seat is None or code in NEW_GMINAS_2025:
            continue
        placement = gazetteer.place(gmina["voivodeship"], seat, "", gmina["powiat"])
        if placement.outcome == AMBIGUOUS and code in placement.candidates:
            ambiguous += 1
        elif placement.outcome not in (PLACED, PLACED_AS_TOWN) or (
                placement.gmina != code and names[placement.gmina] != gmina["name"]):
            missed.append(f"{seat} ({code}): {placement.outcome} {placement.gmina}")
    assert missed == []
    assert ambiguous == 9  # e.g. Zakrzewo: the seat and a village of gm. Waganiec, both in powiat aleksandrowski


@pytest.fixture(scope="module")
def sample():
    return loaders.load_grants(DEFAULT_DATA_DIR / "grants.csv")


def test_each_sample_grant_has_a_gmina_of_its_voivodeship(sample):
    gminas = load_gminas(DataPaths(DEFAULT_DATA_DIR))
    assert sample["gmina_teryt"].isin(gminas["teryt"]).all()
    assert (sample["gmina_teryt"].str[:2] == sample["voivodeship_teryt"]).all()


def test_each_sample_town_lies_inside_its_gmina_polygon(sample):
    polygons = {f["properties"]["teryt"]: shape(f["geometry"])
                for f in json.loads((GEODATA_DIR / "gminas.geojson").read_text(encoding="utf-8"))["features"]}
    places = load_places(DEFAULT_DATA_DIR / "places_prng_2021.csv")
    places = places.assign(key=places["name"].map(name_key))
    pairs = sample[["town", "gmina_teryt"]].drop_duplicates()
    outside = []
    for town, gmina in pairs.itertuples(index=False):
        rows = places[(places["gmina_teryt"] == gmina) & (places["key"] == name_key(town))]
        assert len(rows), f"{town} is not a place of gmina {gmina}"
        polygon = polygons[gmina]
        shapely.prepare(polygon)
        if not any(polygon.contains(Point(lon, lat)) for lat, lon in zip(rows["lat"], rows["lon"])):
            outside.append((town, gmina))
    assert outside == []


def test_no_sample_grant_is_in_a_city_over_100k(sample):
    gminas = load_gminas(DataPaths(DEFAULT_DATA_DIR))
    big = loaders.load_big_cities(DEFAULT_DATA_DIR / "cities_over_100k_2023.csv")
    big_gminas = {code for code, name, kind in gminas[["teryt", "name", "kind"]].itertuples(index=False)
                  if kind == "miejska" and name in set(big["city"])}
    assert len(big_gminas) >= 36
    assert not sample["gmina_teryt"].isin(big_gminas).any()


def test_the_importer_places_towns_and_says_why_it_cannot(gazetteer):
    text = ("Nazwa organizacji;Województwo;Miejscowość;Gmina;Kwota;Priorytet\n"
            "KGW Łęczna;lubelskie;Łęczna;;10 000;P3\n"
            "OSP Kamienica;małopolskie;Kamienica;;50 000;P1\n"
            "OSP Kamienica 2;małopolskie;Kamienica;Kamienica;40 000;P1\n"
            "Klub X;lubelskie;Nibylandia;;9 000;P3\n"
            "Klub Y;0610033;Łęczna;;9 000;P3\n")
    result = read_grants_file(text.encode(), "lista.csv", edition=2025)
    assert result.columns["gmina"] == "Gmina"
    assert list(result.grants["gmina_teryt"]) == ["0610033", "", "1207052", "", "0610033"]
    warnings = {(w.row, w.message.split(" – ")[0]) for w in result.warnings}
    assert (3, "w województwie jest kilka miejscowości „Kamienica” (gm. Kamienica (1207052), gm. Gołcza "
               "(1208022))") in warnings
    assert (5, "nie znaleziono miejscowości „Nibylandia” w tym województwie (spis PRNG)") in warnings
    assert result.errors == []  # kept: they count in their voivodeship


def test_a_hostile_town_name_is_a_plain_text_in_the_warning(gazetteer):
    text = "Nazwa organizacji;Województwo;Miejscowość;Kwota\nKlub;lubelskie;<img src=x onerror=alert(1)>${x};9 000\n"
    result = read_grants_file(text.encode(), "lista.csv", edition=2025)
    assert list(result.grants["gmina_teryt"]) == [""]
    assert any("<img src=x onerror=alert(1)>${x}" in w.message for w in result.warnings)  # escaped where shown


def test_an_old_grants_file_without_gminas_gets_them_from_the_towns(tmp_path):
    old = pd.read_csv(DEFAULT_DATA_DIR / "grants.csv", dtype=str).head(50).drop(columns="gmina_teryt")
    old.to_csv(tmp_path / "grants.csv", index=False)
    grants = loaders.load_grants(tmp_path / "grants.csv")
    expected, _ = place_grants(old, shipped_gazetteer())
    assert list(grants["gmina_teryt"]) == list(expected)
    assert (grants["gmina_teryt"] != "").sum() >= 40


def test_a_bad_gmina_code_in_the_grants_file_is_refused_in_polish(tmp_path):
    frame = pd.read_csv(DEFAULT_DATA_DIR / "grants.csv", dtype=str).head(3)
    frame.loc[1, "gmina_teryt"] = "1465011"  # Warszawa, but the grant is in dolnośląskie
    frame.to_csv(tmp_path / "grants.csv", index=False)
    with pytest.raises(loaders.DataFileError) as error:
        loaders.load_grants(tmp_path / "grants.csv")
    assert "wiersz 3, kolumna „gmina_teryt”: gmina leży w innym województwie" in error.value.message


def test_a_ledger_of_schema_1_is_upgraded_with_gminas_and_stays_trusted(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("grants.csv", "grants.meta.json"):
        shutil.copy(DEFAULT_DATA_DIR / name, data / name)
    paths = DataPaths(data)
    assert prepare(paths) == ""
    expected = read_view(paths).grants["gmina_teryt"]
    # make it a version 1 ledger: no gmina column, checksums of the rows without it
    with sqlite3.connect(db_path(paths)) as connection:
        rows = pd.read_sql_query("SELECT grant_id, edition, priority, org_name, org_type, voivodeship_teryt, town, "
                                 "amount_grosze FROM grants ORDER BY source_id, seq", connection)
        rows["amount_pln"] = rows["amount_grosze"] / 100
        connection.execute("UPDATE sources SET data_sha256 = ?", (sha256(canonical_csv_v1(rows)),))
        connection.execute("ALTER TABLE grants DROP COLUMN gmina_teryt")
        connection.execute("UPDATE schema_version SET version = 1")
    old = read_view(paths)  # a reader meanwhile: no gminas yet, nothing marked as changed
    assert old.mismatched == () and (old.grants["gmina_teryt"] == "").all()
    assert prepare(paths) == ""  # the first writer upgrades
    new = read_view(paths)
    assert new.mismatched == () and new.state == old.state + 1
    placed, _ = place_grants(new.grants, shipped_gazetteer())
    assert list(new.grants["gmina_teryt"]) == list(placed)
    # towns the generator placed by coordinates are placed the same way by name, bar ambiguous names
    assert (new.grants["gmina_teryt"] == expected).mean() > 0.9
    with sqlite3.connect(db_path(paths)) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchone() == (2,)
