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

from mms_core.analysis import aggregates
from mms_core.analysis import levels as unit_levels
from mms_core.analysis.filters import SCHEMES, Filters
from mms_core.analysis.measures import METRIC_BY_CODE, METRICS
from mms_core.data import ledger
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.data.reference.units import load_gminas, load_powiats
from mms_core.facts.levels import LEVEL_BY_CODE, LEVELS
from mms_core.facts.vocab import ALL, ORG_TYPES, PRIORITIES
from mms_core.facts.voivodeships import TERYT_CODES
from mms_core.maps import folium_map
from mms_core.maps.classify import classify_reached
from mms_core.maps.legend import LEGEND_CSS, legend_html
from mms_core.maps.level_map import NO_GRANTS, OUTSIDE, level_payload, unit_classes
from mms_core.maps.unit_map import level_view, units_without_shape
from mms_core.present.html_table import html_table
from mms_core.present.summary_table import (
    answer_sentence,
    display_level_summary,
    display_summary,
    level_csv,
    level_sentence,
)
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
        self.grants = view.grants
        self.population = loaders.load_population(paths.population)
        big_cities = loaders.load_big_cities(paths.big_cities)
        self.eligible = aggregates.eligible_population(self.population, big_cities)
        self.totals = aggregates.aggregate(self.grants)
        self.editions = tuple(sorted(int(e) for e in self.totals["edition"].unique()))
        gminas, powiats = load_gminas(paths), load_powiats(paths)
        outside, _ = unit_levels.big_city_gminas(gminas, big_cities)
        self.units = {code: unit_levels.units(LEVEL_BY_CODE[code], gminas, powiats, outside)
                      for code in ("powiat", "gmina")}
        self.unit_totals = unit_levels.unit_aggregate(self.grants, gminas.index)
        self._cache: dict = {}

    def regions(self, filters: Filters):
        key = ("regions", filters.selection)
        if key not in self._cache:
            chosen = aggregates.filter_grants(self.totals, filters.selection)
            self._cache[key] = aggregates.summary_from_aggregate(chosen, self.population, self.eligible)
        return self._cache[key]

    def level(self, filters: Filters, level: str):
        key = (level, filters.selection)
        if key not in self._cache:
            chosen = aggregates.filter_grants(self.unit_totals, filters.selection)
            self._cache[key] = unit_levels.level_summary(chosen, self.units[level], LEVEL_BY_CODE[level])
        return self._cache[key]


def _classes_voivodeship(data: Data, filters: Filters, summary, metric):
    reference = None
    if filters.scale == "fixed":
        import pandas as pd

        pooled = [data.regions(filters.with_(edition=str(e))) for e in data.editions]
        reference = pd.concat([table.loc[table["grants"] > 0, metric.column] for table in pooled])
    return classify_reached(summary[metric.column], summary["grants"] > 0, filters.scheme, filters.classes, reference)


def _classes_level(data: Data, filters: Filters, units, metric):
    reference = None
    if filters.scale == "fixed":
        import pandas as pd

        pooled = []
        for edition in data.editions:
            table = data.level(filters.with_(edition=str(edition)), units.level).table
            reached = (table["outside_programme"] == 0) & (table["grants"] > 0)
            pooled.append(table.loc[reached, metric.column])
        reference = pd.concat(pooled)
    return unit_classes(units.table, metric, filters.scheme, filters.classes, reference)


def _classification_text(classification, codes=None) -> str:
    return json.dumps({"class_of": classification.class_of, "color_of": classification.color_of,
                       "legend": [[e.lower, e.upper, e.color, e.count] for e in classification.legend],
                       "no_data": classification.no_data_count, "no_grants": list(classification.no_grants),
                       "codes": codes}, sort_keys=True, ensure_ascii=False)


def _frame_text(frame) -> str:
    return frame.to_csv(lineterminator="\n")


