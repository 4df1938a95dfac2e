"""Deklaracja dostępności: the accessibility statement in the form Polish public-sector services
use (ustawa z dnia 4 kwietnia 2019 r. o dostępności cyfrowej). The operator's details are
placeholders, marked in the text, to be filled in by whoever runs the service."""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

from mms_core.text.i18n import t
from mms_ui.context import PageContext


def accessibility_page(ctx: PageContext) -> None:
    """The page, drawn with the context the entry point made for this run."""
    lang = ctx.lang

    st.title(t("page_accessibility", lang))
    st.markdown(t("a11y_statement_intro", lang))
    for section in ("status", "limits", "prep", "contact", "procedure", "building"):
        st.header(t(f"a11y_statement_{section}_title", lang))
        st.markdown(t(f"a11y_statement_{section}", lang))


if __name__ == "__main__":  # run as a script by Streamlit's legacy discovery of pages/: see pages/__init__.py
    runpy.run_path(str(Path(__file__).parents[1] / "dashboard.py"))
