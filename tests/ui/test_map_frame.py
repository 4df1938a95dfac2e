"""The map component fed with pre-rendered strings (:mod:`mms_ui.map_frame`): the same arguments as
``st_folium`` gives its frontend, a default the frontend agrees with, and streamlit-folium's private
helpers still where the module expects them (an upgrade that moves them fails here, not in the page)."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import folium
import streamlit_folium as sf

from mms_core.maps import folium_map
from mms_ui import map_frame


def test_streamlit_folium_still_has_the_helpers_used():
    for name in ("_component_func", "_get_html", "_get_header", "_get_map_string", "_get_feature_group_string",
                 "generate_js_hash", "get_full_id"):
        assert hasattr(sf, name), name
    parameters = inspect.signature(sf.st_folium).parameters
    assert {"feature_group_to_add", "returned_objects", "key", "height"} <= set(parameters)


def test_the_default_is_what_the_frontend_reports_first():
    """The frontend (``updateComponentValue``) starts its count at 0 and lists its keys in this order;
    JSON.stringify of its first value must equal that of the default, or the page runs twice."""
    (source,) = (Path(sf.__file__).parent / "frontend" / "build" / "static" / "js").glob("main.*.js.map")
    frontend = json.loads(source.read_text(encoding="utf-8"))
    index = next(text for name, text in zip(frontend["sources"], frontend["sourcesContent"]) if name == "index.tsx")
    data_block = index[index.index("let _data = {"):index.index("let to_return")]
    order = [line.split(":")[0].strip() for line in data_block.splitlines()[1:] if ":" in line]
    starts = [name for name in order if name in map_frame.FRONTEND_START]
    assert starts == list(map_frame.FRONTEND_START)  # same order as the frontend's
    assert "last_object_clicked_count: 0" in index  # the frontend's starting count


def test_the_base_map_renders_as_st_folium_renders_it():
    base = map_frame.render_base()
    m = folium_map.base_map()
    m.get_root().render()
    m.render()
    # in st_folium's order: the HTML and header first (the map's string changes the folium structure)
    assert base.html == sf._get_html(m)
    assert base.header == sf._get_header(m)
    assert base.script == sf._get_map_string(m)
    assert base.map_id == sf.get_full_id(m)
    # every asset is local (the app runs offline)
    assert all(link.startswith(("/app/static/", "app/static/", "./app/static/")) or "://" not in link
               for link in base.css_links + base.js_links), base.js_links


def test_a_layer_renders_as_st_folium_adds_it():
    layer = folium.FeatureGroup(name="test")
    folium.CircleMarker([52.0, 21.0], radius=5, tooltip="<b>x</b>").add_to(layer)
    folium_map.stable_ids(layer, "t")
    rendered = map_frame.render_layer(layer, 1)
    twin = folium.FeatureGroup(name="test")
    folium.CircleMarker([52.0, 21.0], radius=5, tooltip="<b>x</b>").add_to(twin)
    folium_map.stable_ids(twin, "t")
    expected = sf._get_feature_group_string(twin, map=folium_map.base_map(), idx=1)
    assert rendered.script == expected
    assert "map_div.addLayer(feature_group_feature_group_1)" in rendered.script
