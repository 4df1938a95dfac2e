"""Import of the official beneficiary lists (NIW's results tables, the regional operators'
lists): CSV or XLSX as they come out of application generators, into the canonical table.

Reading is forgiving (encodings UTF-8 with or without BOM, Windows-1250, ISO-8859-2; comma,
semicolon or tab; XLSX with the header lower down and several sheets; Polish column names;
amounts like ``50 000,00 zł``; voivodeships as names, TERYT or ISO codes; organisation types
from a column or from legal-form words in the name). Checking is strict: every rejected or
doubtful row is reported with its row number, column and a Polish reason. Which column is which
field: :mod:`mms_core.data.importing.columns`. Nothing here writes files: see :mod:`mms_core.data.ledger`.

Safety: a size limit; XLSX opened read-only with cached values (formulas are never
evaluated) after checking the archive against zip bombs; every text kept as text.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from mms_core.data.importing.columns import (  # noqa: F401  (COLUMN_NAMES, REQUIRED: the importer's vocabulary)
    COLUMN_NAMES,
    FIELD_NAMES,
    REQUIRED,
    ColumnChoiceError,
    check_by_hand,
    likely_header_row,
    locate_header,
    match_columns,
)
from mms_core.data.reference.places import (
    AMBIGUOUS,
    BAD_CODE,
    NO_TOWN,
    PLACED_AS_TOWN,
    UNKNOWN,
    Gazetteer,
    place_grants,
    shipped_gazetteer,
)
from mms_core.facts.vocab import (
    FIRST_EDITION,
    GRANT_COLUMNS,
    LAST_EDITION,
    ORG_TYPES,
    P3_ONLY_ORG_TYPES,
    PRIORITY_MAX_PLN,
    valid_edition,
)
from mms_core.facts.voivodeships import find_voivodeship, fold
from mms_core.text.escaping import visible
from mms_core.text.i18n import DEFAULT_LANGUAGE, LANGUAGES, t

# The reading layer (limits, encodings, CSV and XLSX) and the reading of single values live
# in their own modules; their names are re-exported here, where they used to be.
from .file_reading import (  # noqa: F401
    _POLISH,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_LINES,
    MAX_ROWS,
    XLSX_MAX_ENTRIES,
    XLSX_MAX_PART_BYTES,
    XLSX_MAX_RATIO,
    XLSX_MAX_UNCOMPRESSED,
    ImportFileError,
    check_size,
    check_xlsx_archive,
    decode_text,
    rows_from_csv,
    rows_from_xlsx,
    sniff_kind,
)
from .ods_reading import rows_from_ods
from .values import (  # noqa: F401
    MAX_CELL_CHARS,
    AmountReading,
    FormattedNumber,
    UnreadableCell,
    clean_text,
    column_convention,
    parse_amount,
    read_ambiguous_as_thousands,
    read_amount,
    text_problems,
)

_check_size = check_size
_check_xlsx_archive = check_xlsx_archive


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


class ColumnsNotFound(ImportFileError):
    """Required columns were not recognised. ``missing`` are the fields, ``headers`` the cells of the
    probable header row (for choosing the columns by hand), ``columns`` what was found."""

    def __init__(self, message: str, missing: list[str], headers: list[str], columns: dict[str, str]):
        super().__init__(message)
        self.missing = missing
        self.headers = headers
        self.columns = columns

    def __reduce__(self):  # whole through pickling (the import worker)
        return (type(self), (self.message, self.missing, self.headers, self.columns),
                {"sheets": self.sheets, "sheet": self.sheet})


@dataclass(frozen=True)
class Issue:
    row: int  # row number as the user sees it in the file (header row = where the header is)
    column: str
    message: str  # Polish
    severity: str  # "error": the row is rejected; "warning": kept, but doubtful
    key: str | None = None  # the message's key in mms_core.text.i18n, where it has one
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The reason in ``lang`` (Polish where the message has no key)."""
        return t(self.key, lang, **dict(self.params)) if self.key else self.message


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
    notes: list[str] = field(default_factory=list)  # what was left out of the file and why (Polish)
    sheets: tuple[tuple[str, bool], ...] = ()  # a workbook's sheets: (title, hidden), in the workbook's order

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
    """Canonical field → index of its column, by the usual wordings (:mod:`mms_core.data.importing.columns`)."""
    return match_columns(headers)


