"""Issue 22: opening a page runs its script once. st_folium's frontend used to report a first value that
differed from the default it was given (``last_object_clicked_count``: 0 against None), and that report
reran the whole page on every load; :mod:`mms_ui.map_frame` gives the default the frontend starts from.
Counted on the server (``MMS_RUN_TIME_LOG`` gets a line per run), in a fresh tab, as a person opens a link."""

from __future__ import annotations

import pytest

from devtools.server import streamlit_server
from mms_core.text.i18n import t
from tests.browser.support import MapFrame, choose, wait_for_app, wait_for_run
from tests.conftest import OfflinePage

pytestmark = pytest.mark.browser

PRIORITY_3 = t("priority.P3", "pl")


def runs(log) -> int:
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


@pytest.fixture(scope="module")
def counted_server(tmp_path_factory, shipped_copy):
    log = tmp_path_factory.mktemp("runs") / "runs.log"
    with streamlit_server(env={"MMS_DATA_DIR": str(shipped_copy), "MMS_RUN_TIME_LOG": str(log)}) as server:
        yield server.url, log


@pytest.mark.parametrize(("path", "min_paths"), [("/?edition=2025", 16), ("/?edition=2025&level=gmina", 2000),
                                                 ("/region?region=06&edition=2025&tab=gminas", 100), ("/plan", 16)],
                         ids=["map", "gmina-level", "profile", "plan"])
def test_a_page_load_runs_the_script_once(browser, counted_server, path, min_paths):
    url, log = counted_server
    holder = OfflinePage(browser, viewport={"width": 1280, "height": 720})
    page = holder.page
    try:
        before = runs(log)
        page.goto(url + path)
        wait_for_app(page, "iframe")
        MapFrame(page, min_paths=min_paths)
        page.wait_for_timeout(2_000)  # the map's first report comes ~250 ms after it is drawn
        wait_for_run(page)
        assert runs(log) - before == 1
        assert holder.blocked == [] and holder.errors == []
    finally:
        holder.close()


def test_a_filter_change_runs_the_script_once_and_repaints(browser, counted_server):
    url, log = counted_server
    holder = OfflinePage(browser)
    page = holder.page
    try:
        page.goto(url + "/?edition=2025")
        wait_for_app(page)
        frame = MapFrame(page, min_paths=16)
        page.wait_for_timeout(1_500)
        fills = frame.region_fills()
        before = runs(log)
        choose(page, "Priorytet", PRIORITY_3)
        frame.wait_for_function("n => document.querySelectorAll('path.leaflet-interactive').length >= n", 16)
        page.wait_for_timeout(1_500)
        wait_for_run(page)
        assert runs(log) - before == 1
        assert frame.region_fills() != fills  # the regions painted anew for priority 3
        assert "priority=P3" in page.url
    finally:
        holder.close()


def test_a_click_on_a_conference_circle_reruns_only_the_map(browser, counted_server):
    """The map reports every click (its count grows); a click on a conference circle changes nothing but
    its popup, so only the map's fragment runs again — not the page (no new run in the log)."""
    url, log = counted_server
    holder = OfflinePage(browser, viewport={"width": 1280, "height": 720})
    page = holder.page
    try:
        page.goto(url + "/?edition=2025")
        wait_for_app(page)
        frame = MapFrame(page, min_paths=32)
        marker = frame.locator(".leaflet-conferences-pane path.leaflet-interactive").nth(3)
        marker.scroll_into_view_if_needed()
        page.wait_for_timeout(1_500)
        before = runs(log)
        box = marker.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y, steps=5)
        page.wait_for_timeout(400)
        page.mouse.click(x, y)
        frame.locator(".leaflet-popup").wait_for(timeout=6_000)
        page.wait_for_timeout(2_000)  # the map's report of the click (debounced 250 ms) and its run
        wait_for_run(page)
        assert runs(log) == before
        assert frame.locator(".leaflet-popup").count() == 1  # the map was not drawn again
        assert holder.blocked == [] and holder.errors == []
    finally:
        holder.close()
