"""The planner's words: the plain-language sentence of a scenario, its spread, the rule's description
and the assumptions sheet. Numbers the Polish way in both languages."""

from __future__ import annotations

import math

import pandas as pd

from mms_core.analysis.plan_params import PlanRequest
from mms_core.analysis.planner import ENVELOPES, Rule, extremes, spread
from mms_core.facts.budget import NEXT_EDITION_ASSUMPTION, NEXT_EDITION_CONFLICT
from mms_core.present.map_export import MapCaption
from mms_core.present.tour import StepView
from mms_core.text.formatting import fmt_metric, fmt_number, fmt_pln
from mms_core.text.i18n import t


def _pct(value: float, lang: str) -> str:
    return fmt_metric(value, "percent", 1, lang=lang)


def _names(names: tuple[str, ...]) -> str:
    return " i ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " i " + names[-1]


def rule_label(rule: Rule, lang: str = "pl") -> str:
    """„równe minimum + uprawnieni mieszkańcy (minimum 500 000 zł na województwo; …)”."""
    details = []
    if rule.code == "floor":
        details.append(t("plan_rule_params.floor", lang, floor=fmt_pln(rule.floor_pln)))
    if rule.code == "gaps":
        details.append(t("plan_rule_params.gaps", lang, weight=fmt_number(rule.weight, 1 if rule.weight % 1 else 0)))
    if rule.max_cut_pct is not None:
        details.append(t("plan_rule_params.max_cut", lang, max_cut=rule.max_cut_pct))
    label = t(f"plan_rule.{rule.code}", lang)
    return f"{label} ({'; '.join(details)})" if details else label


def rule_explanation(rule: Rule, lang: str = "pl") -> str:
    """The rule in one plain sentence."""
    return t(f"plan_explain.{rule.code}", lang, weight=fmt_number(rule.weight, 1 if rule.weight % 1 else 0))


def _range(values: pd.Series, lang: str) -> str:
    s = spread(values)
    if math.isnan(s.low):
        return t("legend_no_data", lang)
    return t("plan_range", lang, low=fmt_number(s.low, 2), high=fmt_metric(s.high, "pln_per_person", 2, lang=lang))


def _sentence(text: str) -> str:
    """``text`` ended with one full stop (a unit such as „zł/os.” may end it already)."""
    return text if text.endswith(".") else text + "."


def plan_sentence(table: pd.DataFrame, rule: Rule, lang: str = "pl") -> str:
    """„Przy podziale … najwięcej zyskuje …, najwięcej traci …; rozpiętość zł na uprawnionego mieszkańca
    między województwami: z … do …” — ties named together; "najmniej traci" when nobody gains."""
    before, after = _range(table["base_per_eligible_pln"], lang), _range(table["scenario_per_eligible_pln"], lang)
    found = extremes(table)
    rule_text = t(f"plan_rule.{rule.code}", lang)
    if found is None:
        return _sentence(t("plan_sentence_even", lang, rule=rule_text, before=before, after=after))
    key = "plan_sentence" if found.best_pct > 0 else "plan_sentence_least"
    return _sentence(t(key, lang, rule=rule_text, best=_names(found.best), best_pct=_pct(found.best_pct, lang),
                       worst=_names(found.worst), worst_pct=_pct(found.worst_pct, lang), before=before, after=after))


def _ratio(value: float) -> str:
    return "—" if math.isnan(value) or math.isinf(value) else fmt_number(value, 2)


def spread_sentence(table: pd.DataFrame, lang: str = "pl") -> str:
    """The spread of zł per eligible resident before and after: max/min and the coefficient of variation."""
    before, after = spread(table["base_per_eligible_pln"]), spread(table["scenario_per_eligible_pln"])
    return t("plan_spread", lang, ratio_before=_ratio(before.ratio), cv_before=_ratio(before.cv),
             ratio_after=_ratio(after.ratio), cv_after=_ratio(after.cv))


def assumption_markdown(lang: str = "pl") -> str:
    """The default budget said as an assumption, with the quote's source and the conflicting report."""
    return t("plan_assumption", lang, budget=fmt_pln(NEXT_EDITION_ASSUMPTION.amount_pln),
             quote=NEXT_EDITION_ASSUMPTION.quote_en if lang == "en" else NEXT_EDITION_ASSUMPTION.quote, url=NEXT_EDITION_ASSUMPTION.source_url,
             conflict_url=NEXT_EDITION_CONFLICT.source_url)


