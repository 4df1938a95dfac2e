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


def clear_context() -> None:
    """Called by the entry point once the page has run, so that a page script run on its
    own in a later run never reads a stale context."""
    st.session_state.pop(_KEY, None)


def get_context() -> PageContext:
    """The context the entry point set in this run.

    Without one, Streamlit is running this page script on its own (see :mod:`mms_ui.app`):
    do the entry point's work here (so the widgets keep what the user just set), put up the
    real menu with ``st.navigation`` (which switches the legacy discovery off) and run again,
    this time through the entry point, on the same page.
    """
    if _KEY in st.session_state:
        return st.session_state[_KEY]
    from .app import page_list, start

    context = start()
    st.navigation(page_list(context.lang))
    st.rerun()
    return context  # not reached
