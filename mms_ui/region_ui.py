"""The region profile's gminas: white spots per gmina kind in a sentence, a small map of the
region's gminas (the level map layer, zoomed to the region), the sortable table with a link to
each gmina's grants, its CSV files, and the grants that could not be put in a gmina."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mms_core.analysis.filters import edition_text
from mms_core.analysis.measures import METRIC_BY_CODE, Metric
from mms_core.analysis.region_gminas import region_gminas, region_white_spots, unplaced_grants
from mms_core.data.reference.data_file import DataFileError
from mms_core.facts.levels import LEVEL_BY_CODE
from mms_core.facts.voivodeships import name_of
from mms_core.maps.classify import unit_classes
from mms_core.maps.level_map import level_layer, level_payload
from mms_core.maps.region_focus import region_focus_layer
from mms_core.present.gmina_table import (
    column_label,
    profile_frame,
    profile_styler,
    region_gminas_csv,
    white_spot_sentence,
)
from mms_core.present.tour import region_bounds
from mms_core.text.formatting import fmt_number, fmt_pln
from mms_core.text.i18n import t

from . import cached
from .context import PageContext
from .levels_ui import unit_summary, white_spots_only
from .map_frame import conference_layer, draw_map, uncached
from .maps import show_unit_legend, table_anchor
from .sidebar import filter_params

#: The id the profile's gmina map skips to (its table).
TABLE_ANCHOR = "mms-region-gminas-table"


def gmina_names(ctx: PageContext) -> dict[str, str]:
    """Gmina code → name (empty when the gmina file cannot be read: the section above says so)."""
    try:
        return cached.level_reference(ctx.source).units["gmina"]["name"].to_dict()
    except DataFileError:
        return {}


def region_gmina_map(ctx: PageContext, table: pd.DataFrame, metric: Metric, teryt: str, key: str,
                     height: int = 440) -> None:
    """The region's gminas on the level map layer, the map moved to the region and the rest of
    Poland veiled; classes over the region's gminas (``table``: :func:`region_gminas`), so the
    legend counts this region's gminas."""
    classes = unit_classes(table, metric.column, ctx.filters.scheme, ctx.filters.classes, states_apart=True)
    payload = level_payload(table, classes, metric, "gmina", ctx.lang, region=teryt)
    map_col, legend_col = st.columns([3, 1])
    with map_col:
        draw_map(key, height, [*uncached([
            level_layer(payload, ctx.lang),
            region_focus_layer(teryt, region_bounds(ctx.reference.geojson, teryt), lang=ctx.lang,
                               label=t("a11y_gmina_map_label", ctx.lang, region=name_of(teryt),
                                       metric=t(f"metric.{metric.code}", ctx.lang)))]),
            conference_layer(ctx, label=teryt)])
    with legend_col:
        show_unit_legend(LEVEL_BY_CODE["gmina"], table, classes, metric, ctx.filters.scheme, ctx.lang)


def show_region_gminas(ctx: PageContext, teryt: str, region_grants: pd.DataFrame) -> None:
    """The section "Gminy województwa" of the profile of ``teryt``."""
    lang, filters = ctx.lang, ctx.filters
    st.header(t("region_gminas_title", lang))
    summary = unit_summary(ctx, LEVEL_BY_CODE["gmina"])
    if summary.level.code != "gmina":  # the gmina files cannot be read (said above)
        return
    table = region_gminas(summary.table, teryt)
    st.markdown(white_spot_sentence(region_white_spots(table), name_of(teryt), lang))
    gmina_codes = cached.level_reference(ctx.source).units["gmina"].index
    count, amount = unplaced_grants(region_grants, gmina_codes)
    if count:
        st.caption(t("region_gminas_unplaced", lang, count=fmt_number(count), amount=fmt_pln(amount)))
    metric = METRIC_BY_CODE[filters.metric]
    region_gmina_map(ctx, table, metric, teryt, key="region_gmina_map")
    st.caption(t("region_gminas_map_caption", lang, metric=t(f"metric.{metric.code}", lang)))

    table_anchor(TABLE_ANCHOR)
    shown = white_spots_only(table, "gmina", lang, key="p_region_white_only")
    frame = profile_frame(shown, filter_params(filters, lang), lang)
    config = {
        column_label("name", lang): st.column_config.TextColumn(pinned=True),
        column_label("grants_link", lang): st.column_config.LinkColumn(display_text=t("gmina_grants_link", lang)),
    }
    st.dataframe(profile_styler(frame, lang), hide_index=True, width="stretch", height=420, column_config=config,
                 key="region_gminas_table")
    st.caption(t("region_gminas_note", lang))
    stem = f"{t('file.region_gminas', lang)}_{teryt}_{edition_text(filters.edition)}_{filters.priority}"
    left, right = st.columns(2)
    left.download_button(t("download_csv", lang), data=lambda: region_gminas_csv(table), file_name=f"{stem}.csv",
                         mime="text/csv", key="download_region_gminas_csv", width="stretch")
    right.download_button(t("download_csv_excel", lang), data=lambda: region_gminas_csv(table, excel_pl=True),
                          file_name=f"{stem}_excel.csv", mime="text/csv", key="download_region_gminas_csv_excel",
                          width="stretch", help=t("csv_excel_help", lang))
