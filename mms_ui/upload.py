"""Upload of an official list on the Data page: a preview in the uploader's own session,
the Polish report, and — only where the deployment allows it — publishing for everyone."""

from __future__ import annotations

import os

import streamlit as st

from mms_core.analysis.aggregates import filter_grants, region_summary
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.data.importer import MAX_FILE_BYTES, ImportFileError, issues_table, read_grants_file
from mms_core.data.paths import data_paths
from mms_core.data.publish import PublishError, publish, rollback
from mms_core.maps.classify import classify
from mms_core.text.formatting import fmt_number, fmt_pln

from .context import PageContext
from .maps import show_legend, show_map


def publishing_allowed() -> bool:
    """Publishing an upload for everyone is off unless the deployment sets ``MMS_ALLOW_PUBLISH=1``."""
    return os.environ.get("MMS_ALLOW_PUBLISH") == "1"


def upload_section(ctx: PageContext) -> None:
    ref, filters = ctx.reference, ctx.filters
    st.markdown("Wczytaj listę beneficjentów z generatora wniosków (CSV w UTF-8, Windows-1250 lub ISO-8859-2, "
                "separator przecinek, średnik lub tabulator; albo XLSX). Podgląd widzisz tylko Ty – "
                f"nic się nie zmienia dla innych. Największy plik: {MAX_FILE_BYTES // 1024 // 1024} MB.")
    upload = st.file_uploader("Plik z listą dotacji", type=["csv", "txt", "tsv", "xlsx"], key="upload_file")
    edition = st.number_input("Edycja (gdy plik nie ma kolumny „Edycja”)", min_value=2025, max_value=2100,
                              value=max(ref.editions) if ref.editions else 2025, step=1, key="upload_edition")
    if upload is None:
        _rollback_control()
        return
    try:
        result = read_grants_file(upload.getvalue(), upload.name, int(edition), set(ref.big_cities["city"]))
    except ImportFileError as error:
        st.error(f"**Nie można wczytać pliku.** {error.message}", icon=":material/error:")
        return
    st.markdown(f"Wczytano **{fmt_number(result.rows_read)}** wierszy: poprawnych **{fmt_number(len(result.grants))}**, "
                f"odrzuconych **{fmt_number(result.rejected_rows)}**, ostrzeżeń **{fmt_number(len(result.warnings))}**.")
    if result.issues:
        st.markdown("**Raport z wczytania** (numery wierszy jak w pliku):")
        report = issues_table(result)
        st.dataframe(report, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(report)))
        st.download_button("Pobierz raport (CSV)", report.to_csv(index=False).encode("utf-8-sig"),
                           file_name="raport_importu.csv", mime="text/csv", key="upload_report")
    if result.grants.empty:
        st.warning("Żaden wiersz nie przeszedł sprawdzenia.")
        return
    st.subheader("Podgląd (tylko w tej sesji)")
    preview = filter_grants(result.grants, filters)
    summary = region_summary(preview, ref.population, ref.eligible)
    metric = METRIC_BY_CODE[filters.metric]
    classes = classify(summary[metric.column], filters.scheme, filters.classes)
    st.caption(f"Filtry z paska bocznego: {fmt_number(len(preview))} dotacji, {fmt_pln(preview['amount_pln'].sum())}.")
    left, right = st.columns([4, 1])
    with left:
        show_map(ctx, summary, classes, metric, key="upload_preview_map", height=460)
    with right:
        show_legend(classes, metric, filters.scheme, ctx.lang)
    st.dataframe(result.grants.head(500), hide_index=True, width="stretch", height=300)
    if not publishing_allowed():
        st.caption("Publikowanie dla wszystkich jest w tej instalacji wyłączone (włącza je zmienna "
                   "środowiskowa MMS_ALLOW_PUBLISH=1). Administrator może też użyć: python -m mms_core import PLIK.")
        return
    choice = st.radio("Co zrobić?", ["Zaimportuj poprawne wiersze i zachowaj raport", "Nie importuj niczego"],
                      key="upload_choice", index=1 if result.errors else 0)
    source = st.text_input("Opis źródła (np. „Wyniki NIW-CRSO, edycja 2025”)", value=upload.name, key="upload_source")
    if st.button("Opublikuj dla wszystkich", type="primary", key="upload_publish",
                 disabled=choice == "Nie importuj niczego"):
        try:
            meta = publish(result, data_paths(), source, accept_partial=True)
        except PublishError as error:
            st.error(error.message)
            return
        st.success(f"Opublikowano {fmt_number(meta['rows_kept'])} dotacji. Poprzednia wersja jest zachowana.")
        st.rerun()


def _rollback_control() -> None:
    if publishing_allowed() and (data_paths().data_dir / "grants.previous.csv").exists():
        if st.button("Przywróć poprzednią wersję danych", key="upload_rollback"):
            try:
                rollback(data_paths())
            except PublishError as error:
                st.error(error.message)
                return
            st.rerun()
