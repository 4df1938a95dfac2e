"""Reading an OpenDocument spreadsheet (``.ods``, LibreOffice Calc) as the XLSX reader reads a workbook:
streamed through expat (no document type declarations, no entities), values as stored (formulas never
evaluated), the archive's sizes checked before anything is unpacked, the same limits on lines, rows,
columns and cells, hidden sheets left out of the automatic choice and named.

ODS specifics: a cell's type is in ``office:value-type``; a number in a cell of type ``percentage``,
``date`` or ``time`` is read as a :class:`~mms_core.data.importing.values.FormattedNumber` (an amount there is
refused, as in an XLSX cell formatted so); ``table:number-rows-repeated`` and
``table:number-columns-repeated`` are honoured without building the million empty rows a sheet ends with;
a sheet is hidden when its table style says ``table:display="false"``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date, datetime

from mms_core.data.importing.file_reading import (
    BLANK,
    MAX_COLUMNS,
    XLSX_MAX_PART_BYTES,
    ImportFileError,
    _Counter,
    _local,
    _number,
    _parse_part,
    open_archive,
    sheet_error,
)
from mms_core.data.importing.values import FormattedNumber, UnreadableCell
from mms_core.text.escaping import visible

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
#: The first day of the spreadsheet date system (a number 1 is 31.12.1899, as in Excel's 1900 system).
_EPOCH = datetime(1899, 12, 30)


def is_ods(archive: zipfile.ZipFile) -> bool:
    """Whether the archive is an OpenDocument spreadsheet (its ``mimetype`` entry says so)."""
    if "mimetype" not in set(archive.namelist()):
        return False
    info = archive.getinfo("mimetype")
    return info.file_size < 200 and archive.read("mimetype").strip() == ODS_MIMETYPE.encode()


def _serial(text: str, kind: str) -> float | None:
    """An ODS date (``2025-10-12`` or ``2025-10-12T10:00:00``) or duration (``PT10H00M00S``) as the
    spreadsheet's day number, or None."""
    try:
        if kind == "date":
            moment = datetime.fromisoformat(text) if "T" in text else datetime.combine(date.fromisoformat(text),
                                                                                       datetime.min.time())
            return (moment - _EPOCH).total_seconds() / 86400
        hours = minutes = seconds = 0.0
        body = text.removeprefix("PT")
        for unit in ("H", "M", "S"):
            if unit in body:
                number, body = body.split(unit, 1)
                value = float(number)
                hours, minutes, seconds = ((value, minutes, seconds) if unit == "H" else
                                           (hours, value, seconds) if unit == "M" else (hours, minutes, value))
        return (hours * 3600 + minutes * 60 + seconds) / 86400
    except ValueError:
        return None


def _value(attrs: dict, text: str) -> object:
    """A cell's value from its attributes (local names) and its text."""
    kind = attrs.get("value-type")
    if kind is None:
        return text or None
    if kind in ("float", "currency"):
        return _number(attrs.get("value", text))
    if kind == "percentage":
        number = _number(attrs.get("value", ""))
        return FormattedNumber(float(number), "percent", text) if isinstance(number, (int, float)) else number
    if kind in ("date", "time"):
        serial = _serial(attrs.get("date-value" if kind == "date" else "time-value", ""), kind)
        return FormattedNumber(serial, kind, text) if serial is not None else UnreadableCell(text)
    if kind == "boolean":
        return attrs.get("boolean-value") == "true"
    return text


