"""The map at the powiat and gmina levels in Chromium, offline: 380 and 2,477 shapes drawn from
the static files, recoloured in place on a filter change, the voivodeship borders on top, and the
level changed by its radio and back."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import MAP_FRAME, MapFrame, choose, wait_for_app, wait_for_run
from tests.browser.test_browser import FIND_REGION_POINT

UNITS = "path.mms-unit"
#: The units shown: a level not shown keeps its paths in a hidden pane.
SHOWN = ("[...document.querySelectorAll('path.mms-unit')]"
         ".filter(p => p.closest('.leaflet-pane').style.display !== 'none')")
BORDERS = ".leaflet-mmsBorders-pane path"
PAINTED = "() => Number(document.querySelector('.leaflet-container').getAttribute('data-mms-painted') || 0)"
CLASSES = f"() => [...document.querySelectorAll('{UNITS}')].map(p => p.getAttribute('class') + p.getAttribute('fill'))"


def wait_for_units(frame: MapFrame, count: int) -> None:
    frame.wait_for_function(f"n => {SHOWN}.length === n "
                            "&& document.querySelector('.leaflet-container').hasAttribute('data-mms-painted')",
                            arg=count, timeout=60_000)


@pytest.mark.browser
def test_gmina_map_draws_2477_shapes_offline_and_recolours_them(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025&level=gmina&metric=grant_count&scheme=equal_interval&classes=7")
    wait_for_app(page)
    frame = MapFrame(page, min_paths=2477)
    wait_for_units(frame, 2477)
    assert frame.locator(BORDERS).count() == 16  # voivodeship borders drawn over the gminas
    assert frame.locator("path.mms-outside").count() == 37  # cities over 100 000
    white = frame.locator("path.mms-no-grants").count()
    assert 0 < white < 2477
    assert frame.locator("path.mms-no-grants").first.get_attribute("fill") == "url(#mms-hatch)"
    assert frame.locator("#mms-hatch").count() == 1 and frame.locator("#mms-stipple").count() == 1
    frame.evaluate("window.__same_map = true")
    before, painted = frame.evaluate(CLASSES), frame.evaluate(PAINTED)
    choose(page, "Priorytet", "P3 – regranting do 10 000 zł")
    frame.wait_for_function(f"n => ({PAINTED})() > n", arg=painted, timeout=30_000)
    after = frame.evaluate(CLASSES)
    assert len(after) == 2477 and after != before
    assert frame.locator("path.mms-no-grants").count() > white  # P3 alone reaches fewer gminas
    assert frame.evaluate("window.__same_map === true")  # the same map: restyled, not rebuilt
    assert offline_page.blocked == [] and offline_page.errors == []


@pytest.mark.browser
def test_level_radio_switches_between_voivodeships_powiats_and_gminas(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025")
    wait_for_app(page)
    frame = MapFrame(page)
    assert frame.locator("path.mms-region").count() == 16
    frame.evaluate("window.__same_map = true")
    page.get_by_test_id("stRadio").get_by_text("powiaty", exact=True).click()
    wait_for_run(page)
    page.wait_for_url("**level=powiat**", timeout=30_000)
    wait_for_units(frame, 380)
    frame.wait_for_function("() => document.querySelectorAll('path.mms-region').length === 0")
    frame.locator("path.mms-u-0601").hover()  # its tooltip: the name from the static file, as text
    tip = frame.locator(".mms-unit-tooltip")
    tip.wait_for(timeout=10_000)
    assert tip.inner_text().startswith("powiat bialski") and "lubelskie" in tip.inner_text()
    page.get_by_test_id("stRadio").get_by_text("gminy", exact=True).click()
    wait_for_run(page)
    wait_for_units(frame, 2477)
    page.get_by_test_id("stRadio").get_by_text("województwa", exact=True).click()
    wait_for_run(page)
    frame.wait_for_function(f"() => document.querySelectorAll('path.mms-region').length === 16 "
                            f"&& {SHOWN}.length === 0 "
                            "&& document.querySelector('.leaflet-mmsBorders-pane').style.display === 'none'")
    assert "level=" not in page.url
    assert frame.evaluate("window.__same_map === true")  # never mounted again: the user's zoom is kept
    assert page.locator(MAP_FRAME).count() == 1
    assert offline_page.blocked == [] and offline_page.errors == []


@pytest.mark.browser
def test_choosing_a_voivodeship_zooms_to_its_gminas_and_a_filter_change_keeps_the_zoom(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025&level=gmina")
    wait_for_app(page)
    frame = MapFrame(page, min_paths=2477)
    wait_for_units(frame, 2477)
    zoom = frame.evaluate("window.mmsLevels.map.getZoom()")
    choose(page, "Województwo (przybliża", "lubelskie")
    page.wait_for_url("**region=06**", timeout=30_000)
    # the map flies to lubelskie (east of 21.5° E), closer in
    frame.wait_for_function("z => { const m = window.mmsLevels.map, c = m.getCenter(); "
                            "return m.getZoom() > z && c.lng > 21.5 && c.lat > 50.2 && c.lat < 52.4; }",
                            arg=zoom, timeout=30_000)
    page.wait_for_timeout(1000)  # the flight is over
    where = frame.evaluate("[window.mmsLevels.map.getZoom(), window.mmsLevels.map.getCenter().lng]")
    assert page.get_by_test_id("stDataFrame").count() == 1
    painted = frame.evaluate(PAINTED)
    choose(page, "Priorytet", "P1 – dotacje do 50 000 zł")
    frame.wait_for_function(f"n => ({PAINTED})() > n", arg=painted, timeout=30_000)
    page.wait_for_timeout(500)
    assert frame.evaluate("[window.mmsLevels.map.getZoom(), window.mmsLevels.map.getCenter().lng]") == where
    assert offline_page.blocked == [] and offline_page.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("action, units, by_key", [("gmina", 213, False), ("powiat", 24, True)],
                         ids=["click-gminas", "enter-powiats"])
def test_a_click_or_enter_on_a_voivodeship_drills_into_its_units(offline_page, app_url, action, units, by_key):
    # "Kliknięcie w województwo: pokazuje jego gminy/powiaty" (?click=): the same map flies to
    # lubelskie and shows its units; the profile is not opened
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025")
    wait_for_app(page)
    label = {"gmina": "pokazuje jego gminy", "powiat": "pokazuje jego powiaty"}[action]
    page.get_by_test_id("stRadio").get_by_text(label, exact=True).click()
    page.wait_for_url(f"**click={action}**", timeout=30_000)
    wait_for_run(page)
    frame = MapFrame(page)
    frame.evaluate("window.__same_map = true")
    region = frame.locator("path.mms-r-06")
    if by_key:
        region.focus()
        page.keyboard.press("Enter")
    else:
        box = page.locator(MAP_FRAME).bounding_box()
        x, y = frame.evaluate(FIND_REGION_POINT, "06")
        page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url(re.compile(rf"/\?.*(region=06.*level={action}|level={action}.*region=06)"), timeout=30_000)
    wait_for_run(page)
    frame.wait_for_function("() => { const m = window.mmsLevels && window.mmsLevels.map; "
                            "return m && m.getCenter().lng > 21.5 && m.getZoom() > 6; }", timeout=30_000)
    shown = frame.evaluate(f"() => {SHOWN}.filter(p => p.getAttribute('class').match(/mms-u-06/)).length")
    assert shown == units  # lubelskie's 213 gminas / 24 powiats among those drawn
    assert frame.evaluate("window.__same_map === true")  # the same map, not drawn again
    grid = page.get_by_test_id("stDataFrame")
    assert grid.count() == 1
    assert offline_page.blocked == [] and offline_page.errors == []
