"""Issue 14, "answers at a glance": what only a browser shows of the tables and the map —
the amount column on screen on a phone and a laptop, Polish number groups in an English
browser, one click opening a conference's popup. Screenshots go to ``$MMS_SCREENSHOTS``
(default ``/tmp/glance``) for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.browser.support import CONFERENCE_FILL, MapFrame, wait_for_app, wait_for_run
from tests.conftest import OfflinePage

SHOTS = Path(os.environ.get("MMS_SCREENSHOTS", "/tmp/glance"))
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 720}
GRID = "[data-testid='data-grid-canvas']"
AMOUNT_HELP = "Kwota dotacji w złotych"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def header_span(page, tooltip: str, step: int = 20) -> list[float]:
    """The x positions along the grid's header row where hovering shows ``tooltip`` (the
    column's help): the header is drawn on a canvas, so this is where the column really is."""
    canvas = page.locator(GRID).first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    y = box["y"] + 17  # the middle of the 35-pixel header row
    hits = []
    x = box["x"] + 4
    while x < box["x"] + box["width"]:
        page.mouse.move(x, y, steps=2)
        try:
            page.get_by_text(tooltip).first.wait_for(state="visible", timeout=1200)
            hits.append(x)
        except PlaywrightTimeout:  # no help shown here: another column
            pass
        x += step
    return hits


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_amount_column_is_on_screen(browser, app_url, viewport):
    holder = OfflinePage(browser, viewport=viewport)
    try:
        page = holder.page
        page.goto(f"{app_url}/data?edition=2025&org_type=kgw,osp")
        wait_for_app(page, GRID)
        hits = header_span(page, AMOUNT_HELP)
        shot(page, f"data_{viewport['width']}")
        assert hits, "hovering the header never showed the amount column's help"
        assert 0 <= min(hits) and max(hits) <= viewport["width"]
        assert holder.errors == [] and holder.blocked == []
    finally:
        holder.close()


def grid_picture(browser, app_url, locale: str) -> bytes:
    holder = OfflinePage(browser, viewport=PHONE, locale=locale)
    try:
        page = holder.page
        page.goto(f"{app_url}/data?edition=2025&org_type=kgw,osp")
        wait_for_app(page, GRID)
        canvas = page.locator(GRID).first
        canvas.scroll_into_view_if_needed()
        page.mouse.move(1, 1)
        page.wait_for_timeout(300)
        shot(page, f"data_locale_{locale}")
        return canvas.screenshot()
    finally:
        holder.close()


@pytest.mark.browser
def test_amounts_are_grouped_the_polish_way_in_an_english_browser(browser, app_url):
    # The grid is a canvas: its text cannot be read, but it can be compared. With the browser's
    # own format an English browser draws "50,000" and a Polish one "50 000"; here both draw the same.
    assert grid_picture(browser, app_url, "en-US") == grid_picture(browser, app_url, "pl-PL")


#: How far the open popup reaches past the map's own box (px; 0: all of it in view).
POPUP_OVERFLOW = """() => { const d = document, m = d.querySelector('.leaflet-container').getBoundingClientRect();
  const p = d.querySelector('.leaflet-popup').getBoundingClientRect();
  return Math.max(0, m.left - p.left, p.right - m.right, m.top - p.top, p.bottom - m.bottom); }"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport, touch", [(LAPTOP, False), (PHONE, True)], ids=["laptop-click", "phone-tap"])
def test_one_click_on_a_conference_opens_its_popup(browser, app_url, viewport, touch):
    holder = OfflinePage(browser, viewport=viewport, has_touch=touch, is_mobile=touch)
    try:
        page = holder.page
        page.goto(f"{app_url}/?edition=2025")
        wait_for_app(page)
        frame = MapFrame(page)
        frame.iframe.scroll_into_view_if_needed()
        markers = frame.locator(f"path.leaflet-interactive[fill='{CONFERENCE_FILL}']")
        # the first marker, and the one nearest the right edge (its popup the likeliest to be cut)
        boxes = [markers.nth(i).bounding_box() for i in range(markers.count())]
        rightmost = max(range(len(boxes)), key=lambda i: boxes[i]["x"])
        frame.evaluate("() => { window.__mmsView = [window.map.getCenter(), window.map.getZoom()]; }")
        for index in (0, rightmost):
            frame.evaluate("() => { window.map.closePopup(); "
                           "window.map.setView(window.__mmsView[0], window.__mmsView[1], {animate: false}); }")
            wait_for_run(page)
            marker = markers.nth(index)
            if touch:
                marker.tap()
            else:
                marker.click()
            page.wait_for_timeout(1500)  # a rerun that the click might start would have replaced the layer by now
            wait_for_run(page)
            expect(frame.locator(".leaflet-popup-content")).to_be_visible(timeout=5_000)
            expect(frame.locator(".leaflet-popup-content")).to_contain_text("Miejscowość")
            # the whole popup inside the map's frame: a phone's is narrower than the popup's 320 px
            assert frame.evaluate(POPUP_OVERFLOW) <= 1
            shot(page, f"conference_popup_{viewport['width']}_{index}")
        assert holder.errors == [] and holder.blocked == []
    finally:
        holder.close()


#: Every headline figure's value and label: their text must not be cut (nothing wider than its box).
HEADLINES_CUT = """() => [...document.querySelectorAll("[data-testid='stMetricValue'], [data-testid='stMetricLabel']")]
  .filter(e => e.scrollWidth > e.clientWidth + 1 || e.querySelector('*') && [...e.querySelectorAll('*')]
    .some(c => c.scrollWidth > c.clientWidth + 1 && getComputedStyle(c).overflow !== 'visible'))
  .map(e => e.innerText)"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize("edition", ["2025", "all"])
