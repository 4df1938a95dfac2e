"""The reading layer of the import: bytes of an uploaded or named file → rows of cells.

Every limit is enforced while streaming, before memory grows (see docs/official-lists.md, "Limits"):

* :data:`MAX_FILE_BYTES` of input; :data:`MAX_LINES` rows counting blank ones (a sheet has at
  most 1 048 576) and :data:`MAX_ROWS` non-blank ones; :data:`MAX_COLUMNS` columns and
  :data:`MAX_CELLS` non-empty cells; a CSV field at most :data:`CSV_FIELD_LIMIT` characters
  (the ``csv`` module's own limit: a stray quote that swallows the rest of the file);
* XLSX: the archive is checked before anything is unpacked — :data:`XLSX_MAX_ENTRIES` entries,
  :data:`XLSX_MAX_UNCOMPRESSED` in all, a ratio of :data:`XLSX_MAX_RATIO`, and
  :data:`XLSX_MAX_PART_BYTES` for each sheet or the shared strings (the declared sizes bind:
  :mod:`zipfile` never inflates an entry past its declared size). The sheets are then read by
  a small streaming reader of our own (expat, C): values only — formulas are never evaluated
  (a formula's stored result is used), styles, links and macros are never looked at, and an
  XML document type declaration (the way to an entity bomb) is refused.

Blank rows are kept as one shared empty tuple, so that row numbers stay those of the file
while a file of blank lines costs nothing. Nothing here writes files.

Encodings: UTF-8 (with or without BOM), UTF-16/UTF-32 with a BOM and UTF-16 without one
(Excel's "Unicode text"), Windows-1250 and ISO-8859-2; a file whose lines are in two
encodings is refused by name instead of being misread.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta
from xml.parsers import expat

from mms_core.data.importing.values import FormattedNumber, UnreadableCell, clean_text
from mms_core.data.os_errors import os_error_text
from mms_core.text.escaping import visible
from mms_core.text.i18n import DEFAULT_LANGUAGE, t

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 300_000
MAX_LINES = 1_100_000
MAX_COLUMNS = 200
MAX_CELLS = 5_000_000
CSV_FIELD_LIMIT = csv.field_size_limit()
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_MAX_ENTRIES = 2_000
XLSX_MAX_PART_BYTES = 60 * 1024 * 1024
XLSX_MAX_SMALL_PART_BYTES = 5 * 1024 * 1024  # workbook.xml and its relationships

#: One object for every blank row: a file of blank lines costs one pointer per line.
BLANK: tuple = ()


class ImportFileError(Exception):
    """The file as a whole cannot be read.

    ``message`` is Polish. Where the error has a ``key`` of :mod:`mms_core.text.i18n`,
    :meth:`text` gives it in another language too."""

    def __init__(self, message: str, key: str | None = None, params: dict | None = None):
        self.message = message
        self.key = key
        self.params = dict(params or {})
        super().__init__(message)

    @classmethod
    def of(cls, key: str, **params: object) -> ImportFileError:
        return cls(t(key, DEFAULT_LANGUAGE, **params), key, params)

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return t(self.key, lang, **self.params) if self.key else self.message

    #: The sheets of the workbook the error is about, ``(title, hidden)`` in the workbook's order (empty
    #: for a CSV or a file not read that far), and the sheet that was read: for choosing another one.
    sheets: tuple[tuple[str, bool], ...] = ()
    sheet: str | None = None

    def __reduce__(self):  # keep key, params and the sheets through pickling (the import worker)
        return (type(self), (self.message, self.key, self.params), {"sheets": self.sheets, "sheet": self.sheet})


def _n(value: int) -> str:
    """A whole number the Polish way (thin groups with a no-break space)."""
    return f"{value:,}".replace(",", "\u00a0")


def check_size(data: bytes) -> None:
    if len(data) == 0:
        raise ImportFileError.of("imp_empty")
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError.of("imp_too_big", size=f"{len(data) / 1024 / 1024:.1f}".replace(".", ","),
                                 limit=MAX_FILE_BYTES // 1024 // 1024)


# ------------------------------------------------------------------------------ kind of file
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_kind(data: bytes, filename: str) -> str:
    """``"xlsx"``, ``"ods"`` or ``"csv"`` by the content (the name only breaks a tie); other formats
    that people save lists in are refused with a message saying what to do."""
    name = filename.lower()
    if data.startswith(_OLE2_MAGIC):
        raise ImportFileError.of("imp_ole2")
    if data.startswith(b"%PDF"):
        raise ImportFileError.of("imp_pdf")
    if data.startswith(_ZIP_MAGIC):
        # an OpenDocument file starts with its uncompressed "mimetype" entry (ODF 1.2, 3.3)
        return "ods" if data[30:38] == b"mimetype" and b"opendocument.spreadsheet" in data[38:120] else "xlsx"
    if name.endswith((".xlsx", ".xlsm", ".ods")):
        raise ImportFileError.of("imp_xlsx_damaged")
    if name.endswith((".xls", ".numbers")):
        raise ImportFileError.of("imp_other_spreadsheet", ext=name.rsplit(".", 1)[-1].upper())
    return "csv"


# ------------------------------------------------------------------------------ CSV
_POLISH = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.4 * len(sample) / 2 and even < 0.05 * len(sample) / 2:
        return "utf-16-le"
    if even > 0.4 * len(sample) / 2 and odd < 0.05 * len(sample) / 2:
        return "utf-16-be"
    return None


def _mixed_encoding(data: bytes) -> tuple[int, int] | None:
    """(a UTF-8 line with Polish letters, a line that is not UTF-8), 1-based, or ``None``."""
    utf8_line = other_line = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            other_line = other_line or number
        else:
            if utf8_line is None and any(ch in _POLISH for ch in text):
                utf8_line = number
        if utf8_line and other_line:
            return utf8_line, other_line
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a CSV: by its BOM (UTF-8, UTF-16, UTF-32), UTF-16 without BOM, UTF-8 if valid,
    else whichever of Windows-1250 and ISO-8859-2 yields more Polish letters (they differ
    exactly there: ą ś ź Ą Ś Ź). Binary data and mixed encodings are refused."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None) or _utf16_without_bom(data)
    if encoding and encoding != "utf-8-sig":
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            raise ImportFileError.of("imp_bad_unicode", encoding=encoding.upper().replace("-", "‑")) from None
    sample = data[:65536]
    if len(_CONTROL_BYTES.findall(sample)) > max(2, len(sample) // 100):
        raise ImportFileError.of("imp_binary")
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        pass
    mixed = _mixed_encoding(data)
    if mixed:
        raise ImportFileError.of("imp_mixed_encoding", utf8_line=mixed[0], other_line=mixed[1])
    if encoding == "utf-8-sig":  # a UTF-8 BOM, then bytes that are not UTF-8
        raise ImportFileError.of("imp_bad_unicode", encoding="UTF‑8")
    candidates = []
    for encoding in ("cp1250", "iso-8859-2"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((sum(ch in _POLISH for ch in text), encoding, text))
    _, encoding, text = max(candidates, key=lambda c: c[0])
    return text, encoding


class _Counter:
    """Counts rows and cells against the limits while a file is streamed."""

    def __init__(self, where: str = ""):
        self.lines = self.rows = self.cells = 0
        self.where = where

    def blank(self) -> None:
        self.lines += 1
        if self.lines > MAX_LINES:
            raise ImportFileError.of("imp_too_many_lines", limit=_n(MAX_LINES))

    def row(self, cells: int, width: int, number: int) -> None:
        self.blank()
        self.rows += 1
        self.cells += cells
        if self.rows > MAX_ROWS:
            raise ImportFileError.of("imp_too_many_rows", limit=_n(MAX_ROWS))
        if width > MAX_COLUMNS:
            raise ImportFileError.of("imp_too_many_columns", row=number, limit=MAX_COLUMNS)
        if self.cells > MAX_CELLS:
            raise ImportFileError.of("imp_too_many_cells", limit=_n(MAX_CELLS))


def _trimmed(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end] if end < len(row) else row


def rows_from_csv(data: bytes, choose_delimiter: Callable[[list[str]], str]) -> tuple[list, str, str]:
    """Rows of a CSV (lists of texts; blank rows are :data:`BLANK`), its encoding and delimiter.

    ``choose_delimiter`` gets the first non-blank lines and returns ``;``, tab or ``,``.
    A carriage return alone inside a file whose lines end in LF or CRLF is a character of
    its cell (it becomes a space, with a warning, when the row is checked), not a new row.
    """
    text, encoding = decode_text(data)
    if "\n" in text and "\r" in text:
        text = re.sub(r"\r(?!\n)", "\u2028", text)
    sample = text[:20_000]
    lines = [line for line in sample.splitlines() if line.strip()][:30]
    delimiter = choose_delimiter(lines)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list = []
    counter = _Counter()
    last_line = 0
    try:
        for record in reader:
            record = _trimmed(record)
            if not record:
                counter.blank()
                rows.append(BLANK)
            else:
                counter.row(len(record), len(record), len(rows) + 1)
                rows.append(record)
            last_line = reader.line_num
    except csv.Error:
        raise ImportFileError.of("imp_csv_broken", row=len(rows) + 1, line=last_line + 1,
                                 limit=_n(CSV_FIELD_LIMIT)) from None
    return rows, encoding, delimiter


# ------------------------------------------------------------------------------ XLSX
def open_archive(data: bytes) -> zipfile.ZipFile:
    """Open a ZIP archive (XLSX, ODS) and check its declared sizes before anything is unpacked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError):
        raise ImportFileError.of("imp_xlsx_damaged") from None
    total = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries) or 1
    if len(entries) > XLSX_MAX_ENTRIES or total > XLSX_MAX_UNCOMPRESSED or total / packed > XLSX_MAX_RATIO:
        raise ImportFileError.of("imp_xlsx_bomb")
    return archive


