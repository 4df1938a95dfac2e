import math

import pandas as pd
import pytest

from mms_core.analysis.aggregates import (
    SUMMARY_COLUMNS,
    eligible_population,
    extremes,
    filter_grants,
    headline,
    region_summary,
)
from mms_core.analysis.filters import Filters
from mms_core.analysis.units_summary import regions_summary
from mms_core.facts.levels import LEVEL_BY_CODE
from mms_core.text.i18n import t
from tests.helpers import grant


@pytest.fixture()
def grants():
    rows = [
        grant("a", "06", 50_000),
        grant("b", "06", 10_000, priority="P3", org_type="grupa_nieformalna"),
        grant("c", "06", 30_000, edition=2026, org_type="kgw"),
        grant("d", "02", 20_000, org_type="osp"),
    ]
    frame = pd.DataFrame(rows)
    frame["amount_pln"] = frame["amount_pln"].astype(float)
    return frame


def test_eligible_population_subtracts_known_big_cities(eligible):
    assert eligible["06"] == 1_996_440 - 329_565  # lubelskie minus Lublin
    assert eligible["20"] == 1_132_641 - 291_688  # podlaskie minus Białystok
    assert eligible["26"] == 1_157_991 - 182_295  # świętokrzyskie minus Kielce
    # śląskie: eleven cities with known population; Chorzów (unknown) is not subtracted
    silesia = [279_190, 205_969, 187_115, 169_915, 153_838, 147_759, 130_887, 130_302, 122_045, 113_460, 165_766]
    assert eligible["24"] == 4_291_441 - sum(silesia)


def test_eligible_population_on_toy_tables():
    population = pd.DataFrame({"population": [1000, 500]}, index=pd.Index(["02", "04"], name="teryt"))
    cities = pd.DataFrame({"city": ["A", "B"], "teryt": ["02", "02"], "population": [300.0, float("nan")]})
    assert eligible_population(population, cities).to_dict() == {"02": 700, "04": 500}


def test_filters_combine(grants):
    assert list(filter_grants(grants, Filters(edition=2025))["grant_id"]) == ["a", "b", "d"]
    assert list(filter_grants(grants, Filters(priority="P3"))["grant_id"]) == ["b"]
    assert list(filter_grants(grants, Filters(org_types=("kgw", "osp")))["grant_id"]) == ["c", "d"]
    assert filter_grants(grants, Filters(edition=2026, priority="P3")).empty


def test_region_summary_hand_computed(grants, population, eligible):
    summary = region_summary(filter_grants(grants, Filters(edition=2025)), population, eligible)
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    assert len(summary) == 16 and list(summary.index[:2]) == ["02", "04"]
    lub = summary.loc["06"]
    assert lub["voivodeship"] == "lubelskie"
    assert lub["grants"] == 2 and lub["amount_pln"] == 60_000
    assert lub["population"] == 1_996_440
    assert lub["amount_per_capita_pln"] == pytest.approx(60_000 / 1_996_440)
    assert lub["grants_per_100k"] == pytest.approx(0.10017832)
    assert lub["amount_per_eligible_pln"] == pytest.approx(60_000 / 1_666_875)
    assert lub["average_grant_pln"] == 30_000
    empty = summary.loc["04"]
    assert empty["grants"] == 0 and empty["amount_pln"] == 0 and empty["amount_per_capita_pln"] == 0
    assert math.isnan(empty["average_grant_pln"])


def test_headline(grants, population, eligible):
    head = headline(region_summary(grants, population, eligible))
    assert head.grants == 4 and head.amount_pln == 110_000
    assert head.average_grant_pln == 27_500
    assert (head.regions_covered, head.regions_total) == (2, 16)
    assert head.amount_per_capita_pln == pytest.approx(110_000 / 37_489_087)
    none = headline(region_summary(grants.iloc[0:0], population, eligible))
    assert none.grants == 0 and math.isnan(none.average_grant_pln) and none.regions_covered == 0


def test_summary_csv_columns_and_values(grants, population, eligible):
    from mms_core.present.summary_table import summary_csv

    summary = region_summary(grants, population, eligible)
    text = summary_csv(regions_summary(summary).shown).decode("utf-8-sig")  # the map page's CSV
    lines = text.splitlines()
    assert lines[0] == ",".join(SUMMARY_COLUMNS)
    assert lines[1].startswith("02,dolnośląskie,1,20000.0,2868242,0.01,0.03,")
    assert len(lines) == 17


def test_extremes(grants, population, eligible):
    summary = region_summary(grants, population, eligible)
    assert extremes(summary, "amount_pln") == ("06", "04")  # ties for the minimum: first in TERYT order
    assert extremes(summary.assign(amount_pln=1.0), "amount_pln") is None


def test_display_summary_uses_polish_formats(grants, population, eligible):
    from mms_core.present.summary_table import display_summary

    top = LEVEL_BY_CODE["voivodeship"]
    table = display_summary(regions_summary(region_summary(grants, population, eligible)).table, top)
    lub = table[table["Województwo"] == "lubelskie"].iloc[0]
    assert lub["Kwota (zł)"] == "90\u00a0000"
    assert lub["Ludność (os.)"] == "1\u00a0996\u00a0440"
    assert lub["zł na mieszkańca"] == "0,05"  # 90 000 / 1 996 440 = 0,045…
    assert table[table["Województwo"] == "lubuskie"].iloc[0]["Średnia dotacja (zł)"] == "—"
    english = display_summary(regions_summary(region_summary(grants, population, eligible)).table, top, "en")
    # a phone shows the first columns: the voivodeship and what it got per resident
    assert list(english.columns[:2]) == ["Voivodeship", t("col_amount_per_capita_pln", "en")]
