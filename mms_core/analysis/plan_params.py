"""The planner's address (``/plan?budget=35000000&base=2025&rule=floor&floor=750000&…``): each parameter
declared once — its name, how it is read, how it is written, its default — and read by
:func:`parse_plan_params`, which never fails: a value not understood is reported (:class:`PlanProblem`, with
the default used instead) and the default taken, so a mistyped link still opens a sensible plan.

Parameters: ``budget`` (zł, at most two decimals), ``base`` (edition), ``scope`` (``all|P1|P3``),
``p1``/``p2``/``p3`` (envelope shares, per cent, summing to 100; all three or none), and per scenario —
A without a suffix, B with ``_b`` — ``rule`` (``as_before|eligible|floor|gaps``, B also ``none``),
``floor`` (zł), ``weight`` (1–10) and ``max_cut`` (per cent, 0–100; empty: no guard).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from mms_core.analysis.param import Param, choice, single
from mms_core.analysis.planner import ENVELOPES, MAX_BUDGET_PLN, MAX_WEIGHT, MIN_WEIGHT, RULES, SCOPES, Rule
from mms_core.facts.budget import NEXT_EDITION_ASSUMPTION
from mms_core.text.escaping import visible
from mms_core.text.i18n import t

DEFAULT_BUDGET_PLN = Decimal(NEXT_EDITION_ASSUMPTION.amount_pln)
NO_SCENARIO = "none"
_AMOUNT = re.compile(r"\d{1,3}(?:[ \u00a0_]?\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?")


def parse_amount(value: str) -> Decimal:
    """zł written as digits (spaces between thousands allowed, up to 2 decimals after ``.`` or ``,``);
    ValueError for anything else (signs, exponents, ``nan``)."""
    text = value.strip()
    if not _AMOUNT.fullmatch(text):
        raise ValueError(value)
    return Decimal(re.sub(r"[ \u00a0_]", "", text).replace(",", "."))


def format_amount(value: Decimal) -> str:
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else f"{value:.2f}"


def parse_budget(value: str) -> Decimal:
    """A budget in zł: above zero, at most :data:`MAX_BUDGET_PLN`; ValueError otherwise."""
    amount = parse_amount(value)
    if not 0 < amount <= MAX_BUDGET_PLN:
        raise ValueError(value)
    return amount


def _floor(value: str) -> int:
    amount = parse_amount(value)
    if amount != amount.to_integral_value():
        raise ValueError(value)
    return int(amount)


def _number(low: float, high: float) -> Callable[[str], float]:
    def parse(value: str) -> float:
        try:
            number = Decimal(value.strip().replace(",", "."))
        except InvalidOperation as error:
            raise ValueError(value) from error
        if not number.is_finite() or not low <= number <= high:
            raise ValueError(value)
        return float(number)
    return parse


def _percent_int(value: str) -> int | None:
    if value.strip() == "":
        return None
    number = _number(0, 100)(value)
    if number != int(number):
        raise ValueError(value)
    return int(number)


def _text_number(value: float) -> str:
    return str(int(value)) if float(value) == int(value) else str(value)


def _scenario_params(suffix: str, default_rule: str, rules: tuple[str, ...]) -> tuple[Param, ...]:
    return (
        Param(f"rule{suffix}", choice(rules), str, default_rule),
        Param(f"floor{suffix}", _floor, str, 500_000),
        Param(f"weight{suffix}", _number(MIN_WEIGHT, MAX_WEIGHT), _text_number, 2.0),
        Param(f"max_cut{suffix}", _percent_int, lambda v: "" if v is None else str(v), None),
    )


#: Every parameter of the planner, declared once (:class:`~mms_core.analysis.param.Param`; the warnings are the
#: planner's own, :class:`PlanProblem`, which also says the value used). ``base`` has no fixed default (the latest edition
#: with grants), nor the shares (the base edition's): their default is given to the parser.
PLAN_PARAMS: tuple[Param, ...] = (
    Param("budget", parse_budget, format_amount, DEFAULT_BUDGET_PLN),
    Param("base", int, str, None),
    Param("scope", choice(SCOPES), str, "all"),
    *(Param(k.lower(), _number(0, 100), _text_number, None) for k in ENVELOPES),
    *_scenario_params("", "as_before", RULES),
    *_scenario_params("_b", "eligible", (*RULES, NO_SCENARIO)),
)
PARAM_BY_NAME: dict[str, Param] = {p.name: p for p in PLAN_PARAMS}


@dataclass(frozen=True)
class PlanRequest:
    """A plan as the address asks for it: budget (zł), base edition, scope, envelope shares (per cent,
    None: the base edition's), scenario A's rule and scenario B's (None: no second scenario)."""

    budget_pln: Decimal
    base: int
    scope: str
    shares_pct: dict[str, float] | None
    rule_a: Rule
    rule_b: Rule | None

    @property
    def budget_grosze(self) -> int:
        return int(self.budget_pln * 100)


@dataclass(frozen=True)
class PlanProblem:
    """A parameter whose value was not understood and the value used instead (both as text)."""

    name: str
    value: str
    used: str
    used_key: str | None = None  # the catalogue key of ``used`` when it is words, not a value

    def text(self, lang: str = "pl", escape: Callable[[str], str] = str) -> str:
        used = t(self.used_key, lang) if self.used_key else self.used
        return t("plan_bad_param", lang, name=escape(visible(self.name, 40)), value=escape(visible(self.value)),
                 used=escape(visible(used)))


def parse_plan_params(params: Mapping[str, str | list[str]], editions: Iterable[int], default_base: int
                      ) -> tuple[PlanRequest, list[PlanProblem]]:
    """The :class:`PlanRequest` of ``params``; ``editions`` are the editions with grants (``base`` must
    be one), ``default_base`` the one used without a (valid) ``base``. Never raises."""
    problems: list[PlanProblem] = []
    values: dict[str, Any] = {}
    editions = {int(e) for e in editions}
    for param in PLAN_PARAMS:
        default = default_base if param.name == "base" else param.default
        raw = single(params.get(param.name))
        values[param.name] = default
        if raw is None:
            continue
        try:
            value = param.parse(raw)
            if param.name == "base" and value not in editions:
                raise ValueError(raw)
            values[param.name] = value
        except (ValueError, ArithmeticError):
            used = "—" if default is None else param.format(default)
            problems.append(PlanProblem(param.name, raw, used))
    shares = {k: values[k.lower()] for k in ENVELOPES}
    given = [v for v in shares.values() if v is not None]
    if not given:
        chosen_shares = None
    elif len(given) == len(ENVELOPES) and abs(sum(given) - 100) < 1e-6:
        chosen_shares = shares
    else:
        raw = "+".join("?" if v is None else _text_number(v) for v in shares.values())
        problems.append(PlanProblem("p1+p2+p3", raw, "", "plan_shares_default"))
        chosen_shares = None

    def rule(suffix: str) -> Rule | None:
        if values[f"rule{suffix}"] == NO_SCENARIO:
            return None
        return Rule(values[f"rule{suffix}"], values[f"floor{suffix}"], values[f"weight{suffix}"],
                    values[f"max_cut{suffix}"])

    request = PlanRequest(values["budget"], values["base"], values["scope"], chosen_shares, rule(""), rule("_b"))
    return request, problems


def to_plan_params(request: PlanRequest) -> dict[str, str]:
    """The address that reproduces ``request`` (only what differs from the defaults, but ``budget`` and
    ``base``, which a reader of the link should always see)."""
    out = {"budget": format_amount(request.budget_pln), "base": str(request.base)}
    if request.scope != "all":
        out["scope"] = request.scope
    if request.shares_pct is not None:
        out |= {k.lower(): _text_number(v) for k, v in request.shares_pct.items()}
    for suffix, rule, default_rule in (("", request.rule_a, "as_before"), ("_b", request.rule_b, "eligible")):
        if rule is None:
            out[f"rule{suffix}"] = NO_SCENARIO
            continue
        if rule.code != default_rule:
            out[f"rule{suffix}"] = rule.code
        if rule.code == "floor":
            out[f"floor{suffix}"] = str(rule.floor_pln)
        if rule.code == "gaps":
            out[f"weight{suffix}"] = _text_number(rule.weight)
        if rule.max_cut_pct is not None:
            out[f"max_cut{suffix}"] = str(rule.max_cut_pct)
    return out

