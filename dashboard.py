"""Entry point of the MMS dashboard: ``streamlit run dashboard.py``.

Checks the data, draws the shared filters (kept in the URL) and the data-origin banner,
then runs the chosen page from ``pages/``.
"""

from __future__ import annotations

import time

import streamlit as st

from mms_ui.app import log_run_time, page_list, set_page_title, start
from mms_ui.context import clear_context, set_context

started = time.perf_counter()
context = start()
set_context(context)
navigation = st.navigation(page_list(context.lang))
set_page_title(navigation, context.lang)
try:
    navigation.run()
finally:
    clear_context()
    log_run_time(started)
