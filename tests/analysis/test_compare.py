"""Comparisons, profiles, search, map clicks and conference order — hand-computed."""

import datetime as dt

import pandas as pd
import pytest

from mms_core.analysis.aggregates import region_summary
from mms_core.analysis.compare import edition_change, national_value, ranking, type_by_region
from mms_core.analysis.filters import Filters
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.analysis.profile import published_rows, region_vs_national, top_towns
from mms_core.analysis.search import search_grants
from mms_core.data.paths import DEFAULT_DATA_DIR
from mms_core.data.reference.loaders import load_conferences, load_published_results
from mms_core.facts.conferences import in_date_order
from mms_core.facts.voivodeships import TERYT_CODES
from mms_core.maps.classify import classify, classify_diverging
from mms_core.maps.events import clicked_region
from tests.helpers import grant


@pytest.fixture()
def grants():
    rows = [
        grant("a", "06", 40_000, town="Puławy"),
        grant("b", "06", 10_000, priority="P3", town="Puławy"),
        grant("c", "06", 30_000, edition=2026, town="Kraśnik"),
        grant("d", "02", 20_000, org_type="osp", town="Oława"),
        grant("e", "02", 10_000, edition=2026, org_type="osp", town="Oława"),
    ]
    frame = pd.DataFrame(rows)
    frame["amount_pln"] = frame["amount_pln"].astype(float)
    return frame


def test_national_values_are_ratios_of_totals(grants, population, eligible):
    summary = region_summary(grants, population, eligible)
    assert national_value(summary, METRIC_BY_CODE["grant_count"]) == 5 / 16
    assert national_value(summary, METRIC_BY_CODE["amount_pln"]) == 110_000 / 16
    assert national_value(summary, METRIC_BY_CODE["amount_per_capita"]) == pytest.approx(110_000 / 37_489_087)
    assert national_value(summary, METRIC_BY_CODE["grants_per_100k"]) == pytest.approx(5 * 100_000 / 37_489_087)


def test_ranking_orders_and_shares_ranks_on_ties(grants, population, eligible):
    summary = region_summary(grants, population, eligible)
    ranked = ranking(summary, METRIC_BY_CODE["amount_pln"])
    assert list(ranked["teryt"][:2]) == ["06", "02"]
    assert list(ranked["rank"][:3]) == [1, 2, 3]
    assert (ranked["rank"][2:] == 3).all()  # fourteen regions tie at 0 zł, all third
    assert list(ranked["teryt"][2:4]) == ["04", "08"]  # ties in TERYT order


def test_edition_change_hand_computed(grants, population, eligible):
    change = edition_change(grants, Filters(), population, eligible, METRIC_BY_CODE["amount_pln"], 2025, 2026)
    row = change.set_index("teryt")
    assert row.loc["06", "before"] == 50_000 and row.loc["06", "after"] == 30_000
    assert row.loc["06", "change"] == -20_000 and row.loc["06", "change_pct"] == -40
    assert row.loc["02", "change_pct"] == -50
    assert pd.isna(row.loc["04", "change_pct"])  # nothing before: no percentage
    only_osp = edition_change(grants, Filters(org_types=("osp",)), population, eligible,
                              METRIC_BY_CODE["grant_count"], 2025, 2026).set_index("teryt")
    assert only_osp.loc["02", "before"] == 1 and only_osp.loc["06", "before"] == 0


def test_type_by_region(grants):
    table = type_by_region(grants)
    assert table.loc["stowarzyszenie", "06"] == 3 and table.loc["osp", "02"] == 2
    assert table.shape == (7, 16) and table.to_numpy().sum() == 5
    assert type_by_region(grants, "amount").loc["osp", "02"] == 30_000


def test_fixed_scale_uses_breaks_of_every_edition():
    values_2026 = pd.Series([1.0] * 8 + [2.0] * 8, index=list(TERYT_CODES))
    pooled = pd.Series(list(range(1, 17)), index=list(TERYT_CODES), dtype=float)
    own = classify(values_2026, "equal_interval", 3)
    fixed = classify(values_2026, "equal_interval", 3, reference=pooled)
    assert len(own.legend) == 2  # its own scale: two classes, 1 and 2
    assert [e.upper for e in fixed.legend] == [6, 11, 16]  # (16 - 1) / 3 = 5 from the pooled values
    assert [e.count for e in fixed.legend] == [16, 0, 0]  # all in the lightest class, as they should be


