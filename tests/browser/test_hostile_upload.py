"""Hostile uploads on the Sources page (issue 16; the upload moved there from the Data page, #24): a NUL in the file's name, control characters and
ambiguous amounts inside, files over Streamlit's and over our own limit, a PDF — each gets a
message in the UI language, no exception, no outside request, and the data in use stays."""

from __future__ import annotations

import pytest

from tests.conftest import OfflinePage

SCRIPT_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
HEAD = "Nazwa organizacji;Województwo;Kwota dotacji;Priorytet;Edycja\n"


def upload(page, name: str, data: bytes, mime: str = "text/csv") -> None:
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}])


def open_upload(page, url: str) -> None:
    page.goto(url)
    page.get_by_test_id("stFileUploader").wait_for(timeout=60_000)


@pytest.mark.browser
def test_hostile_uploads_get_polish_messages(offline_page, app_url):
    page = offline_page.page
    open_upload(page, f"{app_url}/sources?edition=2025")
    bad = (HEAD + "Stowarzyszenie\x1bDąb;mazowieckie;5000;P1;2025\nFundacja;mazowieckie;50,000;P1;2025\n"
           "Koło Gospodyń;śląskie;5000;P1;2025\n").encode()
    upload(page, "lista\x00zła.csv", bad)
    page.get_by_text("Nazwa pliku zawierała znaki sterujące lub niewidoczne").wait_for(timeout=60_000)
    page.get_by_text("odrzuconych 2").wait_for(timeout=30_000)
    page.get_by_role("region", name="Raport z wczytania").wait_for(timeout=30_000)
    # a file just over our limit, but under Streamlit's: our message
    upload(page, "sredni.csv", b"\n" * (21 * 1024 * 1024))
    page.get_by_text("Plik jest za duży (21,0 MB)").wait_for(timeout=60_000)
    page.get_by_text("Dane w użyciu się nie zmieniły.").wait_for(timeout=30_000)
    upload(page, "wyniki.pdf", b"%PDF-1.7\n%...", "application/pdf")
    page.get_by_text("To plik PDF, a nie arkusz.").wait_for(timeout=60_000)
    # over Streamlit's own limit: refused in the browser, in Polish
    upload(page, "ogromny.csv", b"\n" * (26 * 1024 * 1024))
    page.get_by_test_id("stFileChip").filter(has_text="ogromny.csv").hover()
    page.get_by_text("Plik jest za duży: największy dopuszczalny to 20 MB.").first.wait_for(timeout=30_000)
    assert page.get_by_text("File must be").count() == 0
    page.wait_for_selector(SCRIPT_IDLE, timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Dane przykładowe.").is_visible()  # the data in use did not change
    assert offline_page.blocked == [] and offline_page.errors == []


@pytest.mark.browser
def test_upload_messages_in_english(offline_page, app_url):
    page = offline_page.page
    open_upload(page, f"{app_url}/sources?edition=2025&lang=en")
    upload(page, "lista.csv", (HEAD + "Fundacja;mazowieckie;12.500;P1;2025\n").encode())
    page.get_by_text("ambiguous amount '12.500'").wait_for(timeout=60_000)  # the report's cell, whole
    upload(page, "stary.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "application/vnd.ms-excel")
    page.get_by_text("This is an old-format Excel file (XLS)").wait_for(timeout=60_000)
    upload(page, "ogromny.csv", b"\n" * (26 * 1024 * 1024))
    page.get_by_test_id("stFileChip").filter(has_text="ogromny.csv").hover()
    page.get_by_text("The file is too large: the largest allowed is 20 MB.").first.wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert offline_page.blocked == [] and offline_page.errors == []


LONG_REASONS = (HEAD + "Koło Gospodyń Wiejskich w Lipowej;lubelskie;9 500,00;P3;2025\n"
                "Stowarzyszenie Razem;lubelskie;12,500;P3;2025\n"
                "Grupa nieformalna Młodzi Razem;lubelskie;20 000,00;P1;2025\n").encode()


def test_the_reasons_of_refused_rows_are_read_whole_at_1280(browser, app_url):
    """Issue #24: the reason column of the refused rows was cut at 1280 px. Every reason now breaks
    into lines inside the window: nothing overflows its cell, no cell reaches past the window."""
    holder = OfflinePage(browser, viewport={"width": 1280, "height": 720})
    try:
        page = holder.page
        open_upload(page, f"{app_url}/sources?edition=2025")
        upload(page, "lista.csv", LONG_REASONS)
        region = page.get_by_role("region", name="Raport z wczytania")
        region.wait_for(timeout=60_000)
        region.scroll_into_view_if_needed()
        cells = region.locator("td.mms-wrap").evaluate_all(
            "els => els.map(e => ({text: e.textContent, scroll: e.scrollWidth, client: e.clientWidth,"
            " right: e.getBoundingClientRect().right, height: e.getBoundingClientRect().height}))")
        assert len(cells) >= 2 and any("12,500" in c["text"] for c in cells)
        assert all(c["scroll"] <= c["client"] + 1 and c["right"] <= 1280 for c in cells), cells
        assert max(c["height"] for c in cells) > 40  # the long reason takes more than one line
        assert region.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # nothing to scroll sideways
        assert holder.blocked == [] and holder.errors == []
    finally:
        holder.close()
