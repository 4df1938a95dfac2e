"""The next-edition planner: split a budget among the 16 voivodeships by a rule, in grosze, exactly.

Units: every amount inside the planner is an ``int`` of **grosze** (1 zł = 100 gr), so that a split sums to
the budget exactly; tables give zł (grosze / 100). Population in persons.

A plan starts from a **base edition** (:class:`PlanBase`: what each voivodeship got in it, its eligible
population — the map's "per eligible resident" denominator, :mod:`mms_core.analysis.aggregates` — and the
residents of its white-spot gminas). The budget is first cut into priority envelopes (P1/P2/P3, shares in
per cent); the **scope** (``all``, ``P1`` or ``P3``) says which money is split by region: the whole budget, or
one envelope. A :class:`Rule` then splits it:

* ``as_before`` — each voivodeship keeps its share of the base edition's money (in the scope);
* ``eligible`` — in proportion to the eligible population;
* ``floor`` — an equal floor (zł) for each voivodeship, the rest in proportion to the eligible population;
* ``gaps`` — in proportion to the eligible population, the residents of the base edition's white-spot
  gminas counted ``weight`` times;
* any rule may take the guard ``max_cut`` (per cent): no voivodeship's *share* of the money falls more than
  ``max_cut`` % below its share in the base edition; what the guarded regions need is taken from the others in
  proportion to their amounts.

Rounding: the largest-remainder method, ties broken by TERYT order (:func:`split_grosze`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import pandas as pd

from mms_core.analysis.levels import in_programme, is_white_spot
from mms_core.facts.voivodeships import TERYT_CODES, name_of

RULES: tuple[str, ...] = ("as_before", "eligible", "floor", "gaps")
SCOPES: tuple[str, ...] = ("all", "P1", "P3")
#: The priority envelopes of a budget (P2, networking, is national: it is never split by region).
ENVELOPES: tuple[str, ...] = ("P1", "P2", "P3")
#: Limits of the rules' parameters.
MAX_BUDGET_PLN = 10_000_000_000  # zł; ten billion: far above any programme of this kind
MIN_WEIGHT, MAX_WEIGHT = 1.0, 10.0
GROSZE = 100

#: Columns of a plan's table (and the first columns of its CSV), in order.
PLAN_COLUMNS: tuple[str, ...] = (
    "teryt", "voivodeship", "base_amount_pln", "scenario_amount_pln", "change_pln", "change_pct",
    "eligible_population", "base_per_eligible_pln", "scenario_per_eligible_pln", "estimated_grants",
    "white_spot_gminas", "base_share_pct", "scenario_share_pct", "share_change_pp",
)


class PlanError(ValueError):
    """A plan that cannot be made (a floor the budget cannot pay); ``key`` names the Polish text."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Rule:
    """How a scenario splits the money: ``code`` one of :data:`RULES`; ``floor_pln`` (zł, the floor
    rule), ``weight`` (the gaps rule, ≥ 1), ``max_cut_pct`` (the guard, 0–100, None: no guard)."""

    code: str = "as_before"
    floor_pln: int = 0
    weight: float = 2.0
    max_cut_pct: int | None = None


