"""Upload of an official list on the Data page: the report (which column for which field, the
encoding and delimiter, every rejected or doubtful row, grants already in another source), the
columns chosen by hand where detection fails or is doubtful, a preview in the uploader's own
session, and — only where the deployment allows it — adding the list as a source for everyone
(:mod:`mms_core.data.ledger`: one step, undoable).

Hostile or broken files: the file is checked in a separate process with a time and memory
bound (:mod:`mms_core.data.importing.import_worker`), one file at a time for the whole server, so an
upload never holds up other people's pages; the result is kept in the session, so a rerun does
not check it again. Every refusal is a message; the data in use never changes here unless the
publish button is pressed and succeeds. The uploaded file's name is shown and recorded without
control or invisible characters.
"""

from __future__ import annotations

import hashlib
import json
import threading

import streamlit as st

from mms_core.analysis.aggregates import filter_grants, region_summary
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.assets import read_asset
from mms_core.data import ledger
from mms_core.data.importing.columns import REQUIRED
from mms_core.data.importing.file_reading import MAX_FILE_BYTES, safe_file_name
from mms_core.data.importing.import_worker import read_in_worker
from mms_core.data.importing.importer import (
    ColumnsNotFound,
    ImportFileError,
    ImportResult,
    column_report,
    issues_table,
    reading_summary,
)
from mms_core.data.importing.values import clean_text
from mms_core.data.ledger import LedgerError, OverlapError
from mms_core.data.paths import data_paths
from mms_core.facts.vocab import FIRST_EDITION, LAST_EDITION, valid_edition
from mms_core.maps.classify import classify
from mms_core.present.table_exports import report_csv
from mms_core.text.escaping import safe_markdown
from mms_core.text.formatting import fmt_number, fmt_pln
from mms_core.text.i18n import t, tn

from .context import PageContext
from .maps import show_legend, show_map
from .sources_ui import apply_change, publishing_allowed, show_flash, source_label

LIMIT_MB = MAX_FILE_BYTES // 1024 // 1024
#: Streamlit refuses larger uploads itself, before they reach the server's memory; it is a little
#: above our own limit, so that a file between the two gets our message (docs/official-lists.md, "Limits").
STREAMLIT_LIMIT_MB = LIMIT_MB + 5
#: One file checked at a time on this server (2 cores: one for the pages, one for the check).
_CHECK_SLOTS = threading.BoundedSemaphore(1)
_WAIT_FOR_SLOT_S = 20
_RESULT_KEY = "_upload_checked"
_AUTO = ""  # the column choice meaning "as detected"


def _cannot_read(reason: str, lang: str) -> None:
    st.error(t("up_cannot_read", lang, reason=safe_markdown(reason)) + " " + t("up_unchanged", lang),
             icon=":material/error:")


def _checked(data: bytes, name: str, edition: int, big_cities: set[str], by_hand: dict[str, str]):
    """The ImportResult or the ImportFileError of this file (and columns chosen by hand), checked
    once per session."""
    key = (hashlib.sha256(data).hexdigest(), name, edition, tuple(sorted(by_hand.items())))
    kept = st.session_state.get(_RESULT_KEY)
    if kept and kept[0] == key:
        return kept[1]
    if not _CHECK_SLOTS.acquire(timeout=_WAIT_FOR_SLOT_S):
        return ImportFileError.of("up_busy")  # not kept: the next run tries again
    try:
        outcome = read_in_worker(data, name, edition, big_cities, column_map=by_hand)
    except ImportFileError as error:
        outcome = error
    finally:
        _CHECK_SLOTS.release()
    st.session_state[_RESULT_KEY] = (key, outcome)
    return outcome