def _choose_delimiter(lines: list[str]) -> str:
    """``;``, tab or ``,``: the one whose split of the first lines finds most known columns."""
    sample = "\n".join(lines)
    counts = {d: sample.count(d) for d in (";", "\t", ",")}
    best_delimiter, best_score = ",", -1
    for delimiter in (";", "\t", ","):
        if not counts[delimiter]:
            continue
        parsed = list(csv.reader(lines, delimiter=delimiter))
        score = max((len(_match_columns(row)) for row in parsed), default=0) * 1000 + counts[delimiter]
        if score > best_score:
            best_delimiter, best_score = delimiter, score
    return best_delimiter


def _header_score(rows: list[list[object]]) -> int:
    return max((len(_match_columns([str(c) if c is not None else "" for c in r])) for r in rows[:30]), default=0)


def _rows_from_csv(data: bytes) -> tuple[list[list[object]], str, str]:
    return rows_from_csv(data, _choose_delimiter)


def _rows_from_xlsx(data: bytes, sheet: str | None = None
                    ) -> tuple[list[list[object]], str, tuple[str, ...], tuple[tuple[str, bool], ...]]:
    """The rows of the visible sheet whose header matches best, or of ``sheet`` (values as stored, never
    evaluated), its title, the hidden sheets left out and every sheet as ``(title, hidden)``."""
    return rows_from_xlsx(data, _header_score, sheet)


def _locate_header(rows: list[list[object]], by_hand: Mapping[str, str | int] | None = None):
    """(index of the header row, :class:`mms_core.data.importing.columns.Detection`); -1 when none fits."""
    try:
        return locate_header(rows, by_hand)
    except ColumnChoiceError as error:
        raise ImportFileError(error.message) from None


# ------------------------------------------------------------------------------ values
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
    """``P1``/``P3`` from a priority cell: a code, a number, or the dashboard's own label
    ("P1 – dotacje do 50 000 zł", as the XLSX export's sheet for people writes it)."""
    label = re.match(r"\s*(p[13])\s+[-–—]\s", fold(value or ""))
    if label:
        return label.group(1).upper()
    text = fold(value or "").replace("priorytet", "").replace(" ", "")
    if text in ("p1", "1", "i"):
        return "P1"
    if text in ("p3", "3", "iii", "regranting"):
        return "P3"
    return None


