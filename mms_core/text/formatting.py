"""Polish number formats with their units: ``1 234 567 zł``, ``12,3 zł/os.``.

The numbers come from Babel (:mod:`mms_core.text.numbers`, locale ``pl_PL``) and keep the
Polish format in both UI languages; the unit words and "no data" come from the catalogues,
so they follow the language (``12,3 zł/person``). Thousands are separated by a non-breaking
space (U+00A0) so that a number never breaks across lines; the spaces inside a unit are
non-breaking too.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from mms_core.text.i18n import DEFAULT_LANGUAGE, t
from mms_core.text.numbers import NBSP, format_day, format_moment, format_number, format_pln

__all__ = ["GRID_WHOLE_NUMBER", "NBSP", "fmt_date", "fmt_datetime", "fmt_metric", "fmt_number", "fmt_per_capita", "fmt_pln",
           "group_digits", "no_data", "unit_word"]

#: Whole numbers grouped the Polish way (``50 000``) in a Streamlit table column, whatever the
#: browser's language: a printf format for ``st.column_config.NumberColumn``. Streamlit's
#: sprintf takes ``'<char>`` as the pad character and ``,`` as "group thousands", with the pad
#: character as the separator; with no width nothing is padded. (``format="localized"`` follows
#: the browser: ``50,000`` in an English one.) The column stays numeric, so it sorts by value.
GRID_WHOLE_NUMBER = f"%'{NBSP},.0f"


def no_data(lang: str = DEFAULT_LANGUAGE) -> str:
    """What a missing value shows: ``brak danych`` / ``no data``."""
    return t("legend_no_data", lang)


def unit_word(unit: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The unit after a number (``zł/os.``, ``na 100 tys.``), with no-break spaces."""
    return t(f"unit.{unit}", lang).replace(" ", NBSP)


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | int | None, decimals: int = 0, missing: str | None = None,
               lang: str = DEFAULT_LANGUAGE) -> str:
    """Format a number the Polish way: ``1234567.891, 2`` → ``1 234 567,89``.

    Rounds half up on the decimal value as written (``2.25`` → ``2,3``), as people expect.
    ``missing`` (default: "brak danych" in ``lang``) stands for None and NaN.
    """
    if _is_missing(value):
        return no_data(lang) if missing is None else missing
    return format_number(value, decimals)


def fmt_pln(value: float | int | None, decimals: int = 0, missing: str | None = None,
            lang: str = DEFAULT_LANGUAGE) -> str:
    """Amount in złoty: ``1234567`` → ``1 234 567 zł``."""
    if _is_missing(value):
        return no_data(lang) if missing is None else missing
    return format_pln(value, decimals)


def fmt_per_capita(value: float | None, decimals: int = 1, missing: str | None = None,
                   lang: str = DEFAULT_LANGUAGE) -> str:
    """Złoty per resident: ``12.34`` → ``12,3 zł/os.`` (``12,3 zł/person`` in English)."""
    if _is_missing(value):
        return no_data(lang) if missing is None else missing
    return f"{format_number(value, decimals)}{NBSP}{unit_word('pln_per_person', lang)}"


def fmt_metric(value: float | int | None, unit: str, decimals: int, missing: str | None = None,
               lang: str = DEFAULT_LANGUAGE) -> str:
    """A metric value with its unit: ``count`` → ``12``, ``pln`` → ``1 234 zł``,
    ``pln_per_person`` → ``1,23 zł/os.``, ``per_100k`` → ``5,4 na 100 tys.``,
    ``percent`` (a change) → ``+12,5%``, ``pp`` (a change of a share) → ``+1,25 p.p.``."""
    if _is_missing(value):
        return no_data(lang) if missing is None else missing
    if unit == "pln":
        return format_pln(value, decimals)
    if unit == "pln_per_person":
        return fmt_per_capita(value, decimals, lang=lang)
    if unit == "percent":
        return f"{'+' if value > 0 else ''}{format_number(value, decimals)}%"
    if unit == "pp":  # a change of a share, percentage points
        return f"{'+' if value > 0 else ''}{format_number(value, decimals)}{NBSP}{unit_word('pp', lang)}"
    if unit == "per_100k":
        return f"{format_number(value, decimals)}{NBSP}{unit_word('per_100k', lang)}"
    return format_number(value, decimals)


def fmt_date(value: date | datetime | None, missing: str | None = None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A day the Polish way in both languages: ``26.11.2025``."""
    if value is None or value != value:  # None, NaT
        return no_data(lang) if missing is None else missing
    return format_day(value)


def fmt_datetime(value: datetime) -> str:
    """A moment the Polish way in both languages: ``26.11.2025 10:00``."""
    return format_moment(value)


def fmt_pln_short(value: float | int | None, missing: str | None = None, lang: str = DEFAULT_LANGUAGE) -> str:
    """An amount short enough for a headline tile: ``104971600`` → ``105,0 mln zł``; below a million
    the exact ``1 234 zł``. The exact figure belongs in the tile's tooltip (:func:`fmt_pln`)."""
    if _is_missing(value):
        return no_data(lang) if missing is None else missing
    if abs(value) >= 1_000_000:
        return f"{format_number(value / 1_000_000, 1)}{NBSP}{unit_word('million_pln', lang)}"
    return format_pln(value, 0)


_LONG_NUMBER = re.compile(r"(?<![\d.,])\d{4,}(?![\d.,]\d)")


def group_digits(text: str) -> str:
    """The whole numbers of four digits and more in a text written as published, grouped the
    Polish way: ``>= 780000`` → ``>= 780 000``, ``~2000`` → ``~2 000``; numbers already
    grouped or with decimals are left as they are."""
    return _LONG_NUMBER.sub(lambda m: format_number(int(m.group()), 0), text)
