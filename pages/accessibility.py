"""Deklaracja dostępności: the accessibility statement in the form Polish public-sector services
use (ustawa z dnia 4 kwietnia 2019 r. o dostępności cyfrowej). The operator's details are
placeholders, marked in the text, to be filled in by whoever runs the service."""

from __future__ import annotations

import streamlit as st

from mms_core.text.i18n import t
from mms_ui.app import page_context

ctx = page_context()
lang = ctx.lang

st.title(t("page_accessibility", lang))
st.markdown(t("a11y_statement_intro", lang))
for section in ("status", "limits", "prep", "contact", "procedure", "building"):
    st.header(t(f"a11y_statement_{section}_title", lang))
    st.markdown(t(f"a11y_statement_{section}", lang))