def _tables(archive: zipfile.ZipFile) -> list[tuple[str, bool, list]]:
    """Every sheet of ``content.xml``: (name, hidden, rows)."""
    hidden_styles: set[str] = set()
    tables: list[tuple[str, bool, list]] = []
    state = {"style": None, "row": None, "repeat_rows": 1, "cell": None, "repeat_cols": 1, "col": 0,
             "text": None, "paragraphs": 0, "blank_rows": 0, "lines": 0}
    counter = _Counter()
    rows: list = []

    def attrs_of(attrs: dict) -> dict:
        return {_local(k): v for k, v in attrs.items()}

    def repeat(value: str | None, cap: int) -> int:
        return min(int(value), cap) if value and value.isdigit() and int(value) > 0 else 1

    def start(tag: str, attrs: dict) -> None:
        nonlocal rows
        tag = _local(tag)
        if tag == "style":
            state["style"] = attrs_of(attrs).get("name")
        elif tag == "table-properties" and attrs_of(attrs).get("display") == "false" and state["style"]:
            hidden_styles.add(state["style"])
        elif tag == "table":
            found = attrs_of(attrs)
            rows = []
            state["blank_rows"] = state["lines"] = 0
            tables.append((found.get("name", f"Arkusz{len(tables) + 1}"), found.get("style-name") in hidden_styles,
                           rows))
        elif tag == "table-row":
            state["row"] = {}
            state["col"] = 0
            state["repeat_rows"] = repeat(attrs_of(attrs).get("number-rows-repeated"), 1_100_000)
        elif tag in ("table-cell", "covered-table-cell") and state["row"] is not None:
            found = attrs_of(attrs)
            state["cell"] = found
            state["repeat_cols"] = repeat(found.get("number-columns-repeated"), 16_384)
            state["text"] = []
            state["paragraphs"] = 0
        elif state["cell"] is not None:
            if tag == "p":
                if state["paragraphs"]:
                    state["text"].append("\n")
                state["paragraphs"] += 1
            elif tag == "s":
                state["text"].append(" " * repeat(attrs_of(attrs).get("c"), 1000))
            elif tag == "tab":
                state["text"].append("\t")
            elif tag == "line-break":
                state["text"].append("\n")

    def chars(text: str) -> None:
        if state["cell"] is not None and state["paragraphs"]:
            state["text"].append(text)

    def end(tag: str) -> None:
        tag = _local(tag)
        if tag in ("table-cell", "covered-table-cell") and state["cell"] is not None:
            value = _value(state["cell"], "".join(state["text"]))
            width = state["repeat_cols"]
            if value is not None and value != "":
                if state["col"] + width > MAX_COLUMNS:
                    width = max(0, MAX_COLUMNS - state["col"])
                    if width == 0:
                        raise ImportFileError.of("imp_too_many_columns", row=state["lines"] + 1, limit=MAX_COLUMNS)
                for offset in range(width):
                    state["row"][state["col"] + offset] = value
            state["col"] += state["repeat_cols"]
            state["cell"] = None
        elif tag == "table-row" and state["row"] is not None:
            row, times = state["row"], state["repeat_rows"]
            state["row"] = None
            if not row:  # empty rows (a sheet ends with a million of them): counted only if data follows
                state["blank_rows"] += times
                return
            for _ in range(state["blank_rows"]):
                counter.blank()
                rows.append(BLANK)
            state["lines"] += state["blank_rows"]
            state["blank_rows"] = 0
            width = max(row) + 1
            values = [None] * width
            for index, value in row.items():
                values[index] = value
            for _ in range(times):
                state["lines"] += 1
                counter.row(len(row), width, state["lines"])
                rows.append(values)

    _parse_part(archive, "content.xml", start, end, chars)
    return tables


def rows_from_ods(data: bytes, score: Callable[[list], int], sheet: str | None = None
                  ) -> tuple[list, str, tuple[str, ...], tuple[tuple[str, bool], ...]]:
    """As :func:`mms_core.data.importing.file_reading.rows_from_xlsx`, for an ODS file: the rows of the visible sheet
    whose first 30 rows score best (or of ``sheet``), its name, the hidden sheets left out, and every
    sheet as ``(name, hidden)``."""
    archive = open_archive(data)
    if not is_ods(archive):
        raise ImportFileError.of("imp_other_spreadsheet", ext="ODF")
    names = set(archive.namelist())
    if "content.xml" not in names:
        raise ImportFileError.of("imp_xlsx_no_workbook")
    size = archive.getinfo("content.xml").file_size
    if size > XLSX_MAX_PART_BYTES:
        raise ImportFileError.of("imp_xlsx_part_too_big", part="content.xml", size=f"{size / 1024 / 1024:.0f}",
                                 limit=XLSX_MAX_PART_BYTES // 1024 // 1024)
    tables = _tables(archive)
    if not tables:
        raise ImportFileError.of("imp_xlsx_no_sheets")
    listed = tuple((name, is_hidden) for name, is_hidden, _rows in tables)
    if sheet is not None:
        chosen = [(name, rows) for name, _hidden, rows in tables if name == sheet]
        if not chosen:
            raise sheet_error(ImportFileError.of("imp_xlsx_no_such_sheet", sheet=visible(sheet, 60), sheets=", ".join(
                f"„{visible(name, 60)}”" for name, _h, _r in tables)), listed)
        return chosen[0][1], chosen[0][0], (), listed
    hidden = tuple(name for name, is_hidden, _rows in tables if is_hidden)
    shown = [(name, rows) for name, is_hidden, rows in tables if not is_hidden]
    if not shown:
        raise sheet_error(ImportFileError.of("imp_xlsx_all_hidden", sheets=", ".join(f"„{visible(n, 60)}”" for n in hidden)),
                          listed)
    best = max(shown, key=lambda table: score(table[1][:30]))
    return best[1], best[0], hidden, listed
