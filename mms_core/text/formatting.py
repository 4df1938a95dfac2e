"""Polish number formats: ``1 234 567 zł``, ``12,3 zł/os.``.

Thousands are separated by a non-breaking space (U+00A0) so that a number never
breaks across lines; the decimal separator is a comma.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
NO_DATA = "brak danych"


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | int | None, decimals: int = 0, missing: str = NO_DATA) -> str:
    """Format a number the Polish way: ``1234567.891, 2`` → ``1 234 567,89``.

    Rounds half up on the decimal value as written (``2.25`` → ``2,3``), as people expect.
    """
    if _is_missing(value):
        return missing
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # no "-0,0"
    return text.replace(",", NBSP).replace(".", ",")


def fmt_pln(value: float | int | None, decimals: int = 0, missing: str = NO_DATA) -> str:
    """Amount in złoty: ``1234567`` → ``1 234 567 zł``."""
    if _is_missing(value):
        return missing
    return f"{fmt_number(value, decimals)}{NBSP}zł"


#: Unit words after a number, by language (numbers keep the Polish format in both).
PER_PERSON = {"pl": "zł/os.", "en": "zł/person"}
PER_100K = {"pl": f"na{NBSP}100{NBSP}tys.", "en": f"per{NBSP}100k"}


def fmt_per_capita(value: float | None, decimals: int = 1, missing: str = NO_DATA, lang: str = "pl") -> str:
    """Złoty per resident: ``12.34`` → ``12,3 zł/os.`` (``12,3 zł/person`` in English)."""
    if _is_missing(value):
        return missing
    return f"{fmt_number(value, decimals)}{NBSP}{PER_PERSON.get(lang, PER_PERSON['pl'])}"


def fmt_metric(value: float | int | None, unit: str, decimals: int, missing: str = NO_DATA, lang: str = "pl") -> str:
    """A metric value with its unit: ``count`` → ``12``, ``pln`` → ``1 234 zł``,
    ``pln_per_person`` → ``1,23 zł/os.``, ``per_100k`` → ``5,4 na 100 tys.``,
    ``percent`` (a change) → ``+12,5%``."""
    if _is_missing(value):
        return missing
    if unit == "pln":
        return fmt_pln(value, decimals)
    if unit == "pln_per_person":
        return fmt_per_capita(value, decimals, lang=lang)
    if unit == "percent":
        return f"{'+' if value > 0 else ''}{fmt_number(value, decimals)}%"
    if unit == "per_100k":
        return f"{fmt_number(value, decimals)}{NBSP}{PER_100K.get(lang, PER_100K['pl'])}"
    return fmt_number(value, decimals)
