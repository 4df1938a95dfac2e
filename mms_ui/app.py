"""What every page needs before it draws: the data check, the shared filters, the banners,
and the list of pages. Run by ``dashboard.py`` on every run.

A page script can also be run on its own by Streamlit: while no ``st.navigation`` call has
happened yet in a server process (its first request), Streamlit's legacy discovery of the
``pages/`` folder serves ``/region`` … by file name. :func:`page_context` (what every page
calls first) then calls :func:`start` itself and shows the real menu with ``st.navigation``,
which also switches the legacy discovery off for good. :mod:`mms_ui.context` only holds the
context; it imports nothing from here.
"""

from __future__ import annotations

import os
import time

import streamlit as st

from mms_core.data.loaders import DataFileError
from mms_core.data.paths import STATIC_DIR
from mms_core.text.escaping import safe_markdown, safe_text
from mms_core.text.i18n import t

from . import cached, sidebar
from .context import PageContext, current_context

PAGE_TITLE = "Moc Małych Społeczności – mapa dotacji"
#: A local favicon: a Material icon here would be fetched from fonts.gstatic.com.
FAVICON = str(STATIC_DIR / "favicon.png")


def origin_banner(meta: dict, lang: str) -> None:
    """Say plainly where the grants come from; sample data always carries the label."""
    kind = meta.get("kind")
    if kind == "official":
        text = t("official_banner", lang, source=safe_markdown(meta.get("source", "?")))
        if {"file_name", "imported_at", "rows_kept"} <= meta.keys():
            text += " " + t("official_details", lang, file=safe_markdown(meta["file_name"]),
                            imported_at=safe_markdown(meta["imported_at"]), kept=safe_markdown(meta["rows_kept"]),
                            rejected=safe_markdown(meta.get("rows_rejected", 0)))
        st.info(text, icon=":material/info:")
    elif kind == "sample":
        st.warning(t("sample_banner", lang), icon=":material/warning:")
    else:
        st.warning(t("unknown_banner", lang), icon=":material/warning:")


def start() -> PageContext:
    """Check the data (a Polish message and stop if it is broken), draw the sidebar filters
    and the data-origin banner; return the context the pages read."""
    st.set_page_config(page_title=PAGE_TITLE, page_icon=FAVICON, layout="wide")
    source = cached.current_source()
    try:
        reference = cached.reference(source)
    except DataFileError as error:
        st.title("Moc Małych Społeczności")
        st.error(f"**{t('data_error_title')}**\n\n{safe_text(error.message)}\n\n{t('data_error_hint')}",
                 icon=":material/error:")
        st.stop()
    filters = sidebar.render_filters(reference.editions)
    lang = sidebar.language()
    with st.container(key="mms_origin"):  # the presentation shows a compact label instead
        origin_banner(reference.grants_meta, lang)
    problems = sidebar.url_problems()
    if problems:
        st.warning(t("invalid_params", lang) + "\n\n" + "\n".join(f"- {safe_text(p)}" for p in problems))
    return PageContext(source=source, reference=reference, filters=filters, lang=lang)


def page_list(lang: str) -> list:
    """The pages, in menu order. Each ``url_path`` is its file name, so the legacy discovery
    and ``st.navigation`` agree on every address."""
    return [
        st.Page("pages/map.py", title=t("page_map", lang), icon=":material/map:", default=True, url_path="map"),
        st.Page("pages/region.py", title=t("page_region", lang), icon=":material/location_on:", url_path="region"),
        st.Page("pages/compare.py", title=t("page_compare", lang), icon=":material/bar_chart:", url_path="compare"),
        st.Page("pages/data.py", title=t("page_data", lang), icon=":material/table:", url_path="data"),
        st.Page("pages/conferences.py", title=t("page_conferences", lang), icon=":material/event:",
                url_path="conferences"),
        st.Page("pages/present.py", title=t("page_present", lang), icon=":material/slideshow:", url_path="present"),
        st.Page("pages/sources.py", title=t("page_sources", lang), icon=":material/menu_book:", url_path="sources"),
    ]


def log_run_time(started: float) -> None:
    """Append this run's server time (ms) to ``$MMS_RUN_TIME_LOG`` when set (the benchmark)."""
    path = os.environ.get("MMS_RUN_TIME_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{time.time():.3f} {(time.perf_counter() - started) * 1000:.2f}\n")


def page_context() -> PageContext:
    """The context of this run, for a page script to read first.

    Normally the entry point (``dashboard.py``) has set it. Without one, Streamlit is
    running this page script on its own (the first request of a fresh server to a deep link
    such as ``/region?region=06``): do the entry point's work here (so the widgets keep what
    the user just set), put up the real menu with ``st.navigation`` (which switches the
    legacy discovery off) and run again, this time through the entry point, on the same page.
    """
    context = current_context()
    if context is not None:
        return context
    context = start()
    st.navigation(page_list(context.lang))
    st.rerun()
    return context  # not reached
