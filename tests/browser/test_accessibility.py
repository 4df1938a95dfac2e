"""Accessibility (WCAG 2.1 AA, issue 12): axe-core on every page and inside every map frame, and
the map, the filters and the exports driven by the keyboard alone.

axe-core comes with ``axe-playwright-python`` (requirements-dev.txt). Only ``critical`` and
``serious`` violations fail a test; a violation that comes from Streamlit itself and cannot be fixed
from the project would be listed in :data:`STREAMLIT_OWN` by rule id and element, with the reason
(and in the accessibility statement). There are none at present.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.support import MAP_FRAME, PATHS, MapFrame, wait_for_app, wait_for_run

pytestmark = pytest.mark.browser

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}

#: (rule id, a piece of the element's selector) -> why it is left: violations from Streamlit's own
#: markup that the project cannot change. Empty: axe finds none on the pages below.
STREAMLIT_OWN: dict[tuple[str, str], str] = {}

#: (address, an element the page shows once drawn, how many map frames it has)
PAGES = [
    ("/?edition=2025", "[data-testid='stMetric']", 1),
    ("/region?region=06&edition=2025", "h1", 0),
    ("/region?region=06&edition=2025&tab=gminas", "h1", 1),
    ("/region?region=06&edition=2025&tab=sources", "h1", 0),
    ("/region?region=06&edition=2025&tab=grants", "h1", 0),
    ("/compare?edition=2025", "h1", 0),
    ("/compare?edition=2025&tab=types", "h1", 0),
    ("/compare?edition=2025&tab=change", "h1", 1),
    ("/compare?edition=2025&tab=editions", "h1", 2),
    ("/data?edition=2025", "h1", 0),
    ("/conferences", "h1", 0),
    ("/plan", "[data-testid='stDownloadButton']", 1),
    ("/present?edition=2025", "[data-testid='mms-tour-counter']", 1),
    ("/present?edition=2025&step=5&level=gmina", "[data-testid='mms-tour-counter']", 1),
    ("/sources", "h1", 0),
    ("/accessibility", "h1", 0),
    ("/?edition=2025&lang=en", "[data-testid='stMetric']", 1),
]


def _serious(result) -> list[str]:
    left = []
    for violation in result.response["violations"]:
        if violation["impact"] not in ("critical", "serious"):
            continue
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            if any(rule == violation["id"] and part in target for rule, part in STREAMLIT_OWN):
                continue
            left.append(f"{violation['id']} ({violation['impact']}): {target} – {node.get('failureSummary', '')}")
    return left


def _open_expanders(page) -> None:
    """The chart and map tables live in expanders: open them, so that axe reads them too."""
    for summary in page.locator("[data-testid='stExpander'] summary").all():
        if summary.is_visible():
            summary.press("Enter")
    page.wait_for_timeout(300)


#: Pages read by axe besides those above: the map at the powiat and gmina levels (same page title).
LEVEL_PAGES = [
    ("/?edition=2025&level=powiat", "[data-testid='stMetric']", 1),
    ("/?edition=2025&level=gmina&region=06", "[data-testid='stMetric']", 1),
]


@pytest.mark.parametrize("address,ready,maps", PAGES + LEVEL_PAGES, ids=[p[0] for p in PAGES + LEVEL_PAGES])
def test_axe_finds_no_serious_violation(offline_page, app_url, address, ready, maps):
    page = offline_page.page
    page.goto(app_url + address)
    wait_for_app(page, ready)
    frames = [MapFrame(page, index, min_paths=16) for index in range(maps)]
    _open_expanders(page)
    axe = Axe()
    problems = _serious(axe.run(page, options=WCAG_AA))
    lang = "en" if "lang=en" in address else "pl"
    assert page.evaluate("document.documentElement.lang") == lang
    for index, frame in enumerate(frames):
        frame.wait_for_function(f"document.documentElement.lang === '{lang}'")
        problems += [f"map {index}: {p}" for p in _serious(axe.run(frame.frame(), options=WCAG_AA))]
        assert "user-scalable=no" not in frame.evaluate("document.querySelector('meta[name=viewport]').content")
    assert not problems, "\n".join(problems)
    if maps:
        titles = page.locator(MAP_FRAME).evaluate_all("els => els.map(e => e.title)")
        assert all(title.startswith(("Mapa województw", "Map of the voivodeships", "Mapa zmiany udziału", "Mapa gmin", "Map of the gminas",
                                           "Mapa powiatów", "Map of the powiats"))
                   for title in titles), titles
    assert offline_page.blocked == []


def test_every_page_has_its_own_title(offline_page, app_url):
    page = offline_page.page
    titles = []
    seen = set()
    for address, ready, _ in PAGES[:-1]:
        if address.split("?")[0] in seen:  # the same page with other parameters: the same title
            continue
        seen.add(address.split("?")[0])
        page.goto(app_url + address)
        wait_for_app(page, ready)
        titles.append(page.title())
    assert len(set(titles)) == len(titles), titles
    assert titles[-1] == "Deklaracja dostępności – Moc Małych Społeczności"


def _focused_region(frame) -> dict | None:
    return frame.evaluate("""() => { const e = document.activeElement;
        return e && e.matches('path[role=button]') ? {label: e.getAttribute('aria-label'), cls: e.getAttribute('class')}
                                                   : null; }""")


def test_tab_to_a_region_and_enter_opens_its_profile(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025")
    wait_for_app(page)
    frame = MapFrame(page)
    names = frame.locator("path.mms-region[role=button]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert len(names) == 16 and all(re.fullmatch(r"[a-ząćęłńóśźż-]+: .+, [\d\u00a0 ]+ dotac(ja|je|ji)", n)
                                    for n in names), names
    markers = frame.locator(f"{PATHS}[role=button]:not(.mms-region)").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))")
    assert len(markers) == 16 and all(m.startswith("Konferencja: ") for m in markers), markers
    # the skip link is the way past the map; from it, Tab goes into the map and to the regions
    skip = page.locator("a.mms-skip")
    assert skip.get_attribute("href") == "#mms-summary-table"
    skip.focus()
    region = None
    for _ in range(6):
        page.keyboard.press("Tab")
        region = _focused_region(frame)
        if region:
            break
    assert region is not None, "no region took the focus"
    teryt = re.search(r"mms-r-(\d\d)", region["cls"]).group(1)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/region?**region={teryt}**", timeout=30_000)
    wait_for_app(page, "h1")
    assert region["label"].split(":")[0] in page.locator("h1").first.inner_text()
    assert offline_page.blocked == [] and offline_page.errors == []


def test_skip_link_jumps_past_the_map_to_the_table(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025")
    wait_for_app(page)
    MapFrame(page)
    page.locator("a.mms-skip").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # the next stop comes after the table's anchor: past the map, its legend and the exports
    after = page.evaluate("""() => {
        const anchor = document.getElementById('mms-summary-table'), e = document.activeElement;
        return e.tagName !== 'IFRAME' && !!(anchor.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
    assert after and page.url.endswith("#mms-summary-table")


def test_map_speaks_english_when_english_is_chosen(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025&lang=en")
    wait_for_app(page)
    frame = MapFrame(page)
    frame.wait_for_function("document.documentElement.lang === 'en'")
    label = frame.locator("path.mms-r-06").get_attribute("aria-label")
    assert label.startswith("lubelskie: ") and re.search(r"\d grants?$", label), label
    assert page.locator(MAP_FRAME).get_attribute("title").startswith("Map of the voivodeships")


def test_filters_and_exports_without_a_mouse(offline_page, app_url):
    """A sidebar filter changed and the CSV downloaded with Tab, arrows and Enter only."""
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025")
    wait_for_app(page)
    # a filter's selectbox: focus it, open it with the keyboard, choose another value
    box = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_not_text="Language").first
    box.locator("input").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_for_run(page)
    page.wait_for_url(re.compile(r"edition=(?!2025)"), timeout=30_000)  # the first filter is the edition
    # every export of the map: open the expander with Enter, each download button with Enter
    exports = page.get_by_test_id("stExpander").filter(has_text="Eksport")
    exports.locator("summary").focus()
    page.keyboard.press("Enter")
    buttons = exports.get_by_test_id("stDownloadButton").locator("button")
    buttons.first.wait_for(timeout=30_000)
    names = []
    for index in range(buttons.count()):
        buttons.nth(index).focus()
        with page.expect_download(timeout=60_000) as download:
            page.keyboard.press("Enter")
        names.append(download.value.suggested_filename)
    assert len(names) >= 2 and len(set(names)) == len(names), names
    # the summary CSVs (plain and for a Polish Excel): focus each button and press Enter
    csv_buttons = page.get_by_role("button", name=re.compile("CSV"))
    assert csv_buttons.count() >= 2
    for index in range(csv_buttons.count()):
        csv_buttons.nth(index).focus()
        with page.expect_download() as download:
            page.keyboard.press("Enter")
        assert download.value.suggested_filename.endswith(".csv")


def test_presentation_keys_work_while_a_button_has_focus(offline_page, app_url):
    """PageDown/PageUp move the tour while the "next" button has the focus; Enter on that button
    is the button's own (one step on)."""
    from tests.browser.test_browser import TOUR_COUNTER, press_and_wait

    page = offline_page.page
    page.goto(f"{app_url}/present?edition=2025")
    wait_for_app(page, TOUR_COUNTER)
    page.locator(".st-key-tour_next button").focus()
    press_and_wait(page, "PageDown", "Konferencja 1 z 16")
    page.locator(".st-key-tour_next button").focus()
    press_and_wait(page, "Enter", "Konferencja 2 z 16")
    page.locator(".st-key-tour_prev button").focus()
    press_and_wait(page, "PageUp", "Konferencja 1 z 16")
    assert offline_page.errors == []
