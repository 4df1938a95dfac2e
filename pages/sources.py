"""Where every number comes from: the sources of the grants in use (with their figures and
provenance), adding a list (the upload: report, preview and — where allowed — publishing), the
history of changes, then the reference files and their sources."""

from __future__ import annotations

import runpy
from pathlib import Path

import pandas as pd
import streamlit as st

from mms_core.data.ledger import export_paths
from mms_core.data.paths import data_paths
from mms_core.text.escaping import safe_markdown
from mms_core.text.formatting import fmt_pln
from mms_core.text.i18n import has_text, t, tn
from mms_ui.context import PageContext
from mms_ui.sources_ui import (
    change_controls,
    history_table,
    published_table,
    reading_table,
    show_flash,
    sources_column_config,
    sources_table,
)
from mms_ui.upload import upload_section


def sources_page(ctx: PageContext) -> None:
    """The page, drawn with the context the entry point made for this run."""
    lang, ref = ctx.lang, ctx.reference
    view = ref.provenance

    st.title(t("sources_title", lang))
    show_flash()
    st.markdown(t("sources_intro", lang))

    st.header(t("ledger_sources_title", lang))
    st.markdown(t("ledger_sources_intro", lang))
    st.dataframe(sources_table(view, lang), hide_index=True, width="stretch", column_config=sources_column_config(lang))
    amount = fmt_pln(sum(a for _, a in view.in_use.values()), 2)
    st.caption(tn("ledger_in_use", sum(n for n, _ in view.in_use.values()), lang, amount=amount))
    if view.sample_off:
        st.caption(t("ledger_sample_off", lang, editions=", ".join(map(str, view.sample_off))))
    for source_id in view.mismatched:
        st.warning(t("ledger_mismatch_source", lang, id=source_id), icon=":material/gpp_maybe:")
    if view.notice:
        st.info(t("ledger_read_only_here", lang), icon=":material/lock:")
    with st.expander(t("ledger_reading_title", lang)):
        st.dataframe(reading_table(view, lang), hide_index=True, width="stretch")
        export_csv, _ = export_paths(data_paths())
        st.caption(t("ledger_export_note", lang, path=safe_markdown(str(export_csv))))

    change_controls(view, lang)

    st.header(t("upload_title", lang), anchor="upload")
    st.markdown(t("sources_upload_intro", lang))
    upload_section(ctx)

    st.header(t("ledger_history_title", lang))
    st.dataframe(history_table(view, lang), hide_index=True, width="stretch",
                 column_config={t("ledger_col_change", lang): st.column_config.NumberColumn(format="plain")})

    st.header(t("ledger_files_title", lang))
    # (file, catalogue key of its content, its source: a catalogue key, or a name given as is).
    FILES = [
        ("population_2024.csv", "src.population", "src.population_source"),
        ("population_powiat_2025.csv, population_gmina_2025.csv", "src.population_levels", "src.population_levels_source"),
        ("cities_over_100k_2023.csv", "src.big_cities", "101miast.pl"),
        ("conferences_2025.csv", "src.conferences", "src.conferences_source"),
        ("p3_operators_2025.csv", "src.operators", "src.operators_source"),
        ("published_results_2025.csv", "src.published", "roztocze.net, czaplinek.pl, swarzedz24.pl"),
        ("geodata/{voivodeships,powiats,gminas}.geojson", "src.boundaries", "src.boundaries_source"),
        ("grants.csv", "src.grants", "src.grants_source"),
        ("ledger/ledger.sqlite3", "src.ledger", "src.ledger_source"),
    ]
    st.table(pd.DataFrame([(name, t(content, lang), t(source, lang) if has_text(source, lang) else source)
                           for name, content, source in FILES],
                          columns=[t("src_file", lang), t("src_content", lang), t("source", lang)]))

    st.header(t("src_published", lang))
    st.dataframe(published_table(ref.published, lang), hide_index=True, width="stretch")
    st.caption(t("src.published_note", lang))


if __name__ == "__main__":  # run as a script by Streamlit's legacy discovery of pages/: see pages/__init__.py
    runpy.run_path(str(Path(__file__).parents[1] / "dashboard.py"))
