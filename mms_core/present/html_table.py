"""A table of texts as one piece of HTML, for the pages' larger tables.

Why not ``st.table``: Streamlit renders every cell of ``st.table`` as Markdown, one React
component per cell. The map page's summary alone has 160 cells, and in Chromium their rendering
was the largest part of the page's time in the browser (about 0.4 s of the main thread on the
shared 2-core machine, more than Leaflet and the rest of the page's text together). One HTML
table is parsed once by the browser.

Every header and cell is escaped with :func:`mms_core.text.escaping.safe_text` (organisation and
town names come from files). The wrapper is a named region that takes the focus, so that a table
wider than a phone's screen can be scrolled with the keyboard (WCAG 2.1.1); its first column stays
in view while the rest scrolls (the key of each row: the voivodeship, the town).
"""

from __future__ import annotations

import re

import pandas as pd

from mms_core.text.escaping import safe_text

#: A cell that reads as a number (``1 234``, ``-2,35``, ``12 %``, ``1 234 zł``) or as "no value".
_NUMBER = re.compile(r"^[-−+]?\d[\d\u00a0\u202f ]*(,\d+)?(\u00a0?(zł|%|zł/os\.|zł/person))?$|^—$")

#: The look of Streamlit's own tables (horizontal rules, small type), numbers on the right.
TABLE_CSS = """
.mms-table {overflow-x: auto; max-width: 100%; margin-bottom: 1rem;}
.mms-table table {border-collapse: separate; border-spacing: 0; font-size: 0.875rem; width: 100%;}
.mms-table th, .mms-table td {padding: 5px 6px; line-height: 21px; border-bottom: 1px solid #e6e6ea;
  text-align: left; vertical-align: bottom; background: #fff;}
.mms-table td {white-space: nowrap; vertical-align: top;}
.mms-table th {font-weight: 600; color: #31333f; min-width: 4.5rem;}
.mms-table .mms-num {text-align: right; font-variant-numeric: tabular-nums;}
.mms-table th:first-child, .mms-table td:first-child {position: sticky; left: 0; z-index: 1;
  box-shadow: 1px 0 0 #e6e6ea;}
.mms-table:focus-visible {outline: 3px solid #1d4f91; outline-offset: 2px;}
.mms-table td.mms-wrap {white-space: normal; min-width: 16rem; overflow-wrap: anywhere;}
.mms-table.mms-tall {max-height: 26rem; overflow-y: auto;}
.mms-table.mms-tall thead th {position: sticky; top: 0; z-index: 2;}
"""


def numeric_columns(frame: pd.DataFrame) -> set[str]:
    """Columns whose every cell reads as a number (or "—"): these are aligned on the right."""
    out = set()
    for column in frame.columns:
        cells = [str(v) for v in frame[column]]
        if cells and all(_NUMBER.match(c.strip()) for c in cells) and any(c.strip() != "—" for c in cells):
            out.add(str(column))
    return out


def html_table(frame: pd.DataFrame, label: str, wrap: tuple[str, ...] = (), tall: bool = False) -> str:
    """``frame`` (texts; the index is not shown) as an escaped HTML table in a scrolling region
    named ``label`` (in the UI language). The cells of the ``wrap`` columns break into lines (a long
    reason is read whole, never cut at the window's edge); ``tall``: at most about 12 rows high, the
    rest scrolled, the header kept in view."""
    right = numeric_columns(frame)
    wrapped = {str(c) for c in wrap}

    def cls(column) -> str:
        if str(column) in right:
            return ' class="mms-num"'
        return ' class="mms-wrap"' if str(column) in wrapped else ""

    head = "".join(f'<th scope="col"{cls(c)}>{safe_text(c)}</th>' for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = "".join(f"<td{cls(c)}>{safe_text(v)}</td>" for c, v in zip(frame.columns, record))
        rows.append(f"<tr>{cells}</tr>")
    classes = "mms-table mms-tall" if tall else "mms-table"
    return (f'<div class="{classes}" role="region" tabindex="0" aria-label="{safe_text(label)}">'
            f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
