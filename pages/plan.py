"""Planning the next edition (``/plan``): split a budget among the voivodeships by a rule, two scenarios
side by side, the change as a table, a map and a chart, and the files to take to a meeting. The logic
is the core's (:mod:`mms_core.analysis.planner`); this page lays out the controls and the results."""

from __future__ import annotations

import runpy
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from mms_core.analysis.measures import SHARE_CHANGE_PP
from mms_core.analysis.planner import GROSZE, PlanError, allocate, average_grant_pln, envelopes, plan_table
from mms_core.maps.legend import legend_rows
from mms_core.maps.plan_map import plan_classes, plan_layer
from mms_core.present import charts
from mms_core.present.map_export import map_png
from mms_core.present.plan_exports import plan_csv, plan_ods, plan_xlsx
from mms_core.present.plan_text import (
    assumption_markdown,
    assumptions,
    plan_caption,
    plan_sentence,
    plan_step_view,
    rule_label,
    rule_of,
    spread_sentence,
)
from mms_core.present.slides import MAP_PX, PlanSlide, build_plan_deck
from mms_core.present.table_exports import origin_note
from mms_core.text.formatting import fmt_metric, fmt_number, fmt_pln
from mms_core.text.i18n import t
from mms_ui import cached
from mms_ui.charts_ui import show_chart
from mms_ui.context import PageContext
from mms_ui.map_frame import draw_map, uncached
from mms_ui.maps import show_legend, skip_link, table_anchor
from mms_ui.params import address
from mms_ui.plan_ui import plan_controls
from mms_ui.tables import show_table