def upload_section(ctx: PageContext) -> None:
    ref, lang = ctx.reference, ctx.lang
    show_flash()
    st.markdown(t("up_intro", lang, limit=LIMIT_MB))
    # no type= filter: Streamlit would refuse other files with an English message; the content
    # decides, and XLS, ODS, PDF … get a message saying what to do
    upload = st.file_uploader(t("up_file_label", lang), key="upload_file", max_upload_size=STREAMLIT_LIMIT_MB)
    _translate_uploader(lang)
    # an edition stored before the rule was one rule (99999999) must not break this field for everyone
    known = [e for e in ref.editions if valid_edition(e)]
    edition = st.number_input(t("up_edition_label", lang), min_value=FIRST_EDITION, max_value=LAST_EDITION,
                              value=max(known) if known else FIRST_EDITION, step=1, key="upload_edition")
    if upload is None:
        st.session_state.pop(_RESULT_KEY, None)  # the file was removed: so is what it held
        return
    name, renamed = safe_file_name(upload.name)
    if renamed:
        st.caption(t("up_name_cleaned", lang))
    if upload.size > MAX_FILE_BYTES:  # before copying it anywhere
        _cannot_read(t("imp_too_big", lang, size=f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
                       limit=LIMIT_MB), lang)
        return
    data = upload.getvalue()
    file_hash = hashlib.sha256(data).hexdigest()
    by_hand = _columns_by_hand(file_hash)
    with st.spinner(t("up_checking", lang)):
        result = _checked(data, name, int(edition), set(ref.big_cities["city"]), by_hand)
    if isinstance(result, ColumnsNotFound):
        _cannot_read(result.text(lang), lang)
        _column_choice(file_hash, result.headers, result.columns, {}, lang)
        return
    if isinstance(result, ImportFileError):
        _cannot_read(result.text(lang), lang)
        return
    _report(result, lang)
    doubtful = [f for f in REQUIRED if f in result.doubts and f not in by_hand]
    if doubtful or by_hand:
        _column_choice(file_hash, result.headers, result.columns, result.doubts, lang)
    if result.grants.empty:
        st.warning(t("up_nothing_passed", lang))
        return
    plan = ledger.plan_import(data_paths(), result, file_hash, st.session_state.get("upload_replaces") or None)
    _overlaps(plan, lang)
    _preview(ctx, result)
    if not publishing_allowed():
        st.caption(t("up_publish_off", lang))
        return
    if ref.provenance.mode != "ledger":
        st.caption(t("ledger_changes_read_only", lang))
        return
    if doubtful:
        st.caption(t("upload_confirm_columns_first", lang))
        return
    _publish(ctx, result, file_hash, plan, name)

def _columns_by_hand(file_hash: str) -> dict[str, str]:
    """The columns the user chose for this file (by header), leaving out "as detected"."""
    chosen = {}
    for field in REQUIRED:
        value = st.session_state.get(f"upload_col_{file_hash[:12]}_{field}", _AUTO)
        if value != _AUTO:
            chosen[field] = value
    return chosen


def _column_choice(file_hash: str, headers: list[str], found: dict[str, str], doubts: dict[str, str], lang: str) -> None:
    """A choice of column per required field, listing the file's headers."""
    options = [_AUTO, *dict.fromkeys(h for h in headers if h)]
    st.markdown(t("upload_choose_columns", lang))
    columns = st.columns(len(REQUIRED))
    for column, field in zip(columns, REQUIRED):
        detected = found.get(field)

        def label(value: str, detected: str | None = detected) -> str:
            if value != _AUTO:
                return value
            return t("upload_col_auto", lang, column=detected) if detected else t("upload_col_none", lang)

        key = f"upload_col_{file_hash[:12]}_{field}"
        column.selectbox(t(f"field.{field}", lang), options, key=key, format_func=label,
                         help=doubts.get(field) or None)


def _report(result: ImportResult, lang: str) -> None:
    st.markdown(tn("upload_read", result.rows_read, lang, kept=fmt_number(len(result.grants)),
                   rejected=fmt_number(result.rejected_rows), warnings=fmt_number(len(result.warnings))))
    st.caption(t("upload_reading", lang, how=safe_markdown(reading_summary(result))))
    mapping = column_report(result)
    mapping.columns = [t("upload_col_field", lang), t("upload_col_header", lang), t("upload_col_check", lang)]
    st.dataframe(mapping, hide_index=True, width="stretch")
    for field, doubt in result.doubts.items():
        st.warning(t("upload_doubt", lang, field=t(f"field.{field}", lang) if field in REQUIRED else field,
                     doubt=safe_markdown(doubt)), icon=":material/help:")
    if result.issues:
        st.markdown(t("up_report_title", lang))
        report = issues_table(result, lang)
        st.dataframe(report, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(report)))
        st.download_button(t("up_report_download", lang), report_csv(report),
                           file_name="raport_importu.csv", mime="text/csv", key="upload_report")


