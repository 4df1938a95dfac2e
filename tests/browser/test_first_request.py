"""The first request of a fresh server may be a deep link: Streamlit's legacy discovery of
``pages/`` then runs the page's file as a script (no ``st.navigation`` yet in the process), which hands
the run to :func:`pages.main`: the right page, the real menu, in the same run."""

from __future__ import annotations

import pytest

from tests.browser.support import wait_for_run
from tests.conftest import OfflinePage, streamlit_server


@pytest.mark.browser
@pytest.mark.parametrize("path, heading", [
    ("/region?region=06&edition=2025", "lubelskie"),
    ("/data?edition=2026&q=OSP", "Dane"),
])
def test_deep_link_is_the_first_request_of_a_fresh_server(browser, path, heading):
    with streamlit_server() as server:
        holder = OfflinePage(browser)
        try:
            page = holder.page
            page.goto(server.url + path)
            wait_for_run(page)
            page.get_by_role("heading", level=1).filter(has_text=heading).wait_for(timeout=60_000)
            assert page.locator("[data-testid='stException']").count() == 0
            # the real menu is there, and the filters from the address were kept
            page.get_by_test_id("stSidebarNav").wait_for(timeout=30_000)
            links = page.get_by_test_id("stSidebarNav").get_by_role("link")
            texts = links.all_inner_texts()  # the menu's titles (after each icon's name), not the files' list
            assert len(texts) == 9 and texts[0].split()[-1] == "Mapa" and not any("dashboard" in x for x in texts)
            edition = path.split("edition=")[1].split("&")[0]
            assert f"edition={edition}" in page.url
            assert holder.blocked == [] and holder.errors == []
        finally:
            holder.close()