def plan_page(ctx: PageContext) -> None:
    """The page, drawn with the context the entry point made for this run."""
    lang, ref = ctx.lang, ctx.reference

    st.title(t("plan_title", lang))
    st.markdown(t("plan_intro", lang))
    st.info(assumption_markdown(lang), icon=":material/info:")

    if not ref.editions:
        st.warning(t("plan_no_base", lang))
        st.stop()

    chosen = plan_controls(ref.editions, ref.editions[-1],
                           lambda edition: cached.plan_base(ctx.source, edition).envelope_shares_pct(), lang)
    request = chosen.request
    if chosen.problems:
        st.warning("\n\n".join(chosen.problems), icon=":material/warning:")
    base = cached.plan_base(ctx.source, request.base)
    origin = ref.provenance.origin(request.base)
    if origin.kind != "official":
        st.caption(t("plan_sample_note", lang))

    shares = request.shares_pct or base.envelope_shares_pct()
    pots = envelopes(request.budget_grosze, shares)
    to_split = request.budget_grosze if request.scope == "all" else pots[request.scope]
    st.markdown(t("plan_envelopes", lang, envelopes=", ".join(f"{k} {fmt_pln(v / GROSZE)}" for k, v in pots.items()),
                  split=fmt_pln(to_split / GROSZE), scope=t(f"plan_scope.{request.scope}", lang)))

    tables: dict[str, pd.DataFrame] = {}
    for name, rule in (("A", request.rule_a), ("B", request.rule_b)):
        if rule is None:
            continue
        try:
            scenario = allocate(to_split, base, request.scope, rule)
        except PlanError as error:
            values = {k: fmt_pln(v) for k, v in error.values.items()}
            st.error(f"**{t('plan_scenario', lang, name=name)}:** {t(error.key, lang, **values)}", icon=":material/error:")
            continue
        table = plan_table(base, request.scope, scenario)
        tables[name] = table
        st.markdown(f"**{t('plan_scenario', lang, name=name)}** – {plan_sentence(table, rule, lang)}")
        st.caption(spread_sentence(table, lang))
        if rule.max_cut_pct is not None:
            bound = [table.loc[code, "voivodeship"] for code in scenario.guard_bound]
            st.caption(t("plan_guard_binds", lang, max_cut=rule.max_cut_pct, regions=", ".join(bound)) if bound
                       else t("plan_guard_idle", lang, max_cut=rule.max_cut_pct))

    if not tables:
        st.stop()

    def _shown(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
        """The table for people: formatted texts, a total row last."""
        first = next(iter(tables.values()))
        shown = {t("plan_col.voivodeship", lang): [*first["voivodeship"], t("plan_total", lang)],
                 t("plan_col.base", lang, base=request.base): [fmt_pln(v) for v in
                                                                 [*first["base_amount_pln"], first["base_amount_pln"].sum()]]}
        for name, table in tables.items():
            total_before, total_after = table["base_amount_pln"].sum(), table["scenario_amount_pln"].sum()
            change = [*table["change_pct"], 100 * (total_after - total_before) / total_before if total_before else float("nan")]
            shown[t("plan_col.scenario", lang, name=name)] = [fmt_pln(v, 2) for v in [*table["scenario_amount_pln"], total_after]]
            shown[t("plan_col.change", lang, name=name)] = [fmt_metric(v, "percent", 1, "—", lang) for v in change]
        shown[t("plan_col.per_eligible_base", lang, base=request.base)] = [
            *(fmt_metric(v, "pln_per_person", 2, "—", lang) for v in first["base_per_eligible_pln"]), ""]
        for name, table in tables.items():
            shown[t("plan_col.per_eligible", lang, name=name)] = [
                *(fmt_metric(v, "pln_per_person", 2, "—", lang) for v in table["scenario_per_eligible_pln"]), ""]
            estimated = table["estimated_grants"]
            shown[t("plan_col.estimated", lang, name=name)] = [
                *("—" if pd.isna(v) else fmt_number(int(v)) for v in estimated),
                "—" if estimated.isna().all() else fmt_number(int(estimated.sum()))]
        shown[t("plan_col.white_spots", lang, base=request.base)] = [
            *(fmt_number(int(v)) for v in first["white_spot_gminas"]), fmt_number(int(first["white_spot_gminas"].sum()))]
        return pd.DataFrame(shown)

    st.header(t("plan_table", lang))
    table_anchor("mms-plan-table")
    show_table(_shown(tables), t("plan_table", lang))
    st.caption(t("plan_estimate_note", lang, average=fmt_pln(average_grant_pln(base, request.scope))))

    exported_at = datetime.now(ZoneInfo("Europe/Warsaw"))
    table_a, table_b = tables.get("A", next(iter(tables.values()))), tables.get("B") if "A" in tables else None
    link = "/plan?" + urlencode(address())
    info = assumptions(request, shares, pots, origin_note(origin.kind, lang) or t("plan_info.official", lang),
                       exported_at.strftime("%d.%m.%Y %H:%M"), link, lang)
    stem = f"{t('file.plan', lang)}_{request.base}_{exported_at:%Y%m%d_%H%M}"
    first_row, second_row = st.columns(2), st.columns(2)  # two by two: four in a row cut the labels
    left, middle, right, last = *first_row, *second_row
    left.download_button(t("plan_download_csv", lang), lambda: plan_csv(table_a, table_b), file_name=f"{stem}.csv",
                         mime="text/csv", key="plan_csv", width="stretch", on_click="ignore")
    middle.download_button(t("plan_download_csv_excel", lang), lambda: plan_csv(table_a, table_b, excel_pl=True),
                           file_name=f"{stem}_excel.csv", mime="text/csv", key="plan_csv_excel", width="stretch",
                           help=t("csv_excel_help", lang), on_click="ignore")
    right.download_button(t("plan_download_xlsx", lang), lambda: plan_xlsx(table_a, table_b, info, lang),
                          file_name=f"{stem}.xlsx", key="plan_xlsx", width="stretch", on_click="ignore",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    last.download_button(t("plan_download_ods", lang), lambda: plan_ods(table_a, table_b, info, lang),
                         file_name=f"{stem}.ods", key="plan_ods", width="stretch", on_click="ignore",
                         mime="application/vnd.oasis.opendocument.spreadsheet", help=t("download_ods_help", lang))

    map_column, chart_column = st.columns([1, 1])
    with map_column:
        name = next(iter(tables)) if len(tables) == 1 else st.radio(t("plan_map_choose", lang), list(tables),
                                                                     key="plan_map_scenario", horizontal=True,
                                                                     format_func=lambda n: t("plan_scenario", lang, name=n))
        st.subheader(t("plan_map", lang, name=name))
        classes = plan_classes(tables[name])
        skip_link("mms-plan-table", lang)
        draw_map("plan_map", 520, uncached([plan_layer(tables[name], classes, lang)]))
        show_legend(classes, SHARE_CHANGE_PP, t("diverging_scheme", lang), lang, hide_empty=True)
        st.caption(t("plan_map_note", lang))
        plan_step = plan_step_view(request, tables[name], name, lang)
        caption = plan_caption(request, origin.kind, exported_at, lang)
        slide_left, slide_right = st.columns(2)
        slide_left.download_button(
            t("plan_download_png", lang), lambda: map_png(ref.geojson, classes, SHARE_CHANGE_PP, ref.conferences, caption,
                                                         lang, view=plan_step),
            file_name=f"{stem}_{name}_16x9.png", mime="image/png", key="plan_png", width="stretch", on_click="ignore",
            icon=":material/image:")
        slide_right.download_button(
            t("plan_download_pptx", lang), lambda: build_plan_deck(PlanSlide(
                map_png(ref.geojson, classes, SHARE_CHANGE_PP, ref.conferences, caption, lang, MAP_PX, map_only=True),
                plan_step.title, plan_step.lines, plan_step.figures, plan_sentence(tables[name], rule_of(request, name), lang),
                t("metric.share_change_pp", lang), tuple(legend_rows(classes, SHARE_CHANGE_PP, lang, hide_empty=True)),
                caption, lang)),
            file_name=f"{stem}_{name}.pptx", key="plan_pptx", width="stretch", on_click="ignore", icon=":material/slideshow:",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
    with chart_column:
        show_chart(charts.plan_bar(table_a if "A" in tables else next(iter(tables.values())), tables, request.base, lang),
                   "chart_plan", lang)
    rules = "; ".join(f"{n}: {rule_label(r, lang)}" for n, r in (("A", request.rule_a), ("B", request.rule_b)) if r)
    st.caption(rules)


if __name__ == "__main__":  # run as a script by Streamlit's legacy discovery of pages/: see pages/__init__.py
    runpy.run_path(str(Path(__file__).parents[1] / "dashboard.py"))
