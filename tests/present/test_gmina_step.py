"""A conference step at gmina level: the white-spot figure against an independent count, the
legend strip's extra rows, and the PNG and the self-contained HTML page of that step (only the
region's gmina polygons inlined, nothing fetched)."""

from __future__ import annotations

import copy
import io
import json
import re
from datetime import datetime

import pytest
from PIL import Image

from mms_core.analysis.aggregates import aggregate, eligible_population, filter_grants, summary_from_aggregate
from mms_core.analysis.filters import Filters
from mms_core.analysis.levels import big_city_gminas
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.analysis.region_gminas import region_white_spots
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.data.reference.units import load_gminas, load_powiats
from mms_core.maps.classify import NO_GRANTS, classify, unit_classes
from mms_core.maps.geometry import load_geojson
from mms_core.maps.unit_map import unit_geojson, unit_map
from mms_core.present import map_export, screen
from mms_core.present.tour import region_bounds, step_view, tour_steps, with_white_spots
from tests.helpers import summarise_grants

METRIC = METRIC_BY_CODE["amount_per_capita"]


@pytest.fixture(scope="module")
def world():
    paths = DataPaths(DEFAULT_DATA_DIR)
    grants = loaders.load_grants(paths.grants)
    filters = Filters(edition=2025)
    population, big = loaders.load_population(paths.population), loaders.load_big_cities(paths.big_cities)
    summary = summary_from_aggregate(filter_grants(aggregate(grants), filters), population,
                                     eligible_population(population, big))
    gminas, powiats = load_gminas(paths), load_powiats(paths)
    outside, _ = big_city_gminas(gminas, big)
    table = summarise_grants(grants, "gmina", gminas, powiats, outside, filters).table
    conferences, operators = loaders.load_conferences(paths.conferences), loaders.load_operators(paths.operators)
    geojson = load_geojson(paths.voivodeships)
    step = next(s for s in tour_steps(conferences) if s.teryt == "06")
    lubelskie = unit_map(table, "06", METRIC, "quantiles", 5)
    view = with_white_spots(step_view(step, summary, conferences, operators, geojson), lubelskie)
    caption = map_export.map_caption(filters, METRIC, {"kind": "sample"}, datetime(2026, 11, 26, 14), level="gmina")
    return {"summary": summary, "table": table, "conferences": conferences, "operators": operators,
            "geojson": geojson, "units": lubelskie, "view": view, "caption": caption,
            "classification": classify(summary[METRIC.column], "quantiles", 5)}


def test_white_spot_figure_equals_the_regions_count(world):
    by_kind = region_white_spots(world["units"].table)
    label, value = world["view"].figures[-1]
    assert label == "Gminy bez dotacji"
    assert value == f"{by_kind.loc['', 'without_grants']} z {by_kind.loc['', 'gminas']}"
    assert len(world["view"].figures) == 4
    # the classes count only lubelskie's reached gminas in the programme
    reached = ((world["units"].table["grants"] > 0) & (world["units"].table["outside_programme"] == 0)).sum()
    assert sum(e.count for e in world["units"].classification.legend) + world["units"].classification.no_data_count \
        == reached


def test_unit_geojson_holds_only_the_regions_gminas():
    lubelskie = unit_geojson("gmina", "06")["features"]
    assert lubelskie and {f["properties"]["voivodeship"] for f in lubelskie} == {"06"}
    everything = unit_geojson("gmina")["features"]
    assert len(everything) == 2477
    assert len(lubelskie) == sum(f["properties"]["teryt"].startswith("06") for f in everything)


def test_legend_strip_has_white_spots_and_outside(world):
    html, _ = screen.legend_strip_html(world["units"].classification, METRIC, "pl", world["units"].extras("pl"))
    no_grants = list(world["units"].codes.values()).count(NO_GRANTS)
    assert f'<span class="sw no_grants"></span>brak dotacji (biała plama) <span class="count">({no_grants})</span>' in html
    assert '<span class="sw outside"></span>poza programem' in html


def test_html_of_the_step_stands_alone_with_the_regions_gminas(world):
    w = world
    html = map_export.map_html(w["geojson"], w["summary"], w["classification"], METRIC, w["conferences"],
                               w["operators"], w["caption"], "pl", view=w["view"], units=w["units"])
    assert "/app/static/" not in html  # nothing to fetch: Leaflet, voivodeships and gminas inside
    state = json.loads(re.search(r"var state = (\{.*?\});\n", html).group(1))
    assert state["url"] is None and state["level"] == "gmina"
    codes = [f["properties"]["teryt"] for f in state["geometry"]["features"]]
    assert codes and all(c.startswith("06") for c in codes)
    assert set(state["data"]) == set(w["units"].table.index[w["units"].table["grants"] > 0])
    label, value = w["view"].figures[-1]
    assert f"<dt>{label}</dt><dd>{value}</dd>" in html
    assert "brak dotacji (biała plama)" in html and "równa liczba jednostek" in html
    assert "GUS 31.12.2025" in html
    assert "<script" not in json.dumps(state)  # names of units are data: script-safe in the page
    assert len(html.encode("utf-8")) < 700_000


