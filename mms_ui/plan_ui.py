"""The planner's controls, kept in step with the address (:mod:`mms_core.analysis.plan_params`): a link
sets the widgets, the widgets write the address. Every value is read and checked by the core; a value not
understood is said in Polish and the default used."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import streamlit as st

from mms_core.analysis.plan_params import (
    DEFAULT_BUDGET_PLN,
    NO_SCENARIO,
    PLAN_PARAMS,
    PlanRequest,
    format_amount,
    parse_budget,
    parse_plan_params,
    to_plan_params,
)
from mms_core.analysis.planner import ENVELOPES, MAX_BUDGET_PLN, MAX_WEIGHT, MIN_WEIGHT, RULES, SCOPES, Rule
from mms_core.present.plan_text import rule_explanation
from mms_core.text.escaping import safe_markdown, visible
from mms_core.text.formatting import fmt_pln
from mms_core.text.i18n import t

from .params import url_values, write_url_values

_SEEN, _REQUEST, _PROBLEMS = "_plan_seen_url", "_plan_request", "_plan_problems"


@dataclass(frozen=True)
class PlanInput:
    """What the controls ask for, and the problems to say (bad address values, a budget not understood)."""

    request: PlanRequest
    problems: tuple[str, ...]


def _grouped(amount: Decimal) -> str:
    """„35 000 000” or „35 000 000,50”: the budget as a Polish reader types it (read back by the core)."""
    whole, _, grosze = format_amount(amount).partition(".")
    return f"{int(whole):,}".replace(",", " ") + (f",{grosze}" if grosze else "")


def _widget_values(request: PlanRequest) -> dict[str, object]:
    values: dict[str, object] = {
        "plan_budget": _grouped(request.budget_pln),
        "plan_base": request.base,
        "plan_scope": request.scope,
        "plan_own_shares": request.shares_pct is not None,
    }
    for k in ENVELOPES:
        values[f"plan_{k.lower()}"] = float((request.shares_pct or {}).get(k, 0.0))
    for suffix, rule in (("a", request.rule_a), ("b", request.rule_b)):
        shown = rule or Rule("eligible")
        values |= {f"plan_rule_{suffix}": NO_SCENARIO if rule is None else rule.code,
                   f"plan_floor_{suffix}": int(shown.floor_pln), f"plan_weight_{suffix}": float(shown.weight),
                   f"plan_guard_{suffix}": shown.max_cut_pct is not None,
                   f"plan_max_cut_{suffix}": int(shown.max_cut_pct if shown.max_cut_pct is not None else 10)}
    return values


def _take_address(editions: tuple[int, ...], default_base: int, lang: str) -> None:
    """A new address (a link, the first visit): its values into the widgets, its problems kept to say."""
    values = url_values(PLAN_PARAMS)
    if values == st.session_state.get(_SEEN) and _REQUEST in st.session_state:
        return
    request, problems = parse_plan_params(values, editions, default_base)
    for key, value in _widget_values(request).items():
        st.session_state[key] = value
    st.session_state[_REQUEST] = request
    # said until the user changes something (the address written after this run is their mark)
    st.session_state[_PROBLEMS] = (None, tuple(p.text(lang, safe_markdown) for p in problems))


def _rule_controls(suffix: str, name: str, lang: str) -> Rule | None:
    st.subheader(t("plan_scenario", lang, name=name))
    options = RULES if suffix == "a" else (*RULES, NO_SCENARIO)
    code = st.selectbox(t("plan_rule", lang), options, key=f"plan_rule_{suffix}",
                        format_func=lambda c: t(f"plan_rule.{c}", lang))
    if code == NO_SCENARIO:
        return None
    floor, weight, max_cut = 0, 2.0, None
    if code == "floor":
        floor = int(st.number_input(t("plan_floor", lang), min_value=0, max_value=MAX_BUDGET_PLN, step=50_000,
                                    key=f"plan_floor_{suffix}"))
    if code == "gaps":
        weight = float(st.slider(t("plan_weight", lang), min_value=MIN_WEIGHT, max_value=MAX_WEIGHT, step=0.5,
                                 key=f"plan_weight_{suffix}"))
    rule = Rule(code, floor, weight, None)
    st.caption(rule_explanation(rule, lang))
    if st.checkbox(t("plan_guard", lang), key=f"plan_guard_{suffix}", help=t("plan_guard_help", lang)):
        max_cut = int(st.number_input(t("plan_max_cut", lang), min_value=0, max_value=100, step=5,
                                      key=f"plan_max_cut_{suffix}"))
    return Rule(code, floor, weight, max_cut)


def plan_controls(editions: tuple[int, ...], default_base: int, shares_of: Callable[[int], dict[str, float]],
                  lang: str) -> PlanInput:
    """Draw the planner's controls; return the plan they ask for (and write it into the address).
    ``shares_of(edition)``: that edition's priority shares (per cent), the default envelope split."""
    _take_address(editions, default_base, lang)
    last: PlanRequest = st.session_state[_REQUEST]
    for key, value in _widget_values(last).items():  # a control hidden in the last run lost its state
        st.session_state.setdefault(key, value)
    problems: list[str] = []

    top = st.columns([2, 1, 2])
    budget_text = top[0].text_input(t("plan_budget", lang), key="plan_budget", help=t("plan_budget_help", lang),
                                    max_chars=40)
    try:
        budget = parse_budget(budget_text)
    except ValueError:
        budget = DEFAULT_BUDGET_PLN
        problems.append(t("plan_budget_bad", lang, value=safe_markdown(visible(budget_text)), used=fmt_pln(budget)))
    top[0].caption(t("plan_budget_is", lang, amount=fmt_pln(float(budget), 0 if budget == int(budget) else 2)))
    base = top[1].selectbox(t("plan_base", lang), list(reversed(editions)), key="plan_base")
    scope = top[2].radio(t("plan_scope", lang), SCOPES, key="plan_scope", format_func=lambda s: t(f"plan_scope.{s}", lang))

    base_shares = shares_of(int(base))
    shares = None
    with st.expander(t("plan_shares", lang)):
        own = st.checkbox(t("plan_shares_own", lang), key="plan_own_shares")
        columns = st.columns(len(ENVELOPES))
        given = {}
        for column, k in zip(columns, ENVELOPES):
            if f"plan_{k.lower()}" not in st.session_state or not own:
                st.session_state[f"plan_{k.lower()}"] = round(float(base_shares.get(k, 0.0)), 2)
            given[k] = column.number_input(t("plan_share", lang, priority=k), min_value=0.0, max_value=100.0, step=1.0,
                                           format="%.2f", key=f"plan_{k.lower()}", disabled=not own)
        if own:
            total = sum(given.values())
            if abs(total - 100) < 1e-6:
                shares = {k: float(v) for k, v in given.items()}
            else:
                problems.append(t("plan_shares_sum_bad", lang, total=f"{total:.2f}".replace(".", ",")))

    left, right = st.columns(2)
    with left:
        rule_a = _rule_controls("a", "A", lang)
    with right:
        rule_b = _rule_controls("b", "B", lang)

    request = PlanRequest(Decimal(budget), int(base), scope, shares, rule_a, rule_b)
    written = to_plan_params(request)
    mark, url_problems = st.session_state.get(_PROBLEMS, (None, ()))
    if mark is None:
        st.session_state[_PROBLEMS] = (written, url_problems)
    elif mark != written:  # the user changed something: the address's old problems are gone
        url_problems = ()
        st.session_state[_PROBLEMS] = (written, ())
    write_url_values(written, PLAN_PARAMS)
    st.session_state[_SEEN] = written
    st.session_state[_REQUEST] = request
    return PlanInput(request, (*url_problems, *problems))
