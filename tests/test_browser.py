"""What only a browser shows: the map drawn offline, recolouring, the CSV download, escaping.

Runs Debian's Chromium against ``streamlit run`` with every outside request refused.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import pytest

from mms_core.paths import DEFAULT_DATA_DIR

from .conftest import OfflinePage, streamlit_server
from .helpers import make_data_dir, read_grants_plain

CONFERENCE_FILL = "#d7301f"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def wait_for_app(page):
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)


def map_frame(page):
    handle = page.wait_for_selector(MAP_FRAME, timeout=60_000)
    frame = handle.content_frame()
    frame.wait_for_selector("path.leaflet-interactive", timeout=60_000)
    return frame


def fills(frame) -> list[str]:
    return frame.eval_on_selector_all("path.leaflet-interactive", "els => els.map(e => e.getAttribute('fill'))")


def region_fills(frame) -> list[str]:
    return [f for f in fills(frame) if f != CONFERENCE_FILL]


def choose(page, label: str, option: str):
    """Pick ``option`` in the sidebar selectbox labelled ``label``."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).click()
    page.get_by_role("option", name=option, exact=True).click()


@pytest.mark.browser
def test_map_draws_16_regions_and_16_conferences_offline(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025")
    wait_for_app(page)
    frame = map_frame(page)
    frame.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 32")
    all_fills = fills(frame)
    assert all_fills.count(CONFERENCE_FILL) == 16
    assert len(all_fills) - 16 == 16
    assert frame.locator(".leaflet-tile").count() == 0  # no tile layer
    assert offline_page.blocked == []
    assert offline_page.errors == []
    assert page.get_by_text("Dane przykładowe.").is_visible()


@pytest.mark.browser
def test_filter_change_recolours_without_remounting(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025&metric=grant_count&scheme=equal_interval&classes=7")
    wait_for_app(page)
    frame = map_frame(page)
    frame.evaluate("window.__same_map = true")
    before = region_fills(frame)
    choose(page, "Priorytet", "P3 – regranting do 10 000 zł")
    page.wait_for_url("**priority=P3**", timeout=30_000)
    frame.wait_for_function(
        "before => { const f = [...document.querySelectorAll('path.leaflet-interactive')]"
        ".map(e => e.getAttribute('fill')).filter(c => c !== '#d7301f'); "
        "return f.length === 16 && f.join() !== before.join(); }",
        arg=before, timeout=30_000)
    after = region_fills(frame)
    assert len(after) == 16 and after != before
    assert frame.evaluate("window.__same_map === true")  # the same Leaflet map, repainted in place
    assert offline_page.blocked == []


@pytest.mark.browser
def test_csv_download_matches_the_data(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2026&org_type=kgw,stowarzyszenie&priority=P1")
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").get_by_role("button").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(download.path().read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 16
    assert list(rows[0])[:7] == ["teryt", "voivodeship", "grants", "amount_pln", "population",
                                 "amount_per_capita_pln", "grants_per_100k"]
    counts, sums = defaultdict(int), defaultdict(float)
    for grant in read_grants_plain(DEFAULT_DATA_DIR / "grants.csv"):
        if grant["edition"] == "2026" and grant["org_type"] in ("kgw", "stowarzyszenie") and grant["priority"] == "P1":
            counts[grant["voivodeship_teryt"]] += 1
            sums[grant["voivodeship_teryt"]] += float(grant["amount_pln"])
    for row in rows:
        assert int(row["grants"]) == counts[row["teryt"]]
        assert float(row["amount_pln"]) == pytest.approx(sums[row["teryt"]], abs=0.01)
        assert float(row["amount_per_capita_pln"]) == pytest.approx(sums[row["teryt"]] / int(row["population"]), abs=0.006)


@pytest.mark.browser
def test_hostile_text_is_shown_as_text_not_run(browser, tmp_path):
    payload = 'Zła <img src=x onerror="window.__pwned=1"> `tick` ${window.__pwned=2}'
    data_dir = make_data_dir(tmp_path / "data")
    conferences = (data_dir / "conferences_2025.csv")
    rows = list(csv.DictReader(conferences.open(encoding="utf-8")))
    for row in rows:
        row["venue"] = payload
    with conferences.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    holder = OfflinePage(browser)
    try:
        with streamlit_server(data_dir) as url:
            page = holder.page
            page.goto(url)
            wait_for_app(page)
            frame = map_frame(page)
            frame.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 32")
            marker = frame.locator(f"path.leaflet-interactive[fill='{CONFERENCE_FILL}']").first
            marker.click(force=True)
            popup = frame.locator(".leaflet-popup-content")
            popup.wait_for(timeout=10_000)
            assert payload in popup.inner_text()
            assert frame.evaluate("window.__pwned") is None
            assert page.evaluate("window.__pwned") is None
            assert holder.errors == []
            assert holder.blocked == []
    finally:
        holder.close()
