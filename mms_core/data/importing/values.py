"""Reading single values of an imported list exactly, or saying why not.

**Text.** Every text cell is normalised to NFC (the same letters, one encoding of them) and
then checked character by character:

* plain spaces of every kind (no-break, thin …) become one ordinary space, silently — they
  look the same;
* line breaks, tabs, vertical tabs and form feeds inside a cell (a multi-line cell of a
  spreadsheet, a stray carriage return) become one space, with a warning;
* invisible format characters — zero-width space and joiners, soft hyphen, byte-order mark,
  bidirectional marks and overrides, tag characters — are removed, with a warning (a name
  made only of them is then empty: "brak nazwy");
* any other control character (NUL, ESC, BEL …, DEL, the C1 range), a surrogate, a private-use
  character or a noncharacter rejects the row: such a text is damaged, not a name;
* a cell longer than :data:`MAX_CELL_CHARS` rejects the row (usually a missing closing quote
  that swallowed the rows below it).

**Amounts** (zł). Read exactly, or the row is rejected with the reason:

* accepted: ``50000``, ``50000,5``, ``50000.50``, ``50 000``, ``50 000,00``, ``1 234 567,89 zł``,
  ``50.000,00``, ``1.234.567``, ``50,000.00``, ``1,234,567``, ``PLN 500``; numbers of a
  spreadsheet as stored (at most two decimal places);
* ambiguous, never guessed: one separator followed by exactly three digits (``50,000``,
  ``12.500``, ``1,234``) — it may separate thousands (50 000 zł) or grosze with three places
  (50,000 = 50 zł). Such an amount is rejected **unless the same column shows the file's
  convention beyond doubt**: another amount that uses the same character to separate
  thousands next to a decimal part (``12.500,00``, ``50,000.00``) or more than once
  (``1.234.567``). Then it is read as thousands and the row carries a warning that names the
  row the convention was taken from. If the column shows both conventions, nothing is inferred;
* rejected as unreadable: more than two decimal places, groups of other than three digits,
  letters, non-ASCII digits, exponents, ``NaN``/``INF``, an amount starting or ending with a
  separator.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from mms_core.text.escaping import visible

#: Longest text accepted in a column the import uses (names run to ~250 characters in KRS).
MAX_CELL_CHARS = 1000

#: Line breaks and tabs of every kind: replaced by a space, with a warning.
_BREAKS = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029")


class UnreadableCell(str):
    """A spreadsheet cell whose stored value is not what its type says (``NaN``, ``INF`` or
    garbage in a number cell, an error such as ``#N/A``, a shared string that is not there).
    It is text, so it can be shown; a row that uses it is rejected."""

    __slots__ = ()


class FormattedNumber(float):
    """A number from a spreadsheet cell whose number format shows it as a date, a time or a
    percentage (``kind``: ``date``, ``time``, ``percent``; ``shown``: roughly what the sheet shows,
    e.g. ``12.10.2025``). An amount or an edition in such a cell is refused with the reason: 45 942
    is what Excel stores for 12.10.2025, not an amount."""

    __slots__ = ("kind", "shown")

    def __new__(cls, value: float, kind: str, shown: str):
        number = super().__new__(cls, value)
        number.kind = kind
        number.shown = shown
        return number


@dataclass
class CleanText:
    """A text cell after :func:`clean_text`: the text to use and what was done to it."""

    text: str
    broken_lines: bool = False  # line breaks or tabs replaced by spaces
    removed: list[str] = field(default_factory=list)  # invisible characters removed (U+XXXX)
    forbidden: list[str] = field(default_factory=list)  # control characters that reject the row
    too_long: bool = False


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def clean_text(value: str) -> CleanText:
    """Normalise one text cell as described in the module docstring."""
    text = value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)
    if text.isprintable():  # no control, format, separator or unassigned character, no odd space
        text = text.strip()
        if "  " in text:
            text = re.sub(" {2,}", " ", text)
        return CleanText(text, too_long=len(text) > MAX_CELL_CHARS)
    out: list[str] = []
    result = CleanText("")
    for ch in text:
        if ch == " " or ch.isalnum():
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if ch in _BREAKS:
            result.broken_lines = True
            out.append(" ")
        elif category == "Zs":
            out.append(" ")
        elif category == "Cf":
            if _code(ch) not in result.removed:
                result.removed.append(_code(ch))
        elif category in ("Cc", "Cs", "Co") or ch in ("\ufffe", "\uffff") or "\ufdd0" <= ch <= "\ufdef":
            if _code(ch) not in result.forbidden:
                result.forbidden.append(_code(ch))
        else:
            out.append(ch)
    result.text = re.sub(" {2,}", " ", "".join(out)).strip()
    result.too_long = len(result.text) > MAX_CELL_CHARS
    return result


def text_problems(raw: object, column: str) -> list[tuple[str, str, str]]:
    """What a used cell's text needs reporting: ``(severity, key, detail)`` triples for
    :mod:`mms_core.data.importing.importer` (keys of :mod:`mms_core.text.i18n`)."""
    if isinstance(raw, UnreadableCell):
        return [("error", "imp_unreadable_cell", visible(raw, 40))]
    if not isinstance(raw, str):
        return []
    cleaned = clean_text(raw)
    problems = []
    if cleaned.forbidden:
        problems.append(("error", "imp_control_chars", ", ".join(cleaned.forbidden[:5])))
    if cleaned.too_long:
        problems.append(("error", "imp_cell_too_long", str(len(cleaned.text))))
    if cleaned.removed:
        problems.append(("warning", "imp_invisible_removed", ", ".join(cleaned.removed[:5])))
    if cleaned.broken_lines:
        problems.append(("warning", "imp_line_breaks", ""))
    return problems


# ------------------------------------------------------------------------------ amounts
@dataclass(frozen=True)
class AmountReading:
    """An amount read from a cell: ``value`` in zł, or ``None`` and the ``problem`` key;
    ``ambiguous`` is the separator (``","`` or ``"."``) of an amount like ``50,000``."""

    value: float | None
    problem: str | None = None  # i18n key: imp_amount_missing / _unreadable / _decimals / _ambiguous
    ambiguous: str | None = None
    thousands: str | None = None  # the separator this amount proves to be a thousands separator


_CURRENCY = re.compile(r"^(?:pln|zł|zl)\.?\s*|\s*(?:pln|zł|zl)\.?$")
_PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    # (pattern, kind): thousands separator (None) and decimal separator, in the text
    (re.compile(r"-?[0-9]+"), "int"),
    (re.compile(r"-?[0-9]+[.,][0-9]{1,2}"), "decimal"),
    (re.compile(r"-?[1-9][0-9]{0,2}[.,][0-9]{3}"), "ambiguous"),
    (re.compile(r"-?[0-9]{1,3}(?: [0-9]{3})+(?:[.,][0-9]{1,2})?"), "space"),
    (re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]{1,2}"), "dot_thousands"),
    (re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{3}){2,}"), "dot_thousands"),
    (re.compile(r"-?[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]{1,2}"), "comma_thousands"),
    (re.compile(r"-?[0-9]{1,3}(?:,[0-9]{3}){2,}"), "comma_thousands"),
)
_TOO_MANY_DECIMALS = re.compile(r"-?[0-9 ]+[.,][0-9]{3,}")


def _exact(text: str) -> float:
    return float(Decimal(text).quantize(Decimal("0.01")))


def read_amount(value: object) -> AmountReading:
    """One amount cell, read exactly or with the reason why not (see the module docstring)."""
    if value is None or isinstance(value, UnreadableCell):
        return AmountReading(None, "imp_amount_missing" if value is None else "imp_amount_unreadable")
    if isinstance(value, bool):
        return AmountReading(None, "imp_amount_unreadable")
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            return AmountReading(None, "imp_amount_unreadable")
        if abs(number * 100 - round(number * 100)) > 1e-6 * max(1.0, abs(number)):
            return AmountReading(None, "imp_amount_decimals")
        return AmountReading(round(number, 2))
    raw = clean_text(str(value))
    if raw.forbidden or raw.too_long:
        return AmountReading(None, "imp_amount_unreadable")
    text = raw.text.lower()
    if text.startswith("'"):
        text = text[1:]
    text = _CURRENCY.sub("", text).strip()
    if not text:
        return AmountReading(None, "imp_amount_missing")
    kind = next((k for pattern, k in _PATTERNS if pattern.fullmatch(text)), None)
    if kind is None:
        problem = "imp_amount_decimals" if _TOO_MANY_DECIMALS.fullmatch(text) else "imp_amount_unreadable"
        return AmountReading(None, problem)
    if kind == "ambiguous":
        return AmountReading(None, "imp_amount_ambiguous", ambiguous="," if "," in text else ".")
    if kind in ("int", "decimal"):
        return AmountReading(_exact(text.replace(",", ".")))
    if kind == "space":
        return AmountReading(_exact(text.replace(" ", "").replace(",", ".")))
    if kind == "dot_thousands":
        return AmountReading(_exact(text.replace(".", "").replace(",", ".")), thousands=".")
    return AmountReading(_exact(text.replace(",", "")), thousands=",")


def read_ambiguous_as_thousands(value: object) -> float:
    """An ambiguous amount (``12.500``) read with its separator as thousands (12 500)."""
    text = _CURRENCY.sub("", clean_text(str(value)).text.lower().lstrip("'")).strip()
    try:
        return _exact(text.replace(",", "").replace(".", ""))
    except InvalidOperation:  # pragma: no cover - read_amount said it is ambiguous
        raise ValueError(text) from None


@dataclass(frozen=True)
class ColumnConvention:
    """What the amounts of one column prove about the thousands separator: ``thousands`` is
    ``"."`` or ``","`` when the column shows it and not the other, else ``None``;
    ``evidence_row`` is the first row that shows it."""

    thousands: str | None = None
    evidence_row: int | None = None
    evidence_text: str = ""


def column_convention(cells: list[tuple[int, object]]) -> ColumnConvention:
    """The convention of an amount column, from ``(row number, cell)`` pairs."""
    seen: dict[str, tuple[int, str]] = {}
    for row, cell in cells:
        if isinstance(cell, str) and not isinstance(cell, UnreadableCell):
            reading = read_amount(cell)
            if reading.thousands and reading.thousands not in seen:
                seen[reading.thousands] = (row, clean_text(cell).text)
    if len(seen) != 1:
        return ColumnConvention()
    (separator, (row, text)), = seen.items()
    return ColumnConvention(separator, row, text)


def parse_amount(value: object) -> float | None:
    """``50 000,00 zł`` / ``50000`` / ``50.000,00`` / ``50,000.00`` / ``12 345,5`` → float (zł);
    ``None`` where :func:`read_amount` finds no exact value (ambiguous ones included)."""
    return read_amount(value).value
