"""Upload of an official list on the Sources page: the sheet of a workbook (the best visible one,
or one chosen, hidden ones on request), the report (which column for which field, the
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
from mms_core.analysis.units_summary import regions_summary
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
from mms_core.maps.classify import UnitClasses, classify
from mms_core.present.table_exports import report_csv
from mms_core.text.escaping import safe_markdown
from mms_core.text.formatting import GRID_WHOLE_NUMBER, fmt_number, fmt_pln
from mms_core.text.i18n import t, tn

from .context import PageContext
from .maps import show_legend, show_map
from .sources_ui import UPLOAD_FLASH, apply_change, publishing_allowed, show_flash, source_label
from .tables import grants_table, show_table

LIMIT_MB = MAX_FILE_BYTES // 1024 // 1024
#: Streamlit refuses larger uploads itself, before they reach the server's memory; it is a little
#: above our own limit, so that a file between the two gets our message (docs/official-lists.md, "Limits").
STREAMLIT_LIMIT_MB = LIMIT_MB + 5
#: One file checked at a time on this server (2 cores: one for the pages, one for the check).
_CHECK_SLOTS = threading.BoundedSemaphore(1)
_WAIT_FOR_SLOT_S = 20
_RESULT_KEY = "_upload_checked"
_AUTO = ""  # the column or sheet choice meaning "as detected"
#: Lines of the report shown on the page (all of them are in its CSV).
REPORT_ROWS_SHOWN = 200
#: Rows of the preview table.
PREVIEW_ROWS = 500


def _cannot_read(reason: str, lang: str) -> None:
    st.error(t("up_cannot_read", lang, reason=safe_markdown(reason)) + " " + t("up_unchanged", lang),
             icon=":material/error:")


def _checked(data: bytes, name: str, edition: int, big_cities: set[str], by_hand: dict[str, str],
             sheet: str | None = None):
    """The ImportResult or the ImportFileError of this file (its ``sheet`` and columns chosen by
    hand), checked once per session."""
    key = (hashlib.sha256(data).hexdigest(), name, edition, tuple(sorted(by_hand.items())), sheet)
    kept = st.session_state.get(_RESULT_KEY)
    if kept and kept[0] == key:
        return kept[1]
    if not _CHECK_SLOTS.acquire(timeout=_WAIT_FOR_SLOT_S):
        return ImportFileError.of("up_busy")  # not kept: the next run tries again
    try:
        outcome = read_in_worker(data, name, edition, big_cities, column_map=by_hand, sheet=sheet)
    except ImportFileError as error:
        outcome = error
    finally:
        _CHECK_SLOTS.release()
    st.session_state[_RESULT_KEY] = (key, outcome)
    return outcome


def upload_section(ctx: PageContext) -> None:
    ref, lang = ctx.reference, ctx.lang
    show_flash(UPLOAD_FLASH)
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
    sheet = st.session_state.get(_sheet_key(file_hash), _AUTO) or None
    by_hand = _columns_by_hand(file_hash, sheet)
    with st.spinner(t("up_checking", lang)):
        result = _checked(data, name, int(edition), set(ref.big_cities["city"]), by_hand, sheet)
    _sheet_choice(file_hash, result, lang)
    if isinstance(result, ColumnsNotFound):
        _cannot_read(result.text(lang), lang)
        _column_choice(file_hash, sheet, result.headers, result.columns, {}, lang)
        return
    if isinstance(result, ImportFileError):
        _cannot_read(result.text(lang), lang)
        return
    _report(result, lang)
    doubtful = [f for f in REQUIRED if f in result.doubts and f not in by_hand]
    if doubtful or by_hand:
        _column_choice(file_hash, sheet, result.headers, result.columns, result.doubts, lang)
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

def _sheet_key(file_hash: str) -> str:
    return f"upload_sheet_{file_hash[:12]}"


def _column_key(file_hash: str, sheet: str | None, field: str) -> str:
    """The column choice of ``field`` for this file and sheet (another sheet has other headers)."""
    sheet_part = "" if sheet is None else "_" + hashlib.sha256(sheet.encode("utf-8", "replace")).hexdigest()[:8]
    return f"upload_col_{file_hash[:12]}{sheet_part}_{field}"


def _columns_by_hand(file_hash: str, sheet: str | None = None) -> dict[str, str]:
    """The columns the user chose for this file and sheet (by header), leaving out "as detected"."""
    chosen = {}
    for field in REQUIRED:
        value = st.session_state.get(_column_key(file_hash, sheet, field), _AUTO)
        if value != _AUTO:
            chosen[field] = value
    return chosen


def sheet_options(sheets: tuple[tuple[str, bool], ...], with_hidden: bool, chosen: str = _AUTO) -> list[str]:
    """The choices of sheet: "automatic" (the best visible one) first, then the visible sheets; the
    hidden ones only on request (``with_hidden``) or when one of them is the current choice."""
    return [_AUTO, *(title for title, hidden in sheets if not hidden or with_hidden or title == chosen)]


def _sheet_choice(file_hash: str, outcome, lang: str) -> None:
    """Which sheet of a workbook was read, and a choice of another one where there is one to choose
    (more than one sheet, or a hidden one); nothing for a CSV or a one-sheet workbook."""
    sheets, read = getattr(outcome, "sheets", ()), getattr(outcome, "sheet", None)
    hidden = {title for title, is_hidden in sheets if is_hidden}
    if len(sheets) < 2 and not hidden:
        return
    key, hidden_key = _sheet_key(file_hash), _sheet_key(file_hash) + "_hidden"
    chosen = st.session_state.get(key, _AUTO)
    options = sheet_options(sheets, bool(st.session_state.get(hidden_key)), chosen)
    if chosen not in options:  # the choice is not in this workbook (never: the key has the file's hash)
        st.session_state[key] = _AUTO

    def label(title: str) -> str:
        if title == _AUTO:
            return t("upload_sheet_auto", lang)
        return t("upload_sheet_hidden_one", lang, sheet=title) if title in hidden else title

    st.selectbox(t("upload_sheet_label", lang), options, key=key, format_func=label,
                 help=t("upload_sheet_help", lang))
    if hidden:
        st.checkbox(tn("upload_sheet_show_hidden", len(hidden), lang), key=hidden_key)
    if read is not None:
        st.caption(t("upload_sheet_read_hidden" if read in hidden else "upload_sheet_read", lang,
                     sheet=safe_markdown(read), count=fmt_number(len(sheets))))


def _column_choice(file_hash: str, sheet: str | None, headers: list[str], found: dict[str, str],
                   doubts: dict[str, str], lang: str) -> None:
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

        key = _column_key(file_hash, sheet, field)
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
        # an HTML table: a long reason breaks into lines (a grid cut it at the window's edge, 1280 px)
        show_table(report.head(REPORT_ROWS_SHOWN).astype(str), t("up_report_label", lang),
                   wrap=(t("report.reason", lang),), tall=True)
        if len(report) > REPORT_ROWS_SHOWN:
            st.caption(tn("up_report_more", len(report) - REPORT_ROWS_SHOWN, lang,
                          shown=fmt_number(REPORT_ROWS_SHOWN)))
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
                 hide_index=True, width="stretch",
                 column_config={t("col_amount_pln", lang): st.column_config.NumberColumn(format=GRID_WHOLE_NUMBER),
                                t("edition", lang): st.column_config.NumberColumn(format="plain")})


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
        show_map(ctx, regions_summary(summary), UnitClasses(classes, {}), metric, key="upload_preview_map", height=460)
    with right:
        show_legend(classes, metric, filters.scheme, lang)
    rows = preview_rows(result.grants)
    if len(rows) > PREVIEW_ROWS:
        st.caption(t("upload_preview_first", lang, shown=fmt_number(PREVIEW_ROWS), total=fmt_number(len(rows))))
    # the labels of the Data page (organisation, amount, voivodeship by name, type in words), not the
    # canonical columns (grant_id, org_name, kgw …)
    grants_table(rows.head(PREVIEW_ROWS), lang, height=300)


def preview_rows(grants):
    """The rows of the preview: those with anything to show (a row all of whose cells are empty
    or missing is left out)."""
    filled = grants.astype("string").fillna("").apply(lambda column: column.str.strip() != "")
    return grants[filled.any(axis=1)] if len(grants) else grants


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
              on_click=apply_change, args=(_adder(result, description, file_hash, replaces, skip),),
              kwargs={"place": UPLOAD_FLASH})


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