def test_headline_whole_and_the_answer_in_the_first_screen(browser, app_url, viewport, edition):
    holder = OfflinePage(browser, viewport=viewport, has_touch=viewport is PHONE, is_mobile=viewport is PHONE)
    try:
        page = holder.page
        page.goto(f"{app_url}/?edition={edition}")
        wait_for_app(page)
        shot(page, f"headline_{edition}_{viewport['width']}")
        metrics = page.locator("[data-testid='stMetricValue']")
        assert metrics.count() == 4
        assert page.evaluate(HEADLINES_CUT) == []
        answer = page.get_by_text("W skrócie: najwięcej")
        box = answer.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
        assert page.evaluate("() => window.scrollY") == 0  # the first screen, as it opens
        assert holder.errors == [] and holder.blocked == []
    finally:
        holder.close()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_long_organisation_name_can_be_read_whole(browser, app_url, viewport):
    # the longest name of the sample is cut in its column; a double click shows the cell whole
    name = "Uniwersytet Trzeciego Wieku „Przykład 01506” – Ostrowiec Świętokrzyski"
    holder = OfflinePage(browser, viewport=viewport)
    try:
        page = holder.page
        page.goto(f"{app_url}/data?edition=2025&q=01506")
        wait_for_app(page, GRID)
        canvas = page.locator(GRID).first
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        page.mouse.dblclick(box["x"] + 40, box["y"] + 35 + 17)  # the first row's organisation
        overlay = page.locator("textarea.gdg-input")  # the grid's read-only view of one cell
        expect(overlay).to_be_visible(timeout=5_000)
        assert overlay.input_value() == name
        shot(page, f"data_full_name_{viewport['width']}")
        assert page.get_by_text("dwuklik na komórce").is_visible()
        assert holder.errors == [] and holder.blocked == []
    finally:
        holder.close()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_map_summary_shows_its_key_columns(browser, app_url, viewport):
    # the voivodeship (pinned while the rest scrolls) and what it got per resident, on screen
    holder = OfflinePage(browser, viewport=viewport, has_touch=viewport is PHONE, is_mobile=viewport is PHONE)
    try:
        page = holder.page
        page.goto(f"{app_url}/?edition=2025")
        wait_for_app(page)
        table = page.locator(".mms-table").first
        table.scroll_into_view_if_needed()
        heads = table.locator("th")
        for index, text in ((0, "Województwo"), (1, "zł na mieszkańca")):
            expect(heads.nth(index)).to_have_text(text)
            box = heads.nth(index).bounding_box()
            assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"], (text, box)
        # scrolled sideways (a phone), the voivodeship stays where it was
        before = table.locator("td").first.bounding_box()["x"]
        table.evaluate("el => { el.scrollLeft = 300; }")
        assert table.locator("td").first.bounding_box()["x"] == pytest.approx(before, abs=1)
        assert table.get_attribute("role") == "region" and table.get_attribute("tabindex") == "0"
        shot(page, f"map_summary_{viewport['width']}")
        assert holder.errors == [] and holder.blocked == []
    finally:
        holder.close()


#: The region profile's charts as drawn: title, the bars' value labels, the y tick labels and
#: whether every tick label lies inside the chart's box (none cut at the left edge).
CHARTS_DRAWN = """() => [...document.querySelectorAll('.mms-plot')].map(c => {
  const box = c.getBoundingClientRect();
  const ticks = [...c.querySelectorAll('.ytick text')];
  return {title: (c.querySelector('.gtitle') || {}).textContent || '',
          labels: [...c.querySelectorAll('.bars .point text, .textpoint text')].map(t => t.textContent),
          ticks: ticks.map(t => t.textContent),
          inside: ticks.every(t => t.getBoundingClientRect().left >= box.left - 1)}; })"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_profile_charts_draw_offline_with_their_value_labels(browser, app_url, viewport, grants):
    # plotly.js's cartesian bundle from static/vendor, no request off the machine; the bars say
    # their numbers (lubelskie 2025, counted here from the data) and no tick label is cut.
    holder = OfflinePage(browser, viewport=viewport)
    try:
        page = holder.page
        page.goto(f"{app_url}/region?region=06&edition=2025")
        wait_for_app(page)
        page.wait_for_function("() => [...document.querySelectorAll('.mms-plot')]"
                               ".filter(c => c.querySelector('.main-svg')).length === 2", timeout=60_000)
        charts = page.evaluate(CHARTS_DRAWN)
        shot(page, f"profile_charts_{viewport['width']}")
        by_title = {c["title"]: c for c in charts}
        by_type = by_title["Dotacje według typu organizacji"]
        region = grants[(grants["voivodeship_teryt"] == "06") & (grants["edition"] == 2025)]
        assert sum(int(v) for v in by_type["labels"]) == len(region)
        assert "Koło Gospodyń Wiejskich" in by_type["ticks"]
        assert all(c["inside"] for c in charts), [c["title"] for c in charts if not c["inside"]]
        assert holder.errors == [] and holder.blocked == []
    finally:
        holder.close()
