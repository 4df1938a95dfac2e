"""Exports of grant rows: CSV and XLSX with a section that says what they are.

Spreadsheet safety: a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
return could run as a formula in Excel or LibreOffice; such cells get a leading apostrophe
(OWASP "CSV injection"). Numbers stay numbers.

Whatever is already stored (a name imported before the import checked characters, a search
typed with a pasted control character): every text of an export first goes through
:func:`spreadsheet_text` — characters that XML 1.0 cannot hold (NUL, ESC, vertical tab …,
which make openpyxl raise ``IllegalCharacterError``) and the other C0/C1 controls become
U+FFFD "�", visible where they were, and texts are cut to Excel's 32 767 characters.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Mapping
from datetime import datetime

import pandas as pd

from mms_core.analysis.filters import Filters
from mms_core.facts.vocab import ALL
from mms_core.facts.voivodeships import name_of
from mms_core.text.i18n import t

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Columns of an export of grant rows, in order.
EXPORT_COLUMNS = ("grant_id", "edition", "priority", "org_name", "org_type", "voivodeship_teryt",
                  "voivodeship", "town", "gmina_teryt", "gmina_name", "amount_pln")


#: Excel's limit on the text of one cell.
MAX_CELL_TEXT = 32_767
#: Controls (C0 but tab, LF and CR; DEL; C1) and the two noncharacters XML forbids.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def spreadsheet_text(value: str) -> str:
    """A text any spreadsheet and XML can hold: controls → "�", at most 32 767 characters."""
    return _UNSAFE.sub("\ufffd", value)[:MAX_CELL_TEXT]


def neutralise(value: object) -> object:
    """Make text safe for a spreadsheet (:func:`spreadsheet_text`), and prefix an apostrophe to
    text that a spreadsheet would read as a formula."""
    if isinstance(value, str):
        value = spreadsheet_text(value)
        if value.startswith(FORMULA_PREFIXES):
            return ("'" + value)[:MAX_CELL_TEXT]
    return value


def with_gmina_names(grants: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """``grants`` with ``gmina_name``: the name of the gmina of its ``gmina_teryt`` (``names``: code →
    name, e.g. :func:`mms_core.data.reference.units.load_gminas`'s ``name``), "" for a grant not placed."""
    codes = (grants["gmina_teryt"] if "gmina_teryt" in grants.columns
             else pd.Series("", index=grants.index)).fillna("").astype(str)
    return grants.assign(gmina_name=[names.get(code, "") for code in codes])


def export_frame(grants: pd.DataFrame) -> pd.DataFrame:
    """The rows to export, with the voivodeship name added and text cells neutralised. The gmina's
    name comes from ``gmina_name`` when the rows have it (:func:`with_gmina_names`), else it is empty."""
    frame = grants.copy()
    frame["voivodeship"] = frame["voivodeship_teryt"].map(name_of)
    if "gmina_teryt" not in frame.columns:  # rows from before grants carried their gmina
        frame["gmina_teryt"] = ""
    if "gmina_name" not in frame.columns:
        frame["gmina_name"] = ""
    frame = frame[list(EXPORT_COLUMNS)]
    for column in ("grant_id", "priority", "org_name", "org_type", "voivodeship_teryt", "voivodeship", "town",
                   "gmina_teryt", "gmina_name"):
        frame[column] = frame[column].astype(str).map(neutralise)
    return frame.reset_index(drop=True)


def describe_filters(filters: Filters, lang: str = "pl") -> list[tuple[str, str]]:
    """(label, value) pairs saying which filters produced an export."""
    every = t("edition_all", lang)
    return [
        (t("edition", lang), every if filters.edition is None else str(filters.edition)),
        (t("org_type", lang), ", ".join(t(f"org.{c}", lang) for c in filters.org_types) or every),
        (t("priority", lang), every if filters.priority == ALL else filters.priority),
    ]


def grants_source(meta: dict, lang: str = "pl") -> str:
    """Where the grants come from, in ``lang``: the shipped sample says so in words from the
    catalogue; any other source is named as its metadata has it (data, not a UI text)."""
    if meta.get("kind") == "sample":
        return t("sample_source", lang)
    return meta.get("source") or t("unknown", lang)


def origin_note(kind: str | None, lang: str = "pl") -> str | None:
    """The warning an export carries for grants of this origin (none for official data)."""
    if kind == "official":
        return None
    if kind == "mixed":
        return t("export_mixed_note", lang)
    if kind == "unverified":
        return t("export_unverified_note", lang)
    return t("export_sample_note", lang)


def export_info(filters: Filters, meta: dict, exported_at: datetime, rows: int, search: str = "",
                lang: str = "pl", source_filter: str = "", region: str = "", gmina: str = "") -> list[tuple[str, str]]:
    """The "about this file" section: filters, search, data source, sample label, time, rows.
    ``meta`` is ``{"kind", "source"}`` (:meth:`mms_core.data.ledger.Origin.as_meta`);
    ``source_filter`` names the one source the rows were limited to, if any, ``region`` the one
    voivodeship, ``gmina`` the one gmina."""
    info = describe_filters(filters, lang)
    if region:
        info.append((t("region_filter", lang), region))
    if gmina:
        info.append((t("gmina_filter", lang), gmina))
    if source_filter:
        info.append((t("source_filter", lang), source_filter))
    if search:
        info.append((t("search", lang), search))
    info.append((t("export_source", lang), grants_source(meta, lang)))
    note = origin_note(meta.get("kind"), lang)
    if note:
        info.append((t("export_warning", lang), note))
    info.append((t("export_time", lang), exported_at.isoformat(timespec="seconds")))
    info.append((t("export_rows", lang), str(rows)))
    return [(str(neutralise(label)), str(neutralise(value))) for label, value in info]


#: The two CSV forms: plain (comma, dot decimals: for programs) and "Excel, polski" (semicolon,
#: decimal comma: what Excel set to Polish opens straight into columns). Both UTF-8 with a BOM.
CSV_PLAIN = {"sep": ",", "decimal": "."}
CSV_EXCEL_PL = {"sep": ";", "decimal": ","}


def grants_csv(grants: pd.DataFrame, excel_pl: bool = False) -> bytes:
    """CSV of the rows only (UTF-8 with BOM; comma and dot decimals, or with ``excel_pl`` semicolon and
    decimal comma): a plain ``pandas.read_csv`` reads it whole. What the file is (filters, source,
    sample warning, time) travels beside it: :func:`grants_package` and the XLSX's sheet."""
    form = CSV_EXCEL_PL if excel_pl else CSV_PLAIN
    return export_frame(grants).to_csv(index=False, lineterminator="\n", **form).encode("utf-8-sig")


#: The Table Schema types of the exported columns (Frictionless Data): codes stay strings ("02", "0601011").
EXPORT_TYPES = {"grant_id": "string", "edition": "integer", "priority": "string", "org_name": "string",
                "org_type": "string", "voivodeship_teryt": "string", "voivodeship": "string", "town": "string",
                "gmina_teryt": "string", "gmina_name": "string", "amount_pln": "number"}


def grants_package(grants: pd.DataFrame, info: list[tuple[str, str]], name: str, lang: str = "pl") -> bytes:
    """A ZIP with the CSV (``<name>.csv``) and a Frictionless ``datapackage.json`` describing it: its Table
    Schema (TERYT codes are strings, amounts numbers in zł) and, in ``description``, the info section."""
    described = "\n".join(f"{label}: {value}" for label, value in info)
    package = {
        "profile": "tabular-data-package",
        "name": re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-") or "mms-grants",
        "title": t("export_info_title", lang),
        "description": described,
        "resources": [{
            "name": "grants", "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8-sig",
            "dialect": {"delimiter": ",", "header": True},
            "schema": {"fields": [{"name": column, "type": EXPORT_TYPES[column]} for column in EXPORT_COLUMNS],
                       "missingValues": [""]},
        }],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.csv", grants_csv(grants))
        archive.writestr("datapackage.json", json.dumps(package, ensure_ascii=False, indent=2))
    return buffer.getvalue()


#: The columns of the XLSX sheet for people: catalogue key of the header, and the column of
#: :func:`export_frame` it shows (types and priorities in words; the codes are on their own sheet).
#: The gmina's name is headed „Gmina (nazwa)”, which the import does not take for its gmina column: a
#: re-imported sheet takes the gmina from its code, never from a name several gminas may share.
HUMAN_COLUMNS = (("col_grant_id", "grant_id"), ("edition", "edition"), ("priority", "priority"),
                 ("col_org_name", "org_name"), ("org_type", "org_type"), ("col_voivodeship", "voivodeship"),
                 ("col_town", "town"), ("col_gmina_name", "gmina_name"), ("col_gmina_teryt", "gmina_teryt"),
                 ("col_amount_pln", "amount_pln"))


def human_frame(grants: pd.DataFrame, lang: str = "pl") -> pd.DataFrame:
    """The rows as a person reads them: headers in ``lang``, organisation types and priorities in
    words, no codes; text cells neutralised like :func:`export_frame`."""
    frame = export_frame(grants)
    frame["org_type"] = grants["org_type"].astype(str).reset_index(drop=True).map(
        lambda c: neutralise(t(f"org.{c}", lang)))
    frame["priority"] = grants["priority"].astype(str).reset_index(drop=True).map(
        lambda c: neutralise(t(f"priority.{c}", lang)))
    return frame[[column for _, column in HUMAN_COLUMNS]].rename(
        columns={column: t(key, lang) for key, column in HUMAN_COLUMNS})


def write_rows(sheet, frame: pd.DataFrame) -> None:
    """A header row in bold, frozen, then the records (numbers as numbers); columns as wide as
    their texts (at most 60)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append([str(c) for c in frame.columns])
    for record in frame.itertuples(index=False):
        sheet.append([v.item() if hasattr(v, "item") else v for v in record])  # numpy → int, float
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(frame.columns, start=1):
        width = max(len(str(column)), *(len(str(v)) for v in frame[column].head(500))) if len(frame) else len(str(column))
        sheet.column_dimensions[get_column_letter(index)].width = min(60, width + 2)


def grants_xlsx(grants: pd.DataFrame, info: list[tuple[str, str]], lang: str = "pl") -> bytes:
    """XLSX with three sheets: the rows for people (headers in ``lang``, types and priorities in
    words), the same rows with the codes (the columns of the CSV, which the dashboard's import reads
    back), and the info section. Numbers stay numbers. (openpyxl is imported here, when a
    workbook is made: ~0.2 s that no page pays before someone downloads one.)"""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    people = book.active
    people.title = t("sheet_rows", lang)
    write_rows(people, human_frame(grants, lang))
    amount_column = get_column_letter(len(HUMAN_COLUMNS))
    for cell in people[amount_column][1:]:
        cell.number_format = "#,##0.00"
    write_rows(book.create_sheet(t("sheet_codes", lang)), export_frame(grants))
    about = book.create_sheet(t("sheet_info", lang))
    for label, value in info:
        about.append([label, value])
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def frames_ods(sheets: list[tuple[str, pd.DataFrame, bool]]) -> bytes:
    """An OpenDocument spreadsheet (``.ods``, LibreOffice Calc) of ``(sheet name, table, with header)``
    in order, written by pandas' ``odf`` engine (odfpy). Numbers stay numbers; the tables' texts are
    already made safe by the callers (:func:`neutralise`)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="odf") as writer:
        for name, frame, header in sheets:
            frame.to_excel(writer, sheet_name=name[:31], index=False, header=header)
    return buffer.getvalue()


def grants_ods(grants: pd.DataFrame, info: list[tuple[str, str]], lang: str = "pl") -> bytes:
    """The XLSX's three sheets (:func:`grants_xlsx`) as an ODS file: the rows for people, the rows with
    the codes (which the import reads back), the info section."""
    about = pd.DataFrame([[spreadsheet_text(str(label)), spreadsheet_text(str(value))] for label, value in info])
    return frames_ods([(t("sheet_rows", lang), human_frame(grants, lang), True),
                       (t("sheet_codes", lang), export_frame(grants), True),
                       (t("sheet_info", lang), about, False)])


def report_csv(report: pd.DataFrame) -> bytes:
    """The import report (:func:`mms_core.data.importing.importer.issues_table`) as CSV, every text cell
    made safe: the column names and values in it come from the uploaded file."""
    frame = report.copy()
    frame.columns = [neutralise(str(c)) for c in frame.columns]
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise)
    return frame.to_csv(index=False).encode("utf-8-sig")