@dataclass(frozen=True)
class PlanBase:
    """What a plan starts from, one value per voivodeship (TERYT order, :data:`TERYT_CODES`).

    ``amount_pln``: the base edition's zł by priority (``{"P1": [...16], "P3": [...16]}``); ``grants``: its
    number of grants, the same way; ``eligible_population``: persons (the map's figure);
    ``white_spot_population`` / ``inside_population``: residents of the base edition's white-spot gminas
    and of all gminas inside the programme (persons, GUS 2025); ``white_spot_gminas``: their number.
    """

    edition: int
    amount_pln: Mapping[str, Sequence[float]]
    grants: Mapping[str, Sequence[int]]
    eligible_population: Sequence[int]
    white_spot_population: Sequence[int]
    inside_population: Sequence[int]
    white_spot_gminas: Sequence[int]
    #: The voivodeships' TERYT codes, in order (all 16; fewer in a worked example).
    codes: tuple[str, ...] = TERYT_CODES

    def scope_amount_pln(self, scope: str) -> list[float]:
        """zł of the base edition in ``scope`` per voivodeship."""
        keys = list(self.amount_pln) if scope == "all" else [scope]
        return [sum(float(self.amount_pln[k][i]) for k in keys if k in self.amount_pln) for i in range(len(self.codes))]

    def scope_grants(self, scope: str) -> int:
        keys = list(self.grants) if scope == "all" else [scope]
        return int(sum(sum(self.grants[k]) for k in keys if k in self.grants))

    def envelope_shares_pct(self) -> dict[str, float]:
        """The base edition's split of its money among the envelopes, per cent (0 for a priority
        with no grant; all zero when the base edition has no money)."""
        totals = {k: sum(float(v) for v in self.amount_pln.get(k, ())) for k in ENVELOPES}
        whole = sum(totals.values())
        return {k: (100.0 * v / whole if whole > 0 else 0.0) for k, v in totals.items()}