def _overlaps(plan: ledger.ImportPlan, lang: str) -> None:
    for source in plan.same_file:
        st.warning(t("upload_same_file", lang, id=source.id, description=safe_markdown(source.description)),
                   icon=":material/content_copy:")
    if not plan.overlaps:
        return
    st.warning(t("upload_overlaps", lang, count=fmt_number(plan.duplicate_rows)), icon=":material/content_copy:")
    st.dataframe([{t("col_grant_id", lang): o.grant_id, t("col_org_name", lang): o.org_name,
                   t("col_amount_pln", lang): o.amount_pln, t("edition", lang): o.edition,
                   t("upload_overlap_other", lang): f"{o.other_source_id} – {o.other_description}",
                   t("upload_overlap_why", lang): o.reason} for o in plan.overlaps],
                 hide_index=True, width="stretch")


def _preview(ctx: PageContext, result: ImportResult) -> None:
    ref, filters, lang = ctx.reference, ctx.filters, ctx.lang
    st.subheader(t("up_preview_title", lang))
    preview = filter_grants(result.grants, filters)
    summary = region_summary(preview, ref.population, ref.eligible)
    metric = METRIC_BY_CODE[filters.metric]
    classes = classify(summary[metric.column], filters.scheme, filters.classes)
    st.caption(tn("upload_preview_count", len(preview), lang, amount=fmt_pln(preview["amount_pln"].sum())))
    left, right = st.columns([4, 1])
    with left:
        show_map(ctx, summary, classes, metric, key="upload_preview_map", height=460)
    with right:
        show_legend(classes, metric, filters.scheme, lang)
    st.dataframe(result.grants.head(500), hide_index=True, width="stretch", height=300)


def _publish(ctx: PageContext, result: ImportResult, file_hash: str, plan: ledger.ImportPlan, file_name: str) -> None:
    """Add the list as a source (or replace one), for everyone; one step, undoable."""
    lang, view = ctx.lang, ctx.reference.provenance
    st.subheader(t("upload_publish_title", lang))
    ids = [s.id for s in view.sources]
    replaces = st.selectbox(t("upload_replaces", lang), [0, *ids], key="upload_replaces",
                            format_func=lambda i: t("upload_add_new", lang) if i == 0 else source_label(view.source(i), lang))
    replaces = replaces or None
    good_rows = t("upload_choice_good_rows", lang)
    nothing = t("upload_choice_nothing", lang)
    choice = st.radio(t("upload_choice", lang), [good_rows, nothing], key="upload_choice",
                      index=1 if result.errors else 0)
    skip = False
    if plan.overlaps:
        skip_label, refuse_label = t("upload_skip_duplicates", lang), t("upload_refuse_duplicates", lang)
        skip = st.radio(t("upload_duplicates_choice", lang), [refuse_label, skip_label],
                        key="upload_duplicates") == skip_label
    description = st.text_input(t("upload_description", lang), value=file_name, key="upload_source", max_chars=300)
    description = clean_text(description).text[:300] or file_name
    blocked = choice == nothing or (bool(plan.overlaps) and not skip)
    st.button(t("upload_publish_button", lang), type="primary", key="upload_publish", disabled=blocked,
              on_click=apply_change, args=(_adder(result, description, file_hash, replaces, skip),))


def _adder(result: ImportResult, description: str, file_hash: str, replaces: int | None, skip: bool):
    def add(book: ledger.Ledger) -> str:
        try:
            outcome = book.add_source(result, description, file_hash, replaces=replaces, accept_partial=True,
                                      skip_duplicates=skip)
        except OverlapError as error:
            raise LedgerError(error.message) from None
        return outcome.change.summary
    return add


def _translate_uploader(lang: str) -> None:
    """Streamlit's uploader speaks English in the browser ("File must be 25.0MB or smaller.",
    "Drag and drop file here", "Limit 25MB per file", "Browse files"); replace those texts
    inside the uploader with ours as they appear (``assets/uploader_texts.js``; the texts go before it as data).
    Registered once per page load."""
    texts = {
        "too_big": t("up_too_big_browser", lang, limit=LIMIT_MB),
        "drop": t("up_drop_here", lang),
        "limit": t("up_limit_per_file", lang, limit=LIMIT_MB),
        "browse": t("up_browse", lang),
    }
    texts_json = json.dumps(texts).replace("</", "<\\/")
    st.html(f"<script>\nwindow.__mmsUploaderTexts = {texts_json};\n{read_asset('mms_ui', 'uploader_texts.js')}</script>",
            unsafe_allow_javascript=True)
