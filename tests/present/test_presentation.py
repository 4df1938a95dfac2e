"""Presentation mode: tour order and steps, PNG and HTML exports, share links and QR codes."""

import io
import json
import re
from datetime import datetime

import pytest
from PIL import Image

from mms_core.analysis.filters import Filters
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.facts.voivodeships import TERYT_CODES
from mms_core.maps import folium_map, geometry
from mms_core.maps.classify import classify
from mms_core.present import map_export, tour
from mms_core.present.share import qr_png, share_url
from mms_core.present.tour import OVERVIEW, next_step, parse_step, previous_step, region_bounds, tour_steps

PATHS = DataPaths(DEFAULT_DATA_DIR)
WHEN = datetime(2026, 11, 26, 12, 0)


@pytest.fixture()
def scene(summary_2025):
    filters = Filters(edition=2025)
    metric = METRIC_BY_CODE["amount_per_capita"]
    summary = summary_2025
    classes = classify(summary[metric.column], "quantiles", 5)
    caption = map_export.map_caption(filters, metric, {"kind": "sample", "source": "próbka"}, WHEN)
    return summary, classes, metric, caption


def test_tour_starts_with_the_overview_then_dates_then_teryt_order(conferences):
    steps = tour_steps(conferences)
    assert len(steps) == 17
    assert steps[0].index == OVERVIEW and steps[0].teryt is None
    assert [s.town for s in steps[1:3]] == ["Goleniów", "Leszno"]  # 27.10.2025, 21.11.2025
    assert [s.teryt for s in steps[3:]] == [t for t in TERYT_CODES if t not in ("32", "30")]
    assert [s.index for s in steps] == list(range(17))


def test_tour_goes_round(conferences):
    count = len(tour_steps(conferences))
    assert next_step(0, count) == 1 and next_step(16, count) == 0
    assert previous_step(0, count) == 16 and previous_step(5, count) == 4


@pytest.mark.parametrize("value, expected", [("3", 3), ("16", 16), ("17", 0), ("-1", 0), ("x", 0), (None, 0)])
def test_step_from_the_url(value, expected):
    assert parse_step(value, 17) == expected


def test_region_bounds_hold_the_conference(regions, conferences):
    (south, west), (north, east) = region_bounds(regions, "06")
    swidnik = conferences.loc["06"]
    assert south < swidnik["lat"] < north and west < swidnik["lon"] < east
    assert 1.5 < north - south < 3.5  # lubelskie spans about 2.5° of latitude


def test_focus_highlights_one_region(scene):
    _, classes, _, _ = scene
    styles = folium_map.region_styles(classes, focus="14")
    assert styles["14"]["weight"] == 5 and styles["02"]["fillOpacity"] == 0.35
    assert styles["14"]["fillColor"] == classes.color_of["14"]


@pytest.fixture(scope="module")
def operators():
    return loaders.load_operators(PATHS.operators)


def view_of(index, scene, conferences, operators, regions, lang="pl"):
    summary = scene[0]
    return tour.step_view(tour_steps(conferences)[index], summary, conferences, operators, regions, lang)


@pytest.mark.parametrize("size", [map_export.SLIDE_16_9, map_export.SLIDE_4_3])
def test_png_has_the_size_the_colours_and_the_texts(regions, conferences, scene, size):
    _, classes, metric, caption = scene
    png = map_export.map_png(regions, classes, metric, conferences, caption, size_px=size)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == size
    figure, axes = map_export.map_figure(regions, classes, metric, conferences, caption, size_px=size)
    figure.canvas.draw()
    # the colour inside each region is the class colour shown on screen
    metric_regions = geometry.to_geodataframe(regions).to_crs(geometry.PUWG1992)
    for teryt in ("02", "14", "30"):
        inside = metric_regions.set_index("teryt").loc[teryt, "geometry"].representative_point()
        x, y = axes.transData.transform((inside.x, inside.y))
        pixel = image.getpixel((int(round(x)), image.size[1] - int(round(y))))
        assert "#{:02x}{:02x}{:02x}".format(*pixel) == classes.color_of[teryt], teryt
    texts = [text.get_text() for text in figure.texts]
    assert "Moc Małych Społeczności – mapa dotacji" in texts
    assert any(text.startswith("Edycja: 2025") for text in texts)
    assert any("PRG" in text and "GUS" in text for text in texts)
    assert "DANE PRZYKŁADOWE – wygenerowane, nie są oficjalną listą NIW-CRSO" in texts
    assert "Stan na 26.11.2026 12:00" in texts
    legend = [text.get_text() for text in figure.legends[0].get_texts()]
    assert len(legend) == len(classes.legend) + 1 and all("zł/os." in text for text in legend[:-1])
    assert figure.legends[0].get_title().get_text() == "Kwota na mieszkańca (zł/os.)"


def test_no_file_path_in_the_caption_of_sample_data(scene):
    _, _, metric, _ = scene
    meta = json.loads((DEFAULT_DATA_DIR / "grants.meta.json").read_text(encoding="utf-8"))
    assert ".py" in meta["source"]  # the sample's provenance names its script ...
    caption = map_export.map_caption(Filters(edition=2025), metric, meta, WHEN)
    for text in (caption.source, caption.filters, caption.scheme, caption.date, caption.sample_note):
        assert ".py" not in text and "/" not in text.replace("zł/os.", "")  # ... the slide does not
    assert "dane przykładowe" in caption.source