def split_grosze(total: int, weights: Sequence[float | int | Fraction]) -> list[int]:
    """``total`` grosze split in proportion to ``weights`` by the largest remainder: each gets the
    whole part of its exact share, and the grosze left go one each to the largest remainders (ties:
    the earlier position, i.e. TERYT order). Sums to ``total`` exactly; never negative. All weights
    zero: equal weights."""
    if total < 0:
        raise ValueError("a negative total")
    exact = [Fraction(w) if not isinstance(w, float) else Fraction(w).limit_denominator(10**12) for w in weights]
    if any(w < 0 for w in exact):
        raise ValueError("a negative weight")
    whole = sum(exact)
    if whole == 0:
        exact, whole = [Fraction(1)] * len(exact), Fraction(len(exact))
    shares = [total * w / whole for w in exact]
    parts = [math.floor(s) for s in shares]
    left = total - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: (-(shares[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def envelopes(budget_grosze: int, shares_pct: Mapping[str, float]) -> dict[str, int]:
    """The budget cut into the priority envelopes (grosze) in proportion to ``shares_pct``."""
    parts = split_grosze(budget_grosze, [shares_pct.get(k, 0.0) for k in ENVELOPES])
    return dict(zip(ENVELOPES, parts))


def rule_weights(rule: Rule, base: PlanBase, scope: str) -> list[Fraction]:
    """The weights of a proportional rule (not ``floor``, whose floor comes first)."""
    eligible = [Fraction(int(p)) for p in base.eligible_population]
    if rule.code == "as_before":
        before = [Fraction(v).limit_denominator(100) for v in base.scope_amount_pln(scope)]
        return before if sum(before) > 0 else eligible
    if rule.code in ("eligible", "floor"):
        return eligible
    if rule.code == "gaps":
        weight = Fraction(rule.weight).limit_denominator(1000)
        out = []
        for e, spots, inside in zip(eligible, base.white_spot_population, base.inside_population):
            share = Fraction(int(spots), int(inside)) if int(inside) > 0 else Fraction(0)
            out.append(e * (1 + (weight - 1) * share))
        return out
    raise ValueError(f"unknown rule {rule.code!r}")


def _rule_amounts(total: int, rule: Rule, base: PlanBase, scope: str) -> list[int]:
    if rule.code == "floor":
        floor = int(rule.floor_pln) * GROSZE
        if floor < 0:
            raise PlanError("plan_floor_negative")
        count = len(base.codes)
        if floor * count > total:
            raise PlanError("plan_floor_too_high", floor=rule.floor_pln, most=total // GROSZE // count)
        rest = split_grosze(total - floor * count, rule_weights(rule, base, scope))
        return [floor + r for r in rest]
    return split_grosze(total, rule_weights(rule, base, scope))


def guard_minimum(total: int, base: PlanBase, scope: str, max_cut_pct: int) -> list[int]:
    """The least each voivodeship may get under the guard (grosze): its base share of ``total`` less
    ``max_cut_pct`` per cent of it, rounded down (exact integer arithmetic)."""
    before = [Fraction(v).limit_denominator(100) for v in base.scope_amount_pln(scope)]
    whole = sum(before)
    if whole == 0:
        return [0] * len(before)
    return [math.floor(total * b * (100 - max_cut_pct) / (whole * 100)) for b in before]


def _guarded(total: int, amounts: list[int], minimum: list[int]) -> tuple[list[int], tuple[int, ...]]:
    """``amounts`` with every voivodeship below its ``minimum`` raised to it, the rest paid by the
    others in proportion to their amounts; returns the amounts and the positions raised."""
    bound: set[int] = set()
    while True:
        rest = total - sum(minimum[i] for i in bound)
        free = [i for i in range(len(amounts)) if i not in bound]
        parts = split_grosze(rest, [amounts[i] for i in free])
        out = list(minimum)
        for i, part in zip(free, parts):
            out[i] = part
        newly = {i for i in free if out[i] < minimum[i]}
        if not newly:
            return out, tuple(sorted(bound))
        bound |= newly


@dataclass(frozen=True)
class Scenario:
    """One rule applied: the amounts (grosze, TERYT order) and the regions the guard raised."""

    rule: Rule
    amounts_grosze: tuple[int, ...]
    guard_bound: tuple[str, ...] = field(default_factory=tuple)


def allocate(total_grosze: int, base: PlanBase, scope: str, rule: Rule) -> Scenario:
    """Split ``total_grosze`` among the 16 voivodeships by ``rule``; raises :class:`PlanError` when the
    rule cannot be paid (a floor above the budget)."""
    if rule.code not in RULES:
        raise ValueError(f"unknown rule {rule.code!r}")
    amounts = _rule_amounts(total_grosze, rule, base, scope)
    bound: tuple[str, ...] = ()
    if rule.max_cut_pct is not None:
        amounts, raised = _guarded(total_grosze, amounts, guard_minimum(total_grosze, base, scope, rule.max_cut_pct))
        bound = tuple(base.codes[i] for i in raised)
    return Scenario(rule, tuple(amounts), bound)


def average_grant_pln(base: PlanBase, scope: str) -> float:
    """The base edition's average grant in ``scope`` (zł); NaN without grants."""
    count = base.scope_grants(scope)
    return sum(base.scope_amount_pln(scope)) / count if count else float("nan")


def plan_table(base: PlanBase, scope: str, scenario: Scenario) -> pd.DataFrame:
    """One row per voivodeship (TERYT order), the columns :data:`PLAN_COLUMNS`: zł before (base edition,
    scope) and in the scenario, the change (zł, %), zł per eligible resident before and after, the
    estimated number of grants (scenario zł ÷ the base edition's average grant in the scope, rounded
    down; NaN without one), the base edition's white-spot gminas, the shares of the money (per cent)
    and their change (percentage points)."""
    before = np.array(base.scope_amount_pln(scope), dtype="float64")
    after = np.array(scenario.amounts_grosze, dtype="float64") / GROSZE
    eligible = np.array(base.eligible_population, dtype="float64")
    positive = np.where(eligible > 0, eligible, np.nan)
    average = average_grant_pln(base, scope)
    table = pd.DataFrame({
        "teryt": list(base.codes),
        "voivodeship": [name_of(t) for t in base.codes],
        "base_amount_pln": before,
        "scenario_amount_pln": after,
        "change_pln": after - before,
        "change_pct": np.where(before > 0, 100.0 * (after - before) / np.where(before > 0, before, 1), np.nan),
        "eligible_population": eligible.astype("int64"),
        "base_per_eligible_pln": before / positive,
        "scenario_per_eligible_pln": after / positive,
        "estimated_grants": (np.floor(after / average) if average == average and average > 0
                             else np.full(len(after), np.nan)),
        "white_spot_gminas": np.array(base.white_spot_gminas, dtype="int64"),
        "base_share_pct": 100.0 * before / before.sum() if before.sum() > 0 else np.full(len(before), np.nan),
        "scenario_share_pct": 100.0 * after / after.sum() if after.sum() > 0 else np.full(len(after), np.nan),
    }, index=pd.Index(list(base.codes)))
    table["share_change_pp"] = table["scenario_share_pct"] - table["base_share_pct"]
    table["estimated_grants"] = table["estimated_grants"].astype("Int64")
    return table[list(PLAN_COLUMNS)]


@dataclass(frozen=True)
class Spread:
    """How unequal zł per eligible resident is among the voivodeships: the largest over the smallest
    (``ratio``), the coefficient of variation (population standard deviation / mean, ``cv``), and
    the smallest and largest values (zł per person)."""

    low: float
    high: float
    ratio: float
    cv: float


def spread(per_eligible: pd.Series) -> Spread:
    values = per_eligible.dropna().astype("float64").to_numpy()
    if values.size == 0:
        return Spread(float("nan"), float("nan"), float("nan"), float("nan"))
    low, high, mean = float(values.min()), float(values.max()), float(values.mean())
    return Spread(low, high, high / low if low > 0 else float("inf"), float(values.std()) / mean if mean > 0 else float("nan"))


@dataclass(frozen=True)
class Extremes:
    """Who fares best and worst in a scenario (by the change of zł, per cent), ties named as ties."""

    best: tuple[str, ...]
    best_pct: float
    worst: tuple[str, ...]
    worst_pct: float


def extremes(table: pd.DataFrame) -> Extremes | None:
    """The voivodeships with the largest and smallest change (per cent, one decimal as shown); None when
    nothing can be compared (no base money) or all changed alike."""
    change = table["change_pct"].dropna().round(1)
    if change.empty or change.max() == change.min():
        return None
    best, worst = change.max(), change.min()
    return Extremes(tuple(table.loc[change.index[change == best], "voivodeship"]), float(best),
                    tuple(table.loc[change.index[change == worst], "voivodeship"]), float(worst))


def plan_base(edition: int, by_priority: Mapping[str, pd.DataFrame], gmina_table: pd.DataFrame) -> PlanBase:
    """A :class:`PlanBase` from the base edition's per-voivodeship summaries by priority
    (:func:`mms_core.analysis.aggregates.summary_from_aggregate` of that edition and priority, all
    organisation types; each carries the map's ``eligible_population``) and its gmina summary
    (:func:`mms_core.analysis.units_summary.summarise` at the gmina level, all priorities): white-spot
    gminas are those inside the programme with no grant."""
    codes = list(TERYT_CODES)
    any_summary = next(iter(by_priority.values()))
    gminas = gmina_table.assign(_region=[str(code)[:2] for code in gmina_table.index])
    inside = gminas[in_programme(gminas)]
    spots = gminas[is_white_spot(gminas)]
    population = pd.to_numeric(inside["population"], errors="coerce").fillna(0)
    spot_population = pd.to_numeric(spots["population"], errors="coerce").fillna(0)
    return PlanBase(
        edition=int(edition),
        amount_pln={p: [float(v) for v in s["amount_pln"].reindex(codes).fillna(0)] for p, s in by_priority.items()},
        grants={p: [int(v) for v in s["grants"].reindex(codes).fillna(0)] for p, s in by_priority.items()},
        eligible_population=[int(v) for v in any_summary["eligible_population"].reindex(codes)],
        white_spot_population=[int(v) for v in spot_population.groupby(spots["_region"]).sum().reindex(codes).fillna(0)],
        inside_population=[int(v) for v in population.groupby(inside["_region"]).sum().reindex(codes).fillna(0)],
        white_spot_gminas=[int(v) for v in spots.groupby("_region").size().reindex(codes).fillna(0)],
    )
