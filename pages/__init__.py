"""The dashboard's pages: each a function given the page's context (:class:`mms_ui.context.PageContext`),
listed here once in menu order, and :func:`main`, the work of the entry point (``dashboard.py``).

Streamlit still looks at a folder named ``pages/`` beside the entry point: until the first
``st.navigation`` call of a server process (its first request), a deep link such as ``/region`` runs
``pages/region.py`` as a script. Each page module therefore ends by handing such a run to the entry point
(``runpy``: a page never imports this package), whose :func:`main` calls ``st.navigation`` (switching that
discovery off for good) and draws the page asked for — in the same run, with the widgets as the user left them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import streamlit as st

from mms_core.text.i18n import t
from mms_ui.app import log_run_time, set_page_title, start
from mms_ui.context import PageContext

from .accessibility import accessibility_page
from .compare import compare_page
from .conferences import conferences_page
from .data import data_page
from .map import map_page
from .plan import plan_page
from .present import present_page
from .region import region_page
from .sources import sources_page


@dataclass(frozen=True)
class PageSpec:
    """A page of the menu: its function, the catalogue key of its title, its icon and its address."""

    draw: Callable[[PageContext], None]
    title_key: str
    icon: str
    url_path: str


#: The pages in menu order; the first is the default (``/``).
PAGES: tuple[PageSpec, ...] = (
    PageSpec(map_page, "page_map", ":material/map:", "map"),
    PageSpec(region_page, "page_region", ":material/location_on:", "region"),
    PageSpec(compare_page, "page_compare", ":material/bar_chart:", "compare"),
    PageSpec(plan_page, "page_plan", ":material/calculate:", "plan"),
    PageSpec(data_page, "page_data", ":material/table:", "data"),
    PageSpec(conferences_page, "page_conferences", ":material/event:", "conferences"),
    PageSpec(present_page, "page_present", ":material/slideshow:", "present"),
    PageSpec(sources_page, "page_sources", ":material/menu_book:", "sources"),
    PageSpec(accessibility_page, "page_accessibility", ":material/accessibility:", "accessibility"),
)


def _streamlit_page(spec: PageSpec, context: Callable[[], PageContext], lang: str, default: bool):
    def draw() -> None:
        spec.draw(context())

    draw.__name__ = f"{spec.url_path}_page"
    return st.Page(draw, title=t(spec.title_key, lang), icon=spec.icon, url_path=spec.url_path, default=default)


def main() -> None:
    """One run of the app: check the data, draw the shared filters and the banner (:func:`mms_ui.app.start`),
    then the page of the address, given the context — the data, the filters, the language and the
    pages themselves (for links between them)."""
    started = time.perf_counter()
    try:
        context = start()
        made: dict[str, PageContext] = {}
        pages = {spec.url_path: _streamlit_page(spec, lambda: made["context"], context.lang, default=index == 0)
                 for index, spec in enumerate(PAGES)}
        made["context"] = replace(context, pages=pages)
        navigation = st.navigation(list(pages.values()))
        set_page_title(navigation, context.lang)
        navigation.run()
    finally:
        log_run_time(started)
