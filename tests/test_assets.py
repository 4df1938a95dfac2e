"""The JavaScript and CSS files of the maps and the pages (:mod:`mms_core.assets`): every file the code
names exists and is shipped with its package, none lies unused, the scripts a page gets through
``st.html`` survive its sanitizer, and the maps render from their templates with nothing left unfilled."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import pytest

from mms_core.assets import ASSET_FOLDER, asset_template, read_asset
from mms_core.maps import folium_map, level_map, region_focus
from mms_core.present import screen

ROOT = Path(__file__).resolve().parents[1]
#: ``read_asset("pkg", "name")`` or ``asset_template('pkg', 'name')`` in the code.
REFERENCE = re.compile(r"""(?:read_asset|asset_template)\(\s*["']([\w.]+)["'],\s*["']([^"']+)["']\s*\)""")
ASSET_PACKAGES = ("mms_core.maps", "mms_core.present", "mms_ui")


def referenced() -> set[tuple[str, str]]:
    found = set()
    for folder in ("mms_core", "mms_ui", "pages"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(REFERENCE.findall(path.read_text(encoding="utf-8")))
    return found


def on_disk() -> set[tuple[str, str]]:
    return {(package, path.name)
            for package in ASSET_PACKAGES
            for path in (ROOT / package.replace(".", "/") / ASSET_FOLDER).iterdir() if path.is_file()}


def test_every_named_asset_exists_and_none_is_unused():
    names = referenced()
    assert len(names) > 25
    for package, name in sorted(names):
        assert package in ASSET_PACKAGES, (package, name)
        assert read_asset(package, name).strip(), (package, name)
    assert on_disk() == names


def test_every_asset_is_package_data():
    """An installed package (not only the checkout) has its files: each matches a glob of its package in
    ``[tool.setuptools.package-data]``."""
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    for package, name in sorted(on_disk()):
        assert any(fnmatch.fnmatch(f"{ASSET_FOLDER}/{name}", pattern) for pattern in globs.get(package, ())), \
            (package, name)


def test_asset_is_read_once():
    assert read_asset("mms_core.maps", "fit.js") is read_asset("mms_core.maps", "fit.js")
    assert asset_template("mms_core.maps", "fit_view.js.j2") is asset_template("mms_core.maps", "fit_view.js.j2")
    with pytest.raises(FileNotFoundError):
        read_asset("mms_core.maps", "no_such_file.js")


@pytest.mark.parametrize("package, name", [("mms_ui", "page.css"), ("mms_ui", "page_language.js"),
                                           ("mms_ui", "uploader_texts.js"), ("mms_core.present", "tour_keys.js"),
                                           ("mms_core.present", "screen.css"), ("mms_core.maps", "legend.css")])
def test_what_st_html_gets_has_no_tag_like_text(package, name):
    """``st.html`` passes its body through DOMPurify, which drops a ``<script>`` or ``<style>`` whose text has
    ``<`` before a letter, ``/`` or ``!`` (even in a comment): the page would silently lose it."""
    assert not re.search(r"<[/\w!]", read_asset(package, name))


def test_the_maps_render_from_their_templates(summary_2025, conferences, operators):
    from mms_core.analysis.measures import METRIC_BY_CODE
    from mms_core.maps.classify import classify

    metric = METRIC_BY_CODE["amount_per_capita"]
    classes = classify(summary_2025[metric.column], "quantiles", 5)
    m = folium_map.base_map(presentation=True)
    folium_map.TouchFriendly().add_to(m)
    folium_map.choropleth_layer(summary_2025, classes, metric, focus="06", view=folium_map.POLAND_BOUNDS).add_to(m)
    folium_map.conference_layer(conferences, operators, label="06").add_to(m)
    level_map.level_layer(None).add_to(m)
    region_focus.region_focus_layer("06", folium_map.POLAND_BOUNDS, lang="pl", label="mapa").add_to(m)
    html = m.get_root().render()
    assert "{{" not in html and "{%" not in html and "{#" not in html
    # the plain scripts arrive whole: window.mmsFit, and the one keyboard button of both the regions and the markers
    assert read_asset("mms_core.maps", "fit.js") in html
    assert html.count(read_asset("mms_core.maps", "key_button.js")) == 2
    assert html.count('event.key !== "Enter"') == 2  # only in those two copies of key_button.js
    for name in ("region_layer.js.j2", "marker_names.js.j2"):
        assert "window.mmsKeyButton(path, label" in read_asset("mms_core.maps", name)
    for css in ("map.css", "map_presentation.css"):
        assert read_asset("mms_core.maps", css) in html


def test_the_presentation_css_takes_its_values():
    css = screen.present_css(33, 3)
    assert css.startswith("<style>\n" + read_asset("mms_core.present", "screen.css")) and css.endswith("\n</style>")
    assert "--qr-n: 33;" in css and "--legend-columns: 3;" in css and "%(" not in css
    assert "<script>\n" + read_asset("mms_core.present", "tour_keys.js") in screen.TOUR_KEYS_SCRIPT
