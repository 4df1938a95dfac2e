"""In Chromium (issue 24, item 9): a filter that leaves voivodeships without a grant hatches them on the
map, with the hatch defined in the map's own SVG, and the legend and the sentence say so."""

from __future__ import annotations

import pytest

from tests.browser.support import MapFrame, wait_for_app

pytestmark = pytest.mark.browser


def test_regions_without_grants_are_hatched(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2026&org_type=inna&priority=P3")
    wait_for_app(page)
    frame = MapFrame(page, min_paths=16)
    frame.wait_for_function("document.querySelectorAll('path.mms-no-grants').length === 8")
    fills = frame.locator("path.mms-no-grants").evaluate_all("els => els.map(e => e.getAttribute('fill'))")
    assert set(fills) == {"url(#mms-hatch)"}
    assert frame.locator("pattern#mms-hatch").count() == 1
    legend = page.locator(".mms-legend").inner_text()
    assert "brak dotacji (biała plama) (8)" in legend and "0,000" not in legend
    assert "Bez dotacji: 8 województw" in page.locator("[data-testid='stMain']").inner_text()
    assert offline_page.blocked == [] and offline_page.errors == []
