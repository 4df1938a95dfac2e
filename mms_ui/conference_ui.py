"""The Conferences page's editor: an official fills in the dates, times, venues and operators
the sources do not give — only where the deployment allows publishing (``MMS_ALLOW_PUBLISH=1``).
Validated, saved atomically, recorded in a history, undoable (:mod:`mms_core.data.reference.conference_edits`)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from mms_core.data.paths import data_paths
from mms_core.data.reference import conference_edits
from mms_core.facts.voivodeships import TERYT_CODES, name_of
from mms_core.text.i18n import t

from .context import PageContext
from .upload import publishing_allowed

_FLASH = "_conference_edit_flash"


def when_text(iso: str | None) -> str:
    """``2026-11-26T10:15:00+01:00`` → ``26.11.2026 10:15`` (what a person reads)."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).strftime("%d.%m.%Y %H:%M")
    except ValueError:
        return iso


def filled_in_text(fields: tuple[str, ...], at: str | None, lang: str) -> str:
    """The provenance cell of the conferences table: "data, miejsce (26.11.2026 10:15)"."""
    if not fields:
        return ""
    names = ", ".join(t(f"field.{name}", lang) for name in fields)
    return t("conf_filled_value", lang, fields=names, date=when_text(at))


def _current(ctx: PageContext, teryt: str) -> dict[str, str]:
    """The values in force for ``teryt`` (sourced or filled in), as the form shows them."""
    conf = ctx.reference.conferences.loc[teryt]
    operators = ctx.reference.operators
    operator = operators.loc[teryt, "operator"] if teryt in operators.index else ""
    return {"date": conf["date"].isoformat() if conf["date"] else "", "time": str(conf["time"] or ""),
            "venue": str(conf["venue"] or ""), "operator": str(operator or "")}


def _forget_inputs(teryt: str) -> None:
    for name in (*conference_edits.FIELDS, "note"):
        st.session_state.pop(f"ce_{name}_{teryt}", None)


def _save(teryt: str, current: dict[str, str], lang: str) -> None:
    """The form's callback (runs before the page is drawn again): validate and save."""
    day = st.session_state.get(f"ce_date_{teryt}")
    typed = {"date": day.isoformat() if day else "", "time": st.session_state.get(f"ce_time_{teryt}", ""),
             "venue": st.session_state.get(f"ce_venue_{teryt}", ""),
             "operator": st.session_state.get(f"ce_operator_{teryt}", "")}
    path = data_paths().conference_edits
    edits = conference_edits.load(path)
    changes = {}
    for name, value in typed.items():
        value = " ".join(str(value or "").split())
        if value == current[name]:
            continue
        if not value and edits.value(teryt, name) is None:
            continue  # a sourced fact is replaced, never removed
        changes[name] = value
    if not changes:
        st.session_state[_FLASH] = ("info", t("conf_edit_nothing", lang))
        return
    try:
        entries = conference_edits.apply_change(path, teryt, changes, st.session_state.get(f"ce_note_{teryt}", ""))
    except conference_edits.EditError as error:
        st.session_state[_FLASH] = ("error", error.message)
        return
    _forget_inputs(teryt)
    st.session_state[_FLASH] = ("success", t("conf_edit_saved", lang, fields=", ".join(
        t(f"field.{e.field}", lang) for e in entries)))


def _undo(lang: str) -> None:
    try:
        undone = conference_edits.undo_last(data_paths().conference_edits)
    except conference_edits.EditError as error:
        st.session_state[_FLASH] = ("error", error.message)
        return
    for entry in undone:
        _forget_inputs(entry.teryt)
    st.session_state[_FLASH] = ("success", t("conf_edit_undone", lang, fields=", ".join(
        f"{name_of(e.teryt)}: {t(f'field.{e.field}', lang)}" for e in undone)))


def conference_editor(ctx: PageContext) -> None:
    lang = ctx.lang
    st.header(t("conf_edit_title", lang))
    if not publishing_allowed():
        st.caption(t("conf_edit_disabled", lang))
        return
    st.markdown(t("conf_edit_intro", lang))
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        kind, message = flash
        {"success": st.success, "error": st.error, "info": st.info}[kind](message)
    edits = conference_edits.load(data_paths().conference_edits)
    towns = ctx.reference.conferences["town"]
    teryt = st.selectbox(t("conf_edit_region", lang), list(TERYT_CODES), key="ce_region",
                         format_func=lambda code: f"{name_of(code)} – {towns.get(code, '')}")
    current = _current(ctx, teryt)
    with st.form(f"ce_form_{teryt}", border=True):
        st.date_input(t("conf_date", lang), value=date.fromisoformat(current["date"]) if current["date"] else None,
                      min_value=conference_edits.FIRST_DATE, max_value=conference_edits.LAST_DATE,
                      format="DD.MM.YYYY", key=f"ce_date_{teryt}")
        st.text_input(t("conf_time", lang), value=current["time"], max_chars=20, key=f"ce_time_{teryt}",
                      help=t("conf_edit_time_help", lang))
        st.text_input(t("conf_venue", lang), value=current["venue"], key=f"ce_venue_{teryt}",
                      max_chars=conference_edits.MAX_TEXT)
        st.text_input(t("conf_operator", lang), value=current["operator"], key=f"ce_operator_{teryt}",
                      max_chars=conference_edits.MAX_TEXT)
        st.text_input(t("conf_edit_note", lang), key=f"ce_note_{teryt}", max_chars=conference_edits.MAX_NOTE)
        st.caption(t("conf_edit_empty_clears", lang))
        st.form_submit_button(t("conf_edit_save", lang), type="primary", on_click=_save, args=(teryt, current, lang))
    last = conference_edits.last_change(edits)
    if last:
        st.button(t("conf_edit_undo", lang), key="ce_undo", icon=":material/undo:", on_click=_undo, args=(lang,),
                  help=", ".join(f"{name_of(e.teryt)}: {t(f'field.{e.field}', lang)}" for e in last))
    if edits.history:
        st.markdown(f"**{t('conf_edit_history', lang)}**")
        rows = [{t("hist_at", lang): when_text(h.at), t("hist_action", lang): t(f"hist.{h.action}", lang),
                 t("conf_region", lang): name_of(h.teryt), t("hist_field", lang): t(f"field.{h.field}", lang),
                 t("hist_old", lang): h.old or "—", t("hist_new", lang): h.new or "—", t("hist_note", lang): h.note}
                for h in reversed(edits.history)]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=min(400, 38 + 35 * len(rows)))
