"""What the entry point hands to the pages: data source, filters, language.

This module only holds the context of the current run; who makes it is :mod:`mms_ui.app`.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from mms_core.analysis.filters import Filters

from .cached import DataSource, Reference

_KEY = "_page_context"


@dataclass(frozen=True)
class PageContext:
    source: DataSource
    reference: Reference
    filters: Filters
    lang: str


def set_context(context: PageContext) -> None:
    st.session_state[_KEY] = context


def clear_context() -> None:
    """Called by the entry point once the page has run, so that a page script run on its
    own in a later run never reads a stale context."""
    st.session_state.pop(_KEY, None)


def current_context() -> PageContext | None:
    """The context the entry point set in this run, or None when a page runs on its own."""
    return st.session_state.get(_KEY)
