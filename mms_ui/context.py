"""What the entry point hands to a page: data source, filters, language, and the pages for links.

Made by :func:`mms_ui.app.start` (the data, the filters, the language) and :func:`pages.main` (the pages);
passed to the page function as its argument, never kept in the session.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mms_core.analysis.filters import Filters

from .cached import DataSource, Reference


@dataclass(frozen=True)
class PageContext:
    source: DataSource
    reference: Reference
    filters: Filters
    lang: str
    #: The app's pages (``st.Page`` objects) by address (``"region"``), for ``st.switch_page`` / ``st.page_link``.
    pages: Mapping[str, Any] = field(default_factory=dict)
