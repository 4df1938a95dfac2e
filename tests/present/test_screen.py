"""The presentation page's panel, legend strip and CSS."""

import re

from mms_core.present import screen
from mms_core.present.tour import StepView

VIEW = StepView(3, "dolnośląskie", ("Konferencja: Krzyżowa",), (("Liczba dotacji", "112"),), "02",
                ((50.0, 15.0), (51.8, 17.8)))
HOSTILE = StepView(3, '<img src=x onerror="alert(1)">', ("`${alert(2)}`",), (("<b>", "<i>"),), "02", None)


def test_panel_has_title_lines_figures_and_a_qr_code():
    html = screen.side_html(VIEW, "Konferencja 3 z 16", "http://192.168.1.23:8501/app/static/a/k3f9x.html",
                            None, True, "pl")
    assert '<h1 class="mms-title">dolnośląskie</h1>' in html
    assert '<div class="fig">112</div>' in html
    assert 'data-mms-link="http://192.168.1.23:8501/app/static/a/k3f9x.html"' in html
    assert 'data-qr-version="3"' in html
    assert "192.168.1.23:8501/app/static/a/k3f9x.html" in html
    assert "tej samej sieci Wi-Fi" in html  # a laptop address: phones must share its network
    assert 'data-mms-announce="Konferencja 3 z 16. dolnośląskie. Konferencja: Krzyżowa"' in html


def test_without_an_address_a_note_replaces_the_code():
    html = screen.side_html(VIEW, "Konferencja 3 z 16", None, "qr_no_address", False, "pl")
    assert "data:image/png" not in html and "mms-qr-note" in html
    assert "nie ma adresu w sieci lokalnej" in html
    html = screen.side_html(VIEW, "Conference 3 of 16", None, "qr_local_only", False, "en")
    assert "--server.address 0.0.0.0" in html


def test_panel_escapes_every_text():
    html = screen.side_html(HOSTILE, "<script>", "http://x.pl/app/static/a/\"'<>.html", None, False, "pl")
    assert "<img" not in html.replace('<img class="mms-qr', "").replace('<img class="mms-qr-big-code', "")
    assert "<script>" not in html and "<i>" not in html and "${" not in html
    assert "&lt;b&gt;" in html and "&lt;i&gt;" in html


def test_bar_and_legend():
    assert 'data-testid="mms-sample-label"' in screen.bar_html("Przegląd – cała Polska", "Dane przykładowe")
    assert "mms-sample" not in screen.bar_html("Przegląd – cała Polska", None)
    assert screen.legend_columns(3) == 2 and screen.legend_columns(9) == 3


def test_css_sizes_the_qr_module_from_the_screen_height():
    css = screen.present_css(33, 3)
    assert "round(down, 1.2vh, 1px)" in css and "--qr-n: 33" in css
    assert re.search(r"\.mms-figs \.fig \{[^}]*font-size: 5\.4vh", css)  # numbers ≥ 5 % of the screen's height


def test_the_qr_images_alternative_says_what_it_is():
    from mms_core.present.screen import side_html
    from mms_core.present.tour import StepView

    view = StepView(0, "Cała Polska", (), (("Liczba dotacji", "1 999"),), None, None)
    html = side_html(view, "Przegląd", "http://192.168.1.10:8501/a/abc.html", None, True, "pl")
    assert 'alt="Kod QR: ten widok na telefonie – http://192.168.1.10:8501/a/abc.html"' in html
