"""What the entry point hands to the pages: data source, filters, language."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from mms_core.filters import Filters

from .data import DataSource, Reference

_KEY = "_page_context"


@dataclass(frozen=True)
class PageContext:
    source: DataSource
    reference: Reference
    filters: Filters
    lang: str


def set_context(context: PageContext) -> None:
    st.session_state[_KEY] = context


def get_context() -> PageContext:
    """The context set by ``dashboard.py`` in this run."""
    return st.session_state[_KEY]
