"""Through the proxy: two replicas behind HAProxy (devtools.replicas), in Chromium with every request
off the machine refused. The map is served through the proxy; when the replica holding the browser
dies, a reload is served by the other one. Under a URL prefix (``server.baseUrlPath``) the map's
Leaflet and polygons, and the audience page behind the QR code, are still found.

Needs HAProxy (Debian: ``apt-get install -y haproxy``): skips without it, unless
``MMS_REQUIRE_PROXY=1`` (CI), where it fails.
"""

from __future__ import annotations

import os
import re
import urllib.request

import pytest

from devtools.local import free_port
from devtools.replicas import AFFINITY_COOKIE, cluster, haproxy_binary
from tests.browser.support import MapFrame, wait_for_app
from tests.conftest import OfflinePage


@pytest.fixture(scope="module")
def haproxy():
    if haproxy_binary() is None:
        message = "haproxy not found (apt-get install -y haproxy)"
        if os.environ.get("MMS_REQUIRE_PROXY") == "1":
            pytest.fail(message)
        pytest.skip(message)


def affinity(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == AFFINITY_COOKIE)


@pytest.mark.browser
def test_the_map_survives_a_dead_replica(browser, haproxy, shipped_copy):
    with cluster(2, env={"MMS_DATA_DIR": str(shipped_copy)}, isolated=True) as running:
        holder = OfflinePage(browser, viewport={"width": 1280, "height": 720})
        try:
            page = holder.page
            page.goto(running.url + "/?edition=2025")
            wait_for_app(page)
            MapFrame(page)  # 16 regions and 16 conferences drawn
            first = affinity(page)
            running.kill(first)
            page.reload()
            wait_for_app(page)
            MapFrame(page)
            assert affinity(page) != first  # the cookie now names the replica that served it
            assert page.locator("[data-testid='stException']").count() == 0
            assert holder.blocked == [] and holder.errors == []
        finally:
            holder.close()


@pytest.mark.browser
def test_an_open_tab_reconnects_to_the_other_replica_with_its_filters(browser, haproxy, shipped_copy):
    """No reload: Streamlit's frontend reconnects by itself, HAProxy sends it to the live replica, and the new
    session starts from the page's address — which holds the filters."""
    with cluster(2, env={"MMS_DATA_DIR": str(shipped_copy)}, isolated=True) as running:
        holder = OfflinePage(browser, viewport={"width": 1280, "height": 720})
        try:
            page = holder.page
            page.goto(running.url + "/?edition=2025&priority=P3")
            wait_for_app(page)
            MapFrame(page)
            figures = page.get_by_test_id("stMetricValue").all_inner_texts()
            first = affinity(page)
            running.kill(first)
            deadline_ms = 60_000
            while affinity(page) == first:  # the reconnection's first request gets the other replica's cookie
                page.wait_for_timeout(200)
                deadline_ms -= 200
                assert deadline_ms > 0, "the tab never reconnected"
            wait_for_app(page)
            MapFrame(page)
            assert page.get_by_test_id("stMetricValue").all_inner_texts() == figures  # the same filters (P3)
            assert "priority=P3" in page.url
            assert page.locator("[data-testid='stException']").count() == 0
            assert holder.blocked == []
        finally:
            holder.close()


@pytest.mark.browser
def test_under_a_url_prefix_the_map_and_the_audience_page_work(browser, haproxy, shipped_copy, tmp_path):
    port = free_port()
    public = f"http://127.0.0.1:{port}/mms"  # the deployment's public address, with its prefix
    env = {"MMS_DATA_DIR": str(shipped_copy), "MMS_PUBLIC_URL": public}
    with cluster(2, port=port, env=env, base_path="mms", isolated=True) as running:
        assert running.url == public
        holder = OfflinePage(browser, viewport={"width": 1280, "height": 720})
        try:
            page = holder.page
            failed: list[str] = []
            page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.goto(public + "/?edition=2025")
            wait_for_app(page)
            MapFrame(page)  # Leaflet and the polygons came from /mms/app/static/
            page.goto(public + "/?edition=2025&level=powiat")
            wait_for_app(page)
            MapFrame(page, min_paths=380)  # the 380 powiats, from /mms/app/static/geo/
            page.goto(public + "/region?region=06&edition=2025")
            wait_for_app(page)
            # the charts' plotly.js and lubelskie's 213 gminas (geo/gminas/06.geojson), under the prefix
            page.wait_for_function("() => [...document.querySelectorAll('.mms-plot')]"
                                   ".filter(c => c.querySelector('.main-svg')).length === 2", timeout=60_000)
            page.goto(public + "/region?region=06&edition=2025&tab=gminas")
            wait_for_app(page, "h1")
            MapFrame(page, min_paths=16 + 213)
            page.goto(public + "/present?edition=2025&step=1")
            wait_for_app(page, "[data-mms-link]")
            link = page.locator("[data-mms-link]").first.get_attribute("data-mms-link")
            assert re.fullmatch(re.escape(public) + r"/app/static/a/[a-z2-7]{5}\.html", link), link
            # a phone: no cookie, no session, any replica — one static file under the prefix
            with urllib.request.urlopen(link, timeout=30) as response:
                assert response.status == 200 and response.headers.get_content_type() == "text/html"
                assert "leaflet" in response.read().decode("utf-8").lower()
            # Streamlit's frontend, opened at /mms/present, first looks for its server one level
            # too deep (/mms/present/_stcore/health, …/host-config: 404), then at /mms: its own probe
            probes = {f"404 {public}/{deep}/_stcore/{what}" for deep in ("present", "region")
                      for what in ("health", "host-config")}
            assert [f for f in failed if f not in probes] == []
            assert holder.blocked == [] and holder.errors == []
        finally:
            holder.close()
