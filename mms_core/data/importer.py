"""Import of the official beneficiary lists (NIW's results tables, the regional operators'
lists): CSV or XLSX as they come out of application generators, into the canonical table.

Reading is forgiving (encodings UTF-8 with or without BOM, Windows-1250, ISO-8859-2; comma,
semicolon or tab; XLSX with the header lower down and several sheets; Polish column names;
amounts like ``50 000,00 zł``; voivodeships as names, TERYT or ISO codes; organisation types
from a column or from legal-form words in the name). Checking is strict: every rejected or
doubtful row is reported with its row number, column and a Polish reason. Which column is which
field: :mod:`mms_core.data.columns`. Nothing here writes files: see :mod:`mms_core.data.ledger`.

Safety: a size limit; XLSX opened read-only with cached values (formulas are never
evaluated) after checking the archive against zip bombs; every text kept as text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from mms_core.data.columns import (  # noqa: F401  (COLUMN_NAMES, REQUIRED: the importer's vocabulary)
    COLUMN_NAMES,
    FIELD_NAMES,
    REQUIRED,
    ColumnChoiceError,
    check_by_hand,
    likely_header_row,
    locate_header,
    match_columns,
)
from mms_core.facts.vocab import GRANT_COLUMNS, ORG_TYPES, P3_ONLY_ORG_TYPES, PRIORITY_MAX_PLN
from mms_core.facts.voivodeships import find_voivodeship, fold

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 300_000
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_MAX_ENTRIES = 2_000


#: Legal-form words → organisation type (checked in this order, on folded text).
TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("grupa nieformalna", "grupa_nieformalna"),
    ("kolo gospodyn wiejskich", "kgw"), ("kgw", "kgw"),
    ("ochotnicza straz pozarna", "osp"), ("osp", "osp"),
    ("uczniowski klub sportowy", "klub_sportowy"), ("ludowy klub sportowy", "klub_sportowy"),
    ("klub sportowy", "klub_sportowy"), ("uks", "klub_sportowy"), ("lks", "klub_sportowy"),
    ("ks", "klub_sportowy"),
    ("fundacja", "fundacja"),
    ("stowarzyszenie", "stowarzyszenie"),
)


class ImportFileError(Exception):
    """The file as a whole cannot be read; ``message`` is Polish."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class ColumnsNotFound(ImportFileError):
    """Required columns were not recognised. ``missing`` are the fields, ``headers`` the cells of the
    probable header row (for choosing the columns by hand), ``columns`` what was found."""

    def __init__(self, message: str, missing: list[str], headers: list[str], columns: dict[str, str]):
        super().__init__(message)
        self.missing = missing
        self.headers = headers
        self.columns = columns


@dataclass(frozen=True)
class Issue:
    row: int  # row number as the user sees it in the file (header row = where the header is)
    column: str
    message: str
    severity: str  # "error": the row is rejected; "warning": kept, but doubtful


@dataclass
class ImportResult:
    grants: pd.DataFrame  # canonical rows that passed (GRANT_COLUMNS)
    issues: list[Issue]
    rows_read: int
    source_name: str
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # canonical field → column in the file
    doubts: dict[str, str] = field(default_factory=dict)  # field → why its column should be checked (Polish)
    headers: list[str] = field(default_factory=list)  # the header row's cells
    header_row: int = 0  # where the header is (1-based row number)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def rejected_rows(self) -> int:
        return len({i.row for i in self.errors})


# ------------------------------------------------------------------------------ reading
def _match_columns(headers: list[str]) -> dict[str, int]:
    """Canonical field → index of its column, by the usual wordings (:mod:`mms_core.data.columns`)."""
    return match_columns(headers)


def _check_size(data: bytes) -> None:
    if len(data) == 0:
        raise ImportFileError("Plik jest pusty.")
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(f"Plik jest za duży ({len(data) / 1024 / 1024:.1f} MB); największy dopuszczalny "
                              f"to {MAX_FILE_BYTES // 1024 // 1024} MB. Podziel listę na mniejsze pliki.")


