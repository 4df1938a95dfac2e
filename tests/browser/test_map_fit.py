"""Moving a map whose frame has no room (issue 24, item 13): Leaflet's own ``flyToBounds`` in a frame
squeezed to a few pixels throws "Invalid LatLng object: (NaN, NaN)" at every frame of the flight;
``window.mmsFit`` (:data:`mms_core.maps.folium_map.SAFE_FIT_JS`), which every map of the dashboard
moves through, waits until the frame has room and then fits the bounds.

Leaflet from ``static/vendor/leaflet``, put into a blank page; nothing is fetched."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error as PlaywrightError

from mms_core.data.paths import PROJECT_ROOT
from mms_core.maps.folium_map import POLAND_BOUNDS, SAFE_FIT_JS
from tests.conftest import OfflinePage

LEAFLET = PROJECT_ROOT / "static" / "vendor" / "leaflet"
LUBELSKIE = [[50.25, 21.6], [52.3, 24.15]]


def open_map(browser, height_px: int) -> OfflinePage:
    """A page holding a Leaflet map in a 16 px wide, ``height_px`` high box, and ``mmsFit``."""
    holder = OfflinePage(browser, viewport={"width": 720, "height": 1280})
    page = holder.page
    page.on("console", lambda message: holder.errors.append(message.text) if message.type == "error" else None)
    page.set_content(f'<!doctype html><html><body style="margin:0"><div id="map" style="width: 16px; '
                     f'height: {height_px}px"></div></body></html>')
    page.add_style_tag(path=str(LEAFLET / "leaflet.css"))
    page.add_script_tag(path=str(LEAFLET / "leaflet.js"))
    page.add_script_tag(content='window.map = L.map("map", {zoomSnap: 0.25}).setView([52.07, 19.48], 6);\n'
                        + SAFE_FIT_JS)
    page.wait_for_function("() => !!(window.map && window.map.getSize && window.mmsFit)")
    return holder


def test_leaflet_alone_fails_in_a_squeezed_frame(browser):
    """The fault the guard is for, shown: Leaflet's flight in a 16 × 20 px frame."""
    holder = open_map(browser, 20)
    with pytest.raises(PlaywrightError, match=re.escape("Invalid LatLng object: (NaN, NaN)")):
        holder.page.evaluate(f"map.flyToBounds({LUBELSKIE}, {{padding: [30, 30], duration: 0.3}})")
    holder.close()


def test_the_fit_waits_for_room_and_then_frames_the_bounds(browser):
    holder = open_map(browser, 20)
    page = holder.page
    assert page.evaluate(f"mmsFit(map, {LUBELSKIE}, {{padding: [30, 30], duration: 0.3}}, true)") is False
    assert page.evaluate(f"mmsFit(map, {[list(c) for c in POLAND_BOUNDS]}, {{padding: [6, 6]}})") is False
    page.wait_for_timeout(600)
    assert holder.errors == []
    center = page.evaluate("[map.getCenter().lat, map.getCenter().lng]")
    assert center == [52.07, 19.48]  # not moved
    # the frame gets its size: the latest bounds asked for (Poland) are fitted, once
    page.evaluate("document.getElementById('map').style.cssText = 'width: 600px; height: 500px';"
                  "map.invalidateSize()")
    page.wait_for_timeout(300)
    bounds = page.evaluate("(() => { const b = map.getBounds();"
                           "return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()")
    (south, west), (north, east) = POLAND_BOUNDS
    assert bounds[0] <= south and bounds[1] <= west and bounds[2] >= north and bounds[3] >= east
    assert bounds[2] - bounds[0] < 2 * (north - south)  # framed, not the whole world
    # with room, it flies at once
    assert page.evaluate(f"mmsFit(map, {LUBELSKIE}, {{padding: [30, 30], duration: 0.3}}, true)") is True
    page.wait_for_timeout(700)
    lat = page.evaluate("map.getCenter().lat")
    assert 50.25 < lat < 52.3
    assert holder.errors == [] and holder.blocked == []
    holder.close()
