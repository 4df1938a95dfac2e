
import pytest

from mms_core.text.formatting import NBSP, fmt_metric, fmt_number, fmt_per_capita, fmt_pln, group_digits


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


def _hand_written(value: float, decimals: int) -> str:
    """The hand-written formatting the dashboard had before Babel (the reference)."""
    from decimal import ROUND_HALF_UP, Decimal

    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    return text.replace(",", NBSP).replace(".", ",")


def test_babel_gives_the_same_strings_as_the_hand_written_formatting():
    import random

    rnd = random.Random(13)
    values = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 999.5, 1000, 1234, 9999.995, -1234.5, 10**9]
    values += [rnd.uniform(-1e7, 1e7) for _ in range(2000)]
    values += [round(rnd.uniform(-1e5, 1e5), rnd.randint(0, 4)) for _ in range(2000)]
    for value in values:
        for decimals in (0, 1, 2, 3):
            assert fmt_number(value, decimals) == _hand_written(value, decimals), (value, decimals)
        assert fmt_pln(value) == f"{_hand_written(value, 0)}{NBSP}zł", value


def test_four_digit_numbers_keep_their_group_separator():
    # CLDR's Polish minimum grouping digits (2) would write "1234"; the tables group every number
    assert fmt_number(1234) == f"1{NBSP}234"
    assert fmt_pln(1000) == f"1{NBSP}000{NBSP}zł"
    assert fmt_number(-1000.5, 1) == f"-1{NBSP}000,5"


def test_missing_follows_the_language():
    assert fmt_number(None, lang="en") == "no data"
    assert fmt_metric(float("nan"), "pln", 0, lang="en") == "no data"
    assert fmt_metric(None, "pln", 0, missing="—", lang="en") == "—"


def test_dates_the_polish_way_in_both_languages():
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from mms_core.text.formatting import fmt_date, fmt_datetime

    assert fmt_date(date(2025, 11, 26)) == "26.11.2025"
    assert fmt_date(None, missing="?") == "?"
    assert fmt_datetime(datetime(2026, 1, 2, 3, 4, tzinfo=ZoneInfo("Europe/Warsaw"))) == "02.01.2026 03:04"
    assert fmt_datetime(datetime(2026, 7, 2, 23, 59)) == "02.07.2026 23:59"


def test_short_amounts_for_headline_tiles():
    from mms_core.text.formatting import fmt_pln_short

    assert fmt_pln_short(104_971_600) == f"105,0{NBSP}mln{NBSP}zł"
    assert fmt_pln_short(6_655_200, lang="en") == f"6,7{NBSP}million{NBSP}zł"
    assert fmt_pln_short(999_999) == f"999{NBSP}999{NBSP}zł"
    assert fmt_pln_short(None, missing="—") == "—"


@pytest.mark.parametrize(("text", "expected"), [
    ("70000000", "70\u00a0000\u00a0000"), (">= 780000", ">= 780\u00a0000"), ("~2000", "~2\u00a0000"),
    ("prawie 100 (almost 100)", "prawie 100 (almost 100)"), ("140", "140"),
    ("12 500", "12 500"), ("1234.5", "1234.5"), ("12,5", "12,5"), ("2,5000", "2,5000"),
])
def test_group_digits_groups_whole_numbers_in_published_texts(text, expected):
    assert group_digits(text) == expected