def check_xlsx_archive(data: bytes) -> zipfile.ZipFile:
    """Open the archive and check its declared sizes before anything is unpacked."""
    archive = open_archive(data)
    entries = archive.infolist()
    names = {e.filename for e in entries}
    if "mimetype" in names and "xl/workbook.xml" not in names:
        raise ImportFileError.of("imp_other_spreadsheet", ext="ODS")
    if "xl/workbook.xml" not in names:
        raise ImportFileError.of("imp_xlsx_no_workbook")
    for entry in entries:
        if entry.filename.startswith(("xl/worksheets/", "xl/sharedStrings")) and \
                entry.file_size > XLSX_MAX_PART_BYTES:
            raise ImportFileError.of("imp_xlsx_part_too_big", part=entry.filename,
                                     size=f"{entry.file_size / 1024 / 1024:.0f}",
                                     limit=XLSX_MAX_PART_BYTES // 1024 // 1024)
    return archive


class _Enough(Exception):
    """Raised from a parser callback to stop reading a sheet early."""


_LOCAL_NAMES: dict[str, str] = {}


def _local(name: str) -> str:
    """``{namespace}c`` → ``c`` (transitional and strict OOXML alike)."""
    local = _LOCAL_NAMES.get(name)
    if local is None:
        local = name.rsplit("}", 1)[-1]
        if len(_LOCAL_NAMES) < 1000:
            _LOCAL_NAMES[name] = local
    return local


def _parse_part(archive: zipfile.ZipFile, name: str, start: Callable, end: Callable | None = None,
                chars: Callable | None = None) -> None:
    """Stream one XML part of the archive through expat (C) with the given callbacks.

    A document type declaration (and with it every entity definition) is refused."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.buffer_size = 65536
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def no_doctype(*_args) -> None:
        raise ImportFileError.of("imp_xlsx_doctype", part=name)

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if chars:
        parser.CharacterDataHandler = chars
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise ImportFileError.of("imp_xlsx_bad_xml", part=name, line=error.lineno) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError):
        raise ImportFileError.of("imp_xlsx_damaged") from None


def _small_part(archive: zipfile.ZipFile, name: str) -> list[tuple[str, dict]]:
    """The elements (local name, attributes) of a small part such as ``xl/workbook.xml``."""
    info = archive.getinfo(name)
    if info.file_size > XLSX_MAX_SMALL_PART_BYTES:
        raise ImportFileError.of("imp_xlsx_part_too_big", part=name, size=f"{info.file_size / 1024 / 1024:.0f}",
                                 limit=XLSX_MAX_SMALL_PART_BYTES // 1024 // 1024)
    elements: list[tuple[str, dict]] = []
    _parse_part(archive, name, lambda tag, attrs: elements.append((_local(tag), attrs)))
    return elements


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """(title, part name, state) of each worksheet, in the workbook's order; state is ``visible``,
    ``hidden`` or ``veryHidden``."""
    names = set(archive.namelist())
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for tag, attrs in _small_part(archive, "xl/_rels/workbook.xml.rels"):
            if tag == "Relationship" and "Id" in attrs and "Target" in attrs:
                target = attrs["Target"]
                target = target.lstrip("/") if target.startswith("/") else "xl/" + target
                targets[attrs["Id"]] = re.sub(r"[^/]+/\.\./", "", target)
    sheets = []
    for tag, attrs in _small_part(archive, "xl/workbook.xml"):
        if tag == "sheet":
            rel = next((v for k, v in attrs.items() if _local(k) == "id"), None)
            part = targets.get(rel or "") or f"xl/worksheets/sheet{attrs.get('sheetId', '')}.xml"
            if part in names and part.startswith("xl/worksheets/"):
                sheets.append((attrs.get("name", part), part, attrs.get("state", "visible")))
    return sheets


#: Built-in number formats (ECMA-376 18.8.30) that show a number as a date, a time or a percentage.
_BUILTIN_FORMATS = {**{i: "date" for i in (14, 15, 16, 17, 22, *range(27, 37), *range(50, 59))},
                    **{i: "time" for i in (18, 19, 20, 21, 45, 46, 47)}, 9: "percent", 10: "percent"}


def format_kind(code: str) -> str | None:
    """``date``, ``time`` or ``percent`` for a custom number format code, or None (a plain number,
    currency, text). Quoted texts, escaped characters and ``[…]`` sections (colours, locales) are left
    out before looking for the date letters (y, d, m with them), time letters (h, s) and ``%``."""
    bare = re.sub(r'"[^"]*"|\\.|_.|\*.', "", code)
    bare = re.sub(r"\[(?![hms]+\])[^\]]*\]", "", bare, flags=re.I).lower()
    bare = re.sub(r"e[+-]", "", bare)  # scientific notation, not a day
    if bare in ("general", "@", ""):
        return None
    if "%" in bare:
        return "percent"
    if re.search(r"[yde]", bare) or ("m" in bare and not re.search(r"[hs]", bare) and "0" not in bare and "#" not in bare):
        return "date"
    if re.search(r"[hs]", bare):
        return "time"
    return None


def _style_kinds(archive: zipfile.ZipFile) -> list[str | None]:
    """For each cell style index (a cell's ``s``), the kind of its number format (:func:`format_kind`)."""
    if "xl/styles.xml" not in set(archive.namelist()):
        return []
    custom: dict[int, str] = {}
    kinds: list[str | None] = []
    in_cell_xfs = False
    for tag, attrs in _small_part(archive, "xl/styles.xml"):
        if tag == "numFmt" and attrs.get("numFmtId", "").isdigit():
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            in_cell_xfs = True
        elif tag in ("cellStyles", "dxfs", "tableStyles", "colors", "extLst"):
            in_cell_xfs = False
        elif tag == "xf" and in_cell_xfs:
            number = int(attrs["numFmtId"]) if attrs.get("numFmtId", "").isdigit() else 0
            kinds.append(format_kind(custom[number]) if number in custom else _BUILTIN_FORMATS.get(number))
    return kinds


def _shown(value: float, kind: str) -> str:
    """Roughly what a sheet shows for ``value`` in a format of ``kind`` (1900 date system)."""
    if kind == "percent":
        return f"{value * 100:g}%".replace(".", ",")
    try:
        moment = datetime(1899, 12, 30) + timedelta(days=value)
    except (OverflowError, ValueError):
        return f"{value:g}"
    return moment.strftime("%d.%m.%Y") if kind == "date" else moment.strftime("%H:%M:%S")


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    name = "xl/sharedStrings.xml"
    if name not in archive.namelist():
        return []
    strings: list[str] = []
    state = {"si": None, "t": False, "skip": 0}

    def start(tag: str, _attrs: dict) -> None:
        tag = _local(tag)
        if tag == "si":
            state["si"] = []
        elif tag in ("rPh", "phoneticPr"):
            state["skip"] += 1
        elif tag == "t" and state["si"] is not None and not state["skip"]:
            state["t"] = True

    def end(tag: str) -> None:
        tag = _local(tag)
        if tag == "si":
            strings.append(_unescape("".join(state["si"] or ())))
            state["si"] = None
            if len(strings) > MAX_CELLS:
                raise ImportFileError.of("imp_too_many_cells", limit=_n(MAX_CELLS))
        elif tag in ("rPh", "phoneticPr"):
            state["skip"] -= 1
        elif tag == "t":
            state["t"] = False

    def chars(text: str) -> None:
        if state["t"]:
            state["si"].append(text)

    _parse_part(archive, name, start, end, chars)
    return strings


_INT = re.compile(r"-?[0-9]{1,18}")
_FLOAT = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?")


def _number(text: str) -> object:
    text = text.strip()
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        value = float(text)
        if value == value and value not in (float("inf"), float("-inf")):
            return value
    return UnreadableCell(text)


def _column_index(ref: str) -> int:
    """0-based column of a cell reference such as ``AB12`` (``-1`` when there is none)."""
    index = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            index = index * 26 + ord(ch) - 64
        else:
            break
    return index - 1


def _read_sheet(archive: zipfile.ZipFile, part: str, shared: list[str], first_rows: int | None = None,
                styles: list[str | None] = ()) -> list:
    """The rows of one worksheet (values only); with ``first_rows``, only that many rows. A number in
    a cell formatted as a date, time or percentage (``styles``: :func:`_style_kinds`) is read as a
    :class:`FormattedNumber`."""
    rows: list = []
    counter = _Counter()
    cell: dict = {}
    row: dict[int, object] = {}
    state = {"row": 0, "in_value": False, "in_is": 0, "skip": 0, "text": [], "col": -1}

    def finish_row() -> None:
        number = state["row"]
        if first_rows is not None and number > first_rows:
            raise _Enough
        if number > MAX_LINES:
            raise ImportFileError.of("imp_too_many_lines", limit=_n(MAX_LINES))
        while len(rows) < number - 1:
            counter.blank()
            rows.append(BLANK)
        if not row:
            counter.blank()
            rows.append(BLANK)
            return
        width = max(row) + 1
        if first_rows is None:
            counter.row(len(row), width, number)
        values = [None] * min(width, MAX_COLUMNS)
        for index, value in row.items():
            if index < MAX_COLUMNS:
                values[index] = value
        rows.append(values)
        row.clear()

    def start(tag: str, attrs: dict) -> None:
        tag = _local(tag)
        if tag == "c":
            cell.clear()
            cell.update(attrs)
            state["col"] = _column_index(attrs.get("r", "")) if "r" in attrs else state["col"] + 1
            state["text"] = []
        elif tag == "v":
            state["in_value"] = True
        elif tag == "is":
            state["in_is"] += 1
        elif tag == "rPh":
            state["skip"] += 1
        elif tag == "row":
            state["row"] = int(attrs["r"]) if attrs.get("r", "").isdigit() else state["row"] + 1
            state["col"] = -1
            if state["row"] <= len(rows):  # rows out of order: a damaged or hand-made sheet
                raise ImportFileError.of("imp_xlsx_row_order", part=part, row=state["row"])

    def chars(text: str) -> None:
        if state["in_value"] or (state["in_is"] and not state["skip"]):
            state["text"].append(text)

    def end(tag: str) -> None:
        tag = _local(tag)
        if tag == "v":
            state["in_value"] = False
        elif tag == "is":
            state["in_is"] -= 1
        elif tag == "rPh":
            state["skip"] -= 1
        elif tag == "c":
            value = _cell_value(cell.get("t", "n"), "".join(state["text"]), shared, has_value=bool(state["text"]))
            style = cell.get("s", "")
            if (styles and isinstance(value, (int, float)) and not isinstance(value, bool) and style.isdigit() and int(style) < len(styles)
                    and styles[int(style)] and math.isfinite(value)):
                kind = styles[int(style)]
                value = FormattedNumber(value, kind, _shown(value, kind))
            if value is not None and value != "" and state["col"] >= 0:
                if state["col"] >= MAX_COLUMNS and first_rows is None:
                    raise ImportFileError.of("imp_too_many_columns", row=state["row"], limit=MAX_COLUMNS)
                row[state["col"]] = value
        elif tag == "row":
            finish_row()

    try:
        _parse_part(archive, part, start, end, chars)
    except _Enough:
        pass
    return rows


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """OOXML writes characters XML cannot hold (controls) as ``_xHHHH_``; read them back (and
    ``_x005F_`` as ``_``), so that the row check sees them as they are."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _cell_value(kind: str, text: str, shared: list[str], has_value: bool) -> object:
    if not has_value:
        return None  # an empty cell, or a formula with no stored result
    if kind == "s":
        index = text.strip()
        if index.isdigit() and int(index) < len(shared):
            return shared[int(index)]
        return UnreadableCell(f"#{index}")
    if kind in ("inlineStr", "str"):
        return _unescape(text)
    if kind == "d":
        return text
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "e":
        return UnreadableCell(text)
    return _number(text)


def sheet_error(error: ImportFileError, sheets: tuple[tuple[str, bool], ...]) -> ImportFileError:
    """``error`` with the workbook's sheets attached (the upload page offers them to choose from)."""
    error.sheets = sheets
    return error


def rows_from_xlsx(data: bytes, score: Callable[[list], int], sheet: str | None = None
                   ) -> tuple[list, str, tuple[str, ...], tuple[tuple[str, bool], ...]]:
    """The rows of the visible sheet whose first 30 rows score best (``score`` gets those rows), or of the
    sheet named ``sheet`` (hidden or not); returns the rows, the sheet's title, the titles of the
    hidden sheets left out of the choice and every sheet as ``(title, hidden)``. Raises
    :class:`ImportFileError` (with :attr:`~ImportFileError.sheets`) for a ``sheet`` not in the workbook,
    or a workbook whose sheets are all hidden."""
    archive = check_xlsx_archive(data)
    sheets = _sheet_parts(archive)
    if not sheets:
        raise ImportFileError.of("imp_xlsx_no_sheets")
    listed = tuple((title, state != "visible") for title, _part, state in sheets)
    shared = _shared_strings(archive)
    styles = _style_kinds(archive)
    if sheet is not None:
        chosen = [(title, part) for title, part, _state in sheets if title == sheet]
        if not chosen:
            raise sheet_error(ImportFileError.of("imp_xlsx_no_such_sheet", sheet=visible(sheet, 60), sheets=", ".join(
                f"„{visible(title, 60)}”" for title, _p, _s in sheets)), listed)
        return _read_sheet(archive, chosen[0][1], shared, styles=styles), chosen[0][0], (), listed
    hidden = tuple(title for title, _part, state in sheets if state != "visible")
    shown = [(title, part) for title, part, state in sheets if state == "visible"]
    if not shown:
        raise sheet_error(ImportFileError.of("imp_xlsx_all_hidden", sheets=", ".join(f"„{visible(t, 60)}”" for t in hidden)),
                          listed)
    best: tuple[int, str, str] = (-1, "", "")
    for title, part in shown:
        value = score(_read_sheet(archive, part, shared, first_rows=30))
        if value > best[0]:
            best = (value, title, part)
    return _read_sheet(archive, best[2], shared, styles=styles), best[1], hidden, listed


# ------------------------------------------------------------------------------ files by name
MAX_FILE_NAME_CHARS = 120


def safe_file_name(name: str) -> tuple[str, bool]:
    """An uploaded file's name fit to show and to record: no folders, no control or invisible
    characters (a NUL included), at most :data:`MAX_FILE_NAME_CHARS` characters. Returns the
    name and whether anything was removed."""
    base = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = clean_text(base)
    text = "".join(ch for ch in cleaned.text if ch.isprintable())[:MAX_FILE_NAME_CHARS].strip() or "plik"
    return text, text != base


def read_file_bytes(path) -> bytes:
    """The bytes of a file named on the command line, at most :data:`MAX_FILE_BYTES` + 1 of
    them (a device or a pipe never fills the memory); errors as :class:`ImportFileError`."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except ValueError:  # a NUL in the name
        raise ImportFileError.of("imp_bad_path") from None
    except OSError as error:
        raise ImportFileError(t("imp_cannot_open", DEFAULT_LANGUAGE, reason=os_error_text(error))) from None
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError.of("imp_too_big", size=f"> {MAX_FILE_BYTES // 1024 // 1024}",
                                 limit=MAX_FILE_BYTES // 1024 // 1024)
    return data