def test_diverging_classes_are_symmetric_with_a_neutral_middle():
    values = pd.Series([-30.0, 0.0, 10.0, 30.0] + [float("nan")] * 12, index=list(TERYT_CODES))
    c = classify_diverging(values, 6)  # made odd: 7
    assert len(c.legend) == 7
    assert c.legend[0].lower == -30 and c.legend[-1].upper == 30
    middle = c.legend[3]
    assert middle.lower < 0 < middle.upper and c.class_of["04"] == 3
    assert c.class_of["02"] == 0 and c.class_of["08"] == 6 and c.no_data_count == 12


def test_region_vs_national(grants, population, eligible):
    summary = region_summary(grants, population, eligible)
    figures = {c.metric.code: c for c in region_vs_national(summary, "06")}
    assert figures["grant_count"].region == 3 and figures["grant_count"].national == 5 / 16
    assert figures["grant_count"].difference_pct == pytest.approx((3 / (5 / 16) - 1) * 100)
    assert figures["average_grant"].region == pytest.approx(80_000 / 3)
    assert figures["average_grant"].national == 22_000


def test_top_towns(grants):
    towns = top_towns(grants)
    assert list(towns["town"]) == ["Puławy", "Oława", "Kraśnik"]  # 2 grants each: more zł (50 000 > 30 000) first
    assert list(towns["grants"]) == [2, 2, 1] and towns.loc[0, "amount_pln"] == 50_000


def test_published_rows_in_polish():
    published = load_published_results(DEFAULT_DATA_DIR / "published_results_2025.csv")
    rows = published_rows(published, "06")
    assert rows[0][:2] == ("sfinansowane inicjatywy", "140")
    assert rows[1][:2] == ("kwota", "4\u00a0500\u00a0000 zł")
    assert published_rows(published, "02") == []


def test_search_ignores_case_and_polish_letters(grants):
    grants = grants.assign(org_name=["Koło Gospodyń Wiejskich w Puławach", "OSP Oława", "Fundacja X", "Y", "Z"])
    assert list(search_grants(grants, "kolo gospodyn")["grant_id"]) == ["a"]
    assert list(search_grants(grants, "OŁAWA")["grant_id"]) == ["b", "d", "e"]  # org name or town
    assert list(search_grants(grants, "osp olawa")["grant_id"]) == ["b"]
    assert len(search_grants(grants, "   ")) == 5
    assert search_grants(grants, "<script>").empty


def test_search_finds_the_voivodeship_by_name(grants):
    assert list(search_grants(grants, "Lubelskie")["grant_id"]) == ["a", "b", "c"]
    assert list(search_grants(grants, "dolnoslaskie")["grant_id"]) == ["d", "e"]  # without diacritics
    assert list(search_grants(grants, "lubelskie krasnik")["grant_id"]) == ["c"]


def test_map_click_is_new_only_when_the_count_grows():
    feature = {"geometry": {"type": "Polygon"}, "properties": {"teryt": "06"}}
    assert clicked_region(None, 0) == (None, 0)
    assert clicked_region({"last_active_drawing": feature, "last_object_clicked_count": 1}, 0) == ("06", 1)
    assert clicked_region({"last_active_drawing": feature, "last_object_clicked_count": 1}, 1) == (None, 1)
    # a remounted map starts again at 0: the old count is forgotten
    assert clicked_region({"last_active_drawing": None, "last_object_clicked_count": 0}, 3) == (None, 0)
    bad = {"last_active_drawing": {"geometry": {"type": "Polygon"}, "properties": {"teryt": "<b>"}},
           "last_object_clicked_count": 2}
    assert clicked_region(bad, 1) == (None, 2)
    marker = {"last_active_drawing": {"geometry": {"type": "Point"}, "properties": {"teryt": "06"}},
              "last_object_clicked_count": 3}
    assert clicked_region(marker, 2) == (None, 3)  # a conference marker opens its popup instead


def test_conferences_in_date_order_unknown_last():
    conferences = load_conferences(DEFAULT_DATA_DIR / "conferences_2025.csv")
    ordered = in_date_order(conferences)
    assert list(ordered["town"][:2]) == ["Goleniów", "Leszno"]
    assert ordered["date"].iloc[0] == dt.date(2025, 10, 27)
    assert list(ordered["teryt"][2:]) == sorted(set(TERYT_CODES) - {"32", "30"})
