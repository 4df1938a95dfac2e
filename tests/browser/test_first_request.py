"""The first request of a fresh server may be a deep link: Streamlit's legacy discovery of
``pages/`` then runs the page script on its own (no ``st.navigation`` yet in the process), and
:func:`mms_ui.app.page_context` must do the entry point's work and show the right page."""

from __future__ import annotations

import pytest

from tests.conftest import OfflinePage, streamlit_server

SCRIPT_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


@pytest.mark.browser
@pytest.mark.parametrize("path, heading", [
    ("/region?region=06&edition=2025", "lubelskie"),
    ("/data?edition=2026&q=OSP", "Dane"),  # an edition the shipped data has
])
def test_deep_link_is_the_first_request_of_a_fresh_server(browser, path, heading):
    with streamlit_server() as server:
        holder = OfflinePage(browser)
        try:
            page = holder.page
            page.goto(server.url + path)
            page.wait_for_selector(SCRIPT_IDLE, timeout=60_000)
            page.get_by_role("heading", level=1).filter(has_text=heading).wait_for(timeout=60_000)
            assert page.locator("[data-testid='stException']").count() == 0
            # the real menu is there, and the filters from the address were kept
            page.get_by_test_id("stSidebarNav").wait_for(timeout=30_000)
            edition = path.split("edition=")[1].split("&")[0]
            assert f"edition={edition}" in page.url
            assert holder.blocked == [] and holder.errors == []
        finally:
            holder.close()
