"""The ledger of sources on screen: labels, the sources and history tables, and — only where the
deployment allows publishing — undoing the last change and removing a source."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from mms_core.data import ledger
from mms_core.data.ledger import UNDOABLE, LedgerError, LedgerView, Source
from mms_core.data.paths import data_paths
from mms_core.facts.voivodeships import name_of
from mms_core.text.formatting import GRID_WHOLE_NUMBER, group_digits
from mms_core.text.i18n import t

_FLASH = "_ledger_flash"
#: Where a change's message is shown: at the top of the Sources page, or in the upload section (where
#: its publish button was pressed).
SOURCES_FLASH, UPLOAD_FLASH = "sources", "upload"


def publishing_allowed() -> bool:
    """Changing the data for everyone from the app is off unless the deployment sets ``MMS_ALLOW_PUBLISH=1``."""
    return os.environ.get("MMS_ALLOW_PUBLISH") == "1"


def source_kind(view: LedgerView, source: Source) -> str:
    """``official``, ``sample`` or ``unverified`` (no checksum, or stored rows that fail it)."""
    return source.kind if view.is_verified(source) else "unverified"


def kind_label(view: LedgerView, source: Source, lang: str) -> str:
    if source.id in view.mismatched:
        return t("ledger_kind.mismatch", lang)
    return t(f"ledger_kind.{source_kind(view, source)}", lang)


def region_scope(source: Source, lang: str) -> str:
    if not source.regions:
        return t("ledger_scope_all", lang)
    if len(source.regions) <= 3:
        return ", ".join(name_of(r) for r in source.regions)
    return t("ledger_scope_regions", lang, count=len(source.regions))


def source_description(source: Source, lang: str) -> str:
    """What a source is called on screen: the sample in the UI language (its stored description is
    the Polish one), any other source as its importer described it (data, kept as written)."""
    if source.kind == "sample":
        return t("sample_source", lang)
    return source.description


def source_label(source: Source, lang: str) -> str:
    """Plain text for a selectbox: ``3 – Wyniki NIW-CRSO 2025 (2025; P1)``."""
    editions = ", ".join(map(str, source.editions))
    return f"{source.id} – {source_description(source, lang)} ({editions}; {', '.join(source.priorities)})"


def sources_table(view: LedgerView, lang: str) -> pd.DataFrame:
    """The active sources with their figures and provenance (amounts in zł)."""
    rows = []
    for s in view.sources:
        used, amount = view.in_use.get(s.id, (0, 0.0))
        rows.append({
            t("ledger_col_id", lang): s.id,
            t("ledger_col_description", lang): source_description(s, lang),
            t("ledger_col_kind", lang): kind_label(view, s, lang),
            t("ledger_col_editions", lang): ", ".join(map(str, s.editions)),
            t("ledger_col_priorities", lang): ", ".join(s.priorities),
            t("ledger_col_scope", lang): region_scope(s, lang),
            t("ledger_col_in_use", lang): used,
            t("ledger_col_rows", lang): s.rows_kept,
            t("ledger_col_amount", lang): amount,
            t("ledger_col_file", lang): s.file_name,
            t("ledger_col_imported", lang): s.imported_at_text,
            t("ledger_col_rejected", lang): s.rows_rejected,
            t("ledger_col_skipped", lang): s.duplicates_skipped,
            t("ledger_col_sha", lang): s.file_sha256,
        })
    return pd.DataFrame(rows)


#: The number columns of :func:`sources_table`: counts and złoty, grouped the Polish way (``2 998``,
#: ``104 971 600``) whatever the browser's language (``format="localized"`` followed the browser:
#: ``104,971,600`` in an English one; a plain integer column showed ``2998``).
_COUNT_COLUMNS = ("ledger_col_in_use", "ledger_col_rows", "ledger_col_amount", "ledger_col_rejected", "ledger_col_skipped")


def sources_column_config(lang: str) -> dict:
    """``st.dataframe``'s column_config of :func:`sources_table`: the numbers stay numbers (they
    sort by value) and are shown grouped the Polish way; the source's number as it is."""
    config = {t(key, lang): st.column_config.NumberColumn(format=GRID_WHOLE_NUMBER) for key in _COUNT_COLUMNS}
    config[t("ledger_col_amount", lang)] = st.column_config.NumberColumn(format=GRID_WHOLE_NUMBER,
                                                                         help=t("ledger_amount_help", lang))
    config[t("ledger_col_id", lang)] = st.column_config.NumberColumn(format="plain")
    return config


