"""What axe cannot see (issue 26), tested as a keyboard user acts, from a fresh page: the map's focus
ring, Escape on tooltips and popups, a popup that takes the focus, reflow at 320 × 640 and text spacing
with nothing cut, no English built-in label on a Polish page, leaving the grid, the banner as a note."""

from __future__ import annotations

import pytest

from tests.browser.support import MAP_FRAME, MapFrame, wait_for_app
from tests.conftest import OfflinePage

pytestmark = pytest.mark.browser

ENGLISH = ("Skip to main content", "Link to heading", "Help for ", "Zoom in", "Zoom out",
           "A JavaScript library for interactive maps")
TEXT_SPACING = ("* {line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important;}"
                " p {margin-bottom: 2em !important;}")
#: (address, an element the page shows once drawn)
PAGES = [("/?edition=2025", "[data-testid='stMetric']"), ("/region?region=06&edition=2025", "h1"),
         ("/compare?edition=2025", "h1"), ("/plan", "[data-testid='stDownloadButton']"), ("/data?edition=2025", "h1"),
         ("/conferences", "h1"), ("/present?edition=2025&step=3", "[data-testid='mms-tour-counter']"),
         ("/sources", "h1"), ("/accessibility", "h1")]
CUT_TEXT = """() => {
  const out = [];
  document.querySelectorAll('[data-testid="stMain"] *').forEach(e => {
    const style = getComputedStyle(e);
    if (!e.clientWidth || !e.textContent.trim() || e.closest('[data-testid="stDataFrame"], table, .mms-legend-strip')) return;
    const clips = style.overflowX === 'hidden' || style.textOverflow === 'ellipsis';
    if (clips && e.scrollWidth > e.clientWidth + 1) out.push(e.tagName + ': ' + e.textContent.trim().slice(0, 50));
  });
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) out.push('the page scrolls sideways');
  return out;
}"""


def _tab_until(page, frame: MapFrame, test: str, limit: int = 80) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if frame.evaluate(f"() => {{ const e = document.activeElement; return !!(e && ({test})); }}"):
            return True
    return False