def assumptions(request: PlanRequest, shares: dict[str, float], envelopes_grosze: dict[str, int],
                data_note: str, exported_at: str, link: str, lang: str = "pl") -> list[tuple[str, str]]:
    """Every assumption of a plan, for the XLSX's second sheet: (label, value)."""
    budget_source = (f"{t('plan_assumption_short', lang)} {NEXT_EDITION_ASSUMPTION.quote} – "
                     f"{NEXT_EDITION_ASSUMPTION.source_url}; {NEXT_EDITION_CONFLICT.quote} – {NEXT_EDITION_CONFLICT.source_url}"
                     if request.budget_pln == NEXT_EDITION_ASSUMPTION.amount_pln else t("plan_info.budget_given", lang))
    rows = [
        (t("plan_info.budget", lang), fmt_pln(float(request.budget_pln), 2)),
        (t("plan_info.budget_source", lang), budget_source),
        (t("plan_info.base", lang), str(request.base)),
        (t("plan_info.scope", lang), t(f"plan_scope.{request.scope}", lang)),
        (t("plan_info.shares", lang), ", ".join(f"{k} {fmt_number(shares[k], 2)}%" for k in ENVELOPES)
         + ("" if request.shares_pct is not None else f" ({t('plan_shares_default', lang)})")),
        (t("plan_info.envelopes", lang), ", ".join(f"{k} {fmt_pln(v / 100, 2)}" for k, v in envelopes_grosze.items())),
    ]
    for name, rule in (("A", request.rule_a), ("B", request.rule_b)):
        if rule is not None:
            rows.append((t("plan_info.rule", lang, name=name), f"{rule_label(rule, lang)} – {rule_explanation(rule, lang)}"))
    rows += [
        (t("plan_info.eligible", lang), t("plan_info.eligible_text", lang)),
        (t("plan_info.white_spots", lang), t("plan_info.white_spots_text", lang)),
        (t("plan_info.rounding", lang), t("plan_info.rounding_text", lang)),
        (t("plan_info.data", lang), data_note),
        (t("plan_info.exported", lang), exported_at),
        (t("plan_info.link", lang), link),
    ]
    return rows


def rule_of(request: PlanRequest, name: str) -> Rule:
    """Scenario ``name``'s rule ("A" or "B")."""
    return request.rule_a if name == "A" else request.rule_b


def plan_step_view(request: PlanRequest, table: pd.DataFrame, name: str, lang: str = "pl") -> StepView:
    """The plan as a step of the tour ("Plan na kolejną edycję"): its lines (budget, base edition, scope,
    rule) and four figures (the money split, the largest rise and fall of a share, zł per eligible resident
    from … to …), for the PNG slide and the PowerPoint slide."""
    rule = rule_of(request, name)
    lines = (t("plan_step_budget", lang, budget=fmt_pln(float(request.budget_pln)), base=request.base),
             t("plan_step_rule", lang, name=name, rule=rule_label(rule, lang)))
    change = table["share_change_pp"]
    figures = (
        (t("plan_fig_split", lang), fmt_pln(table["scenario_amount_pln"].sum())),
        (t("plan_fig_per_eligible", lang), _range(table["scenario_per_eligible_pln"], lang)),
        (t("plan_fig_most", lang, name=table.loc[change.idxmax(), "voivodeship"]),
         fmt_metric(change.max(), "pp", 2, "—", lang)),
        (t("plan_fig_least", lang, name=table.loc[change.idxmin(), "voivodeship"]),
         fmt_metric(change.min(), "pp", 2, "—", lang)),
    )
    return StepView(0, t("plan_step_title", lang), lines, figures, None, None)


def plan_caption(request: PlanRequest, origin_kind: str | None, when, lang: str = "pl") -> MapCaption:
    """The texts around the plan's exported map (no sidebar filters: the plan's own parameters)."""
    from mms_core.present.table_exports import origin_note
    from mms_core.text.formatting import fmt_datetime

    return MapCaption(
        title=t("app_title", lang), measure=t("metric.share_change_pp", lang), scheme=t("diverging_scheme", lang),
        filters=t("plan_step_budget", lang, budget=fmt_pln(float(request.budget_pln)), base=request.base),
        source=t("plan_source", lang), sample_note=origin_note(origin_kind, lang),
        date=t("export_date", lang, date=fmt_datetime(when)))
