"""The planner's map: the 16 voivodeships coloured by the change of their share of the money split
(percentage points, diverging classes around 0), with the plan's figures in the tooltips."""

from __future__ import annotations

import folium
import pandas as pd

from mms_core.analysis.measures import SHARE_CHANGE_PP
from mms_core.maps.classify import Classification, classify_diverging
from mms_core.maps.folium_map import MapLanguage, RegionLayer, region_styles, stable_ids, tooltip_table
from mms_core.text.formatting import fmt_metric, fmt_pln
from mms_core.text.i18n import t


def plan_classes(table: pd.DataFrame) -> Classification:
    """Diverging classes of the share change (the change map's palette: red falls, blue rises)."""
    return classify_diverging(table[SHARE_CHANGE_PP.column], 7)


def _pct(value: float, lang: str) -> str:
    return fmt_metric(value, "percent", 1, t("legend_no_data", lang), lang)


def plan_tooltips(table: pd.DataFrame, lang: str = "pl") -> dict[str, str]:
    """Each voivodeship's tooltip (escaped by :func:`tooltip_table`): base and scenario zł, change."""
    tips = {}
    for teryt, row in table.iterrows():
        tips[str(teryt)] = tooltip_table([
            (t("tip_region", lang), row["voivodeship"]),
            (t("tip_base_amount", lang), fmt_pln(row["base_amount_pln"])),
            (t("tip_scenario_amount", lang), fmt_pln(row["scenario_amount_pln"])),
            (t("tip_change", lang), _pct(row["change_pct"], lang)),
            (t("tip_share_change", lang), fmt_metric(row["share_change_pp"], "pp", 2, t("legend_no_data", lang), lang)),
        ])
    return tips


def plan_labels(table: pd.DataFrame, lang: str = "pl") -> dict[str, str]:
    """The accessible name of each shape: „lubelskie: zmiana udziału +0,35 p.p.”."""
    return {str(teryt): t("a11y_plan_region", lang, name=row["voivodeship"],
                          value=fmt_metric(row["share_change_pp"], "pp", 2, t("legend_no_data", lang), lang))
            for teryt, row in table.iterrows()}


def plan_layer(table: pd.DataFrame, classification: Classification, lang: str = "pl") -> folium.FeatureGroup:
    """The plan's choropleth as a layer for the constant base map (:func:`folium_map.base_map`)."""
    group = folium.FeatureGroup(name="plan", control=False)
    RegionLayer(region_styles(classification), plan_tooltips(table, lang), attribution=t("map_attribution", lang),
                labels=plan_labels(table, lang), lang=lang, map_label=t("a11y_plan_map", lang)).add_to(group)
    MapLanguage(lang).add_to(group)
    return stable_ids(group, "mmsplan")
