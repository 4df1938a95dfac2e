
from mms_core.text.formatting import NBSP, fmt_metric, fmt_number, fmt_per_capita, fmt_pln


def test_thousands_with_non_breaking_space():
    assert fmt_number(1234567) == f"1{NBSP}234{NBSP}567"
    assert fmt_number(999) == "999"


def test_decimal_comma_and_rounding():
    assert fmt_number(1234.567, 2) == f"1{NBSP}234,57"
    assert fmt_number(0.05, 1) == "0,1"  # half up, not banker's rounding
    assert fmt_number(2.25, 1) == "2,3"
    assert fmt_number(1.005, 2) == "1,01"
    assert fmt_number(-0.04, 1) == "0,0"


def test_pln_and_per_capita():
    assert fmt_pln(1234567) == f"1{NBSP}234{NBSP}567{NBSP}zł"
    assert fmt_per_capita(12.34) == f"12,3{NBSP}zł/os."


def test_missing_values():
    assert fmt_pln(float("nan")) == "brak danych"
    assert fmt_number(None, missing="—") == "—"
    assert fmt_pln(None) == "brak danych"


def test_metric_units():
    assert fmt_metric(12, "count", 0) == "12"
    assert fmt_metric(4500000, "pln", 0) == f"4{NBSP}500{NBSP}000{NBSP}zł"
    assert fmt_metric(2.256, "pln_per_person", 2) == f"2,26{NBSP}zł/os."
    assert fmt_metric(7.01, "per_100k", 1) == f"7,0{NBSP}na{NBSP}100{NBSP}tys."


def test_percent_change_has_a_sign():
    assert fmt_metric(12.345, "percent", 1) == "+12,3%"
    assert fmt_metric(-40, "percent", 1) == "-40,0%"
    assert fmt_metric(0, "percent", 1) == "0,0%"


def test_unit_words_follow_the_language_numbers_stay_polish():
    assert fmt_metric(1234.5, "pln_per_person", 2, lang="en") == f"1{NBSP}234,50{NBSP}zł/person"
    assert fmt_metric(7.01, "per_100k", 1, lang="en") == f"7,0{NBSP}per{NBSP}100k"
    assert fmt_per_capita(2.5, lang="pl") == f"2,5{NBSP}zł/os."
