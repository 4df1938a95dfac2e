"""The planner in Chromium, offline, at a projector's and a phone's size: the table, the change map drawn
from local files, the CSV equal to the table on screen, a change of rule repainting the map, axe."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.support import MapFrame, wait_for_app, wait_for_run
from tests.browser.test_accessibility import WCAG_AA, _serious
from tests.conftest import OfflinePage

pytestmark = pytest.mark.browser

ADDRESS = "/plan?budget=35000000&base=2025&rule=floor&floor=750000&rule_b=gaps&weight_b=2"


def _table(page) -> pd.DataFrame:
    """The plan table as shown: one row per voivodeship, then the total."""
    table = page.locator("table", has_text="Razem").first
    rows = [[cell.strip() for cell in row] for row in
            table.locator("tr").evaluate_all("rows => rows.map(r => [...r.children].map(c => c.innerText))")]
    return pd.DataFrame(rows[1:], columns=rows[0])


def _zl(text: str) -> float:
    return float(re.sub(r"[^\d,\-]", "", text.replace("\u2212", "-")).replace(",", "."))


@pytest.mark.parametrize("size", [(1280, 720), (390, 844)], ids=["projector", "phone"])
def test_plan_table_map_and_csv(browser, app_url, size, tmp_path):
    holder = OfflinePage(browser, viewport={"width": size[0], "height": size[1]})
    page = holder.page
    try:
        page.goto(app_url + ADDRESS)
        wait_for_app(page, "[data-testid='stDownloadButton']")
        frame = MapFrame(page, min_paths=16)
        assert frame.locator("path.mms-region").count() == 16
        shown = _table(page)
        assert len(shown) == 17 and shown.iloc[-1, 0] == "Razem"
        scenario = [_zl(v) for v in shown.iloc[:16, 2]]
        assert min(scenario) >= 750_000 and _zl(shown.iloc[16, 2]) == 35_000_000

        with page.expect_download() as info:
            page.get_by_role("button", name="Pobierz scenariusz (CSV)").click()
        data = info.value.path().read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        csv = pd.read_csv(io.BytesIO(data), dtype={"teryt": str})
        assert list(csv.columns[:10]) == ["teryt", "voivodeship", "base_amount_pln", "scenario_amount_pln",
                                          "change_pln", "change_pct", "eligible_population", "base_per_eligible_pln",
                                          "scenario_per_eligible_pln", "estimated_grants"]
        assert list(csv["voivodeship"]) == list(shown.iloc[:16, 0])
        assert csv["scenario_amount_pln"].round(2).tolist() == scenario
        assert round(csv["scenario_amount_pln"].sum(), 2) == 35_000_000
        assert csv["teryt"].iloc[0] == "02"

        page.screenshot(path=str(tmp_path / f"plan_{size[0]}.png"), full_page=True)
        problems = _serious(Axe().run(page, options=WCAG_AA))
        problems += [f"map: {p}" for p in _serious(Axe().run(frame.frame(), options=WCAG_AA))]
        assert not problems, "\n".join(problems)
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
        assert holder.blocked == [] and holder.errors == []
    finally:
        holder.close()


def test_a_new_rule_repaints_the_map_in_place(offline_page, app_url):
    page = offline_page.page
    page.goto(app_url + "/plan?base=2025&rule_b=none")
    wait_for_app(page, "[data-testid='stDownloadButton']")
    frame = MapFrame(page, min_paths=16)
    before = frame.region_fills()
    page.get_by_label("Reguła podziału").first.click()
    page.get_by_role("option", name="według uprawnionych mieszkańców").click()
    wait_for_run(page)
    frame.wait_for_function("f => [...document.querySelectorAll('path.mms-region')].map(p => p.getAttribute('fill'))"
                            ".join() !== f.join()", arg=before)
    assert "rule=eligible" in page.url
    assert offline_page.blocked == [] and offline_page.errors == []