def test_png_of_the_step_at_gmina_level(world):
    w = world
    for size in (map_export.SLIDE_16_9, map_export.SLIDE_4_3):
        png = map_export.map_png(w["geojson"], w["classification"], METRIC, w["conferences"], w["caption"], "pl",
                                 size_px=size, view=w["view"], units=w["units"])
        assert Image.open(io.BytesIO(png)).size == size
    plain = map_export.map_png(w["geojson"], w["classification"], METRIC, w["conferences"], w["caption"], "pl",
                               view=w["view"])
    assert plain != png


@pytest.fixture(scope="module")
def powiat_table():
    paths = DataPaths(DEFAULT_DATA_DIR)
    grants = loaders.load_grants(paths.grants)
    gminas, powiats = load_gminas(paths), load_powiats(paths)
    outside, _ = big_city_gminas(gminas, loaders.load_big_cities(paths.big_cities))
    return summarise_grants(grants, "powiat", gminas, powiats, outside, Filters(edition=2025)).table


def test_map_page_export_of_a_regions_powiats(world, powiat_table):
    # the map page at ?level=powiat&region=06: its classes (over all 380 powiats, as on screen),
    # lubelskie's 24 powiats in the PNG and inlined in the standalone page
    from mms_core.maps.unit_map import level_view
    from mms_core.present.tour import TourStep

    w = world
    classes = unit_classes(powiat_table, METRIC.column, "quantiles", 5, states_apart=True)
    view_units = level_view("powiat", powiat_table, "06", classes)
    assert len(view_units.table) == 24 and set(view_units.codes) == set(view_units.table.index)
    view = step_view(TourStep(0, "06"), w["summary"], w["conferences"], w["operators"], w["geojson"])
    caption = map_export.map_caption(Filters(edition=2025), METRIC, {"kind": "sample"}, datetime(2026, 11, 26, 14),
                                     level="powiat")
    html = map_export.map_html(w["geojson"], w["summary"], w["classification"], METRIC, w["conferences"],
                               w["operators"], caption, "pl", view=view, units=view_units)
    state = json.loads(re.search(r"var state = (\{.*?\});\n", html).group(1))
    assert state["url"] is None and state["level"] == "powiat"
    assert sorted(f["properties"]["teryt"] for f in state["geometry"]["features"]) == sorted(view_units.table.index)
    assert "/app/static/" not in html
    png = map_export.map_png(w["geojson"], w["classification"], METRIC, w["conferences"], caption, "pl",
                             view=view, units=view_units)
    assert Image.open(io.BytesIO(png)).size == map_export.SLIDE_16_9


def test_map_page_export_of_every_gmina(world):
    from mms_core.maps.unit_map import level_view

    w = world
    classes = unit_classes(w["table"], METRIC.column, "quantiles", 5, states_apart=True)
    everything = level_view("gmina", w["table"], None, classes)
    assert len(everything.table) == len(w["table"]) and everything.codes == classes.codes
    caption = map_export.map_caption(Filters(edition=2025), METRIC, {"kind": "sample"}, datetime(2026, 11, 26, 14),
                                     level="gmina")
    html = map_export.map_html(w["geojson"], w["summary"], w["classification"], METRIC, w["conferences"],
                               w["operators"], caption, "pl", units=everything)
    state = json.loads(re.search(r"var state = (\{.*?\});\n", html).group(1))
    assert len(state["geometry"]["features"]) == 2477 and state["layer"] == "gmina"
    assert "/app/static/" not in html


def test_the_boundaries_are_read_only_for_every_user(world):
    """The app shares one GeoJSON of the voivodeships between all sessions (``mms_ui.cached``, not copied
    per run): the step view, the bounds, the PNG and the HTML export must leave it as it was."""
    w = world
    before = copy.deepcopy(w["geojson"])
    step = next(s for s in tour_steps(w["conferences"]) if s.teryt == "06")
    step_view(step, w["summary"], w["conferences"], w["operators"], w["geojson"])
    region_bounds(w["geojson"], "06")
    map_export.map_png(w["geojson"], w["classification"], METRIC, w["conferences"], w["caption"], "pl",
                       view=w["view"], units=w["units"])
    map_export.map_html(w["geojson"], w["summary"], w["classification"], METRIC, w["conferences"], w["operators"],
                        w["caption"], "pl", view=w["view"], units=w["units"])
    assert w["geojson"] == before
