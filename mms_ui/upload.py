"""Upload of an official list on the Data page: a preview in the uploader's own session,
the report (Polish, or English when the UI is), and — only where the deployment allows it —
publishing for everyone.

Hostile or broken files: the file is checked in a separate process with a time and memory
bound (:mod:`mms_core.data.import_worker`), one file at a time for the whole server, so an
upload never holds up other people's pages; the result is kept in the session, so a rerun does
not check it again. Every refusal is a message; the data in use never changes here unless
"Publish" is pressed and succeeds. The uploaded file's name is shown and recorded without
control or invisible characters.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading

import streamlit as st

from mms_core.analysis.aggregates import filter_grants, region_summary
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.data.file_reading import MAX_FILE_BYTES, ImportFileError, os_error_text, safe_file_name
from mms_core.data.import_worker import read_in_worker
from mms_core.data.importer import issues_table
from mms_core.data.paths import data_paths
from mms_core.data.publish import PublishError, publish, rollback
from mms_core.data.values import clean_text
from mms_core.maps.classify import classify
from mms_core.present.table_exports import report_csv
from mms_core.text.escaping import safe_markdown
from mms_core.text.formatting import fmt_number, fmt_pln
from mms_core.text.i18n import t, tn

from .context import PageContext
from .maps import show_legend, show_map

LIMIT_MB = MAX_FILE_BYTES // 1024 // 1024
#: Streamlit refuses larger uploads itself, before they reach the server's memory; it is a little
#: above our own limit, so that a file between the two gets our message (see the README).
STREAMLIT_LIMIT_MB = LIMIT_MB + 5
#: One file checked at a time on this server (2 cores: one for the pages, one for the check).
_CHECK_SLOTS = threading.BoundedSemaphore(1)
_WAIT_FOR_SLOT_S = 20
_RESULT_KEY = "_upload_checked"


def publishing_allowed() -> bool:
    """Publishing an upload for everyone is off unless the deployment sets ``MMS_ALLOW_PUBLISH=1``."""
    return os.environ.get("MMS_ALLOW_PUBLISH") == "1"


def _cannot_read(reason: str, lang: str) -> None:
    st.error(t("up_cannot_read", lang, reason=safe_markdown(reason)) + " " + t("up_unchanged", lang),
             icon=":material/error:")


def _checked(data: bytes, name: str, edition: int, big_cities: set[str]):
    """The ImportResult or the ImportFileError of this file, checked once per session."""
    key = (hashlib.sha256(data).hexdigest(), name, edition)
    kept = st.session_state.get(_RESULT_KEY)
    if kept and kept[0] == key:
        return kept[1]
    if not _CHECK_SLOTS.acquire(timeout=_WAIT_FOR_SLOT_S):
        return ImportFileError.of("up_busy")  # not kept: the next run tries again
    try:
        outcome = read_in_worker(data, name, edition, big_cities)
    except ImportFileError as error:
        outcome = error
    finally:
        _CHECK_SLOTS.release()
    st.session_state[_RESULT_KEY] = (key, outcome)
    return outcome


def upload_section(ctx: PageContext) -> None:
    ref, filters, lang = ctx.reference, ctx.filters, ctx.lang
    st.markdown(t("up_intro", lang, limit=LIMIT_MB))
    # no type= filter: Streamlit would refuse other files with an English message; the content
    # decides, and XLS, ODS, PDF … get a message saying what to do
    upload = st.file_uploader(t("up_file_label", lang), key="upload_file", max_upload_size=STREAMLIT_LIMIT_MB)
    _translate_uploader(lang)
    edition = st.number_input(t("up_edition_label", lang), min_value=2025, max_value=2100,
                              value=max(ref.editions) if ref.editions else 2025, step=1, key="upload_edition")
    if upload is None:
        st.session_state.pop(_RESULT_KEY, None)  # the file was removed: so is what it held
        _rollback_control(lang)
        return
    name, renamed = safe_file_name(upload.name)
    if renamed:
        st.caption(t("up_name_cleaned", lang))
    if upload.size > MAX_FILE_BYTES:  # before copying it anywhere
        _cannot_read(t("imp_too_big", lang, size=f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
                       limit=LIMIT_MB), lang)
        return
    with st.spinner(t("up_checking", lang)):
        result = _checked(upload.getvalue(), name, int(edition), set(ref.big_cities["city"]))
    if isinstance(result, ImportFileError):
        _cannot_read(result.text(lang), lang)
        return
    st.markdown(tn("upload_read", result.rows_read, lang, kept=fmt_number(len(result.grants)),
                   rejected=fmt_number(result.rejected_rows), warnings=fmt_number(len(result.warnings))))
    if result.issues:
        st.markdown(t("up_report_title", lang))
        report = issues_table(result, lang)
        st.dataframe(report, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(report)))
        st.download_button(t("up_report_download", lang), report_csv(report),
                           file_name="raport_importu.csv", mime="text/csv", key="upload_report")
    if result.grants.empty:
        st.warning(t("up_nothing_passed", lang))
        return
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
    if not publishing_allowed():
        st.caption(t("up_publish_off", lang))
        return
    options = [t("up_choice_import", lang), t("up_choice_nothing", lang)]
    choice = st.radio(t("up_choice", lang), options, key="upload_choice", index=1 if result.errors else 0)
    source = st.text_input(t("up_source", lang), value=name, key="upload_source", max_chars=300)
    if st.button(t("up_publish", lang), type="primary", key="upload_publish", disabled=choice == options[1]):
        try:
            meta = publish(result, data_paths(), clean_text(source).text[:300] or name, accept_partial=True)
        except PublishError as error:
            st.error(error.message)
            return
        except OSError as error:  # a missing or read-only data folder, a full disk
            st.error(t("up_storage_error", lang, reason=os_error_text(error, lang)), icon=":material/error:")
            return
        st.session_state.pop(_RESULT_KEY, None)
        st.success(tn("upload_published", int(meta["rows_kept"]), lang))
        st.rerun()


def _rollback_control(lang: str) -> None:
    if publishing_allowed() and (data_paths().data_dir / "grants.previous.csv").exists():
        if st.button(t("up_rollback", lang), key="upload_rollback"):
            try:
                rollback(data_paths())
            except PublishError as error:
                st.error(error.message)
                return
            except OSError as error:
                st.error(t("up_storage_error", lang, reason=os_error_text(error, lang)), icon=":material/error:")
                return
            st.rerun()


def _translate_uploader(lang: str) -> None:
    """Streamlit's uploader speaks English in the browser ("File must be 25.0MB or smaller.",
    "Drag and drop file here", "Limit 25MB per file", "Browse files"); replace those texts
    inside the uploader with ours as they appear. Registered once per page load."""
    texts = {
        "too_big": t("up_too_big_browser", lang, limit=LIMIT_MB),
        "drop": t("up_drop_here", lang),
        "limit": t("up_limit_per_file", lang, limit=LIMIT_MB),
        "browse": t("up_browse", lang),
    }
    texts_json = json.dumps(texts).replace("</", "<\\/")
    st.html(f"""<script>