def _text(value: object) -> str:
    """A cell as text: numbers without a needless ``.0``, text cleaned by
    :func:`mms_core.data.importing.values.clean_text` (what was cleaned is reported by the row check)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value).text if isinstance(value, str) else str(value).strip()
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # undo the neutralisation of our own exports
    return text


# ------------------------------------------------------------------------------ import
def read_grants_file(data: bytes, filename: str, edition: int | None = None,
                     big_cities: set[str] | frozenset[str] = frozenset(),
                     column_map: Mapping[str, str | int] | None = None,
                     places: Gazetteer | None = None, sheet: str | None = None) -> ImportResult:
    """Read and check a beneficiary list; raise :class:`ImportFileError` if unreadable
    (:class:`ColumnsNotFound` when required columns are not recognised).

    ``edition`` is used where the file has no edition column. ``big_cities`` are the names of
    cities over 100 000 (a grant there is doubtful: the programme funds smaller places).
    ``column_map`` chooses columns by hand: field (one of ``MAPPABLE_FIELDS``) → header text
    (compared like the usual wordings) or 0-based column index; the other fields are detected.
    Each grant's gmina is found from its town (and the file's gmina/powiat columns) with ``places``
    (the shipped gazetteer by default); towns that cannot be placed are reported as warnings.
    A workbook's hidden sheets are left out of the automatic choice (and named in ``notes``); ``sheet``
    chooses one by its title, hidden or not; every sheet, ``(title, hidden)``, is in the result's
    ``sheets`` and, once the workbook was opened, in an error's. The dashboard's own export footer (a row ``#`` and the
    title of its information block) ends the data; any other row is data, ``#`` or not.
    """
    found: dict = {}
    try:
        return _read_grants_file(data, filename, edition, big_cities, column_map, places, sheet, found)
    except ImportFileError as error:
        if found.get("sheets") and not error.sheets:  # a workbook: its sheets, to choose another one
            error.sheets, error.sheet = found["sheets"], found["sheet"]
        raise


def _read_grants_file(data: bytes, filename: str, edition: int | None, big_cities: set[str] | frozenset[str],
                      column_map: Mapping[str, str | int] | None, places: Gazetteer | None, sheet: str | None,
                      found: dict) -> ImportResult:
    """:func:`read_grants_file`; ``found`` gets the workbook's ``sheets`` and the ``sheet`` read as soon as
    they are known."""
    if edition is not None and not valid_edition(edition):
        raise ImportFileError(f"Nieprawidłowa edycja „{visible(str(edition), 20)}” – edycja to rok od {FIRST_EDITION} "
                              f"do {LAST_EDITION}, np. 2025.")
    if column_map:
        try:
            check_by_hand(column_map)
        except ColumnChoiceError as error:
            raise ImportFileError(error.message) from None
    _check_size(data)
    encoding = delimiter = None
    notes: list[str] = []
    sheets: tuple[tuple[str, bool], ...] = ()
    kind = sniff_kind(data, filename)
    if kind in ("xlsx", "ods"):
        rows, sheet, hidden, sheets = (_rows_from_xlsx(data, sheet) if kind == "xlsx"
                                       else rows_from_ods(data, _header_score, sheet))
        found.update(sheets=sheets, sheet=sheet)
        if hidden:
            notes.append("pominięto ukryte arkusze: " + ", ".join(f"„{visible(h, 60)}”" for h in hidden)
                         + " (wybierz arkusz, aby wczytać ukryty)")
    else:
        sheet = None
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

    column_names = {name: visible(_text(header[index]), 60) for name, index in columns.items()}

    def column_name(name: str) -> str:
        return column_names[name]

    convention = column_convention([(header_index + offset + 2, cell(row, "amount_pln"))
                                    for offset, row in enumerate(body) if row])
    # the same few texts come again and again (regions, types, priorities, towns): read each once
    region_of = _memo(find_voivodeship)
    type_of = _memo(lambda text: org_type_from(text, None))
    priority_of = _memo(priority_from)
    folded = _memo(fold)
    data_rows = 0
    footer = _export_footer(body)
    if footer < len(body):
        skipped = sum(1 for row in body[footer:] if any(_text(c) for c in row))
        notes.append(f"pominięto stopkę eksportu dashboardu (wiersze {header_index + footer + 2}–"
                     f"{header_index + len(body) + 1}, {skipped} z opisem pliku)")
    for offset, row in enumerate(body[:footer]):
        line = header_index + offset + 2  # 1-based, the header is line header_index + 1
        if not any(_text(c) for c in row):
            continue  # blank lines
        data_rows += 1
        problems: list[Issue] = []
        raws = {name: cell(row, name) for name in columns}
        texts = {name: _text(raw) for name, raw in raws.items()}

        def error(column: str, message: str, line: int = line, problems: list = problems) -> None:
            problems.append(Issue(line, column, message, "error"))

        def warn(column: str, message: str, line: int = line, problems: list = problems) -> None:
            problems.append(Issue(line, column, message, "warning"))

        def keyed(severity: str, column: str, key: str, line: int = line, problems: list = problems,
                  **params: object) -> None:
            problems.append(Issue(line, column, t(key, DEFAULT_LANGUAGE, **params), severity, key,
                                  tuple(params.items())))

        for field_name, raw in raws.items():  # control and invisible characters, overlong texts, broken cells
            for severity, key, detail in text_problems(raw, column_name(field_name)):
                keyed(severity, column_name(field_name), key, detail=detail)
            if delimiter and isinstance(raw, str) and delimiter in raw and ("\n" in raw or "\r" in raw):
                keyed("error", column_name(field_name), "imp_unclosed_quote", separator=visible(delimiter))

        name = texts["org_name"]
        if not name:
            error(column_name("org_name"), "brak nazwy organizacji")
        region_text = texts["voivodeship"]
        region = region_of(region_text)
        if region is None:
            error(column_name("voivodeship"),
                  f"nieznane województwo „{visible(region_text, 60)}”" if region_text else "brak województwa")
        raw_amount = raws["amount_pln"]
        reading = read_amount(raw_amount)
        if isinstance(raw_amount, FormattedNumber):  # 45 942 shown as 12.10.2025: no amount
            reading = AmountReading(None, "imp_amount_formatted")
        amount = reading.value
        amount_column = column_name("amount_pln")
        shown_amount = visible(texts["amount_pln"], 40)
        if reading.ambiguous and reading.ambiguous == convention.thousands:
            amount = read_ambiguous_as_thousands(raw_amount)
            keyed("warning", amount_column, "imp_amount_inferred", value=shown_amount, amount=_pln(amount),
                  separator=reading.ambiguous, row=convention.evidence_row,
                  example=visible(convention.evidence_text, 40))
        elif reading.ambiguous:
            as_thousands = read_ambiguous_as_thousands(raw_amount)
            keyed("error", amount_column, "imp_amount_ambiguous", value=shown_amount, separator=reading.ambiguous,
                  thousands=_pln(as_thousands, 0), decimal=_pln(as_thousands / 1000, 3))
        elif reading.problem == "imp_amount_missing" or (amount is None and not texts["amount_pln"]):
            error(amount_column, "brak kwoty")
        elif reading.problem == "imp_amount_formatted":
            keyed("error", amount_column, "imp_amount_formatted", kind=t(f"imp_format.{raw_amount.kind}"),
                  value=raw_amount.shown)
        elif reading.problem == "imp_amount_decimals":
            keyed("error", amount_column, "imp_amount_decimals", value=shown_amount)
        elif amount is None:
            if not isinstance(raw_amount, UnreadableCell):  # that one is reported above
                error(amount_column, f"nieczytelna kwota „{shown_amount}”")
        elif amount <= 0:
            error(amount_column, "kwota musi być większa od zera")
        type_text = texts.get("org_type", "")
        org_type = type_of(type_text) or org_type_from(None, name)
        if org_type is None:
            org_type = "inna"
            if type_text:
                warn(column_name("org_type"), f"nieznany typ organizacji „{visible(type_text, 60)}” – przyjęto „inna”")
        priority = priority_of(texts["priority"]) if "priority" in columns else None
        if priority is None:
            if "priority" in columns and texts["priority"]:
                error(column_name("priority"), f"nieznany priorytet „{visible(texts['priority'], 40)}”")
            elif org_type in P3_ONLY_ORG_TYPES or (amount is not None and 0 < amount <= PRIORITY_MAX_PLN["P3"]):
                priority = "P3"
                warn("priorytet", "brak priorytetu – przyjęto P3 (grupa nieformalna lub kwota do 10 000 zł)")
            else:
                priority = "P1"
                warn("priorytet", "brak priorytetu – przyjęto P1")
        if priority and amount is not None and amount > PRIORITY_MAX_PLN[priority]:
            shown = _pln(amount) if amount < 1e12 else "ponad 1 bln zł"  # never a 300-digit number
            error(amount_column, f"kwota {shown} przekracza maksimum priorytetu {priority} "
                                 f"({_pln(PRIORITY_MAX_PLN[priority], 0)})")
        elif amount is not None and 0 < amount < MIN_PLAUSIBLE_PLN:
            warn(amount_column, f"nietypowo mała kwota {_pln(amount)} – dotacje programu to zwykle tysiące złotych; "
                                "sprawdź, czy kwota nie jest w tysiącach albo czy nie brakuje cyfr")
        if priority == "P1" and org_type in P3_ONLY_ORG_TYPES:
            error("priorytet", "grupa nieformalna może otrzymać tylko dotację z priorytetu P3")
        row_edition = edition
        if "edition" in columns and isinstance(raws["edition"], FormattedNumber):
            row_edition = None
            keyed("error", column_name("edition"), "imp_edition_formatted",
                  kind=t(f"imp_format.{raws['edition'].kind}"), value=raws["edition"].shown)
        elif "edition" in columns and texts["edition"]:
            text = texts["edition"]
            row_edition = int(text) if valid_edition(text) else None
            if row_edition is None:
                error(column_name("edition"), f"nieprawidłowa edycja „{visible(text, 40)}” – edycja to rok od "
                                              f"{FIRST_EDITION} do {LAST_EDITION}")
        elif row_edition is None:
            error("edycja", "brak edycji")
        town = texts.get("town", "")
        if town and folded(town) in big:
            warn(column_name("town"), f"„{visible(town, 60)}” to miasto powyżej 100 tys. mieszkańców – program "
                                               "obejmuje mniejsze miejscowości; sprawdź")
        grant_id = texts.get("grant_id", "") or (f"IMP-{row_edition}-{line:06d}" if row_edition else "")
        if grant_id in seen_ids:
            error(column_name("grant_id") if "grant_id" in columns else "nr",
                  f"powtórzony numer dotacji „{visible(grant_id, 60)}” (pierwszy raz w wierszu {seen_ids[grant_id]})")
        key = (fold(name), region.teryt if region else "", amount, fold(town), row_edition)
        if "grant_id" not in columns and key in seen_grants and name:
            error(column_name("org_name"),
                  f"powtórzona dotacja (ta sama organizacja, kwota i miejscowość co w wierszu {seen_grants[key]})")
        issues.extend(problems)
        if any(p.severity == "error" for p in problems):
            continue
        seen_ids[grant_id] = line
        seen_grants[key] = line
        # a 7-digit gmina code given in the voivodeship column ("Kod TERYT gminy") names the gmina too
        region_digits = re.sub(r"\s", "", region_text)
        gmina_text = texts.get("gmina", "") or (region_digits if re.fullmatch(r"\d{7}", region_digits) else "")
        kept.append({"grant_id": grant_id, "edition": row_edition, "priority": priority, "org_name": name,
                     "org_type": org_type, "voivodeship_teryt": region.teryt, "town": town,
                     "amount_pln": round(float(amount), 2), "_line": line, "_gmina": gmina_text,
                     "_powiat": texts.get("powiat", "")})
    if data_rows == 0:
        raise ImportFileError("Plik zawiera tylko nagłówek – brak wierszy z dotacjami.")
    grants = pd.DataFrame(kept, columns=[c for c in GRANT_COLUMNS if c != "gmina_teryt"] + ["_line", "_gmina", "_powiat"])
    grants["gmina_teryt"], placements = place_grants(grants, places or shipped_gazetteer(), grants["_gmina"],
                                                     grants["_powiat"])
    issues.extend(_placement_issues(grants, placements, places or shipped_gazetteer(),
                                    column_names.get("town", "miejscowość"),
                                    column_names.get("gmina", column_names.get("voivodeship", "gmina")),
                                    has_town_column="town" in columns))
    issues.sort(key=lambda issue: issue.row)
    grants = grants[list(GRANT_COLUMNS)]
    mapped = {f: str(header[i]) for f, i in columns.items()}
    return ImportResult(grants, issues, data_rows, filename, sheet, encoding, delimiter, mapped,
                        doubts=detection.doubts, headers=_header_cells(header), header_row=header_index + 1,
                        notes=notes, sheets=sheets)


#: Below this amount (zł) a grant is kept with a warning: the programme's grants are thousands of złoty.
MIN_PLAUSIBLE_PLN = 100


def _export_footer(body: list[list[object]]) -> int:
    """Where the dashboard's own export footer starts in ``body`` (its length when there is none): a row
    whose first cell is exactly ``#`` and whose second is the information block's title in one of the
    interface's languages (:func:`mms_core.present.table_exports.grants_csv` writes it)."""
    titles = {t("export_info_title", lang) for lang in LANGUAGES}
    for index, row in enumerate(body):
        if len(row) >= 2 and _text(row[0]) == "#" and _text(row[1]) in titles:
            return index
    return len(body)