def views(data: Data, filters: Filters, level: str, lang: str) -> Iterator[tuple[str, str | bytes]]:
    """``(part, text or bytes)`` of what the map page shows at ``level`` for ``filters`` in ``lang``."""
    metric = METRIC_BY_CODE[filters.metric]
    summary = data.regions(filters)
    head = aggregates.headline(summary)
    tiles = [fmt_number(head.grants), fmt_pln_short(head.amount_pln, lang=lang), fmt_pln(head.amount_pln),
             fmt_pln(head.average_grant_pln, missing="—")]
    if level == "voivodeship":
        classification = _classes_voivodeship(data, filters, summary, metric)
        tiles.append(t("headline_regions_value", lang, covered=head.regions_covered, total=head.regions_total))
        yield "headline", "\n".join(tiles)
        yield "sentence", answer_sentence(summary, metric, lang) if head.grants else t("no_grants", lang)
        yield "tables", html_table(display_summary(summary, lang), t("summary_title", lang))
        stem = f"{t('file.summary', lang)}_{filters.edition}_{filters.priority}"
        yield "csv", stem.encode() + b"\n" + aggregates.summary_csv(summary)
        yield "csv", aggregates.summary_csv(summary, excel_pl=True)
        yield "classes", _classification_text(classification)
        yield "legend", LEGEND_CSS + legend_html(classification, metric, filters.scheme, lang)
        yield "map", json.dumps([folium_map.region_styles(classification),
                                 folium_map.region_tooltips(summary, metric, lang),
                                 folium_map.region_labels(summary, metric, lang)], sort_keys=True, ensure_ascii=False)
        return
    units = data.level(filters, level)
    classification, codes = _classes_level(data, filters, units, metric)
    inside = units.table[units.table["outside_programme"] == 0]
    tiles.append(t(f"headline_units.{level}", lang))
    tiles.append(t("headline_regions_value", lang, covered=fmt_number(int((inside["grants"] > 0).sum())),
                   total=fmt_number(len(inside))))
    yield "headline", "\n".join(tiles)
    yield "sentence", level_sentence(units.table, metric, level, lang) if head.grants else t("no_grants", lang)
    yield "sentence", (t("level_unplaced", lang, count=fmt_number(units.unplaced_grants),
                         amount=fmt_pln(units.unplaced_amount_pln)) if units.unplaced_grants else "")
    yield "tables", _frame_text(display_level_summary(units.table, lang))
    stem = f"{t('file.summary', lang)}_{t(f'file.level.{level}', lang)}_{filters.edition}_{filters.priority}"
    yield "csv", stem.encode() + b"\n" + level_csv(units.table)
    yield "csv", level_csv(units.table, excel_pl=True)
    yield "classes", _classification_text(classification, codes)
    values = list(codes.values())
    extras = (("no_grants", t("legend_no_grants", lang), values.count(NO_GRANTS)),
              ("outside", t("legend_outside", lang), values.count(OUTSIDE)))
    label = t("scheme_units.quantiles", lang) if filters.scheme == "quantiles" else filters.scheme
    missing = units_without_shape(level, units.table.index)
    yield "legend", LEGEND_CSS + legend_html(classification, metric, label, lang, extras=extras) + repr(missing)
    yield "map", json.dumps(level_payload(units.table, classification, codes, metric, level, lang),
                            sort_keys=True, ensure_ascii=False)
    if level == "gmina":
        for frame in unit_levels.white_spots(units.table):
            yield "white_spots", _frame_text(frame)
    spots = unit_levels.is_white_spot(units.table)
    yield "white_spots", ",".join(sorted(units.table.index[spots]))
    for region in (None, "02", "14"):
        view = level_view(level, units.table, region, classification, codes)
        yield "exports", json.dumps([view.payload(metric, lang), view.extras(lang)], sort_keys=True,
                                    ensure_ascii=False)


def filter_sets(editions: tuple[int, ...], quick: bool = False) -> list[Filters]:
    """Selections × map styles: every edition (and all) × every priority (and all), several organisation
    types, with the default style; every measure; every scheme × class count × scale on two selections."""
    chosen: list[Filters] = []
    edition_values = [ALL, *(str(e) for e in editions)]
    for edition in edition_values:
        for priority in (ALL, *PRIORITIES):
            chosen.append(Filters(edition=edition, priority=priority))
    for org_types in (("kgw",), ("osp", "kgw"), ("grupa_nieformalna",), ("fundacja", "stowarzyszenie"),
                      tuple(ORG_TYPES)):
        chosen.append(Filters(edition=edition_values[-1], org_types=org_types))
    chosen.append(Filters(edition=edition_values[-1], org_types=("grupa_nieformalna",), priority="P1"))  # none
    for metric in METRICS:
        chosen.append(Filters(edition=edition_values[-1], metric=metric.code))
        chosen.append(Filters(edition=ALL, priority="P3", metric=metric.code, scale="fixed"))
    for base in (Filters(edition=edition_values[-1]), Filters(edition=ALL, org_types=("kgw",))):
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
                label = repr((filters, level, lang)).encode()
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
