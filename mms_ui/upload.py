"""Upload of an official list on the Data page: a preview in the uploader's own session,
the report (the reasons in Polish), and — only where the deployment allows it — publishing for everyone."""

from __future__ import annotations

import json
import os

import pandas as pd
import streamlit as st

from mms_core.analysis.aggregates import filter_grants, region_summary
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.data.importer import MAX_FILE_BYTES, ImportFileError, issues_table, read_grants_file
from mms_core.data.paths import data_paths
from mms_core.data.publish import PublishError, publish, rollback
from mms_core.maps.classify import classify
from mms_core.text.formatting import fmt_number, fmt_pln
from mms_core.text.i18n import t, tn

from .context import PageContext
from .maps import show_legend, show_map


def publishing_allowed() -> bool:
    """Publishing an upload for everyone is off unless the deployment sets ``MMS_ALLOW_PUBLISH=1``."""
    return os.environ.get("MMS_ALLOW_PUBLISH") == "1"


def upload_section(ctx: PageContext) -> None:
    ref, filters, lang = ctx.reference, ctx.filters, ctx.lang
    st.markdown(t("upload_intro", lang, max_mb=MAX_FILE_BYTES // 1024 // 1024))
    _uploader_words(lang)
    upload = st.file_uploader(t("upload_file", lang), type=["csv", "txt", "tsv", "xlsx"], key="upload_file")
    edition = st.number_input(t("upload_edition", lang), min_value=2025, max_value=2100,
                              value=max(ref.editions) if ref.editions else 2025, step=1, key="upload_edition")
    if upload is None:
        _rollback_control(lang)
        return
    try:
        result = read_grants_file(upload.getvalue(), upload.name, int(edition), set(ref.big_cities["city"]))
    except ImportFileError as error:
        st.error(t("upload_cannot_read", lang, message=error.message), icon=":material/error:")
        return
    st.markdown(tn("upload_read", result.rows_read, lang, kept=fmt_number(len(result.grants)),
                   rejected=fmt_number(result.rejected_rows), warnings=fmt_number(len(result.warnings))))
    if result.issues:
        st.markdown(t("upload_report_title", lang))
        report = issues_table(result, lang)
        st.dataframe(report, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(report)))
        st.download_button(t("upload_report_download", lang), report.to_csv(index=False).encode("utf-8-sig"),
                           file_name=f"{t('file.import_report', lang)}.csv", mime="text/csv", key="upload_report")
    if result.grants.empty:
        st.warning(t("upload_nothing_valid", lang))
        return
    st.subheader(t("upload_preview_title", lang))
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
    st.dataframe(_readable(result.grants.head(500), lang), hide_index=True, width="stretch", height=300)
    if not publishing_allowed():
        st.caption(t("upload_publish_off", lang))
        return
    choice = st.radio(t("upload_choice", lang), ["import", "none"], format_func=lambda c: t(f"upload_choice.{c}", lang),
                      key="upload_choice", index=1 if result.errors else 0)
    source = st.text_input(t("upload_source", lang), value=upload.name, key="upload_source")
    if st.button(t("upload_publish", lang), type="primary", key="upload_publish", disabled=choice == "none"):
        try:
            meta = publish(result, data_paths(), source, accept_partial=True)
        except PublishError as error:
            st.error(t("publish_failed", lang, message=error.message))
            return
        st.success(tn("upload_published", meta["rows_kept"], lang))
        st.rerun()


def _uploader_words(lang: str) -> None:
    """Streamlit 1.67 writes its uploader's button ("Upload") and limits ("25MB per file • CSV…")
    in English, with no parameter for them: the button gets the catalogue's words instead, and
    the limits line goes (the intro above says the formats and the largest file)."""
    button = json.dumps(t("upload_button", lang), ensure_ascii=False)
    st.html(f"""<style>
.st-key-upload_file [data-testid="stFileUploaderDropzoneInstructions"] {{display: none;}}
.st-key-upload_file [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{display: none;}}
.st-key-upload_file [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{
  content: {button};
}}
</style>""")


def _readable(grants: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Imported rows with the column names and organisation types of the Data page."""
    headers = {"grant_id": "col_grant_id", "edition": "edition", "priority": "priority", "org_name": "col_org_name",
               "org_type": "org_type", "voivodeship_teryt": "col_teryt", "town": "col_town",
               "amount_pln": "col_amount_pln"}
    shown = grants.assign(org_type=grants["org_type"].map(lambda c: t(f"org.{c}", lang)))
    return shown.rename(columns={c: t(key, lang) for c, key in headers.items()})


def _rollback_control(lang: str) -> None:
    if publishing_allowed() and (data_paths().data_dir / "grants.previous.csv").exists():
        if st.button(t("upload_rollback", lang), key="upload_rollback"):
            try:
                rollback(data_paths())
            except PublishError as error:
                st.error(t("rollback_failed", lang, message=error.message))
                return
            st.rerun()