window.__mmsUploaderTexts = {texts_json};
if (!window.__mmsUploaderObserver) {{
  // the size error is in a tooltip (outside the uploader) and in a hidden alert for screen readers
  const rules = [[/^(Error: )?File must be .* or smaller\\.$/, "too_big"], [/^Drag and drop files? here$/, "drop"],
                 [/^(Limit )?[0-9.]+ ?[KMG]?B per file/, "limit"], [/^Browse files?$/, "browse"], [/^Upload$/, "browse"]];
  const fix = el => {{
    if (!el || el.nodeType !== 1 || el.children.length) return;
    const texts = window.__mmsUploaderTexts, text = (el.textContent || "").trim();
    for (const [pattern, key] of rules) {{
      if (pattern.test(text) && texts[key] && text !== texts[key]) {{ el.textContent = texts[key]; return; }}
    }}
  }};
  const walk = node => {{
    if (node.nodeType === 3) {{ fix(node.parentElement); return; }}
    if (node.nodeType !== 1) return;
    fix(node);
    node.querySelectorAll("*").forEach(fix);
  }};
  const translate = () => walk(document.body);
  window.__mmsUploaderObserver = new MutationObserver(records => records.forEach(r => {{
    if (r.type === "characterData") fix(r.target.parentElement); else r.addedNodes.forEach(walk);
  }}));
  window.__mmsUploaderObserver.observe(document.body, {{childList: true, subtree: true, characterData: true}});
  translate();
}}
</script>""", unsafe_allow_javascript=True)