def _placement_issues(grants: pd.DataFrame, placements: pd.Series, gazetteer: Gazetteer, town_column: str,
                      gmina_column: str, has_town_column: bool = True) -> list[Issue]:
    """Warnings for the grants whose gmina could not be found, or was chosen among several (the
    grant is kept: it counts in its voivodeship, not in any gmina)."""
    issues = []
    for line, town, placement in zip(grants["_line"], grants["town"], placements):
        shown = visible(town, 60)
        if placement.outcome == UNKNOWN:
            issues.append(Issue(int(line), town_column, f"nie znaleziono miejscowości „{shown}” w tym województwie "
                                "(spis PRNG) – dotacja liczy się w województwie, ale nie w gminie", "warning"))
        elif placement.outcome == AMBIGUOUS:
            issues.append(Issue(int(line), town_column, f"w województwie jest kilka miejscowości „{shown}” "
                                f"({gazetteer.describe(placement.candidates)}) – dodaj kolumnę z gminą lub powiatem; "
                                "dotacja liczy się w województwie, ale nie w gminie", "warning"))
        elif placement.outcome == PLACED_AS_TOWN:
            issues.append(Issue(int(line), town_column, f"„{shown}”: przyjęto miasto "
                                f"({gazetteer.describe((placement.gmina,))}); są też wsie o tej nazwie "
                                f"({gazetteer.describe(placement.candidates)}) – sprawdź", "warning"))
        elif placement.outcome == BAD_CODE:
            issues.append(Issue(int(line), gmina_column, f"kod gminy {placement.candidates[0]} nie jest kodem gminy "
                                "tego województwa – dotacja liczy się w województwie, ale nie w gminie", "warning"))
        elif placement.outcome == NO_TOWN and has_town_column:
            issues.append(Issue(int(line), town_column, "brak miejscowości – dotacja liczy się w województwie, "
                                "ale nie w gminie", "warning"))
    return issues


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
    return "; ".join([*parts, *result.notes])


def _memo(function):
    """``function`` of one text, remembered for the length of one import."""
    seen: dict = {}

    def remembered(text):
        if text not in seen:
            seen[text] = function(text)
        return seen[text]

    return remembered


def _pln(value: float, decimals: int = 2) -> str:
    """An amount for a message, the Polish way: ``50 000,00 zł``."""
    return f"{value:,.{decimals}f} zł".replace(",", "\u00a0").replace(".", ",")


def issues_table(result: ImportResult, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The report: one line per issue, in row order; headers and kinds in ``lang``, the reasons
    in ``lang`` where they have a key (Polish otherwise)."""
    return pd.DataFrame(
        [(i.row, i.column, t(f"report.{i.severity}", lang), i.text(lang))
         for i in sorted(result.issues, key=lambda i: (i.row, i.severity))],
        columns=[t(f"report.{c}", lang) for c in ("row", "column", "kind", "reason")],
    )
