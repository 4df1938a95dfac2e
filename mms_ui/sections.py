"""A page cut into tabs of which only the open one is drawn (``st.tabs`` with ``on_change="rerun"``):
a long page (the region profile, the comparison) settles in the time of its first section, and the
others are drawn when their tab is chosen. The open tab is kept in ``?tab=`` (the first one is left
out), so a link can open a section; a value not understood is said plainly and the first tab shown."""

from __future__ import annotations

import streamlit as st

from mms_core.analysis.address import TAB
from mms_core.text.escaping import safe_markdown
from mms_core.text.i18n import LANGUAGES, t

from .params import put, take


def section_tabs(name: str, codes: tuple[str, ...], lang: str) -> tuple[str, dict]:
    """Draw the tabs ``t(f"{name}.{code}")``; return the code of the open one and the tab
    containers by code (draw only the open one's section, ``with tabs[code]:``).

    The widget holds the label of the open tab, in the UI language; the code is what the page and
    the URL know, so a language switch keeps the section open."""
    key, code_key = f"p_tabs_{name}", f"_p_tabs_{name}_code"
    labels = {code: t(f"{name}.{code}", lang) for code in codes}
    # a tab the user opened: the widget's label, in either language (the language may just have changed)
    clicked = next((code for code in codes for other in LANGUAGES
                    if st.session_state.get(key) == t(f"{name}.{code}", other)), None)
    if clicked is not None:
        st.session_state[code_key] = clicked
    else:  # the tabs were not drawn in the last run (another page): the first tab, unless a link says
        st.session_state.pop(code_key, None)
    # a new ?tab= (a link) opens its tab, as every other parameter moves its widget
    take(TAB, code_key, lang, accepts=lambda v: v in codes, first=safe_markdown(labels[codes[0]]))
    chosen = st.session_state.get(code_key) if st.session_state.get(code_key) in codes else codes[0]
    st.session_state[key] = labels[chosen]
    tabs = st.tabs(list(labels.values()), key=key, on_change="rerun")
    put(TAB, None if chosen == codes[0] else chosen)
    return chosen, dict(zip(codes, tabs))
