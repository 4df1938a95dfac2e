"""What every browser test does: wait for Streamlit to finish a run, reach the map's frame
through a locator (which re-resolves when a rerun replaces the iframe), pick a sidebar option.

Waiting follows Streamlit's own e2e suite (``wait_for_app_run``): the app connected, the
script not running, no skeletons left.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

CONFERENCE_FILL = "#d7301f"
SCRIPT_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
MAP_FRAME = 'iframe[src*="streamlit_folium.st_folium"]'  # its title is set by the map (a label)
PATHS = "path.leaflet-interactive"


def wait_for_run(page: Page, timeout: float = 60_000) -> None:
    """Wait until the app is connected and its script has finished running."""
    page.wait_for_timeout(210)  # Streamlit debounces a rerun by ~200 ms
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector(SCRIPT_IDLE, timeout=timeout)
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0, timeout=timeout)


def wait_for_app(page: Page, ready: str = "[data-testid='stMetric']") -> None:
    """Wait until the script has run and ``ready`` (an element of the page) is shown."""
    wait_for_run(page)
    page.wait_for_selector(ready, timeout=60_000)


class MapFrame:
    """The ``index``-th map of the page, always found afresh (never a held element handle)."""

    def __init__(self, page: Page, index: int = 0, min_paths: int = 32):
        self.page = page
        self.index = index
        self.iframe = page.locator(MAP_FRAME).nth(index)
        self.frame_locator = page.frame_locator(MAP_FRAME).nth(index)
        self.frame_locator.locator(PATHS).nth(min_paths - 1).wait_for(state="attached", timeout=60_000)

    def locator(self, selector: str):
        return self.frame_locator.locator(selector)

    def frame(self):
        """The frame as it is now (for ``evaluate``); looked up again on every call."""
        return self.iframe.element_handle(timeout=30_000).content_frame()

    def evaluate(self, expression: str, arg=None):
        return self.frame().evaluate(expression, arg)

    def wait_for_function(self, expression: str, arg=None, timeout: float = 30_000):
        return self.frame().wait_for_function(expression, arg=arg, timeout=timeout)

    def fills(self) -> list[str]:
        return self.locator(PATHS).evaluate_all("els => els.map(e => e.getAttribute('fill'))")

    def region_fills(self) -> list[str]:
        return [f for f in self.fills() if f != CONFERENCE_FILL]


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label``, then wait for the rerun. The click lands on the
    box itself (as a person's does), not on the middle of the widget: in a narrow column the label wraps and
    takes the middle."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_run(page)
