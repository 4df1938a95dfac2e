"""The size of the audience pages (the QR code's static page, :mod:`mms_core.present.audience`) as the app
writes them for the shipped data: edition 2025, the default map style, in Polish — every step of the tour at
voivodeship level, and the conference steps of lubelskie and mazowieckie with their gminas (``Gminy`` on).

The pages are made by the function the app calls (:func:`mms_core.present.map_export.map_html`), so the
figures are the files' own sizes; ``tests/present/test_audience_size.py`` holds docs/presenting.md to them::

    python -m devtools.audience_sizes
"""

from __future__ import annotations

from datetime import datetime

from mms_core.analysis.aggregates import aggregate, eligible_population, filter_grants, summary_from_aggregate
from mms_core.analysis.filters import Filters
from mms_core.analysis.levels import big_city_gminas, unit_aggregate, units
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.analysis.units_summary import SummaryData, summarise
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.data.reference.units import load_gminas, load_powiats
from mms_core.facts.levels import LEVEL_BY_CODE
from mms_core.maps.classify import classify_reached
from mms_core.maps.geometry import load_geojson
from mms_core.maps.unit_map import unit_map
from mms_core.present import audience, map_export
from mms_core.present.tour import step_view, tour_steps, with_white_spots

#: The regions whose gmina step is measured (the docs name them).
GMINA_REGIONS = {"06": "lubelskie", "14": "mazowieckie"}
#: A view key as long as the app's (the page carries it in a ``<meta>``).
KEY = '{"data":[[0,0,0]],"focus":"06","page":1,"step":3,"view":{"edition":"2025"}}'


def audience_page_sizes(data_dir=DEFAULT_DATA_DIR, lang: str = "pl") -> dict[str, int]:
    """Bytes (UTF-8) of each audience page: ``"step 0"`` … ``"step 16"`` at voivodeship level and
    ``"gmina 06"``, ``"gmina 14"`` for the steps of :data:`GMINA_REGIONS` at gmina level."""
    paths = DataPaths(data_dir)
    filters, metric = Filters(edition=2025), METRIC_BY_CODE[Filters().metric]
    grants = loaders.load_grants(paths.grants)
    population, big = loaders.load_population(paths.population), loaders.load_big_cities(paths.big_cities)
    summary = summary_from_aggregate(filter_grants(aggregate(grants), filters), population,
                                     eligible_population(population, big))
    classes = classify_reached(summary[metric.column], summary["grants"] > 0, filters.scheme, filters.classes)
    conferences, operators = loaders.load_conferences(paths.conferences), loaders.load_operators(paths.operators)
    geojson = load_geojson(paths.voivodeships)
    when = datetime(2026, 11, 26, 14)
    meta = audience.key_meta(KEY)

    def page(view, units=None) -> int:
        caption = map_export.map_caption(filters, metric, {"kind": "sample"}, when, lang,
                                         level=units.level if units else "voivodeship")
        html = map_export.map_html(geojson, summary, classes, metric, conferences, operators, caption, lang,
                                   view=view, head_extra=meta, units=units)
        return len(html.encode("utf-8"))

    steps = tour_steps(conferences)
    sizes = {f"step {step.index}": page(step_view(step, summary, conferences, operators, geojson, lang))
             for step in steps}
    gminas, powiats = load_gminas(paths), load_powiats(paths)
    outside, _ = big_city_gminas(gminas, big)
    gmina = LEVEL_BY_CODE["gmina"]
    gmina_units = units(gmina, gminas, powiats, outside)
    source = SummaryData(aggregate(grants), population, eligible_population(population, big),
                         unit_totals=lambda: unit_aggregate(grants, gminas.index), units=lambda _code: gmina_units)
    table = summarise(filters.selection, gmina, source).table
    for teryt in GMINA_REGIONS:
        step = next(s for s in steps if s.teryt == teryt)
        region = unit_map(table, teryt, metric, filters.scheme, filters.classes)
        view = with_white_spots(step_view(step, summary, conferences, operators, geojson, lang), region, lang)
        sizes[f"gmina {teryt}"] = page(view, region)
    return sizes


def main() -> None:
    sizes = audience_page_sizes()
    steps = [size for name, size in sizes.items() if name.startswith("step")]
    print(f"voivodeship level, {len(steps)} steps: {min(steps) / 1024:.1f}–{max(steps) / 1024:.1f} KB")
    for teryt, name in GMINA_REGIONS.items():
        print(f"gmina level, {name}: {sizes[f'gmina {teryt}'] / 1024:.1f} KB")


if __name__ == "__main__":
    main()
