"""Which column is which field: the wordings of real results tables, doubts, and choosing by hand."""

from __future__ import annotations

import pytest

from mms_core.data.importing.columns import detect, header_scores, normalise_header, parse_column_option
from mms_core.data.importing.importer import ColumnsNotFound, ImportFileError, column_report, read_grants_file


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def read(*lines: str, column_map=None, edition=2025):
    return read_grants_file(csv_bytes(*lines), "lista.csv", edition, column_map=column_map)


def test_granted_amount_is_chosen_over_the_requested_one_whatever_the_order():
    result = read("Nazwa oferenta;Województwo;Kwota wnioskowana;Kwota przyznana",
                  "Stowarzyszenie Razem;lubelskie;12 000;9 500")
    assert result.columns["amount_pln"] == "Kwota przyznana"
    assert result.columns["org_name"] == "Nazwa oferenta"
    assert list(result.grants["amount_pln"]) == [9500.0]
    assert result.doubts == {}


@pytest.mark.parametrize("requested", ["Kwota wnioskowana", "Wnioskowana kwota dotacji (zł)", "Koszt całkowity zadania",
                                       "Wartość projektu", "Wkład własny", "Kwota wnioskowana ogółem"])
def test_a_requested_amount_or_a_cost_is_never_the_grant(requested):
    assert "amount_pln" not in header_scores(normalise_header(requested))
    with pytest.raises(ColumnsNotFound) as error:
        read(f"Nazwa organizacji;Województwo;{requested}", "Stowarzyszenie Razem;lubelskie;12 000")
    assert error.value.missing == ["amount_pln"]
    assert "kwota wnioskowana albo koszt" in error.value.message and requested in error.value.message
    assert error.value.headers == ["Nazwa organizacji", "Województwo", requested]


def test_a_bare_amount_beside_a_requested_one_is_doubtful():
    result = read("Nazwa organizacji;Województwo;Kwota wnioskowana;Kwota", "Stowarzyszenie Razem;lubelskie;12 000;9 500")
    assert result.columns["amount_pln"] == "Kwota"
    assert "Kwota wnioskowana" in result.doubts["amount_pln"]
    assert column_report(result).set_index("pole").loc["kwota dotacji", "do sprawdzenia"] == result.doubts["amount_pln"]


def test_two_equally_good_name_columns_are_doubtful():
    result = read("Nazwa organizacji;Nazwa wnioskodawcy;Województwo;Kwota dotacji",
                  "Stowarzyszenie Razem;Jan Kowalski;lubelskie;9 500")
    assert "pasuje kilka kolumn" in result.doubts["org_name"]


def test_lp_title_rows_and_a_teryt_code_column():
    result = read("Lista grantobiorców – Priorytet 3 – edycja 2025",
                  "stan na 2025-11-30",
                  "Lp.;Nazwa grantobiorcy;Kod TERYT gminy;Miejscowość;Kwota przyznanej dotacji (zł);Nr umowy",
                  "1;KGW w Lipowej;0612011;Lipowa;8 000,00;P3/LU/001",
                  "2;OSP Zalesie;0612011;Zalesie;9 999,99;P3/LU/002")
    assert result.header_row == 3
    assert result.columns == {"org_name": "Nazwa grantobiorcy", "voivodeship": "Kod TERYT gminy", "town": "Miejscowość",
                              "amount_pln": "Kwota przyznanej dotacji (zł)", "grant_id": "Nr umowy"}
    assert list(result.grants["voivodeship_teryt"]) == ["06", "06"]
    assert list(result.grants["grant_id"]) == ["P3/LU/001", "P3/LU/002"]  # never the "Lp." numbers
    assert result.doubts == {}


@pytest.mark.parametrize("header, field", [
    ("Dofinansowanie (zł)", "amount_pln"), ("Wysokość przyznanej dotacji", "amount_pln"), ("Kwota umowy", "amount_pln"),
    ("Nazwa oferenta", "org_name"), ("Pełna nazwa organizacji", "org_name"), ("TERYT", "voivodeship"),
    ("Województwo siedziby", "voivodeship"), ("Numer ewidencyjny", "grant_id"), ("Forma prawna", "org_type"),
    ("Rok naboru", "edition"), ("Miejscowość realizacji zadania", "town"),
])
def test_usual_wordings(header, field):
    assert header_scores(normalise_header(header)).get(field, 0) >= 2


@pytest.mark.parametrize("header", ["Lp.", "L.p.", "Nr", "Data przyznania dotacji", "Dofinansowanie (%)",
                                    "Nazwa zadania", "Grupa docelowa", "Liczba uczestników"])
def test_headers_that_are_no_field(header):
    found = header_scores(normalise_header(header))
    assert not ({"amount_pln", "org_name", "grant_id"} & found.keys()), found


def test_a_header_only_like_a_field_is_used_but_doubtful():
    found = detect(["Nazwa organizacji", "Województwo", "Wysokość środków"])
    assert found.columns["amount_pln"] == 2 and "podobieństwie" in found.doubts["amount_pln"]


def test_choosing_columns_by_hand_by_header_or_index():
    lines = ("Podmiot;Region działania;Środki;Rok", "Stowarzyszenie Razem;lubelskie;9 500;2025")
    with pytest.raises(ColumnsNotFound) as error:
        read(*lines)
    assert set(error.value.missing) >= {"amount_pln"}
    by_name = read(*lines, column_map={"org_name": "Podmiot", "voivodeship": "region działania", "amount_pln": "ŚRODKI"})
    by_index = read(*lines, column_map={"org_name": 0, "voivodeship": 1, "amount_pln": 2})
    for result in (by_name, by_index):
        assert result.columns["amount_pln"] == "Środki" and result.columns["edition"] == "Rok"
        assert list(result.grants["amount_pln"]) == [9500.0] and result.doubts == {}


def test_choosing_by_hand_overrides_detection():
    result = read("Nazwa organizacji;Województwo;Kwota;Kwota po korekcie", "Stowarzyszenie Razem;lubelskie;9 500;9 000",
                  column_map={"amount_pln": "Kwota po korekcie"})
    assert list(result.grants["amount_pln"]) == [9000.0]


@pytest.mark.parametrize("column_map, message", [
    ({"amount_pln": "Nie ma takiej"}, "Nie znaleziono w nagłówku pliku kolumn wskazanych ręcznie: „Nie ma takiej”"),
    ({"amount_pln": "Kwota wnioskowana"}, "to kwota wnioskowana albo koszt"),
    ({"kwota": "Kwota"}, "Nieznane pole „kwota”"),
    ({"org_name": "Kwota", "amount_pln": "kwota"}, "Ta sama kolumna"),
])
def test_wrong_choices_by_hand_are_refused(column_map, message):
    with pytest.raises(ImportFileError) as error:
        read("Nazwa organizacji;Województwo;Kwota wnioskowana;Kwota", "Stowarzyszenie Razem;lubelskie;12 000;9 500",
             column_map=column_map)
    assert message in error.value.message


def test_column_option_of_the_command_line():
    assert parse_column_option("amount_pln=Kwota przyznana (zł)") == ("amount_pln", "Kwota przyznana (zł)")
    with pytest.raises(ValueError):
        parse_column_option("amount_pln")
    with pytest.raises(ValueError):
        parse_column_option("kwota=Kwota")
