import pytest

from mms_core.facts.voivodeships import BY_TERYT, TERYT_CODES, VOIVODESHIPS, find_voivodeship, fold


def test_sixteen_voivodeships_with_even_teryt_codes():
    assert len(VOIVODESHIPS) == 16
    assert TERYT_CODES == tuple(f"{n:02d}" for n in range(2, 33, 2))
    assert len({v.hasc for v in VOIVODESHIPS}) == 16
    assert len({v.geonames_admin1 for v in VOIVODESHIPS}) == 16


def test_iso_codes():
    assert BY_TERYT["24"].iso == "PL-24"
    assert BY_TERYT["24"].iso_letters == "PL-SL"


def test_fold_drops_polish_letters():
    assert fold(" Łódzkie ") == "lodzkie"
    assert fold("ŚWIĘTOKRZYSKIE") == "swietokrzyskie"


@pytest.mark.parametrize("text", ["Śląskie", "slaskie", "SLASKIE", "woj. śląskie", "województwo śląskie",
                                  "24", "2400000", "PL-24", "PL-SL", 24])
def test_find_voivodeship_accepts_usual_spellings(text):
    assert find_voivodeship(text).teryt == "24"


@pytest.mark.parametrize("text", ["", "Śląsk", "99", "PL-XX", None, "25"])
def test_find_voivodeship_rejects_unknown(text):
    assert find_voivodeship(text) is None
