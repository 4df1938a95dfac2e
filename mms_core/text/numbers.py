"""Polish numbers, amounts and dates through Babel (CLDR locale ``pl_PL``), in both UI languages.

The strings are the ones the dashboard has always shown: ``1 234 567``, ``1 234,57``,
``1 234 567 zł``, ``26.11.2025`` — thousands separated by a non-breaking space (U+00A0), a
decimal comma. Two choices keep them so:

* explicit patterns (``#,##0.00``): CLDR's Polish data asks for a group separator only from
  five digits on (minimum grouping digits 2: ``1234`` but ``12 345``); a table of amounts
  reads better with every number grouped the same way, and the exports stay as they were;
* rounding half up on the decimal value as written (``2.25`` → ``2,3``, ``0.05`` → ``0,1``),
  as people expect, where Babel alone would round half to even; and no ``-0``.

Speed: Babel's ``format_decimal`` and ``format_currency`` parse the pattern and the locale on
every call (a page writes a few hundred numbers); here both are parsed once and the parsed
pattern is applied, exactly as those functions do.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import NumberPattern, parse_pattern

#: Numbers, amounts and dates are written the Polish way whatever the UI language.
NUMBER_LOCALE = "pl_PL"
NBSP = "\u00a0"
DATE_PATTERN = "dd.MM.yyyy"
DATETIME_PATTERN = "dd.MM.yyyy HH:mm"


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


@cache
def _locale() -> Locale:
    return Locale.parse(NUMBER_LOCALE)


@cache
def _parsed(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def _half_up(value: float | int | Decimal, decimals: int) -> Decimal:
    """``value`` rounded half up to ``decimals`` places, as written (``repr``), never ``-0``."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def format_number(value: float | int | Decimal, decimals: int = 0) -> str:
    """``1234567.891, 2`` → ``1 234 567,89`` (no-break spaces)."""
    return _parsed(_pattern(decimals)).apply(_half_up(value, decimals), _locale())


def format_count(n: int) -> str:
    """A count of things: ``2000`` → ``2 000``."""
    return format_number(int(n), 0)


def format_pln(value: float | int | Decimal, decimals: int = 0) -> str:
    """``1234567`` → ``1 234 567 zł`` (CLDR's Polish currency symbol and its place)."""
    return _parsed(_pattern(decimals) + NBSP + "¤").apply(_half_up(value, decimals), _locale(), currency="PLN",
                                                         currency_digits=False)


def format_day(value: date | datetime) -> str:
    """``26.11.2025``."""
    return format_date(value, DATE_PATTERN, locale=NUMBER_LOCALE)


def format_moment(value: datetime) -> str:
    """``26.11.2025 10:00`` (the time as the value has it)."""
    return format_datetime(value, DATETIME_PATTERN, tzinfo=value.tzinfo, locale=NUMBER_LOCALE)
