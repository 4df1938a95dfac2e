"""The region profile's gminas and a presentation step at gmina level in Chromium, offline: the
profile's table and its link to a gmina's grants, the region's gminas drawn with the rest of
Poland veiled, and the presentation's step painted at gmina level."""

from __future__ import annotations

import csv
import re

import pytest

from mms_core.data.paths import DEFAULT_DATA_DIR
from tests.browser.support import MapFrame, wait_for_app, wait_for_run

UNITS = "path.mms-unit"
MASK = "path.mms-mask"


def lubelskie_gminas() -> int:
    with open(DEFAULT_DATA_DIR / "population_gmina_2025.csv", encoding="utf-8") as handle:
        return sum(r["voivodeship_teryt2"] == "06" and r["boundary_terc"] != "" for r in csv.DictReader(handle))


def wait_for_units(frame: MapFrame) -> None:
    frame.wait_for_function(f"() => document.querySelectorAll('{UNITS}').length > 0 "
                            "&& document.querySelector('.leaflet-container').hasAttribute('data-mms-painted') "
                            f"&& document.querySelectorAll('{MASK}').length === 15", timeout=90_000)


@pytest.mark.browser
def test_profile_shows_the_regions_gminas_and_links_to_their_grants(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/region?region=06&edition=2025")
    wait_for_app(page)
    page.get_by_role("tab", name="Gminy").click()  # the profile's gminas: their own tab
    page.wait_for_url("**tab=gminas**", timeout=30_000)
    wait_for_run(page)  # the tab's section arrives element by element: let the run finish
    heading = page.get_by_role("heading", name="Gminy województwa")
    heading.scroll_into_view_if_needed()
    assert page.get_by_text("lubelskie: bez dotacji w wybranych filtrach jest").count() == 1
    frame = MapFrame(page, min_paths=16)
    wait_for_units(frame)
    assert frame.locator(UNITS).count() == lubelskie_gminas()  # lubelskie's own file: its gminas alone
    assert frame.locator("path.mms-outside").count() == 1  # Lublin (classes over lubelskie only)
    grid = page.get_by_test_id("stDataFrame").filter(has_text="Dotacje gminy")
    grid.scroll_into_view_if_needed()
    text = grid.text_content()  # the grid's cells are drawn on a canvas; its accessible copy is text
    assert "z dotacjami" in text and "Dotacje gminy" in text
    # a row's link (its accessible copy is the address): that gmina's grants on the Data page
    href = re.search(r"data\?[^\s]*?&gmina=(06\d{5})", text)
    assert href and "edition=2025" in href[0]
    page.goto(f"{app_url}/{href[0]}")
    wait_for_run(page)
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=60_000)
    with open(DEFAULT_DATA_DIR / "grants.csv", encoding="utf-8") as handle:
        expected = sum(r["gmina_teryt"] == href[1] and r["edition"] == "2025" for r in csv.DictReader(handle))
    assert expected > 0
    page.get_by_text(re.compile(rf"^{expected} dotac")).first.wait_for(timeout=30_000)  # "**3** dotacje, …"
    assert f"gmina={href[1]}" in page.url
    assert offline_page.blocked == [] and offline_page.errors == []
    assert lubelskie_gminas() > 200


@pytest.mark.browser
def test_presentation_step_at_gmina_level_offline(browser, app_url):
    from tests.conftest import OfflinePage

    holder = OfflinePage(browser, viewport={"width": 1280, "height": 720})
    try:
        page = holder.page
        page.goto(f"{app_url}/present?edition=2025&step=5&level=gmina")
        wait_for_app(page, ready="[data-testid='mms-legend']")
        frame = MapFrame(page, min_paths=16)
        wait_for_units(frame)
        assert frame.locator("path.mms-no-grants").count() > 0
        assert page.get_by_text("Gminy bez dotacji").count() == 1
        assert page.get_by_text("brak dotacji (biała plama)").count() == 1
        # the step fits the projector: the panel and the legend are on screen, no scrolling
        box = page.get_by_test_id("mms-legend").bounding_box()
        assert box["y"] + box["height"] <= 720
        # the next step is another voivodeship's gminas, restyled in place
        page.keyboard.press("PageDown")
        wait_for_run(page)
        page.wait_for_url("**step=6**", timeout=30_000)
        assert "level=gmina" in page.url
        assert holder.blocked == [] and holder.errors == []
    finally:
        holder.close()
