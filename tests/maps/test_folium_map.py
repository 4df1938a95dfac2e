"""Map building: offline assets, escaping of every data string, the layers' content."""

from urllib.parse import urljoin

import folium
import pytest

from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.data.paths import DEFAULT_DATA_DIR, GEODATA_DIR, STATIC_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.maps import folium_map
from mms_core.maps.classify import classify

PATHS = DataPaths(DEFAULT_DATA_DIR)
HOSTILE = 'Zła <img src=x onerror="window.__pwned=1"> `tick` ${window.__pwned=2}'


@pytest.fixture()
def reference(summary_2025, regions):
    return summary_2025, regions


def render(group: folium.FeatureGroup) -> str:
    m = folium_map.base_map()
    group.add_to(m)
    return m.get_root().render()


def test_only_local_assets():
    html = folium_map.base_map().get_root().render()
    assert "../../app/static/vendor/leaflet/leaflet.js" in html
    assert "../../app/static/vendor/leaflet/leaflet.css" in html
    for host in ("cdn.jsdelivr", "cdnjs", "code.jquery", "bootstrapcdn", "d3js", "tile.openstreetmap"):
        assert host not in html


@pytest.mark.parametrize("app", ["http://192.168.1.23:8501", "https://mms.example.gov.pl/niw/mms"])
def test_frame_assets_resolve_under_any_url_prefix(app):
    """The map's frame is <app>/component/streamlit_folium.st_folium/index.html; its Leaflet and
    polygons must come from <app>/app/static/ — with the deployment's prefix, if any."""
    frame = f"{app}/component/streamlit_folium.st_folium/index.html"
    assert urljoin(frame, f"{folium_map.STATIC_URL}/leaflet.js") == f"{app}/app/static/vendor/leaflet/leaflet.js"
    assert urljoin(frame, folium_map.GEOMETRY_URL) == f"{app}/app/static/geo/voivodeships.geojson"


def test_choropleth_colours_and_tooltips(reference):
    summary, _ = reference
    metric = METRIC_BY_CODE["grant_count"]
    classes = classify(summary[metric.column], "quantiles", 4)
    styles = folium_map.region_styles(classes)
    assert set(styles) == set(summary.index) and styles["06"]["fillColor"] == classes.color_of["06"]
    tips = folium_map.region_tooltips(summary, metric)
    assert tips["06"].startswith("<table><tr><th>Województwo</th><td>lubelskie</td></tr>")
    assert "<th>Dotacje</th><td>140</td>" in tips["06"]  # lubelskie 2025 sample: 140 grants
    html = render(folium_map.choropleth_layer(summary, classes, metric))
    for colour in classes.color_of.values():
        assert colour in html
    assert "Wybrana miara" in html and "window.mmsGeometry.then" in html
    assert '"type": "Polygon"' not in html  # the polygons are not sent with every filter change


def test_geometry_from_static_serving_or_inline(reference):
    _, regions = reference
    assert f'fetch("{folium_map.GEOMETRY_URL}")' in folium_map.base_map().get_root().render()
    inline = folium_map.base_map(geometry=regions).get_root().render()
    assert "Promise.resolve(" in inline and '"type": "Polygon"' in inline
    served = STATIC_DIR / "geo" / "voivodeships.geojson"
    assert served.read_bytes() == (GEODATA_DIR / "voivodeships.geojson").read_bytes()


def test_region_tooltips_escape_names(reference):
    summary, _ = reference
    hostile = summary.copy()
    hostile.loc["06", "voivodeship"] = '<img src=x onerror="alert(1)"> ${x} `y`'
    tip = folium_map.region_tooltips(hostile, METRIC_BY_CODE["grant_count"])["06"]
    assert "<img" not in tip and "${" not in tip and "`" not in tip


def test_conference_layer_escapes_every_field(reference):
    conferences = loaders.load_conferences(PATHS.conferences)
    operators = loaders.load_operators(PATHS.operators)
    conferences.loc["06", "venue"] = HOSTILE
    conferences.loc["06", "town"] = HOSTILE
    operators.loc["06", "operator"] = HOSTILE
    html = render(folium_map.conference_layer(conferences, operators))
    assert "<img src=x" not in html and "${window" not in html and "`tick`" not in html
    escaped = "Zła &lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt; &#96;tick&#96; &#36;{window.__pwned=2}"
    assert escaped.replace("&", "\\u0026").replace("ł", "\\u0142") in html  # JSON-encoded in the script
    props = folium_map.conference_features(conferences, operators)["features"][2]["properties"]
    assert props["teryt"] == "06"
    assert props["venue"] == props["town"] == props["operator"] == escaped


def test_conference_markers_sit_in_their_own_pane_above_the_regions():
    conferences = loaders.load_conferences(PATHS.conferences)
    operators = loaders.load_operators(PATHS.operators)
    html = render(folium_map.conference_layer(conferences, operators))
    assert '"pane": "conferences"' in html
    assert "createPane(" in html and "style.zIndex = 450" in html


def test_conference_features_say_unknown_for_missing_facts():
    conferences = loaders.load_conferences(PATHS.conferences)
    operators = loaders.load_operators(PATHS.operators)
    features = {f["properties"]["teryt"]: f["properties"]
                for f in folium_map.conference_features(conferences, operators)["features"]}
    assert len(features) == 16
    assert features["32"]["date"] == "27.10.2025, 14:00–16:30"
    assert features["30"]["operator"] == "Stowarzyszenie PISOP"
    assert features["22"]["venue"] == "nieznane" and features["22"]["operator"] == "nieznane"
    assert features["04"]["date"].startswith("nieznane (artykuł z 2025-10-08")
    en = folium_map.conference_features(conferences, operators, "en")["features"]
    assert {f["properties"]["teryt"]: f["properties"] for f in en}["22"]["venue"] == "unknown"


def test_no_data_regions_are_dashed(reference):
    summary, _ = reference
    summary = summary.copy()
    summary.loc["02", "amount_per_capita_pln"] = float("nan")
    metric = METRIC_BY_CODE["amount_per_capita"]
    classes = classify(summary[metric.column], "quantiles", 5)
    styles = folium_map.region_styles(classes)
    assert styles["02"]["dashArray"] == "4 3" and styles["04"]["dashArray"] is None
    assert "<th>Wybrana miara</th><td>brak danych</td>" in folium_map.region_tooltips(summary, metric)["02"]


def test_same_data_renders_the_same_script(reference):
    summary, regions = reference
    metric = METRIC_BY_CODE["amount_pln"]
    classes = classify(summary[metric.column], "quantiles", 5)

    def script():
        m = folium_map.base_map()
        folium_map.choropleth_layer(summary, classes, metric).add_to(m)
        return m.get_root().render()

    assert script() == script()
