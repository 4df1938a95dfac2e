"""The presentation in a real hall: every step fits the projector's screen, the QR code on the
screen decodes to a short link that opens the same view as a static page on a phone, the keys
of a focused button stay its own, step changes are announced, slides follow the tour, and a
conference date filled in by an official shows on the slide.

Runs Debian's Chromium against ``streamlit run`` with every outside request refused.
"""

from __future__ import annotations

import io
import re
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from devtools.local import free_port
from devtools.server import streamlit_server
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.present.tour import tour_steps
from tests.browser.support import SCRIPT_IDLE, MapFrame, wait_for_app
from tests.conftest import OfflinePage
from tests.helpers import make_data_dir

SIZES = [(1280, 720), (1366, 768), (1920, 1080), (1024, 768)]
COUNTER = "[data-testid='mms-tour-counter']"
STEPS = tour_steps(loaders.load_conferences(DataPaths(DEFAULT_DATA_DIR).conferences))
NAMES = {teryt: name for teryt, name in loaders.load_population(DataPaths(DEFAULT_DATA_DIR).population)
         ["voivodeship"].items()}

# Bounding boxes in the page's coordinates (the map's frame is same-origin: its paths are
# measured inside it and moved by the frame's position).
MEASURE = """
() => {
  const box = r => ({x: r.left, y: r.top, right: r.right, bottom: r.bottom});
  const frame = document.querySelector('iframe[src*="streamlit_folium.st_folium"]');
  const f = frame.getBoundingClientRect();
  const inFrame = el => { const r = el.getBoundingClientRect();
    return {x: f.left + r.left, y: f.top + r.top, right: f.left + r.right, bottom: f.top + r.bottom}; };
  const doc = frame.contentDocument;
  const q = s => document.querySelector(s);
  const qr = q(".mms-qr-code");
  const label = doc.querySelector(".mms-town-label");
  return {vw: window.innerWidth, vh: window.innerHeight, scrollY: window.scrollY,
          map: box(f), regions: [...doc.querySelectorAll("path.mms-region")].map(inFrame),
          focus: doc.querySelector("path.mms-focus") ? inFrame(doc.querySelector("path.mms-focus")) : null,
          label: label ? {text: label.innerText, box: inFrame(label)} : null,
          legend: box(q("[data-testid='mms-legend']").getBoundingClientRect()),
          figures: box(q(".mms-figs").getBoundingClientRect()), title: box(q(".mms-title").getBoundingClientRect()),
          lines: [...document.querySelectorAll(".mms-line")].map(e => box(e.getBoundingClientRect())),
          sample: box(q("[data-testid='mms-sample-label']").getBoundingClientRect()),
          qr: qr ? box(qr.getBoundingClientRect()) : null, link: qr ? qr.dataset.mmsLink : null,
          module: qr ? qr.getBoundingClientRect().width / qr.naturalWidth : null,
          figureFont: parseFloat(getComputedStyle(q(".mms-figs .fig")).fontSize),
          title_text: q(".mms-title").innerText};
}
"""
# The step has been drawn: the counter says so and the map shows the step's region.
STEP_DRAWN = """
([counter, teryt]) => {
  const c = document.querySelector("[data-testid='mms-tour-counter']");
  if (!c || c.innerText !== counter) return false;
  const frame = document.querySelector('iframe[src*="streamlit_folium.st_folium"]');
  const doc = frame && frame.contentDocument;
  if (!doc || doc.querySelectorAll("path.mms-region").length < 16) return false;
  return teryt ? !!doc.querySelector("path.mms-focus.mms-r-" + teryt) : !doc.querySelector("path.mms-focus");
}
"""


def counter_of(index: int) -> str:
    return "Przegląd – cała Polska" if index == 0 else f"Konferencja {index} z 16"


def inside(inner: dict, outer: dict, slack: float = 1.0) -> bool:
    return (inner["x"] >= outer["x"] - slack and inner["y"] >= outer["y"] - slack
            and inner["right"] <= outer["right"] + slack and inner["bottom"] <= outer["bottom"] + slack)


def union(boxes: list[dict]) -> dict:
    return {"x": min(b["x"] for b in boxes), "y": min(b["y"] for b in boxes),
            "right": max(b["right"] for b in boxes), "bottom": max(b["bottom"] for b in boxes)}


def decode_qr(page, qr_box: dict) -> list[str]:
    """Decode the QR code as it is on the screen (a screenshot around it, white page included)."""
    import zxingcpp

    margin = 24
    clip = {"x": max(qr_box["x"] - margin, 0), "y": max(qr_box["y"] - margin, 0),
            "width": qr_box["right"] - qr_box["x"] + 2 * margin, "height": qr_box["bottom"] - qr_box["y"] + 2 * margin}
    shot = Image.open(io.BytesIO(page.screenshot(clip=clip)))
    return [result.text for result in zxingcpp.read_barcodes(shot)]


