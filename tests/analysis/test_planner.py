"""The next-edition planner: each rule worked by hand on three voivodeships, exact money, the guard,
and properties over random budgets and weights (Hypothesis)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mms_core.analysis.plan_params import parse_plan_params, to_plan_params
from mms_core.analysis.planner import (
    PlanBase,
    PlanError,
    Rule,
    allocate,
    envelopes,
    guard_minimum,
    plan_table,
    split_grosze,
    spread,
)
from mms_core.present.plan_text import plan_sentence

CODES = ("02", "04", "06")  # dolnośląskie, kujawsko-pomorskie, lubelskie


def three(**changes) -> PlanBase:
    """Base edition: P1 60 / 30 / 10 zł (4 grants), no P3; eligible 100 / 200 / 700 persons; white-spot
    residents 0 / 100 / 350 of 100 / 200 / 700 inside the programme."""
    values = dict(edition=2025, amount_pln={"P1": [60.0, 30.0, 10.0], "P3": [0.0, 0.0, 0.0]},
                  grants={"P1": [2, 1, 1], "P3": [0, 0, 0]}, eligible_population=[100, 200, 700],
                  white_spot_population=[0, 100, 350], inside_population=[100, 200, 700],
                  white_spot_gminas=[0, 1, 3], codes=CODES)
    return PlanBase(**(values | changes))


BUDGET = 5_000  # grosze: 50 zł


@pytest.mark.parametrize(("rule", "expected"), [
    (Rule("as_before"), [3000, 1500, 500]),  # 60 / 30 / 10 %
    (Rule("eligible"), [500, 1000, 3500]),  # 10 / 20 / 70 %
    (Rule("floor", floor_pln=10), [1200, 1400, 2400]),  # 1 000 each, the other 2 000 by 10 / 20 / 70 %
    # weights 100·1, 200·(1 + 0.5), 700·(1 + 0.5) = 100, 300, 1 050 of 1 450: 344.83, 1 034.48, 3 620.69;
    # the 2 grosze left go to the largest remainders (0.83, 0.69)
    (Rule("gaps", weight=2), [345, 1034, 3621]),
])
def test_each_rule_by_hand(rule, expected):
    scenario = allocate(BUDGET, three(), "all", rule)
    assert list(scenario.amounts_grosze) == expected
    assert scenario.guard_bound == ()


def test_guard_raises_a_region_and_the_others_pay_in_proportion():
    # eligible gives 02 500 gr, but its base share is 60 %: at most 50 % below → 1 500 gr. The other 3 500 gr
    # go to 04 and 06 in proportion to their 1 000 and 3 500: 777.78 and 2 722.22 → 778 and 2 722.
    scenario = allocate(BUDGET, three(), "all", Rule("eligible", max_cut_pct=50))
    assert list(scenario.amounts_grosze) == [1500, 778, 2722]
    assert scenario.guard_bound == ("02",)
    assert guard_minimum(BUDGET, three(), "all", 50) == [1500, 750, 250]


def test_a_guard_that_does_not_bind_changes_nothing():
    assert allocate(BUDGET, three(), "all", Rule("as_before", max_cut_pct=10)).amounts_grosze == (3000, 1500, 500)


def test_a_floor_the_budget_cannot_pay_is_refused():
    with pytest.raises(PlanError) as error:
        allocate(BUDGET, three(), "all", Rule("floor", floor_pln=20))  # 3 × 20 zł > 50 zł
    assert error.value.key == "plan_floor_too_high"
    assert error.value.values == {"floor": 20, "most": 16}


def test_ties_go_by_teryt_order_and_zero_weights_split_equally():
    assert split_grosze(10, [1, 1, 1]) == [4, 3, 3]
    assert split_grosze(2, [0, 0, 0]) == [1, 1, 0]
    assert split_grosze(0, [5, 1]) == [0, 0]


def test_envelopes_split_the_budget_exactly():
    assert envelopes(10_001, {"P1": 50, "P2": 0, "P3": 50}) == {"P1": 5001, "P2": 0, "P3": 5000}


def test_scope_p1_compares_with_the_base_editions_p1_only():
    base = three(amount_pln={"P1": [60.0, 30.0, 10.0], "P3": [40.0, 0.0, 0.0]}, grants={"P1": [2, 1, 1], "P3": [4, 0, 0]})
    table = plan_table(base, "P1", allocate(BUDGET, base, "P1", Rule("as_before")))
    assert list(table["base_amount_pln"]) == [60.0, 30.0, 10.0]
    table_all = plan_table(base, "all", allocate(BUDGET, base, "all", Rule("as_before")))
    assert list(table_all["base_amount_pln"]) == [100.0, 30.0, 10.0]


def test_plan_table_by_hand():
    table = plan_table(three(), "all", allocate(BUDGET, three(), "all", Rule("as_before")))
    assert list(table["scenario_amount_pln"]) == [30.0, 15.0, 5.0]
    assert list(table["change_pln"]) == [-30.0, -15.0, -5.0]
    assert list(table["change_pct"]) == [-50.0, -50.0, -50.0]
    assert list(table["estimated_grants"]) == [1, 0, 0]  # 30, 15 and 5 zł ÷ the average grant of 25 zł, rounded down
    assert list(table["white_spot_gminas"]) == [0, 1, 3]
    assert table["share_change_pp"].abs().max() < 1e-9
    assert table.loc["02", "base_per_eligible_pln"] == pytest.approx(0.6)
    assert table.loc["02", "scenario_per_eligible_pln"] == pytest.approx(0.3)


def test_spread_and_sentence():
    table = plan_table(three(), "all", allocate(BUDGET, three(), "all", Rule("eligible")))
    before, after = spread(table["base_per_eligible_pln"]), spread(table["scenario_per_eligible_pln"])
    assert before.ratio == pytest.approx(0.6 / (10 / 700))
    assert after.ratio == pytest.approx(1.0) and after.cv == pytest.approx(0.0)
    sentence = plan_sentence(table, Rule("eligible"))
    # 02: 60 → 5 zł (-91,7%), 04: 30 → 10 (-66,7%), 06: 10 → 35 (+250%)
    assert sentence == ("Przy podziale „według uprawnionych mieszkańców” najwięcej zyskuje lubelskie (+250,0%), "
                        "najwięcej traci dolnośląskie (-91,7%); rozpiętość zł na uprawnionego mieszkańca między "
                        "województwami: z 0,01–0,60\u00a0zł/os. do 0,05–0,05\u00a0zł/os.")


def test_ties_are_named_as_ties():
    base = three(amount_pln={"P1": [10.0, 10.0, 40.0], "P3": [0.0, 0.0, 0.0]}, eligible_population=[100, 100, 100])
    sentence = plan_sentence(plan_table(base, "all", allocate(6000, base, "all", Rule("eligible"))), Rule("eligible"))
    assert "najwięcej zyskuje dolnośląskie i kujawsko-pomorskie (+100,0%)" in sentence


# --- properties -------------------------------------------------------------------------------------------

weights = st.lists(st.integers(min_value=0, max_value=10**7), min_size=3, max_size=3)


def random_base(eligible, before, spots) -> PlanBase:
    return three(amount_pln={"P1": [float(v) for v in before], "P3": [0.0, 0.0, 0.0]},
                 eligible_population=[e + 1 for e in eligible],
                 white_spot_population=[min(s, e + 1) for s, e in zip(spots, eligible)],
                 inside_population=[e + 1 for e in eligible])


@settings(max_examples=150, deadline=None)
@given(total=st.integers(min_value=0, max_value=10**13), parts=st.lists(st.integers(0, 10**9), min_size=1, max_size=16))
def test_split_sums_exactly_and_is_never_negative(total, parts):
    split = split_grosze(total, parts)
    assert sum(split) == total and min(split) >= 0


@settings(max_examples=150, deadline=None)
@given(total=st.integers(min_value=1, max_value=10**12), eligible=weights, before=weights, spots=weights,
       code=st.sampled_from(("as_before", "eligible", "floor", "gaps")), floor=st.integers(0, 10**8),
       weight=st.sampled_from((1.0, 1.5, 2.0, 3.5, 10.0)), max_cut=st.one_of(st.none(), st.integers(0, 100)))
def test_every_rule_sums_exactly_keeps_the_floor_and_the_guard(total, eligible, before, spots, code, floor, weight,
                                                                max_cut):
    base = random_base(eligible, before, spots)
    rule = Rule(code, floor_pln=floor, weight=weight, max_cut_pct=max_cut)
    try:
        scenario = allocate(total, base, "all", rule)
    except PlanError:
        assert code == "floor" and floor * 100 * 3 > total
        return
    amounts = scenario.amounts_grosze
    assert sum(amounts) == total and min(amounts) >= 0
    if code == "floor" and max_cut is None:
        assert min(amounts) >= floor * 100
    if max_cut is not None:
        assert all(a >= m for a, m in zip(amounts, guard_minimum(total, base, "all", max_cut)))


@settings(max_examples=150, deadline=None)
@given(total=st.integers(min_value=1, max_value=10**12), eligible=weights)
def test_eligible_gives_more_to_more_residents(total, eligible):
    amounts = allocate(total, random_base(eligible, [1, 1, 1], [0, 0, 0]), "all", Rule("eligible")).amounts_grosze
    for i in range(3):
        for j in range(3):
            if eligible[i] > eligible[j]:
                assert amounts[i] >= amounts[j]


# --- the address -------------------------------------------------------------------------------------------

EDITIONS = (2025, 2026)


def test_defaults_and_round_trip():
    request, problems = parse_plan_params({}, EDITIONS, 2026)
    assert problems == []
    assert request.budget_pln == Decimal(35_000_000) and request.base == 2026 and request.scope == "all"
    assert request.rule_a.code == "as_before" and request.rule_a.max_cut_pct is None and request.rule_b.code == "eligible"
    params = {"budget": "35000000", "base": "2025", "rule": "floor", "floor": "750000", "rule_b": "gaps",
              "weight_b": "3", "max_cut_b": "20", "scope": "P3", "p1": "80", "p2": "0", "p3": "20"}
    request, problems = parse_plan_params(params, EDITIONS, 2026)
    assert problems == []
    assert to_plan_params(request) == params


@pytest.mark.parametrize(("params", "name"), [
    ({"budget": "-5"}, "budget"), ({"budget": "abc"}, "budget"), ({"budget": "1e400"}, "budget"),
    ({"budget": "0"}, "budget"), ({"budget": "nan"}, "budget"), ({"budget": "10000000001"}, "budget"),
    ({"base": "1999"}, "base"), ({"base": "2025.0"}, "base"), ({"rule": "fair"}, "rule"),
    ({"rule_b": "<b>x</b>"}, "rule_b"), ({"weight": "0.5"}, "weight"), ({"weight": "inf"}, "weight"),
    ({"max_cut": "101"}, "max_cut"), ({"max_cut": "5.5"}, "max_cut"), ({"floor": "-1"}, "floor"),
    ({"p1": "50", "p2": "30", "p3": "30"}, "p1+p2+p3"), ({"p1": "100"}, "p1+p2+p3"), ({"scope": "P2"}, "scope"),
])
def test_bad_values_are_named_and_the_default_used(params, name):
    request, problems = parse_plan_params(params, EDITIONS, 2026)
    assert [p.name for p in problems] == [name]
    default, _ = parse_plan_params({}, EDITIONS, 2026)
    assert request == default
    assert problems[0].value in problems[0].text()


def test_budget_written_the_polish_way():
    request, problems = parse_plan_params({"budget": "35 000 000,50"}, EDITIONS, 2026)
    assert problems == [] and request.budget_grosze == 3_500_000_050
    assert not math.isnan(float(request.budget_pln))
