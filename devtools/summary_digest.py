"""A SHA-256 digest of everything the map page's summaries show or let users download, for many filter sets at
every level and in both languages — the proof that a refactor of the unit pipeline changed no figure.

Run it before and after a change; the digests must be identical. Per part (``tables``, ``headline``, ``sentence``,
``csv``, ``classes``, ``legend``, ``map``, ``white_spots``, ``exports``) a digest is printed too, so that a difference
can be located::

    python -m devtools.summary_digest            # the shipped sample (mms_data/, read only: copied to a tmp dir)
    python -m devtools.summary_digest --quick    # a few filter sets only

What is digested is what a user sees or downloads (texts, CSV bytes, colours, class breaks, the map's payload),
never an internal frame's layout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from mms_core.analysis import aggregates
from mms_core.analysis import levels as unit_levels
from mms_core.analysis.filters import SCHEMES, Filters, edition_text, to_query_params
from mms_core.analysis.measures import METRIC_BY_CODE, METRICS
from mms_core.analysis.units_summary import SummaryData, UnitSummary, summarise
from mms_core.data import ledger
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.data.reference.units import load_gminas, load_powiats
from mms_core.facts.levels import LEVEL_BY_CODE, LEVELS
from mms_core.facts.vocab import ALL, ORG_TYPES, PRIORITIES
from mms_core.facts.voivodeships import TERYT_CODES
from mms_core.maps import folium_map
from mms_core.maps.classify import UnitClasses, unit_classes
from mms_core.maps.legend import LEGEND_CSS, legend_html
from mms_core.maps.level_map import level_payload
from mms_core.maps.unit_map import level_view, state_labels, units_without_shape
from mms_core.present.html_table import html_table
from mms_core.present.summary_table import display_summary, summary_csv, summary_sentence
from mms_core.text.formatting import fmt_number, fmt_pln, fmt_pln_short
from mms_core.text.i18n import t

PARTS = ("tables", "headline", "sentence", "csv", "classes", "legend", "map", "white_spots", "exports")
LANGS = ("pl", "en")


def _copy_sample(target: Path) -> Path:
    """The shipped data copied to ``target`` (the ledger is created there, never in mms_data/)."""
    for path in DEFAULT_DATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, target / path.name)
            (target / path.name).chmod(0o644)
    return target


class Data:
    """The sample's tables, as :mod:`mms_ui.cached` makes them (without Streamlit)."""

    def __init__(self, data_dir: Path):
        paths = DataPaths(data_dir)
        problem = ledger.prepare(paths)
        if problem:
            raise SystemExit(problem)
        view = ledger.read_view(paths)
        population = loaders.load_population(paths.population)
        big_cities = loaders.load_big_cities(paths.big_cities)
        totals = aggregates.aggregate(view.grants)
        self.editions = tuple(sorted(int(e) for e in totals["edition"].unique()))
        gminas, powiats = load_gminas(paths), load_powiats(paths)
        outside, _ = unit_levels.big_city_gminas(gminas, big_cities)
        units = {code: unit_levels.units(LEVEL_BY_CODE[code], gminas, powiats, outside) for code in ("powiat", "gmina")}
        unit_totals = unit_levels.unit_aggregate(view.grants, gminas.index)
        self.source = SummaryData(totals, population, aggregates.eligible_population(population, big_cities),
                                  unit_totals=lambda: unit_totals, units=units.__getitem__)
        self._cache: dict = {}

    def summary(self, filters: Filters, level: str) -> UnitSummary:
        key = (level, filters.selection)
        if key not in self._cache:
            self._cache[key] = summarise(filters.selection, LEVEL_BY_CODE[level], self.source)
        return self._cache[key]


def _classes(data: Data, filters: Filters, summary: UnitSummary, metric) -> UnitClasses:
    reference = None
    if filters.scale == "fixed":
        pooled = [data.summary(filters.with_(edition=e), summary.level.code).table for e in data.editions]
        reference = pd.concat([table.loc[table["reached"], metric.column] for table in pooled])
    return unit_classes(summary.table, metric.column, filters.scheme, filters.classes,
                        states_apart=summary.level.has_outside, reference=reference)


def _classification_text(classification, codes=None) -> str:
    return json.dumps({"class_of": classification.class_of, "color_of": classification.color_of,
                       "legend": [[e.lower, e.upper, e.color, e.count] for e in classification.legend],
                       "no_data": classification.no_data_count, "no_grants": list(classification.no_grants),
                       "codes": codes}, sort_keys=True, ensure_ascii=False)


def _frame_text(frame) -> str:
    return frame.to_csv(lineterminator="\n")