@pytest.fixture(scope="module")
def hall(shipped_copy):
    """A server whose public address (``MMS_PUBLIC_URL``) is its own, so the QR code's link
    can be opened by the test; its audience pages in its own copy of the app."""
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    with streamlit_server(env={"MMS_DATA_DIR": str(shipped_copy), "MMS_PUBLIC_URL": public}, port=port,
                          isolated=True) as server:
        yield server.url


def press_and_wait(page, key: str, index: int) -> None:
    page.wait_for_selector(SCRIPT_IDLE, timeout=30_000)
    page.wait_for_function("window.__mmsTourKeys === true", timeout=30_000)
    page.keyboard.press(key)
    wait_for_step(page, index)


def wait_for_step(page, index: int) -> None:
    page.wait_for_function(STEP_DRAWN, arg=[counter_of(index), STEPS[index].teryt], timeout=30_000)
    page.wait_for_selector(SCRIPT_IDLE, timeout=30_000)
    page.wait_for_timeout(1000)  # the map's flight to the region (0.8 s) ends


@pytest.mark.browser
@pytest.mark.parametrize("width, height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_step_fits_the_screen(browser, hall, width, height):
    pytest.importorskip("zxingcpp")
    context = browser.new_context(viewport={"width": width, "height": height})
    blocked: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(hall)
                  else (blocked.append(route.request.url), route.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{hall}/present?edition=2025&step=0")
    wait_for_app(page, COUNTER)
    MapFrame(page)
    links = set()
    for index, step in enumerate(STEPS):
        if index:
            press_and_wait(page, "PageDown", index)
        else:
            wait_for_step(page, 0)
        m = page.evaluate(MEASURE)
        screen = {"x": 0, "y": 0, "right": m["vw"], "bottom": m["vh"]}
        where = f"{width}x{height}, step {index}"
        assert m["scrollY"] == 0, where
        for name in ("map", "legend", "figures", "title", "qr", "sample"):
            assert inside(m[name], screen), (where, name, m[name])
        assert all(inside(line, screen) for line in m["lines"]), where
        assert m["legend"]["y"] >= m["map"]["bottom"] - 1, where  # under the map, not over it
        assert len(m["regions"]) == 16, where
        if step.teryt is None:
            assert inside(union(m["regions"]), m["map"]), where  # all of Poland
            assert m["title_text"] == "Cała Polska"
        else:
            assert inside(m["focus"], m["map"]), (where, m["focus"], m["map"])  # the whole highlighted region
            assert m["title_text"] == NAMES[step.teryt]
            assert m["label"]["text"] == step.town and inside(m["label"]["box"], m["map"]), where
        # readable from the back: numbers at least 5 % of the screen's height, QR modules ~1.2 %
        assert m["figureFont"] >= 0.05 * m["vh"], where
        assert m["module"] >= 0.011 * m["vh"] and m["module"] == int(m["module"]), where
        # the code on the screen is the short link to this view's audience page
        assert decode_qr(page, m["qr"]) == [m["link"]], where
        assert re.fullmatch(re.escape(hall) + r"/app/static/a/[a-z2-7]{5}\.html", m["link"]), m["link"]
        links.add(m["link"])
        with urllib.request.urlopen(m["link"], timeout=10) as response:
            assert response.status == 200 and response.headers.get_content_type() == "text/html"
            assert f"<h1>{m['title_text']}</h1>" in response.read().decode("utf-8")
    assert len(links) == len(STEPS)  # one page per step
    assert blocked == [] and errors == []
    context.close()


@pytest.mark.browser
def test_the_qr_link_opens_the_same_view_on_a_phone_without_a_session(browser, hall):
    presenter = OfflinePage(browser, viewport={"width": 1280, "height": 720})
    try:
        page = presenter.page
        page.goto(f"{hall}/present?edition=2025&step=3")
        wait_for_app(page, COUNTER)
        wait_for_step(page, 3)
        m = page.evaluate(MEASURE)
        figures = page.locator(".mms-figs .fig").all_inner_texts()
        (link,) = decode_qr(page, m["qr"])
    finally:
        presenter.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                device_scale_factor=2)
    requests: list[str] = []
    phone.route("**/*", lambda route: (requests.append(route.request.url),
                                       route.continue_() if route.request.url == link else route.abort()))
    page = phone.new_page()
    sockets: list[str] = []
    errors: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(link)
    page.wait_for_function("document.querySelectorAll('path.mms-region').length === 16", timeout=30_000)
    assert page.locator("h1").inner_text() == m["title_text"] == NAMES[STEPS[3].teryt]
    assert page.locator(".mms-figs dd").all_inner_texts() == figures  # the same figures as on the screen
    assert page.locator("path.mms-focus").count() == 1
    assert "DANE PRZYKŁADOWE" in page.locator(".mms-warn").inner_text()
    assert "PRG (GUGiK)" in page.locator(".mms-foot").inner_text()
    # phone first: nothing wider than the phone, the legend under the map
    layout = page.evaluate("""() => { const b = s => document.querySelector(s).getBoundingClientRect();
        return {scrollWidth: document.scrollingElement.scrollWidth, map: b('.mms-map'), legend: b('.mms-legend')}; }""")
    assert layout["scrollWidth"] <= 390
    assert layout["map"]["width"] == 390 and layout["map"]["height"] >= 300
    assert layout["legend"]["top"] >= layout["map"]["bottom"]
    # a tap on a region shows its figures
    box = page.locator("path.mms-focus").bounding_box()
    point = page.evaluate("""() => { const p = document.querySelector('path.mms-focus');
        const r = p.getBoundingClientRect();
        for (let fy = 0.3; fy <= 0.7; fy += 0.05) for (let fx = 0.3; fx <= 0.7; fx += 0.05) {
          const x = r.left + r.width * fx, y = r.top + r.height * fy;
          if (document.elementFromPoint(x, y) === p) return [x, y]; }
        return null; }""")
    assert box and point
    page.touchscreen.tap(*point)
    page.locator(".mms-region-tooltip").wait_for(timeout=10_000)
    assert NAMES[STEPS[3].teryt] in page.locator(".mms-region-tooltip").inner_text()
    assert requests == [link]  # one file: no script, style, data or tile fetched
    assert sockets == [] and errors == []
    phone.close()


# A phone, a tablet held upright, a phone held sideways: one column (issue 24, item 13). Upright at 720 px,
# the projector's layout squeezed the map to 16 px beside the QR code (sized by the screen's height) and
# every flight to a region threw "Invalid LatLng object: (NaN, NaN)".
SMALL_SCREENS = [(390, 844, True), (720, 1280, True), (844, 390, True), (1280, 720, False)]
SMALL_MEASURE = """() => {
  const box = s => { const e = document.querySelector(s); if (!e) return null; const r = e.getBoundingClientRect();
                     return {x: r.left, right: r.right, width: r.width, height: r.height}; };
  const link = document.querySelector("[data-testid='mms-phone-link'] a");
  return {vw: window.innerWidth, map: box('iframe[src*="streamlit_folium.st_folium"]'), qr: box(".mms-qr-code"),
          scrollWidth: document.documentElement.scrollWidth,
          link: link && link.offsetParent !== null ? link.href : null,
          qrLink: document.querySelector(".mms-qr-code").dataset.mmsLink};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width, height, one_column", SMALL_SCREENS, ids=[f"{w}x{h}" for w, h, _ in SMALL_SCREENS])
def test_a_phone_or_tablet_gets_one_column_and_the_audience_link(browser, hall, width, height, one_column):
    mobile = width < 1000
    holder = OfflinePage(browser, viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile)
    page = holder.page
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    try:
        page.goto(f"{hall}/present?edition=2025&step=3")  # a fresh page, a conference step: the map flies
        wait_for_app(page, COUNTER)
        wait_for_step(page, 3)
        m = page.evaluate(SMALL_MEASURE)
    finally:
        holder.close()
    where = f"{width}x{height}"
    assert not [text for text in console + holder.errors if "Invalid LatLng" in text], where
    assert holder.blocked == [] and holder.errors == [], where
    assert m["scrollWidth"] <= width, where
    assert 0 <= m["qr"]["x"] and m["qr"]["right"] <= m["vw"], (where, m["qr"])  # the QR code inside the screen
    if one_column:
        assert m["map"]["height"] >= 250 and m["map"]["width"] >= 0.9 * m["vw"], (where, m["map"])
        assert m["link"] == m["qrLink"], where  # the audience page, made for a phone, one tap away
    else:
        assert m["link"] is None  # the projector does not show it


@pytest.mark.browser
def test_a_focused_button_keeps_its_keys_and_steps_are_announced(browser, hall):
    holder = OfflinePage(browser, viewport={"width": 1280, "height": 720})
    try:
        page = holder.page
        page.goto(f"{hall}/present?edition=2025&step=2")
        wait_for_app(page, COUNTER)
        wait_for_step(page, 2)
        live = page.locator("#mms-live")
        assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
        assert live.inner_text().startswith("Konferencja 2 z 16. wielkopolskie")
        page.locator(".st-key-tour_prev button").focus()
        page.keyboard.press(" ")  # Space on "back" goes back
        wait_for_step(page, 1)
        assert live.inner_text().startswith("Konferencja 1 z 16. zachodniopomorskie. Konferencja: Goleniów")
        page.locator(".st-key-tour_next button").focus()
        page.keyboard.press("Enter")
        wait_for_step(page, 2)
        page.locator(".st-key-tour_prev button").focus()
        page.keyboard.press("Enter")  # Enter on "back" goes back too
        wait_for_step(page, 1)
        page.locator("body").focus()
        page.evaluate("document.activeElement && document.activeElement.blur()")
        press_and_wait(page, " ", 2)  # with nothing focused, Space is the clicker's "next"
        # Q shows the code large, Escape closes it
        page.keyboard.press("q")
        page.wait_for_function("document.body.classList.contains('mms-qr-open')")
        big = page.locator(".mms-qr-big img").bounding_box()
        assert 0.5 * 720 <= big["height"] <= 720 and big["y"] >= 0 and big["y"] + big["height"] <= 720
        assert decode_qr(page, {"x": big["x"], "y": big["y"], "right": big["x"] + big["width"],
                                "bottom": big["y"] + big["height"]}) == [page.get_attribute(".mms-qr-code",
                                                                                            "data-mms-link")]
        page.keyboard.press("Escape")
        page.wait_for_function("!document.body.classList.contains('mms-qr-open')")
        assert holder.blocked == [] and holder.errors == []
    finally:
        holder.close()


@pytest.mark.browser
def test_slides_follow_the_tour(offline_page, app_url):
    page = offline_page.page
    pngs = {}
    for step in (1, 2):
        page.goto(f"{app_url}/present?edition=2025&step={step}")
        wait_for_app(page, COUNTER)
        for label, size in (("Slajd 16:9 (PNG)", (1920, 1080)), ("Slajd 4:3 (PNG)", (1600, 1200))):
            with page.expect_download() as info:
                page.get_by_role("button", name=label).click()
            png = info.value.path().read_bytes()
            assert Image.open(io.BytesIO(png)).size == size
            assert info.value.suggested_filename.endswith(".png")
            pngs[step, size] = png
        with page.expect_download() as info:
            page.get_by_role("button", name="Mapa interaktywna (HTML, działa bez internetu)").click()
        html = info.value.path().read_text(encoding="utf-8")
        assert f"<h1>{NAMES[STEPS[step].teryt]}</h1>" in html and "Leaflet 1.9.3" in html
    assert pngs[1, (1920, 1080)] != pngs[2, (1920, 1080)]
    assert offline_page.blocked == []


@pytest.mark.browser
def test_a_conference_date_filled_in_shows_on_the_slide(browser, tmp_path):
    data_dir = make_data_dir(tmp_path / "data")
    holder = OfflinePage(browser, viewport={"width": 1280, "height": 900})
    try:
        with streamlit_server(env={"MMS_DATA_DIR": str(data_dir), "MMS_ALLOW_PUBLISH": "1"}, isolated=True) as server:
            page = holder.page
            page.goto(f"{server.url}/conferences")
            wait_for_app(page, "[data-testid='stForm']")
            # dolnośląskie (the first in the list): its date and venue are unknown in the sources
            page.get_by_role("spinbutton", name="day, Data").click()
            page.keyboard.type("20102025")
            page.get_by_role("textbox", name="Miejsce", exact=True).fill("Pałac w Krzyżowej")
            page.get_by_role("button", name="Zapisz").click()
            page.get_by_text("Zapisano: data, miejsce.").wait_for(timeout=30_000)
            assert (data_dir / "conference_edits.json").is_file()
            # 20.10.2025 comes before Goleniów's 27.10.2025: dolnośląskie is now the first step
            page.goto(f"{server.url}/present?edition=2025&step=1")
            wait_for_app(page, COUNTER)
            page.get_by_role("heading", name="dolnośląskie").wait_for(timeout=30_000)
            lines = page.locator(".mms-line").all_inner_texts()
            assert lines == ["Konferencja: Krzyżowa, 20.10.2025", "Miejsce: Pałac w Krzyżowej"]
            with page.expect_download() as info:
                page.get_by_role("button", name="Slajd 16:9 (PNG)").click()
            assert Image.open(io.BytesIO(info.value.path().read_bytes())).size == (1920, 1080)
            assert holder.blocked == [] and holder.errors == []
    finally:
        holder.close()


def test_static_audience_pages_stay_out_of_git():
    ignored = (Path(__file__).parents[2] / ".gitignore").read_text(encoding="utf-8").split()
    assert "/static/a/" in ignored
