"""The dashboard's numbers against an independent computation with the csv module."""

import pytest

from mms_core.analysis.aggregates import eligible_population, filter_grants, headline, region_summary
from mms_core.analysis.filters import Filters
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference import loaders
from tests.helpers import matching_grants, recount

PATHS = DataPaths(DEFAULT_DATA_DIR)


def independent(edition=None, org_types=None, priority=None):
    """Count and sum grants per TERYT code straight from the CSV text."""
    return recount(matching_grants(PATHS.grants, edition, org_types, priority))


@pytest.mark.parametrize("filters, plain", [
    (Filters(), {}),
    (Filters(edition=2025), {"edition": "2025"}),
    (Filters(edition=2026, priority="P3"), {"edition": "2026", "priority": "P3"}),
    (Filters(org_types=("kgw", "osp"), priority="P1"), {"org_types": {"kgw", "osp"}, "priority": "P1"}),
])
def test_summary_reconciles_with_the_csv(filters, plain):
    population = loaders.load_population(PATHS.population)
    eligible = eligible_population(population, loaders.load_big_cities(PATHS.big_cities))
    summary = region_summary(filter_grants(loaders.load_grants(PATHS.grants), filters), population, eligible)
    counts, sums = independent(**plain)
    for teryt, row in summary.iterrows():
        assert row["grants"] == counts.get(teryt, 0)
        assert row["amount_pln"] == pytest.approx(sums.get(teryt, 0.0), abs=0.005)
        assert row["amount_per_capita_pln"] == pytest.approx(sums.get(teryt, 0.0) / population.loc[teryt, "population"])
    head = headline(summary)
    assert head.grants == sum(counts.values())
    assert head.amount_pln == pytest.approx(sum(sums.values()), abs=0.01)


def test_summary_from_the_aggregate_equals_the_direct_one(population, eligible):
    from mms_core.analysis.aggregates import aggregate, summary_from_aggregate

    grants = loaders.load_grants(PATHS.grants)
    totals = aggregate(grants)
    assert len(totals) <= 2 * 2 * 7 * 16
    assert totals["grants"].sum() == len(grants)
    for filters in (Filters(), Filters(edition=2026, org_types=("osp", "kgw")), Filters(priority="P3")):
        direct = region_summary(filter_grants(grants, filters), population, eligible)
        via = summary_from_aggregate(filter_grants(totals, filters), population, eligible)
        assert direct.equals(via)
