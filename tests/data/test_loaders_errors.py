"""A missing or malformed data file gives a clear Polish message."""

import pytest

from mms_core.data.paths import DEFAULT_DATA_DIR
from mms_core.data.reference import loaders
from mms_core.data.reference.data_file import DataFileError
from mms_core.maps import geometry
from tests.helpers import grant, write_grants


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError) as err:
        loaders.load_grants(tmp_path / "grants.csv")
    assert err.value.message == "Plik danych „grants.csv” jest nieprawidłowy: nie znaleziono pliku."


def test_missing_column(tmp_path):
    path = tmp_path / "grants.csv"
    path.write_text("grant_id,edition\nX,2025\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        loaders.load_grants(path)
    assert "brak kolumn: priority, org_name" in err.value.message


@pytest.mark.parametrize("change, expected", [
    ({"priority": "P2"}, "wiersz 3, kolumna „priority”: priorytet musi być P1 albo P3."),
    ({"amount_pln": -5}, "wiersz 3, kolumna „amount_pln”: kwota musi być liczbą dodatnią."),
    ({"amount_pln": "dużo"}, "wiersz 3, kolumna „amount_pln”: kwota musi być liczbą dodatnią."),
    ({"amount_pln": 60000}, "wiersz 3, kolumna „amount_pln”: kwota przekracza maksimum priorytetu."),
    ({"voivodeship_teryt": "99"}, "wiersz 3, kolumna „voivodeship_teryt”: nieznany kod województwa."),
    ({"org_type": "partia"}, "wiersz 3, kolumna „org_type”: nieznany typ organizacji."),
    ({"org_type": "grupa_nieformalna"}, "wiersz 3, kolumna „org_type”: grupa nieformalna może otrzymać"),
    ({"grant_id": "A"}, "wiersz 3, kolumna „grant_id”: powtórzony identyfikator dotacji."),
    ({"org_name": "  "}, "wiersz 3, kolumna „org_name”: brak nazwy organizacji."),
])
def test_bad_grant_rows_name_the_row_and_column(tmp_path, change, expected):
    second = grant("B", "06", 1000) | change
    write_grants(tmp_path / "grants.csv", [grant("A", "02", 1000), second])
    with pytest.raises(DataFileError) as err:
        loaders.load_grants(tmp_path / "grants.csv")
    assert expected in err.value.message


def test_empty_and_binary_files(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(DataFileError):
        loaders.load_grants(tmp_path / "empty.csv")
    (tmp_path / "bin.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe" * 20)
    with pytest.raises(DataFileError) as err:
        loaders.load_grants(tmp_path / "bin.csv")
    assert "Plik danych „bin.csv”" in err.value.message


def test_population_that_does_not_add_up(tmp_path):
    text = (DEFAULT_DATA_DIR / "population_2024.csv").read_text(encoding="utf-8")
    path = tmp_path / "population_2024.csv"
    path.write_text(text.replace("2868242", "2868243"), encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        loaders.load_population(path)
    assert "suma ludności województw nie zgadza się" in err.value.message


def test_broken_geometry_file(tmp_path):
    path = tmp_path / "voivodeships.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        geometry.load_geojson(path)
    assert "granic województw" in err.value.message
