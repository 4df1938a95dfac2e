"""Data: the grants of the current filters, searchable, sortable and limited to one voivodeship
(``?region=06``, the same grants as its profile), one gmina (``?gmina=0601011``, 7-digit TERYT of
2025: the profile's gmina table links here) or one source (``?source=3``) if chosen, with CSV and
XLSX exports that say which filters, which data source and when. Adding a list: the Sources page."""

from __future__ import annotations

import runpy
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import streamlit as st

from mms_core.analysis.address import GMINA, QUERY, REGION, SOURCE
from mms_core.analysis.aggregates import filter_grants
from mms_core.analysis.filters import edition_text
from mms_core.analysis.search import MAX_QUERY_CHARS, narrow_grants
from mms_core.facts.vocab import ALL
from mms_core.facts.voivodeships import TERYT_CODES, name_of
from mms_core.present.table_exports import (
    export_info,
    grants_csv,
    grants_ods,
    grants_package,
    grants_xlsx,
    with_gmina_names,
)
from mms_core.text.formatting import fmt_pln
from mms_core.text.i18n import t, tn
from mms_ui import cached
from mms_ui.context import PageContext
from mms_ui.params import put, seen_value, take
from mms_ui.sidebar import filter_params
from mms_ui.sources_ui import source_kind, source_label
from mms_ui.tables import gmina_labels, gmina_table_or_none, grants_table


def data_page(ctx: PageContext) -> None:
    """The page, drawn with the context the entry point made for this run."""
    lang, filters, ref = ctx.lang, ctx.filters, ctx.reference

    st.title(t("page_data", lang))
    take(QUERY, "p_q", lang, limit=MAX_QUERY_CHARS)
    query = st.text_input(t("search", lang), key="p_q", max_chars=MAX_QUERY_CHARS)
    put(QUERY, query.strip())

    sources = {s.id: s for s in ref.provenance.sources}
    take(SOURCE, "p_source", lang, accepts=lambda v: v == ALL or (SOURCE.understood(v) and int(v) in sources))
    if st.session_state.get("p_source", ALL) not in (ALL, *map(str, sources)):
        st.session_state["p_source"] = ALL
    chosen = st.selectbox(t("source_filter", lang), [ALL, *map(str, sources)], key="p_source",
                          format_func=lambda v: t("source_all", lang) if v == ALL else source_label(sources[int(v)], lang))
    put(SOURCE, chosen)

    take(REGION, "p_data_region", lang)
    gminas = gmina_table_or_none(ctx)
    gmina_names = {} if gminas is None else gminas["name"].to_dict()
    if gminas is not None:
        # a gmina given in the address brings its voivodeship with it
        seen = seen_value(GMINA)
        wanted_gmina = take(GMINA, "p_data_gmina", lang, accepts=lambda v: v == ALL or v in gmina_names)
        if wanted_gmina in gmina_names and wanted_gmina != seen:
            st.session_state["p_data_region"] = wanted_gmina[:2]
    region = st.selectbox(t("region_filter", lang), [ALL, *TERYT_CODES], key="p_data_region",
                          format_func=lambda v: t("region_all", lang) if v == ALL else name_of(v))
    put(REGION, None if region == ALL else region)
    gmina = ALL
    if gminas is not None:
        # the gminas of the chosen voivodeship (70–314 choices); all 2 479 in one list took a third of
        # a second to draw in every new tab, and a gmina in the address brings its voivodeship anyway
        options = [ALL, *(code for code in gminas.index if region != ALL and code.startswith(region))]
        if st.session_state.get("p_data_gmina", ALL) not in options:
            st.session_state["p_data_gmina"] = ALL
        labels = gmina_labels(gminas.loc[options[1:]], lang) | {ALL: t("gmina_all", lang)}
        # (not disabled when no voivodeship is chosen: a disabled label is too pale to read, WCAG 1.4.3)
        gmina = st.selectbox(t("gmina_filter", lang), options, key="p_data_gmina", format_func=labels.__getitem__,
                             help=t("gmina_filter_help", lang))
        put(GMINA, gmina)

    grants = filter_grants(cached.grants(ctx.source), filters)
    rows = with_gmina_names(narrow_grants(grants, chosen, region, gmina, query), gmina_names)
    st.markdown(tn("data_count", len(rows), lang, amount=fmt_pln(rows["amount_pln"].sum())))

    grants_table(rows, lang, height=520)

    exported_at = datetime.now(ZoneInfo("Europe/Warsaw"))
    meta = (ref.provenance.origin(filters.edition).as_meta() if chosen == ALL
            else {"kind": source_kind(ref.provenance, sources[int(chosen)]), "source": sources[int(chosen)].description})
    info = export_info(filters, meta, exported_at, len(rows), query.strip(), lang,
                       source_filter="" if chosen == ALL else source_label(sources[int(chosen)], lang),
                       region="" if region == ALL else name_of(region),
                       gmina="" if gmina == ALL else f"{gmina_names[gmina]} ({gmina})")
    stem = f"{t('file.grants', lang)}_{edition_text(filters.edition)}_{exported_at:%Y%m%d_%H%M}"
    first_row, second_row = st.columns(3), st.columns(3)  # three by two: more in a row cut the labels at 1280 px
    left, middle, right, last, ods_column, _ = *first_row, *second_row
    # The files are made when a button is clicked (on a thread of their own, no rerun): the XLSX of
    # 2 000 grants alone takes about a second, which every run of this page used to pay. The CSVs hold the
    # rows only (what a plain read_csv expects); what the file is travels in the ZIP's datapackage.json and
    # in the XLSX's second sheet.
    left.download_button(t("download_rows_csv", lang), lambda: grants_csv(rows), file_name=f"{stem}.csv",
                         mime="text/csv", key="download_rows_csv", width="stretch", on_click="ignore")
    middle.download_button(t("download_rows_csv_excel", lang), lambda: grants_csv(rows, excel_pl=True),
                           file_name=f"{stem}_excel.csv", mime="text/csv", key="download_rows_csv_excel",
                           width="stretch", help=t("csv_excel_help", lang), on_click="ignore")
    right.download_button(t("download_rows_xlsx", lang), lambda: grants_xlsx(rows, info, lang), file_name=f"{stem}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key="download_rows_xlsx", width="stretch", on_click="ignore")
    last.download_button(t("download_rows_zip", lang), lambda: grants_package(rows, info, stem, lang),
                         file_name=f"{stem}.zip", mime="application/zip", key="download_rows_zip", width="stretch",
                         help=t("download_rows_zip_help", lang), on_click="ignore")
    ods_column.download_button(t("download_rows_ods", lang), lambda: grants_ods(rows, info, lang), file_name=f"{stem}.ods",
                               mime="application/vnd.oasis.opendocument.spreadsheet", key="download_rows_ods",
                               width="stretch", help=t("download_ods_help", lang), on_click="ignore")
    st.caption(t("export_note", lang))

    # adding a list is on the Sources page, with the sources it joins (issue #24: nobody found it here)
    st.page_link(ctx.pages["sources"], label=t("data_upload_link", lang), icon=":material/upload_file:",
                 query_params=filter_params(filters, lang))


if __name__ == "__main__":  # run as a script by Streamlit's legacy discovery of pages/: see pages/__init__.py
    runpy.run_path(str(Path(__file__).parents[1] / "dashboard.py"))