def test_the_focused_map_shows_a_ring_and_escape_closes_what_focus_opened(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025")
    wait_for_app(page)
    frame = MapFrame(page)
    page.locator("a.mms-skip").focus()
    assert _tab_until(page, frame, "e.classList.contains('leaflet-container')"), "the map never took the focus"
    ring = frame.evaluate("() => { const s = getComputedStyle(document.activeElement); "
                          "return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }")
    assert ring[0] == "solid" and ring[1] >= 2 and ring[2] == "rgb(29, 79, 145)", ring
    # a conference marker: Enter opens its popup, which takes the focus; Escape closes it, focus back
    assert _tab_until(page, frame, "e.closest('.leaflet-conferences-pane') && e.getAttribute('role') === 'button'")
    marker = frame.evaluate("() => document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("Enter")
    frame.wait_for_function("() => document.activeElement && !!document.activeElement.closest('.leaflet-popup')")
    assert frame.evaluate("() => document.querySelector('.leaflet-popup').getAttribute('role')") == "dialog"
    page.keyboard.press("Escape")
    frame.wait_for_function("() => !document.querySelector('.leaflet-popup')")
    assert frame.evaluate("() => document.activeElement.getAttribute('aria-label')") == marker
    # a region shows its tooltip under the pointer; Escape closes it without moving the pointer away
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.62, box["y"] + box["height"] * 0.55)
    frame.wait_for_function("() => !!document.querySelector('.mms-region-tooltip')")
    page.keyboard.press("Escape")
    frame.wait_for_function("() => !document.querySelector('.mms-region-tooltip')")
    assert offline_page.blocked == [] and offline_page.errors == []


def test_no_english_built_in_label_on_a_polish_page(offline_page, app_url):
    page = offline_page.page
    for address, ready in PAGES[:4]:
        page.goto(app_url + address)
        wait_for_app(page, ready)
        page.wait_for_timeout(600)  # the labels are translated at most 200 ms after a change
        found = page.evaluate("""(words) => {
          const out = [];
          document.querySelectorAll('*').forEach(e => {
            for (const value of [e.getAttribute('aria-label'), e.getAttribute('title'),
                                 e.children.length ? null : e.textContent]) {
              if (value && words.some(w => value.startsWith(w))) out.push(e.tagName + ': ' + value);
            }
          });
          return out; }""", list(ENGLISH))
        frames = [MapFrame(page, index, min_paths=16) for index in range(page.locator(MAP_FRAME).count())]
        for frame in frames:
            found += frame.evaluate("""(words) => [...document.querySelectorAll('a[title], a[aria-label]')]
                .map(a => a.title + '|' + a.getAttribute('aria-label'))
                .filter(v => words.some(w => v.includes(w)))""", list(ENGLISH))
        assert found == [], (address, found)
        roles = page.evaluate("() => [...document.querySelectorAll('.st-key-mms_origin [data-testid=stAlertContainer]')]"
                              ".map(e => e.getAttribute('role'))")
        assert roles and set(roles) <= {"note"}, (address, roles)


@pytest.mark.parametrize("size", [(320, 640), (1280, 720)], ids=["reflow-320", "projector"])
def test_text_spacing_and_reflow_cut_no_text(browser, app_url, size):
    holder = OfflinePage(browser, viewport={"width": size[0], "height": size[1]})
    page = holder.page
    try:
        for address, ready in PAGES:
            page.goto(app_url + address)
            wait_for_app(page, ready)
            page.wait_for_timeout(800)
            page.add_style_tag(content=TEXT_SPACING)
            page.wait_for_timeout(300)
            assert page.evaluate(CUT_TEXT) == [], (address, size)
            if "present" in address:  # the tour's controls stay on the screen
                for selector in (".st-key-tour_prev button", ".st-key-tour_next button",
                                 ".st-key-tour_bar [data-testid='stPageLink'] a"):
                    box = page.locator(selector).bounding_box()
                    assert box and box["x"] >= 0 and box["x"] + box["width"] <= size[0] + 1, (selector, box)
                counter = page.get_by_test_id("mms-tour-counter").inner_text()
                assert counter.startswith("Konferencja 3 z 16"), counter
                assert page.locator(MAP_FRAME).first.bounding_box()["height"] >= 200
        assert holder.blocked == []
    finally:
        holder.close()


def test_the_grid_says_how_to_leave_it_and_escape_then_tab_leaves_it(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/data?edition=2025")
    wait_for_app(page, "[data-testid='stDataFrame']")
    hint = page.get_by_text("aby wyjść z tabeli klawiaturą, naciśnij Esc, a potem dwa razy Tab", exact=False)
    assert hint.count() == 1
    before = page.evaluate("""() => { const h = [...document.querySelectorAll('[data-testid=stCaptionContainer]')]
        .find(e => e.textContent.includes('naciśnij Esc')); const g = document.querySelector('[data-testid=stDataFrame]');
        return !!(h.compareDocumentPosition(g) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
    assert before, "the hint comes after the grid"
    grid = page.get_by_test_id("stDataFrame").first
    grid.click(position={"x": 60, "y": 60})
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")  # the grid's scrolling area (it scrolls by keyboard too)
    assert page.evaluate("() => document.activeElement.classList.contains('dvn-scroller')")
    page.keyboard.press("Tab")
    outside = page.evaluate("() => !document.activeElement.closest('[data-testid=stDataFrame]')")
    assert outside, "Escape then Tab twice did not leave the grid"


def _ax_nodes(page, frame=None) -> list[dict]:
    """The accessibility tree as a screen reader gets it (Chrome DevTools Protocol), in reading order:
    (role, name) of every node that is not ignored."""
    session = page.context.new_cdp_session(page)
    params = {}
    if frame is not None:
        tree = session.send("Page.getFrameTree")
        children = [f["frame"]["id"] for f in tree["frameTree"].get("childFrames", [])]
        params["frameId"] = next(i for i in children if i)
    nodes = session.send("Accessibility.getFullAXTree", params)["nodes"]
    return [{"role": n.get("role", {}).get("value"), "name": n.get("name", {}).get("value", "")}
            for n in nodes if not n.get("ignored")]


def test_the_accessibility_tree_reads_the_planner_and_the_map_in_order(offline_page, app_url):
    """What a screen reader is given (Chromium's accessibility tree through CDP): the planner's headings,
    its controls by name, its table as a table with its header cells; the map's 16 regions as named
    buttons in TERYT order, then the 16 conference markers."""
    page = offline_page.page
    page.goto(f"{app_url}/plan?base=2025")
    wait_for_app(page, "[data-testid='stDownloadButton']")
    nodes = _ax_nodes(page)
    headings = [n["name"] for n in nodes if n["role"] == "heading"]
    start = headings.index("Plan na kolejną edycję")  # after the sidebar's "Filtry"
    assert headings[start:start + 3] == ["Plan na kolejną edycję", "Scenariusz A", "Scenariusz B"], headings
    assert headings.index("Podział między województwa") > start + 2
    names = {n["name"] for n in nodes}
    assert {"Budżet kolejnej edycji (zł)", "Edycja odniesienia", "Pobierz scenariusz (CSV)"} <= names
    assert any(n["role"] == "table" for n in nodes)
    columns = [n["name"] for n in nodes if n["role"] == "columnheader"]
    assert columns[:3] == ["Województwo", "Edycja 2025 (zł)", "A: kwota (zł)"], columns
    page.goto(f"{app_url}/?edition=2025")
    wait_for_app(page)
    MapFrame(page, min_paths=32)
    inside = _ax_nodes(page, frame=True)
    buttons = [n["name"] for n in inside if n["role"] == "button" and ":" in n["name"]]
    regions, markers = buttons[:16], buttons[16:32]
    assert [name.split(":")[0] for name in regions][:3] == ["dolnośląskie", "kujawsko-pomorskie", "lubelskie"]
    assert all(m.startswith("Konferencja: ") for m in markers), markers