def _check_xlsx_archive(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportFileError("Plik XLSX jest uszkodzony (to nie jest poprawne archiwum).") from None
    entries = archive.infolist()
    total = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries) or 1
    if len(entries) > XLSX_MAX_ENTRIES or total > XLSX_MAX_UNCOMPRESSED or total / packed > XLSX_MAX_RATIO:
        raise ImportFileError("Plik XLSX po rozpakowaniu byłby podejrzanie duży – odrzucono go ze względów "
                              "bezpieczeństwa.")
    if "xl/workbook.xml" not in {e.filename for e in entries}:
        raise ImportFileError("Plik nie jest skoroszytem XLSX (brak xl/workbook.xml).")


def _rows_from_xlsx(data: bytes) -> tuple[list[list[object]], str]:
    """The rows of the sheet whose header matches best (read-only, cached values)."""
    from openpyxl import load_workbook

    _check_xlsx_archive(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise ImportFileError(f"Nie da się otworzyć pliku XLSX ({type(exc).__name__}).") from None
    best: tuple[int, str, list[list[object]]] = (-1, "", [])
    try:
        for sheet in book.worksheets:
            rows = []
            for i, row in enumerate(sheet.iter_rows(values_only=True)):
                if i > MAX_ROWS:
                    raise ImportFileError(f"Arkusz „{sheet.title}” ma więcej niż {MAX_ROWS} wierszy.")
                rows.append(list(row))
            score = max((len(_match_columns([str(c) if c is not None else "" for c in r])) for r in rows[:30]),
                        default=0)
            if score > best[0]:
                best = (score, sheet.title, rows)
    finally:
        book.close()
    return best[2], best[1]


_POLISH = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a CSV: UTF-8 (with or without BOM) if valid, else whichever of Windows-1250
    and ISO-8859-2 yields more Polish letters (they differ exactly there: ą ś ź Ą Ś Ź)."""
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("cp1250", "iso-8859-2"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((sum(ch in _POLISH for ch in text), encoding, text))
    if not candidates:
        raise ImportFileError("Nie rozpoznano kodowania znaków pliku (zapisz go jako UTF-8).")
    _, encoding, text = max(candidates, key=lambda c: c[0])
    return text, encoding


def _rows_from_csv(data: bytes) -> tuple[list[list[object]], str, str]:
    if b"\x00" in data[:4096]:
        raise ImportFileError("Plik nie jest tekstem CSV ani skoroszytem XLSX (zawiera dane binarne).")
    text, encoding = decode_text(data)
    sample = text[:20_000]
    counts = {d: sample.count(d) for d in (";", "\t", ",")}
    lines = [line for line in sample.splitlines() if line.strip()][:30]
    best_delimiter, best_score = ",", -1
    for delimiter in (";", "\t", ","):
        if not counts[delimiter]:
            continue
        parsed = list(csv.reader(lines, delimiter=delimiter))
        score = max((len(_match_columns(row)) for row in parsed), default=0) * 1000 + counts[delimiter]
        if score > best_score:
            best_delimiter, best_score = delimiter, score
    rows = list(csv.reader(io.StringIO(text), delimiter=best_delimiter))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"Plik ma więcej niż {MAX_ROWS} wierszy.")
    return rows, encoding, best_delimiter


def _locate_header(rows: list[list[object]], by_hand: Mapping[str, str | int] | None = None):
    """(index of the header row, :class:`mms_core.data.columns.Detection`); -1 when none fits."""
    try:
        return locate_header(rows, by_hand)
    except ColumnChoiceError as error:
        raise ImportFileError(error.message) from None


# ------------------------------------------------------------------------------ values
def parse_amount(value: object) -> float | None:
    """``50 000,00 zł`` / ``50000`` / ``50.000,00`` / ``50,000.00`` / ``12 345,5`` → float (zł)."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None if value != value else float(value)
    text = str(value).strip().lower().replace("\u00a0", " ")
    text = re.sub(r"(zł|zl|pln)\.?$", "", text).strip().replace(" ", "")
    if not re.fullmatch(r"-?[\d.,]+", text or "x"):
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif "," in text:
        head, _, tail = text.rpartition(",")
        text = text.replace(",", "") if (len(tail) == 3 and text.count(",") >= 1 and "," in head) else \
            head.replace(",", "") + "." + tail
    elif text.count(".") > 1 or re.fullmatch(r"-?\d{1,3}\.\d{3}", text):
        text = text.replace(".", "")
    try:
        return float(text)
    except ValueError:
        return None


def org_type_from(type_text: object, name: object) -> str | None:
    """Organisation type code from a type column, else from legal-form words in the name."""
    for text in (type_text, name):
        folded = " " + re.sub(r"[^a-z0-9]+", " ", fold(text or "")) + " "
        if not folded.strip():
            continue
        code = folded.strip().replace(" ", "_")
        if code in ORG_TYPES:
            return code
        for words, kind in TYPE_WORDS:
            if f" {words} " in folded:
                return kind
        if text is type_text and folded.strip() in ("inna", "inne", "inna organizacja"):
            return "inna"
    return None


def priority_from(value: object) -> str | None:
    text = fold(value or "").replace("priorytet", "").replace(" ", "")
    if text in ("p1", "1", "i"):
        return "P1"
    if text in ("p3", "3", "iii", "regranting"):
        return "P3"
    return None


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # undo the neutralisation of our own exports
    return text


# ------------------------------------------------------------------------------ import
def read_grants_file(data: bytes, filename: str, edition: int | None = None,
                     big_cities: set[str] | frozenset[str] = frozenset(),
                     column_map: Mapping[str, str | int] | None = None) -> ImportResult:
    """Read and check a beneficiary list; raise :class:`ImportFileError` if unreadable
    (:class:`ColumnsNotFound` when required columns are not recognised).

    ``edition`` is used where the file has no edition column. ``big_cities`` are the names of
    cities over 100 000 (a grant there is doubtful: the programme funds smaller places).
    ``column_map`` chooses columns by hand: field (one of ``MAPPABLE_FIELDS``) → header text
    (compared like the usual wordings) or 0-based column index; the other fields are detected.
    """
    if column_map:
        try:
            check_by_hand(column_map)
        except ColumnChoiceError as error:
            raise ImportFileError(error.message) from None
    _check_size(data)
    sheet = encoding = delimiter = None
    if data[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm")):
        rows, sheet = _rows_from_xlsx(data)
    else:
        rows, encoding, delimiter = _rows_from_csv(data)
    if not any(any(_text(c) for c in row) for row in rows):
        raise ImportFileError("Plik nie zawiera żadnych danych.")
    header_index, detection = _locate_header(rows, column_map)
    columns = detection.columns
    missing = [f for f in REQUIRED if f not in columns]
    if header_index < 0 or missing:
        raise _columns_not_found(rows, header_index, detection, missing)
    if "edition" not in columns and edition is None:
        raise ImportFileError("Plik nie ma kolumny „Edycja” – podaj edycję przy imporcie (np. 2025).")
    header = rows[header_index]
    body = rows[header_index + 1:]
    issues: list[Issue] = []
    kept: list[dict] = []
    seen_ids: dict[str, int] = {}
    seen_grants: dict[tuple, int] = {}
    big = {fold(c) for c in big_cities}

    def cell(row: list[object], name: str) -> object:
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    data_rows = 0
    for offset, row in enumerate(body):
        line = header_index + offset + 2  # 1-based, the header is line header_index + 1
        if not any(_text(c) for c in row) or _text(row[0]).startswith("#"):
            continue  # blank lines, and the "# informacje o pliku" part of our own exports
        data_rows += 1
        problems: list[Issue] = []

        def error(column: str, message: str, line: int = line, problems: list = problems) -> None:
            problems.append(Issue(line, column, message, "error"))

        def warn(column: str, message: str, line: int = line, problems: list = problems) -> None:
            problems.append(Issue(line, column, message, "warning"))

        name = _text(cell(row, "org_name"))
        if not name:
            error(str(header[columns["org_name"]]), "brak nazwy organizacji")
        region_text = _text(cell(row, "voivodeship"))
        region = find_voivodeship(region_text)
        if region is None:
            error(str(header[columns["voivodeship"]]),
                  f"nieznane województwo „{region_text}”" if region_text else "brak województwa")
        raw_amount = cell(row, "amount_pln")
        amount = parse_amount(raw_amount)
        amount_column = str(header[columns["amount_pln"]])
        if amount is None:
            error(amount_column, "brak kwoty" if not _text(raw_amount) else f"nieczytelna kwota „{_text(raw_amount)}”")
        elif amount <= 0:
            error(amount_column, "kwota musi być większa od zera")
        org_type = org_type_from(cell(row, "org_type"), name)
        if org_type is None:
            org_type = "inna"
            if _text(cell(row, "org_type")):
                warn(str(header[columns["org_type"]]),
                     f"nieznany typ organizacji „{_text(cell(row, 'org_type'))}” – przyjęto „inna”")
        priority = priority_from(cell(row, "priority")) if "priority" in columns else None
        if priority is None:
            if "priority" in columns and _text(cell(row, "priority")):
                error(str(header[columns["priority"]]), f"nieznany priorytet „{_text(cell(row, 'priority'))}”")
            elif org_type in P3_ONLY_ORG_TYPES or (amount is not None and 0 < amount <= PRIORITY_MAX_PLN["P3"]):
                priority = "P3"
                warn("priorytet", "brak priorytetu – przyjęto P3 (grupa nieformalna lub kwota do 10 000 zł)")
            else:
                priority = "P1"
                warn("priorytet", "brak priorytetu – przyjęto P1")
        if priority and amount is not None and amount > PRIORITY_MAX_PLN[priority]:
            error(amount_column, f"kwota {amount:,.2f} zł przekracza maksimum priorytetu {priority} "
                                 f"({PRIORITY_MAX_PLN[priority]:,} zł)".replace(",", " ").replace(".", ","))
        if priority == "P1" and org_type in P3_ONLY_ORG_TYPES:
            error("priorytet", "grupa nieformalna może otrzymać tylko dotację z priorytetu P3")
        row_edition = edition
        if "edition" in columns and _text(cell(row, "edition")):
            text = _text(cell(row, "edition"))
            row_edition = int(text) if text.isdigit() and 2025 <= int(text) <= 2100 else None
            if row_edition is None:
                error(str(header[columns["edition"]]), f"nieprawidłowa edycja „{text}”")
        elif row_edition is None:
            error("edycja", "brak edycji")
        town = _text(cell(row, "town"))
        if town and fold(town) in big:
            warn(str(header[columns["town"]]), f"„{town}” to miasto powyżej 100 tys. mieszkańców – program "
                                               "obejmuje mniejsze miejscowości; sprawdź")
        grant_id = _text(cell(row, "grant_id")) or (f"IMP-{row_edition}-{line:06d}" if row_edition else "")
        if grant_id in seen_ids:
            error(str(header[columns["grant_id"]]) if "grant_id" in columns else "nr",
                  f"powtórzony numer dotacji „{grant_id}” (pierwszy raz w wierszu {seen_ids[grant_id]})")
        key = (fold(name), region.teryt if region else "", amount, fold(town), row_edition)
        if "grant_id" not in columns and key in seen_grants and name:
            error(str(header[columns["org_name"]]),
                  f"powtórzona dotacja (ta sama organizacja, kwota i miejscowość co w wierszu {seen_grants[key]})")
        issues.extend(problems)
        if any(p.severity == "error" for p in problems):
            continue
        seen_ids[grant_id] = line
        seen_grants[key] = line
        kept.append({"grant_id": grant_id, "edition": row_edition, "priority": priority, "org_name": name,
                     "org_type": org_type, "voivodeship_teryt": region.teryt, "town": town,
                     "amount_pln": round(float(amount), 2)})
    if data_rows == 0:
        raise ImportFileError("Plik zawiera tylko nagłówek – brak wierszy z dotacjami.")
    grants = pd.DataFrame(kept, columns=list(GRANT_COLUMNS))
    mapped = {f: str(header[i]) for f, i in columns.items()}
    return ImportResult(grants, issues, data_rows, filename, sheet, encoding, delimiter, mapped,
                        doubts=detection.doubts, headers=_header_cells(header), header_row=header_index + 1)


def _header_cells(row: list[object]) -> list[str]:
    return ["" if c is None else str(c).strip() for c in row]


def _columns_not_found(rows: list[list[object]], header_index: int, detection, missing: list[str]) -> ColumnsNotFound:
    """The error for required columns not recognised, with the probable header row's cells."""
    index = header_index if header_index >= 0 else likely_header_row(rows)
    headers = _header_cells(rows[index]) if index >= 0 else []
    missing = missing or list(REQUIRED)
    message = ("Nie znaleziono kolumn: " + ", ".join(FIELD_NAMES[m] for m in missing)
               + ". Sprawdź nagłówek (np. „Nazwa organizacji”, „Województwo”, „Kwota dotacji”) albo wskaż kolumny "
               "ręcznie.")
    requested = [headers[i] for i in detection.requested if i < len(headers)] if header_index >= 0 else []
    if "amount_pln" in missing and requested:
        message += (" " + ", ".join(f"„{h}”" for h in requested)
                    + " to kwota wnioskowana albo koszt, nie kwota przyznana – nie jest brana pod uwagę.")
    found = {f: headers[i] for f, i in detection.columns.items() if i < len(headers)} if header_index >= 0 else {}
    return ColumnsNotFound(message, missing, headers, found)


def column_report(result: ImportResult) -> pd.DataFrame:
    """Which column of the file was used for each field, and what to check (Polish headers)."""
    rows = [(FIELD_NAMES.get(f, f), result.columns.get(f, "—"), result.doubts.get(f, ""))
            for f in (*REQUIRED, *(f for f in FIELD_NAMES if f not in REQUIRED)) if f in result.columns or f in REQUIRED]
    return pd.DataFrame(rows, columns=["pole", "kolumna w pliku", "do sprawdzenia"])


def reading_summary(result: ImportResult) -> str:
    """How the file was read: sheet or encoding and delimiter, and where the header is (Polish)."""
    delimiters = {",": "przecinek", ";": "średnik", "\t": "tabulator"}
    parts = [f"arkusz „{result.sheet}”"] if result.sheet else []
    if result.encoding:
        parts.append(f"kodowanie {result.encoding}")
    if result.delimiter:
        parts.append(f"separator: {delimiters.get(result.delimiter, repr(result.delimiter))}")
    if result.header_row:
        parts.append(f"nagłówek w wierszu {result.header_row}")
    return "; ".join(parts)


def issues_table(result: ImportResult) -> pd.DataFrame:
    """The report: one line per issue, in row order (Polish headers)."""
    return pd.DataFrame(
        [(i.row, i.column, "błąd – wiersz odrzucony" if i.severity == "error" else "ostrzeżenie", i.message)
         for i in sorted(result.issues, key=lambda i: (i.row, i.severity))],
        columns=["wiersz", "kolumna", "rodzaj", "powód"],
    )