def test_png_follows_the_tour_step(regions, conferences, operators, scene):
    summary, classes, metric, caption = scene
    step = next(s for s in tour_steps(conferences) if s.teryt == "02")
    view = tour.step_view(step, summary, conferences, operators, regions)
    figure, axes = map_export.map_figure(regions, classes, metric, conferences, caption, view=view)
    texts = [text.get_text() for text in figure.texts]
    assert "dolnośląskie" in texts and "Konferencja: Krzyżowa" in texts
    assert {label for label, _ in view.figures} <= set(texts)
    assert {value for _, value in view.figures} <= set(texts)
    assert "nieznane" not in " ".join(texts)
    # zoomed to the region: the map shows dolnośląskie, not all of Poland
    west, south, east, north = (geometry.to_geodataframe(regions).to_crs(geometry.PUWG1992)
                                .set_index("teryt").loc["02", "geometry"].bounds)
    x0, x1 = axes.get_xlim()
    y0, y1 = axes.get_ylim()
    assert x0 <= west and x1 >= east and y0 <= south and y1 >= north
    assert (x1 - x0) < 2.5 * max(east - west, (north - south) * (x1 - x0) / (y1 - y0))
    assert any(a.get_text() == "Krzyżowa" for a in axes.texts)  # the town beside its marker
    overview = map_export.map_png(regions, classes, metric, conferences, caption, view=view_of(0, scene, conferences,
                                                                                               operators, regions))
    assert map_export.map_png(regions, classes, metric, conferences, caption, view=view) != overview


def test_png_texts_are_not_tex(regions, conferences, operators, scene):
    summary, classes, metric, _ = scene
    caption = map_export.map_caption(Filters(), metric, {"kind": "official", "source": "Wyniki $x^2$ _a_"}, WHEN)
    png = map_export.map_png(regions, classes, metric, conferences, caption)  # mathtext would fail or render x²
    assert png.startswith(b"\x89PNG")
    figure, _ = map_export.map_figure(regions, classes, metric, conferences, caption)
    assert any("Wyniki $x^2$ _a_" in text.get_text() for text in figure.texts)


def test_png_of_official_data_has_no_sample_label(regions, conferences, scene):
    _, classes, metric, _ = scene
    caption = map_export.map_caption(Filters(), metric, {"kind": "official", "source": "NIW"}, WHEN)
    figure, _ = map_export.map_figure(regions, classes, metric, conferences, caption)
    assert not any("PRZYKŁADOWE" in text.get_text() for text in figure.texts)


def test_html_is_self_contained(regions, conferences, operators, scene):
    summary, classes, metric, caption = scene
    html = map_export.map_html(regions, summary, classes, metric, conferences, operators, caption)
    assert "<script src=" not in html and 'rel="stylesheet"' not in html
    assert "/app/static" not in html and "fetch(" not in html
    assert "Leaflet 1.9.3" in html and "Promise.resolve(" in html
    for text in ("DANE PRZYKŁADOWE", "zł/os.", "Kwota na mieszkańca"):
        assert text in html
    assert 'user-scalable=no' not in html  # the audience may zoom the page


def test_html_of_a_step_is_the_audience_view(regions, conferences, operators, scene):
    summary, classes, metric, caption = scene
    view = view_of(1, scene, conferences, operators, regions)  # Goleniów, the first known date
    html = map_export.map_html(regions, summary, classes, metric, conferences, operators, caption, view=view,
                               head_extra='<meta name="x-test" content="1">')
    head = html[:html.index("</head>")]
    assert '<meta name="x-test" content="1">' in head and "<title>zachodniopomorskie" in head
    assert "<h1>zachodniopomorskie</h1>" in html
    assert "Konferencja: Goleniów, 27.10.2025, 14:00–16:30" in html
    for label, value in view.figures:
        assert f"<dt>{label}</dt><dd>{value}</dd>" in html
    # no flight in a file: the map is fitted at once (through the guard for a frame with no room yet)
    assert "mms-focus" in html and "window.mmsFit(" in html and not re.search(r"mmsFit\([^;]*, true\)", html)
    # the legend is a section of the page, never a control drawn over the map
    assert 'class="mms-legend mms-panel"' in html and "L.control({position" not in html


def test_hostile_names_are_escaped_in_the_page(regions, conferences, operators, scene):
    summary, classes, metric, _ = scene
    hostile = '<img src=x onerror=alert(1)>`${x}`'
    caption = map_export.map_caption(Filters(), metric, {"kind": "official", "source": hostile}, WHEN)
    changed = conferences.copy()
    changed.loc["02", "venue"] = hostile
    view = tour.step_view(next(s for s in tour_steps(changed) if s.teryt == "02"), summary, changed, operators,
                          regions)
    html = map_export.map_html(regions, summary, classes, metric, changed, operators, caption, view=view)
    assert "<img src=x" not in html


def test_share_url():
    assert share_url("https://mms.example.gov.pl/app/", "region", {"region": "06", "edition": "2025"}) \
        == "https://mms.example.gov.pl/app/region?region=06&edition=2025"
    assert share_url("http://10.0.0.5:8501/map?x=1", "map", {"a": "b c"}) == "http://10.0.0.5:8501/map/map?a=b+c"
    with pytest.raises(ValueError):
        share_url("javascript:alert(1)", "map", {})


def test_qr_code_decodes_back_to_the_link():
    zxingcpp = pytest.importorskip("zxingcpp")
    link = share_url("https://mms.example.gov.pl", "region", {"region": "28", "edition": "2026", "org_type": "kgw,osp"})
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(link))))
    assert [r.text for r in results] == [link]
