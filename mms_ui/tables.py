"""The tables of grants (Data page, region profile) as ``st.dataframe`` shows them: the
organisation and the amount pinned at the left, so that the amount is never scrolled off a
phone's screen or a narrow window, and amounts grouped the Polish way (``50 000``) whatever
the browser's language. Tables of formatted texts (summaries, a chart's data) as one piece of
HTML (:func:`show_table`), which the browser draws far faster than ``st.table``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mms_core.data.reference.data_file import DataFileError
from mms_core.facts.voivodeships import name_of
from mms_core.present.html_table import html_table
from mms_core.text.escaping import safe_markdown
from mms_core.text.formatting import GRID_WHOLE_NUMBER
from mms_core.text.i18n import t

from . import cached

#: Columns of a grants table, in the order shown (the first two are pinned).
GRANT_COLUMNS = ("org_name", "amount_pln", "town", "gmina_name", "voivodeship", "org_type", "priority", "edition",
                 "grant_id")
_LABELS = {"gmina_name": "col_gmina", "grant_id": "col_grant_id", "edition": "edition", "priority": "priority", "org_name": "col_org_name",
           "org_type": "org_type", "voivodeship": "col_voivodeship", "town": "col_town",
           "amount_pln": "col_amount_pln"}


def grants_table(rows: pd.DataFrame, lang: str, with_region: bool = True, **dataframe_args) -> None:
    """Draw ``rows`` (grants) with labels in ``lang``; ``with_region=False`` leaves the
    voivodeship column out (a region's own profile). The gmina's name is shown when the rows carry
    it (``gmina_name``, :func:`mms_core.present.table_exports.with_gmina_names`)."""
    columns = [c for c in GRANT_COLUMNS if (with_region or c != "voivodeship") and (c != "gmina_name"
                                                                                  or c in rows.columns)]
    shown = rows.assign(
        voivodeship=rows["voivodeship_teryt"].map(name_of),
        org_type=rows["org_type"].map(lambda c: t(f"org.{c}", lang)),
    )[columns].rename(columns={c: t(_LABELS[c], lang) for c in columns})
    config = {
        t("col_org_name", lang): st.column_config.TextColumn(width="medium", pinned=True),
        t("col_amount_pln", lang): st.column_config.NumberColumn(
            format=GRID_WHOLE_NUMBER, width=100, pinned=True, help=t("col_amount_help", lang)),
        t("edition", lang): st.column_config.NumberColumn(format="plain"),
    }
    # said before the grid: inside it Tab moves between cells, and only Escape then Tab leaves it (WCAG 2.1.2)
    st.caption(t("grid_keys_hint", lang))
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, **dataframe_args)
    # a long name is cut in its column; the grid shows a cell whole on a double click (Enter by keyboard)
    st.caption(t("grants_full_text_hint", lang))


def gmina_table_or_none(ctx) -> pd.DataFrame | None:
    """The gminas of 2025 (code, ``name``, ``gmina_kind``, ``voivodeship`` name; indexed by the
    7-digit code), or None, with the reason said on the page, when their file cannot be read."""
    try:
        return cached.level_reference(ctx.source).units["gmina"]
    except DataFileError as error:
        st.error(t("level_data_error", ctx.lang, reason=safe_markdown(error.message)))
        return None


def gmina_labels(gminas: pd.DataFrame, lang: str) -> dict[str, str]:
    """Every gmina as a choice reads: „Puławy – gmina miejska, lubelskie (0614011)” (names repeat),
    by code; made in one pass (a label per option looked up row by row took 0.4 s per run)."""
    kinds = {kind: t(f"gmina_kind.{kind}", lang) for kind in gminas["gmina_kind"].unique()}
    return {code: f"{name} – {kinds[kind]}, {region} ({code})"
            for code, name, kind, region in zip(gminas.index, gminas["name"], gminas["gmina_kind"], gminas["voivodeship"])}


def show_table(frame: pd.DataFrame, label: str, where=st, wrap: tuple[str, ...] = (), tall: bool = False) -> None:
    """``frame`` (texts, index not shown) as an HTML table in ``where`` (``st``, a column, an
    expander), in a scrolling region named ``label``; the ``wrap`` columns break into lines, a
    ``tall`` table scrolls (:func:`mms_core.present.html_table.html_table`); the styles are in the
    page's CSS (:data:`mms_core.present.html_table.TABLE_CSS`)."""
    where.html(html_table(frame, label, wrap, tall))