def reading_table(view: LedgerView, lang: str) -> pd.DataFrame:
    """How each source's file was read: encoding, delimiter or sheet, header row, columns used."""
    return pd.DataFrame([{
        t("ledger_col_id", lang): s.id,
        t("ledger_col_file", lang): s.file_name,
        t("ledger_col_reading", lang): s.reading or "—",
        t("ledger_col_columns", lang): "; ".join(f"{field} ← „{header}”" for field, header in s.columns.items()) or "—",
        t("ledger_col_note", lang): s.note or "",
    } for s in view.sources])


_PUBLISHED_HEADERS = {"scope": "src.col_scope", "metric": "src.col_metric", "value": "value", "unit": "src.col_unit",
                      "ref": "src.col_ref", "source_url": "source"}


def published_table(published: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The published results as the file has them (texts as published), their numbers grouped the
    Polish way (``70000000`` → ``70 000 000``), headers in ``lang``."""
    return published.assign(value=published["value"].astype(str).map(group_digits)).rename(
        columns={c: t(key, lang) for c, key in _PUBLISHED_HEADERS.items()})


def history_table(view: LedgerView, lang: str) -> pd.DataFrame:
    """Every change, newest first: number, time, action, source, what, who, undone by."""
    return pd.DataFrame([{
        t("ledger_col_change", lang): c.id,
        t("ledger_col_time", lang): c.at_text,
        t("ledger_col_action", lang): t(f"ledger_action.{c.action}", lang),
        t("ledger_col_source", lang): "" if c.source_id is None else (
            f"{c.source_id} ← {c.other_source_id}" if c.other_source_id else str(c.source_id)),
        t("ledger_col_summary", lang): c.summary,
        t("ledger_col_who", lang): c.actor,
        t("ledger_col_undone", lang): "" if c.undone_by is None else str(c.undone_by),
    } for c in view.history])


def flash(text: str, error: bool = False, place: str = SOURCES_FLASH) -> None:
    """A message shown on the next run at ``place``, after a change made in a button's callback."""
    st.session_state[_FLASH] = (error, text, place)


def show_flash(place: str = SOURCES_FLASH) -> None:
    """The message of the last change, if it belongs at ``place``."""
    kept = st.session_state.get(_FLASH)
    if not kept or kept[2] != place:
        return
    error, text, _place = st.session_state.pop(_FLASH)
    if text and error:
        st.error(text, icon=":material/error:")
    elif text:
        st.success(text, icon=":material/check_circle:")


def apply_change(change, reset: tuple[str, ...] = (), place: str = SOURCES_FLASH) -> None:
    """Make one change to the ledger (a button's callback): ``change(ledger)`` returns the Polish
    summary to show at ``place``. The app's caches follow by themselves: the ledger's state is in their key."""
    try:
        with ledger.writing(data_paths(), channel="aplikacja") as book:
            flash(change(book), place=place)
    except LedgerError as error:
        flash(error.message, error=True, place=place)
    for key in reset:
        st.session_state[key] = False


def change_controls(view: LedgerView, lang: str) -> None:
    """Undo the last change, remove a source — where publishing is allowed and the folder writable."""
    if not publishing_allowed():
        st.caption(t("ledger_changes_off", lang))
        return
    if view.mode != "ledger":
        st.caption(t("ledger_changes_read_only", lang))
        return
    last = next((c for c in view.history if c.action in UNDOABLE and c.undone_by is None), None)
    left, right = st.columns(2)
    with left:
        if last is None:
            st.caption(t("ledger_nothing_to_undo", lang))
        else:
            st.caption(t("ledger_last_change", lang, id=last.id, summary=last.summary))
            st.button(t("ledger_undo_button", lang), key="ledger_undo", icon=":material/undo:",
                      on_click=apply_change, args=(lambda book: book.undo()[0].summary,))
    with right:
        ids = [s.id for s in view.sources]
        if ids:
            chosen = st.selectbox(t("ledger_remove_choose", lang), ids, key="ledger_remove_id",
                                  format_func=lambda i: source_label(view.source(i), lang))
            sure = st.checkbox(t("ledger_remove_confirm", lang), key="ledger_remove_sure")
            st.button(t("ledger_remove_button", lang), key="ledger_remove", disabled=not sure,
                      icon=":material/delete:", on_click=apply_change,
                      args=(lambda book: book.remove_source(int(chosen)).summary, ("ledger_remove_sure",)))
