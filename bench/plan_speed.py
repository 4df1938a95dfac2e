"""How long the planner takes to recompute a scenario on the server (no browser): for each rule, with and
without the guard, the time of ``allocate`` + ``plan_table`` + the sentence on the shipped sample's base
edition (16 voivodeships), p50 and p95 over ``--repeat`` runs, and once the base itself (read from the data
folder, what the page caches per edition). Results to ``bench/results/plan.json``.

Usage: ``python bench/plan_speed.py [--repeat 200] [--data DIR]`` (a copy of the shipped data is made in a
temporary folder when ``--data`` is not given, so nothing is written into the checkout).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from mms_core.analysis import aggregates
from mms_core.analysis import levels as unit_levels
from mms_core.analysis.filters import Selection
from mms_core.analysis.planner import Rule, allocate, plan_base, plan_table
from mms_core.analysis.units_summary import SummaryData, summarise
from mms_core.data import ledger
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.data.reference.units import load_gminas, load_powiats
from mms_core.facts.levels import LEVEL_BY_CODE
from mms_core.facts.vocab import PRIORITIES
from mms_core.present.plan_text import plan_sentence, spread_sentence

RULES = [Rule("as_before"), Rule("eligible"), Rule("floor", floor_pln=750_000), Rule("gaps", weight=2),
         Rule("eligible", max_cut_pct=10), Rule("gaps", weight=3, max_cut_pct=5)]


def build_base(paths: DataPaths, edition: int):
    view = ledger.read_view(paths)
    totals = aggregates.aggregate(view.grants)
    population = loaders.load_population(paths.population)
    eligible = aggregates.eligible_population(population, loaders.load_big_cities(paths.big_cities))
    by_priority = {p: aggregates.summary_from_aggregate(aggregates.filter_grants(totals, Selection(edition, (), p)),
                                                        population, eligible) for p in PRIORITIES}
    gminas, powiats = load_gminas(paths), load_powiats(paths)
    outside, _ = unit_levels.big_city_gminas(gminas, loaders.load_big_cities(paths.big_cities))
    units = unit_levels.units(LEVEL_BY_CODE["gmina"], gminas, powiats, outside)
    source = SummaryData(totals, population, eligible, unit_totals=lambda: unit_levels.unit_aggregate(view.grants,
                                                                                                      units.index),
                         units=lambda _code: units)
    return plan_base(edition, by_priority, summarise(Selection(edition), LEVEL_BY_CODE["gmina"], source).table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "plan.json")
    args = parser.parse_args()
    if args.data is None:  # a copy of the shipped data: the ledger is made there, not in the checkout
        args.data = Path(tempfile.mkdtemp()) / "data"
        shutil.copytree(DEFAULT_DATA_DIR, args.data, ignore=shutil.ignore_patterns("ledger", "*.py", "README.md"))
    paths = DataPaths(args.data)
    ledger.prepare(paths)
    started = time.perf_counter()
    base = build_base(paths, 2025)
    base_ms = (time.perf_counter() - started) * 1000
    results = {"base_edition_ms": round(base_ms, 1), "rules": {}}
    for rule in RULES:
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            table = plan_table(base, "all", allocate(3_500_000_000, base, "all", rule))
            plan_sentence(table, rule)
            spread_sentence(table)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        name = rule.code + ("" if rule.max_cut_pct is None else f"+max_cut{rule.max_cut_pct}")
        results["rules"][name] = {"p50_ms": round(statistics.median(times), 2),
                                  "p95_ms": round(times[int(0.95 * len(times)) - 1], 2)}
        print(f"{name:24} p50 {results['rules'][name]['p50_ms']:6.2f} ms   p95 {results['rules'][name]['p95_ms']:6.2f} ms")
    print(f"base edition (once per edition, cached): {base_ms:.0f} ms")
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
