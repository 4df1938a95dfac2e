"""A page cut into tabs of which only the open one is drawn (``st.tabs`` with ``on_change="rerun"``):
a long page (the region profile, the comparison) settles in the time of its first section, and the
others are drawn when their tab is chosen. The open tab is kept in ``?tab=`` (the first one is left
out), so a link can open a section; a value not understood is said plainly and the first tab shown."""

from __future__ import annotations

import streamlit as st

from mms_core.text.escaping import safe_markdown, visible
from mms_core.text.i18n import LANGUAGES, t

from .params import sync_to_url

PARAM = "tab"


def section_tabs(name: str, codes: tuple[str, ...], lang: str) -> tuple[str, dict]:
    """Draw the tabs ``t(f"{name}.{code}")``; return the code of the open one and the tab
    containers by code (draw only the open one's section, ``with tabs[code]:``).

    The widget holds the label of the open tab, in the UI language; the code is what the page and
    the URL know, so a language switch keeps the section open."""
    key = f"p_tabs_{name}"
    labels = {code: t(f"{name}.{code}", lang) for code in codes}
    chosen = next((code for code in codes for other in LANGUAGES
                   if st.session_state.get(key) == t(f"{name}.{code}", other)), None)
    wanted, seen = st.query_params.get(PARAM), f"_seen_url_{PARAM}"
    if wanted is not None and (wanted != st.session_state.get(seen) or chosen is None):
        st.session_state[seen] = wanted
        if wanted in codes:
            chosen = wanted
        else:
            st.warning(t("bad_tab", lang, value=safe_markdown(visible(wanted)),
                         first=safe_markdown(labels[codes[0]])))
    chosen = chosen or codes[0]
    st.session_state[key] = labels[chosen]
    tabs = st.tabs(list(labels.values()), key=key, on_change="rerun")
    sync_to_url(PARAM, "" if chosen == codes[0] else chosen)
    return chosen, dict(zip(codes, tabs))