def views(data: Data, filters: Filters, level_code: str, lang: str) -> Iterator[tuple[str, str | bytes]]:
    """``(part, text or bytes)`` of what the map page shows at ``level_code`` for ``filters`` in ``lang``."""
    metric = METRIC_BY_CODE[filters.metric]
    summary = data.summary(filters, level_code)
    level, table = summary.level, summary.table
    head = summary.headline
    classes = _classes(data, filters, summary, metric)
    tiles = [fmt_number(head.grants), fmt_pln_short(head.amount_pln, lang=lang), fmt_pln(head.amount_pln),
             fmt_pln(head.average_grant_pln, missing="—")]
    if not level.is_top:
        tiles.append(t(f"headline_units.{level.code}", lang))
    tiles.append(t("headline_regions_value", lang, covered=fmt_number(summary.reached_count),
                   total=fmt_number(summary.inside_count)))
    yield "headline", "\n".join(tiles)
    yield "sentence", summary_sentence(summary, metric, lang) if head.grants else t("no_grants", lang)
    if level.is_top:
        yield "tables", html_table(display_summary(table, level, lang), t("summary_title", lang))
        stem = f"{t('file.summary', lang)}_{edition_text(filters.edition)}_{filters.priority}"
    else:
        yield "sentence", (t("level_unplaced", lang, count=fmt_number(summary.unplaced_grants),
                             amount=fmt_pln(summary.unplaced_amount_pln)) if summary.unplaced_grants else "")
        yield "tables", _frame_text(display_summary(table, level, lang))
        stem = f"{t('file.summary', lang)}_{t(f'file.level.{level.code}', lang)}_{edition_text(filters.edition)}_{filters.priority}"
    yield "csv", stem.encode() + b"\n" + summary_csv(summary.shown)
    yield "csv", summary_csv(summary.shown, excel_pl=True)
    yield "classes", _classification_text(classes.classification, None if level.is_top else classes.codes)
    label = t("scheme_units.quantiles", lang) if filters.scheme == "quantiles" and not level.is_top else filters.scheme
    legend = LEGEND_CSS + legend_html(classes.classification, metric, label, lang,
                                      extras=classes.extras(state_labels(lang)))
    if level.is_top:
        yield "legend", legend
        yield "map", json.dumps([folium_map.region_styles(classes.classification),
                                 folium_map.region_tooltips(table, metric, lang),
                                 folium_map.region_labels(table, metric, lang)], sort_keys=True, ensure_ascii=False)
        return
    yield "legend", legend + repr(units_without_shape(level.code, table.index))
    yield "map", json.dumps(level_payload(table, classes, metric, level.code, lang), sort_keys=True, ensure_ascii=False)
    if level.has_white_spot_tables:
        for frame in unit_levels.white_spots(table):
            yield "white_spots", _frame_text(frame)
    spots = unit_levels.is_white_spot(table)
    yield "white_spots", ",".join(sorted(table.index[spots]))
    for region in (None, "02", "14"):
        view = level_view(level.code, table, region, classes)
        yield "exports", json.dumps([view.payload(metric, lang), view.extras(lang)], sort_keys=True,
                                    ensure_ascii=False)


def filter_sets(editions: tuple[int, ...], quick: bool = False) -> list[Filters]:
    """Selections × map styles: every edition (and all) × every priority (and all), several organisation
    types, with the default style; every measure; every scheme × class count × scale on two selections."""
    chosen: list[Filters] = []
    edition_values = [None, *editions]
    for edition in edition_values:
        for priority in (ALL, *PRIORITIES):
            chosen.append(Filters(edition=edition, priority=priority))
    for org_types in (("kgw",), ("osp", "kgw"), ("grupa_nieformalna",), ("fundacja", "stowarzyszenie"),
                      tuple(ORG_TYPES)):
        chosen.append(Filters(edition=edition_values[-1], org_types=org_types))
    chosen.append(Filters(edition=edition_values[-1], org_types=("grupa_nieformalna",), priority="P1"))  # none
    for metric in METRICS:
        chosen.append(Filters(edition=edition_values[-1], metric=metric.code))
        chosen.append(Filters(edition=None, priority="P3", metric=metric.code, scale="fixed"))
    for base in (Filters(edition=edition_values[-1]), Filters(edition=None, org_types=("kgw",))):
        for scheme in SCHEMES:
            for classes in (3, 5, 7):
                for scale in ("auto", "fixed"):
                    chosen.append(base.with_(scheme=scheme, classes=classes, scale=scale))
    chosen = list(dict.fromkeys(chosen))
    return chosen[::7] if quick else chosen


def digest(data: Data, filters_list: list[Filters], levels=tuple(level.code for level in LEVELS),
           langs=LANGS) -> tuple[str, dict[str, str]]:
    """(The digest of everything, {part: its digest}) over ``filters_list`` × ``levels`` × ``langs``."""
    total = hashlib.sha256()
    parts = {part: hashlib.sha256() for part in PARTS}
    for filters in filters_list:
        for level in levels:
            for lang in langs:
                # the view as its address says it (not Python's repr, which changes with the types inside)
                label = json.dumps([to_query_params(filters), level, lang], sort_keys=True).encode()
                for part, value in views(data, filters, level, lang):
                    blob = value if isinstance(value, bytes) else value.encode("utf-8")
                    for h in (total, parts[part]):
                        h.update(label + b"\0" + part.encode() + b"\0" + blob + b"\0")
    return total.hexdigest(), {part: h.hexdigest() for part, h in parts.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a seventh of the filter sets")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mms-digest-") as folder:
        data = Data(_copy_sample(Path(folder)))
        chosen = filter_sets(data.editions, args.quick)
        total, parts = digest(data, chosen)
    print(f"filter sets: {len(chosen)} × levels {len(LEVELS)} × languages {len(LANGS)}; regions {len(TERYT_CODES)}")
    for part, value in parts.items():
        print(f"{part:12} {value}")
    print(f"{'all':12} {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
