"""Entry point of the MMS dashboard: ``streamlit run dashboard.py``.

Loads and validates the data, draws the shared filters (kept in the URL), shows the
data-origin banner on every page and runs the chosen page.
"""

from __future__ import annotations

import streamlit as st

from mms_core.datafiles import DataFileError
from mms_core.escaping import safe_text
from mms_core.i18n import t
from mms_core.paths import STATIC_DIR
from mms_ui import data, sidebar
from mms_ui.context import PageContext, set_context

# A local favicon: a Material icon here would be fetched from fonts.gstatic.com.
st.set_page_config(page_title="Moc Małych Społeczności – mapa dotacji", page_icon=str(STATIC_DIR / "favicon.png"),
                   layout="wide")


def origin_banner(meta: dict, lang: str) -> None:
    """Say plainly where the grants come from; sample data always carries the label."""
    kind = meta.get("kind")
    if kind == "official":
        st.info(t("official_banner", lang, source=meta.get("source", "?"), imported_at=meta.get("imported_at", "?")),
                icon=":material/info:")
    elif kind == "sample":
        st.warning(t("sample_banner", lang), icon=":material/warning:")
    else:
        st.warning(t("unknown_banner", lang), icon=":material/warning:")


source = data.current_source()
try:
    reference = data.reference(source)
except DataFileError as error:
    st.title("Moc Małych Społeczności")
    st.error(f"**{t('data_error_title')}**\n\n{safe_text(error.message)}\n\n{t('data_error_hint')}", icon=":material/error:")
    st.stop()

filters = sidebar.render_filters(reference.editions)
lang = sidebar.language()
set_context(PageContext(source=source, reference=reference, filters=filters, lang=lang))

origin_banner(reference.grants_meta, lang)
problems = sidebar.url_problems()
if problems:
    st.warning(t("invalid_params", lang) + "\n\n" + "\n".join(f"- {p}" for p in problems))

navigation = st.navigation([
    st.Page("pages/map.py", title=t("page_map", lang), icon=":material/map:", default=True, url_path="mapa"),
    st.Page("pages/region.py", title=t("page_region", lang), icon=":material/location_on:", url_path="region"),
    st.Page("pages/compare.py", title=t("page_compare", lang), icon=":material/bar_chart:", url_path="porownanie"),
    st.Page("pages/data.py", title=t("page_data", lang), icon=":material/table:", url_path="dane"),
    st.Page("pages/conferences.py", title=t("page_conferences", lang), icon=":material/event:",
            url_path="konferencje"),
    st.Page("pages/sources.py", title=t("page_sources", lang), icon=":material/menu_book:", url_path="zrodla"),
])
navigation.run()
