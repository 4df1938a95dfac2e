"""One summary for every level (:func:`mms_core.analysis.units_summary.summarise`), worked out by hand on a tiny
country: the same columns at every level, the units' grants, zł, per-resident figures, "outside the programme" and
"reached", the national headline and the grants no unit could take.

The tiny country (every figure below is counted from it by hand):

* the 16 voivodeships have 1 000 000 residents each, lubelskie (06) 2 000 000, of whom 200 000 live in its one
  city over 100 000 (eligible population 1 800 000); 17 000 000 in all;
* five gminas: in lubelskie Alfa (miejska, 1 000 residents, powiat 0601), Beta (wiejska, 4 000, powiat 0601),
  Miasto (the big city: gmina miejska and city powiat 0662, 200 000) and Gamma (wiejska, 500, powiat 0603); in
  dolnośląskie (02) Obca (wiejska, 2 000, powiat 0201);
* seven grants: Alfa 10 000 and 30 000 zł, Beta 5 000 zł (priority P3), Miasto 50 000 zł, in lubelskie 7 000 zł
  with no gmina and 1 000 zł with a code of no gmina, Obca 2 000 zł (edition 2026); all others P1 of 2025.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from mms_core.analysis import aggregates
from mms_core.analysis import levels as unit_levels
from mms_core.analysis.filters import Selection
from mms_core.analysis.units_summary import UNIT_COLUMNS, SummaryData, regions_summary, shown_columns, summarise
from mms_core.facts.levels import LEVEL_BY_CODE, LEVELS
from mms_core.facts.voivodeships import TERYT_CODES

VOIVODESHIP, POWIAT, GMINA = (LEVEL_BY_CODE[code] for code in ("voivodeship", "powiat", "gmina"))

GMINAS = pd.DataFrame({
    "teryt": ["0601011", "0601022", "0662011", "0603012", "0201011"],
    "name": ["Alfa", "Beta", "Miasto", "Gamma", "Obca"],
    "kind": ["miejska", "wiejska", "miejska", "wiejska", "wiejska"],
    "powiat": ["0601", "0601", "0662", "0603", "0201"],
    "voivodeship": ["06", "06", "06", "06", "02"],
    "population": pd.array([1000, 4000, 200_000, 500, 2000], dtype="Int64"),
    "boundary_teryt": ["0601011", "0601022", "0662011", "0603012", "0201011"],
}).set_index("teryt", drop=False).rename_axis(None).sort_index()  # in code order, as the loaders give them
POWIATS = pd.DataFrame({"teryt": ["0601", "0662", "0603", "0201"], "name": ["bialski", "Miasto", "gamski", "obcy"],
                        "voivodeship": ["06", "06", "06", "02"],
                        "population": pd.array([5000, 200_000, 500, 2000], dtype="Int64")}
                       ).set_index("teryt", drop=False).rename_axis(None).sort_index()
OUTSIDE = {"0662011": "Miasto"}


def grant(gmina: str, amount: float, region: str = "06", edition: int = 2025, priority: str = "P1") -> dict:
    return {"edition": edition, "priority": priority, "org_type": "kgw", "voivodeship_teryt": region,
            "gmina_teryt": gmina, "amount_pln": amount}


GRANTS = pd.DataFrame([
    grant("0601011", 10_000), grant("0601011", 30_000), grant("0601022", 5_000, priority="P3"),
    grant("0662011", 50_000), grant("", 7_000), grant("9999999", 1_000), grant("0201011", 2_000, "02", edition=2026),
])


def tiny_data(with_units: bool = True) -> SummaryData:
    """The tiny country as :func:`summarise` takes it (``with_units``: the aggregate by gmina and the units too)."""
    population = pd.DataFrame({"population": [2_000_000 if code == "06" else 1_000_000 for code in TERYT_CODES]},
                              index=pd.Index(TERYT_CODES))
    eligible = population["population"] - pd.Series({"06": 200_000}).reindex(population.index).fillna(0)
    if not with_units:
        return SummaryData(aggregates.aggregate(GRANTS), population, eligible.astype("int64"))
    units = {code: unit_levels.units(LEVEL_BY_CODE[code], GMINAS, POWIATS, OUTSIDE) for code in ("powiat", "gmina")}
    return SummaryData(aggregates.aggregate(GRANTS), population, eligible.astype("int64"),
                       unit_totals=lambda: unit_levels.unit_aggregate(GRANTS, GMINAS.index), units=units.__getitem__)


def test_the_table_has_the_same_columns_at_every_level():
    for level in LEVELS:
        summary = summarise(Selection(), level, tiny_data())
        assert summary.level == level
        assert list(summary.table.columns) == list(UNIT_COLUMNS), level.code
        assert summary.table["reached"].dtype == bool
        assert list(summary.table.index) == sorted(summary.table.index)  # code order
        assert list(summary.shown.columns) == list(shown_columns(level))
    assert list(shown_columns(VOIVODESHIP)) == list(aggregates.SUMMARY_COLUMNS)
    assert list(shown_columns(GMINA)) == [*unit_levels.summary_columns(GMINA)]
    assert "gmina_kind" in shown_columns(GMINA) and "gmina_kind" not in shown_columns(POWIAT)


def test_voivodeship_level_by_hand():
    summary = summarise(Selection(), VOIVODESHIP, tiny_data(with_units=False))  # never needs the units
    table = summary.table
    assert len(table) == 16
    lub, dol = table.loc["06"], table.loc["02"]
    assert (lub["name"], lub["voivodeship"], lub["gmina_kind"]) == ("lubelskie", "lubelskie", "")
    # every grant of lubelskie, placed in a gmina or not: 10 000 + 30 000 + 5 000 + 50 000 + 7 000 + 1 000
    assert (lub["grants"], lub["amount_pln"]) == (6, 103_000.0)
    assert lub["amount_per_capita_pln"] == pytest.approx(103_000 / 2_000_000)  # 0,0515 zł
    assert lub["grants_per_100k"] == pytest.approx(0.3)  # 6 × 100 000 / 2 000 000
    assert lub["eligible_population"] == 1_800_000
    assert lub["amount_per_eligible_pln"] == pytest.approx(103_000 / 1_800_000)
    assert lub["average_grant_pln"] == pytest.approx(103_000 / 6)
    assert (dol["grants"], dol["amount_pln"], dol["amount_per_capita_pln"]) == (1, 2_000.0, 0.002)
    assert (table["outside_programme"] == 0).all()  # every voivodeship is in the programme
    assert table.index[table["reached"]].tolist() == ["02", "06"]
    assert (summary.inside_count, summary.reached_count) == (16, 2)
    assert math.isnan(table.loc["32", "average_grant_pln"]) and table.loc["32", "grants"] == 0
    assert (summary.unplaced_grants, summary.unplaced_amount_pln) == (0, 0.0)  # every grant has its voivodeship


def test_powiat_level_by_hand():
    summary = summarise(Selection(), POWIAT, tiny_data())
    table = summary.table
    assert table.index.tolist() == ["0201", "0601", "0603", "0662"]
    # 0601: Alfa's two grants and Beta's one; its own GUS figure, 5 000 residents
    assert table.loc["0601", ["grants", "amount_pln", "population"]].tolist() == [3, 45_000.0, 5000]
    assert table.loc["0601", "amount_per_capita_pln"] == 9.0  # 45 000 / 5 000
    assert table.loc["0601", "grants_per_100k"] == 60.0  # 3 × 100 000 / 5 000
    assert table.loc["0601", "average_grant_pln"] == 15_000.0
    assert table.loc["0201", ["grants", "amount_pln", "amount_per_capita_pln"]].tolist() == [1, 2_000.0, 1.0]
    # the city powiat: every gmina of it a big city, outside the programme whatever it got
    city = table.loc["0662"]
    assert (city["outside_programme"], city["grants"], city["eligible_population"]) == (1, 1, 0)
    assert city["amount_per_capita_pln"] == 0.25 and not city["reached"]
    assert table.loc["0603", "grants"] == 0 and not table.loc["0603", "reached"]  # a white spot
    assert table["reached"].to_dict() == {"0201": True, "0601": True, "0603": False, "0662": False}
    assert (table["gmina_kind"] == "").all() and table.loc["0601", "voivodeship"] == "lubelskie"
    assert (summary.inside_count, summary.reached_count) == (3, 2)
    assert (summary.unplaced_grants, summary.unplaced_amount_pln) == (2, 8_000.0)  # "" and 9999999


def test_gmina_level_by_hand():
    summary = summarise(Selection(), GMINA, tiny_data())
    table = summary.table
    assert table.index.tolist() == ["0201011", "0601011", "0601022", "0603012", "0662011"]
    alfa = table.loc["0601011"]
    assert (alfa["name"], alfa["voivodeship"], alfa["gmina_kind"]) == ("Alfa", "lubelskie", "miejska")
    assert (alfa["grants"], alfa["amount_pln"], alfa["amount_per_capita_pln"]) == (2, 40_000.0, 40.0)
    assert alfa["grants_per_100k"] == 200.0 and alfa["average_grant_pln"] == 20_000.0
    assert table.loc["0601022", "amount_per_capita_pln"] == 1.25  # 5 000 / 4 000
    assert table.loc["0201011", ["voivodeship", "amount_per_capita_pln"]].tolist() == ["dolnośląskie", 1.0]
    city = table.loc["0662011"]
    assert (city["outside_programme"], city["grants"], city["eligible_population"]) == (1, 1, 0)
    assert city["amount_per_capita_pln"] == 0.25 and math.isnan(city["amount_per_eligible_pln"])
    assert table["reached"].to_dict() == {"0201011": True, "0601011": True, "0601022": True, "0603012": False,
                                          "0662011": False}
    assert unit_levels.is_white_spot(table).tolist() == [False, False, False, True, False]  # Gamma only
    assert (summary.inside_count, summary.reached_count) == (4, 3)
    assert (summary.unplaced_grants, summary.unplaced_amount_pln) == (2, 8_000.0)
    assert table["grants"].sum() + summary.unplaced_grants == 7  # every grant counted once


def test_the_headline_counts_every_grant_at_every_level():
    for level in LEVELS:
        head = summarise(Selection(), level, tiny_data()).headline
        assert (head.grants, head.amount_pln) == (7, 105_000.0), level.code  # the unplaced ones too
        assert head.average_grant_pln == 15_000.0  # 105 000 / 7
        assert (head.regions_covered, head.regions_total) == (2, 16)
        assert head.amount_per_capita_pln == pytest.approx(105_000 / 17_000_000)


def test_a_selection_at_every_level_by_hand():
    """2025, P1: Beta's grant (P3) and Obca's (2026) drop out."""
    chosen = Selection(edition=2025, priority="P1")
    regions = summarise(chosen, VOIVODESHIP, tiny_data())
    assert regions.table.loc["06", ["grants", "amount_pln"]].tolist() == [5, 98_000.0]
    assert regions.table.index[regions.table["reached"]].tolist() == ["06"]
    gminas = summarise(chosen, GMINA, tiny_data())
    assert gminas.table["grants"].to_dict() == {"0201011": 0, "0601011": 2, "0601022": 0, "0603012": 0,
                                                "0662011": 1}
    assert gminas.table.index[gminas.table["reached"]].tolist() == ["0601011"]
    assert (gminas.inside_count, gminas.reached_count) == (4, 1)
    assert (gminas.unplaced_grants, gminas.unplaced_amount_pln) == (2, 8_000.0)
    powiats = summarise(chosen, POWIAT, tiny_data())
    assert powiats.table.loc["0601", ["grants", "amount_pln", "amount_per_capita_pln"]].tolist() == [2, 40_000.0, 8.0]
    for summary in (regions, gminas, powiats):
        assert (summary.headline.grants, summary.headline.amount_pln) == (5, 98_000.0)
        pd.testing.assert_frame_equal(summary.regions, regions.regions)


def test_regions_summary_keeps_more_columns_and_a_level_below_needs_its_units():
    regions = summarise(Selection(), VOIVODESHIP, tiny_data()).regions
    with_change = regions_summary(regions.assign(change_pct=1.5))  # the Compare page's extra column
    assert list(with_change.table.columns) == [*UNIT_COLUMNS, "change_pct"]
    assert with_change.level == VOIVODESHIP
    with pytest.raises(ValueError, match="gmina"):
        summarise(Selection(), GMINA, tiny_data(with_units=False))
