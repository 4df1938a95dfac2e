"""What only a browser shows: the map drawn offline, recolouring, the CSV download, escaping.

Runs Debian's Chromium against ``streamlit run`` with every outside request refused.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mms_core.data.paths import DEFAULT_DATA_DIR
from tests.browser.support import CONFERENCE_FILL, MAP_FRAME, SCRIPT_IDLE, MapFrame, choose, wait_for_app
from tests.conftest import OfflinePage, streamlit_server
from tests.helpers import make_data_dir, matching_grants, recount


@pytest.mark.browser
def test_map_draws_16_regions_and_16_conferences_offline(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025")
    wait_for_app(page)
    frame = MapFrame(page)
    all_fills = frame.fills()
    assert all_fills.count(CONFERENCE_FILL) == 16
    assert len(all_fills) - 16 == 16
    assert frame.locator(".leaflet-tile").count() == 0  # no tile layer
    assert offline_page.blocked == []
    assert offline_page.errors == []
    expect(page.get_by_text("Dane przykładowe.")).to_be_visible()


@pytest.mark.browser
def test_filter_change_recolours_without_remounting(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025&metric=grant_count&scheme=equal_interval&classes=7")
    wait_for_app(page)
    frame = MapFrame(page)
    frame.evaluate("window.__same_map = true")
    before = frame.region_fills()
    choose(page, "Priorytet", "P3 – regranting do 10 000 zł")
    page.wait_for_url("**priority=P3**", timeout=30_000)
    frame.wait_for_function(
        "before => { const f = [...document.querySelectorAll('path.leaflet-interactive')]"
        ".map(e => e.getAttribute('fill')).filter(c => c !== '#d7301f'); "
        "return f.length === 16 && f.join() !== before.join(); }",
        arg=before, timeout=30_000)
    after = frame.region_fills()
    assert len(after) == 16 and after != before
    assert frame.evaluate("window.__same_map === true")  # the same Leaflet map, repainted in place
    assert offline_page.blocked == []


@pytest.mark.browser
def test_csv_download_matches_the_data(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2026&org_type=kgw,stowarzyszenie&priority=P1")
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Pobierz podsumowanie (CSV)", exact=True).click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(download.path().read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 16
    assert list(rows[0])[:7] == ["teryt", "voivodeship", "grants", "amount_pln", "population",
                                 "amount_per_capita_pln", "grants_per_100k"]
    counts, sums = recount(matching_grants(DEFAULT_DATA_DIR / "grants.csv", "2026", ("kgw", "stowarzyszenie"), "P1"))
    for row in rows:
        assert int(row["grants"]) == counts.get(row["teryt"], 0)
        assert float(row["amount_pln"]) == pytest.approx(sums.get(row["teryt"], 0.0), abs=0.01)
        assert float(row["amount_per_capita_pln"]) == pytest.approx(
            sums.get(row["teryt"], 0.0) / int(row["population"]), abs=0.006)


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
        with streamlit_server(data_dir) as server:
            page = holder.page
            page.goto(server.url)
            wait_for_app(page)
            frame = MapFrame(page)
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


FIND_REGION_POINT = """
teryt => {
  let target = null;
  window.map.eachLayer(l => { if (l.feature && l.feature.properties.teryt === teryt && l._path
                                   && l.feature.geometry.type !== 'Point') target = l; });
  const box = target._path.getBoundingClientRect();
  for (let fy = 0.3; fy <= 0.7; fy += 0.1) {
    for (let fx = 0.3; fx <= 0.7; fx += 0.1) {
      const x = box.left + box.width * fx, y = box.top + box.height * fy;
      const hits = [-12, 0, 12].every(dx => [-12, 0, 12].every(dy =>
        document.elementFromPoint(x + dx, y + dy) === target._path));
      if (hits) return [x, y];
    }
  }
  return null;
}
"""


@pytest.mark.browser
def test_clicking_a_region_opens_its_profile(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025")
    wait_for_app(page)
    frame = MapFrame(page)
    iframe_box = page.locator(MAP_FRAME).bounding_box()
    x, y = frame.evaluate(FIND_REGION_POINT, "12")
    page.mouse.click(iframe_box["x"] + x, iframe_box["y"] + y)
    page.wait_for_url("**/region?**region=12**", timeout=30_000)
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == "Województwo małopolskie"
    assert "edition=2025" in page.url  # the filters travel with the click
    assert offline_page.blocked == []


def _data_rows(edition, org_type, priority):
    return matching_grants(DEFAULT_DATA_DIR / "grants.csv", edition, (org_type,), priority)


@pytest.mark.browser
def test_data_page_csv_and_xlsx_hold_exactly_the_filtered_rows(offline_page, app_url):
    import openpyxl

    page = offline_page.page
    page.goto(f"{app_url}/data?edition=2025&org_type=osp&priority=P3")
    wait_for_app(page, "[data-testid='stDownloadButton']")
    expected = sorted(g["grant_id"] for g in _data_rows("2025", "osp", "P3"))
    assert expected
    with page.expect_download() as info:
        page.get_by_role("button", name="Pobierz te wiersze (CSV)").click()
    text = info.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))  # the rows only: what a plain reader expects
    assert sorted(r["grant_id"] for r in rows) == expected
    assert {r["org_type"] for r in rows} == {"osp"} and {r["priority"] for r in rows} == {"P3"}
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV z opisem (ZIP)").click()
    import json
    import zipfile
    archive = zipfile.ZipFile(io.BytesIO(info.value.path().read_bytes()))
    package = json.loads(archive.read("datapackage.json"))
    assert "Edycja: 2025" in package["description"] and "Czas eksportu" in package["description"]
    assert archive.read(package["resources"][0]["path"]).decode("utf-8-sig") == text
    with page.expect_download() as info:
        page.get_by_role("button", name="Pobierz te wiersze (XLSX)").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(info.value.path().read_bytes()))
    values = list(book["Dotacje"].values)
    assert sorted(v[0] for v in values[1:]) == expected
    about = dict(book["Informacje"].values)
    assert about["Edycja"] == "2025" and about["Priorytet"] == "P3"
    assert "PRZYKŁADOWE" in about["Uwaga"]
    assert offline_page.blocked == []


@pytest.mark.browser
def test_language_switch_to_english(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2025")
    wait_for_app(page)
    frame = MapFrame(page)
    frame.evaluate("window.__same_map = true")
    choose(page, "Język / Language", "English")
    page.wait_for_url("**lang=en**", timeout=30_000)
    page.get_by_text("Power of Small Communities – grants map").wait_for(timeout=30_000)
    expect(page.get_by_text("Sample data.")).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_text("Organisation type")).to_be_visible()
    # the map was not remounted: the same Leaflet map, its texts now in English
    frame = MapFrame(page)
    assert frame.evaluate("window.__same_map === true")
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("Boundaries: PRG")
    iframe_box = page.locator(MAP_FRAME).bounding_box()
    x, y = frame.evaluate(FIND_REGION_POINT, "30")
    page.mouse.move(iframe_box["x"] + x, iframe_box["y"] + y)
    tooltip = frame.locator(".mms-region-tooltip")
    tooltip.wait_for(timeout=10_000)
    assert "Chosen measure" in tooltip.inner_text() and "wielkopolskie" in tooltip.inner_text()
    assert offline_page.blocked == []


@pytest.mark.browser
def test_filters_survive_page_changes(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/?edition=2026&priority=P1&classes=4")
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_text("Dane").click()
    page.wait_for_url("**/data?**", timeout=30_000)
    wait_for_app(page, "[data-testid='stDownloadButton']")
    assert "edition=2026" in page.url and "priority=P1" in page.url and "classes=4" in page.url
    page.get_by_test_id("stSidebarNav").get_by_text("Mapa").click()
    page.wait_for_function("!location.pathname.endsWith('/data')", timeout=30_000)
    wait_for_app(page)
    assert "edition=2026" in page.url and "classes=4" in page.url


TOUR_COUNTER = "[data-testid='mms-tour-counter']"


def press_and_wait(page, key: str, counter_text: str):
    """Press ``key`` once the previous step has finished drawing; wait for the step counter."""
    page.wait_for_selector(SCRIPT_IDLE, timeout=30_000)
    page.wait_for_function("window.__mmsTourKeys === true", timeout=30_000)
    page.keyboard.press(key)
    page.wait_for_function(
        "text => { const c = document.querySelector(\"[data-testid='mms-tour-counter']\");"
        " return c && c.innerText === text; }", arg=counter_text, timeout=30_000)


@pytest.mark.browser
def test_walk_the_tour_with_the_keyboard(offline_page, app_url):
    page = offline_page.page
    page.goto(f"{app_url}/present?edition=2025")
    wait_for_app(page, TOUR_COUNTER)
    assert page.locator(TOUR_COUNTER).inner_text() == "Przegląd – cała Polska"
    press_and_wait(page, "PageDown", "Konferencja 1 z 16")
    page.get_by_role("heading", name="zachodniopomorskie").wait_for(timeout=30_000)  # Goleniów comes first
    press_and_wait(page, "ArrowRight", "Konferencja 2 z 16")
    page.get_by_role("heading", name="wielkopolskie").wait_for(timeout=30_000)
    page.wait_for_url("**step=2**", timeout=30_000)
    # a clicker's key still works when the map has the focus
    frame = MapFrame(page)
    frame.locator(".leaflet-container").click(position={"x": 20, "y": 300})
    press_and_wait(page, "PageUp", "Konferencja 1 z 16")
    press_and_wait(page, "PageUp", "Przegląd – cała Polska")
    page.wait_for_url("**step=0**", timeout=30_000)
    press_and_wait(page, "PageUp", "Konferencja 16 z 16")  # round to the last conference
    assert offline_page.blocked == [] and offline_page.errors == []


@pytest.mark.browser
def test_exported_html_map_opens_from_a_file_with_no_network(browser, tmp_path, population, eligible):
    from datetime import datetime

    from mms_core.analysis.aggregates import filter_grants, region_summary
    from mms_core.analysis.filters import Filters
    from mms_core.analysis.measures import METRIC_BY_CODE
    from mms_core.data.paths import DataPaths
    from mms_core.data.reference import loaders
    from mms_core.maps import geometry
    from mms_core.maps.classify import classify
    from mms_core.present import map_export

    paths = DataPaths(DEFAULT_DATA_DIR)
    metric = METRIC_BY_CODE["grants_per_100k"]
    summary = region_summary(filter_grants(loaders.load_grants(paths.grants), Filters(edition=2026)),
                             population, eligible)
    classes = classify(summary[metric.column], "natural_breaks", 4)
    caption = map_export.map_caption(Filters(edition=2026), metric, {"kind": "sample"}, datetime(2026, 11, 26))
    target = tmp_path / "mapa.html"
    target.write_text(map_export.map_html(geometry.load_geojson(paths.voivodeships), summary, classes, metric,
                                          loaders.load_conferences(paths.conferences),
                                          loaders.load_operators(paths.operators), caption), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    context.route("**/*", lambda route: (requests.append(route.request.url),
                                         route.continue_() if route.request.url.startswith("file:") else route.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(target.as_uri())
    page.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 32", timeout=30_000)
    fills = page.eval_on_selector_all("path.leaflet-interactive", "els => els.map(e => e.getAttribute('fill'))")
    assert len([f for f in fills if f != CONFERENCE_FILL]) == 16
    assert set(classes.color_of.values()) <= set(fills)
    assert "Dotacje na 100 tys. mieszkańców" in page.locator(".mms-panel").inner_text()
    assert [r for r in requests if not r.startswith("file:")] == [] and errors == []
    context.close()


@pytest.mark.browser
def test_upload_shows_a_preview_and_the_error_report(offline_page, app_url):
    corpus = Path(__file__).parents[1] / "import_corpus"
    page = offline_page.page
    # the Data page points to the upload, which is on the Sources page (issue #24)
    page.goto(f"{app_url}/data?edition=2025")
    wait_for_app(page, "[data-testid='stDownloadButton']")
    page.get_by_role("link", name="Wczytaj oficjalną listę beneficjentów – na stronie Źródła danych").click()
    page.get_by_role("heading", name="Wczytaj oficjalną listę beneficjentów").wait_for(timeout=30_000)
    assert "/sources" in page.url and "edition=2025" in page.url
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        str(corpus / "29_html_and_js_in_names.csv"))
    page.get_by_text("Podgląd (tylko w tej sesji)").wait_for(timeout=30_000)
    page.get_by_text("poprawnych 3").wait_for(timeout=30_000)
    preview = page.locator(MAP_FRAME)
    preview.first.wait_for(timeout=30_000)
    preview.first.scroll_into_view_if_needed()
    frame = MapFrame(page)
    # the grid keeps the name as text (its accessible cells are hidden behind the canvas)
    page.get_by_text('Stowarzyszenie <img src=x onerror="window.__pwned=1">').first.wait_for(state="attached",
                                                                                 timeout=30_000)
    assert page.evaluate("window.__pwned") is None and frame.evaluate("window.__pwned") is None
    # a bad file: the Polish report with row numbers
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        str(corpus / "21_bad_amounts.csv"))
    page.get_by_text("Raport z wczytania").wait_for(timeout=30_000)
    report = page.get_by_text("odrzuconych 4")
    report.wait_for(timeout=30_000)
    page.get_by_text("Publikowanie dla wszystkich jest w tej instalacji wyłączone").wait_for()
    # an unreadable file: a clear message, and the data in use is still the sample
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        str(corpus / "14_binary_garbage.csv"))
    page.get_by_text("Nie można wczytać pliku.").wait_for(timeout=30_000)
    expect(page.get_by_text("Dane przykładowe.")).to_be_visible()
    assert offline_page.blocked == [] and offline_page.errors == []


def test_upload_section_in_english(offline_page, app_url):
    """The upload section speaks English, Streamlit's own uploader words included."""
    corpus = Path(__file__).parents[1] / "import_corpus"
    page = offline_page.page
    page.goto(f"{app_url}/sources?edition=2025&lang=en")
    page.get_by_role("heading", name="Load the official list of beneficiaries").wait_for(timeout=60_000)
    dropzone = page.locator("[data-testid='stFileUploaderDropzone']")
    dropzone.wait_for(timeout=30_000)
    # Streamlit's own words ("Upload", "25MB per file") replaced by the catalogue's, in English
    expect(dropzone).to_contain_text("Browse files")
    expect(dropzone).to_contain_text("CSV, XLSX or ODS, up to 20 MB")
    expect(dropzone).not_to_contain_text("per file")
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        str(corpus / "29_html_and_js_in_names.csv"))
    page.get_by_text("Preview (this session only)").wait_for(timeout=30_000)
    page.get_by_text("valid 3").wait_for(timeout=30_000)
    assert page.get_by_text("Sample data.").is_visible()
    assert offline_page.blocked == [] and offline_page.errors == []
