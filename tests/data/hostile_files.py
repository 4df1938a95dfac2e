"""Generators of hostile and large files for the import tests (made in the test, never committed)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

HEADER = ["Nazwa organizacji", "Województwo", "Kwota dotacji", "Miejscowość", "Priorytet", "Edycja"]

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         '</Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
             '<sheet name="Dotacje" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                  '</Relationships>')
SHEET_START = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_END = "</sheetData></worksheet>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell_xml(column: int, row: int, value: object, kind: str | None = None) -> str:
    """One cell: text as an inline string, numbers as numbers; ``kind`` forces the type and
    takes ``value`` as the raw stored text (for ``NaN`` in a number cell, say)."""
    ref = f"{chr(65 + column)}{row}"
    if kind is not None:
        return f'<c r="{ref}" t="{kind}"><v>{value}</v></c>' if kind != "n" else f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_escape(str(value))}</t></is></c>'


def row_xml(row: int, values: Iterable[object]) -> str:
    return f'<row r="{row}">' + "".join(cell_xml(i, row, v) for i, v in enumerate(values)) + "</row>"


def xlsx_bytes(sheet_parts: Iterable[str | bytes], level: int = 6) -> bytes:
    """A minimal XLSX whose one sheet's XML is the concatenation of ``sheet_parts`` (streamed in)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for part in sheet_parts:
                sheet.write(part.encode("utf-8") if isinstance(part, str) else part)
    return buffer.getvalue()


def simple_xlsx(rows: list[list[object]], raw_rows: list[str] = ()) -> bytes:
    """A workbook with the usual header, ``rows`` below it and then ``raw_rows`` (XML as given)."""
    parts = [SHEET_START, row_xml(1, HEADER)]
    parts += [row_xml(i, values) for i, values in enumerate(rows, start=2)]
    parts += list(raw_rows)
    parts.append(SHEET_END)
    return xlsx_bytes(parts)
