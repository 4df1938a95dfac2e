"""The map page below the voivodeship: the level choice (``?level=``), the powiat or gmina map,
its legend, the white spots and the summary table with its CSV files."""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st

from mms_core.analysis.address import CLICK, CLICK_ACTIONS, LEVEL, REGION
from mms_core.analysis.filters import LEVEL_CODES
from mms_core.analysis.levels import LevelSummary, is_white_spot, white_spots
from mms_core.analysis.measures import Metric
from mms_core.data.reference.data_file import DataFileError
from mms_core.facts.vocab import ALL
from mms_core.facts.voivodeships import TERYT_CODES, name_of
from mms_core.maps import folium_map
from mms_core.maps.classify import Classification
from mms_core.maps.events import RETURNED_OBJECTS
from mms_core.maps.level_map import NO_GRANTS, OUTSIDE, level_layer, level_payload, unit_classes
from mms_core.maps.region_focus import FrameLabel
from mms_core.maps.unit_map import units_without_shape
from mms_core.present.summary_table import level_csv, level_styler
from mms_core.present.tour import region_bounds
from mms_core.text.escaping import safe_markdown
from mms_core.text.formatting import fmt_number, fmt_pln
from mms_core.text.i18n import t

from . import cached
from .context import PageContext
from .map_frame import conference_layer, draw_map, uncached
from .maps import show_legend, skip_link
from .params import go, put, take
from .tables import show_table

_LEVEL_KEY = "p_level"


def choose_level(lang: str) -> str:
    """The level radio, kept in step with ``?level=`` (the default is left out of the URL); a value
    not understood is named in a Polish (or English) warning and the default is shown."""
    take(LEVEL, _LEVEL_KEY, lang)
    if st.session_state.get(_LEVEL_KEY) not in LEVEL_CODES:
        st.session_state[_LEVEL_KEY] = LEVEL.default
    level = st.radio(t("level", lang), list(LEVEL_CODES), key=_LEVEL_KEY, horizontal=True,
                     format_func=lambda v: t(f"level.{v}", lang), help=t("level_help", lang))
    put(LEVEL, level)
    return level


_REGION_KEY = "p_level_region"


def choose_region(lang: str) -> str | None:
    """Below the voivodeship level: a voivodeship to zoom the map to and to show in the table, kept
    in step with ``?region=`` (the parameter the profile and the Data page use); None: all of Poland.
    A code not understood is said plainly and all of Poland is shown."""
    take(REGION, _REGION_KEY, lang, accepts=lambda v: v in TERYT_CODES, tolerated=(ALL,))  # "all": the Data page's
    if st.session_state.get(_REGION_KEY) not in (None, *TERYT_CODES):
        st.session_state[_REGION_KEY] = None
    region = st.selectbox(t("level_region", lang), list(TERYT_CODES), key=_REGION_KEY, index=None,
                          placeholder=t("level_region_all", lang), format_func=name_of)
    put(REGION, region)
    return region


_CLICK_KEY = "p_click"


def choose_click_action(lang: str) -> str:
    """The choice of what a click on a voivodeship does (:data:`~mms_core.analysis.address.CLICK_ACTIONS`),
    kept in step with ``?click=``; a value not understood is said plainly and the default (the profile) used."""
    take(CLICK, _CLICK_KEY, lang)
    if st.session_state.get(_CLICK_KEY) not in CLICK_ACTIONS:
        st.session_state[_CLICK_KEY] = CLICK.default
    action = st.radio(t("click_action", lang), CLICK_ACTIONS, key=_CLICK_KEY, horizontal=True,
                      format_func=lambda v: t(f"click_action.{v}", lang))
    put(CLICK, action)
    return action


def drill_into(region: str, level: str) -> None:
    """Show ``region``'s powiats or gminas (``level``) on the map page: the level and the region go
    to the URL, and the next run moves the level radio and the region select to them (the map is
    the same component, so it flies to the region instead of being drawn again)."""
    go({REGION: region, LEVEL: level})
    st.rerun()


def level_summary_or_none(ctx: PageContext, level: str) -> LevelSummary | None:
    """The summary at ``level``, or None (with an error said on the page) when the powiat and
    gmina files cannot be read."""
    try:
        return cached.level_summary(ctx.source, ctx.filters, level)
    except DataFileError as error:
        st.error(t("level_data_error", ctx.lang, reason=safe_markdown(error.message)))
        return None


def level_classes(ctx: PageContext, summary: LevelSummary, metric: Metric) -> tuple[Classification, dict[str, int]]:
    """Classes of the units that got a grant; with ``scale=fixed`` the breaks come from every
    edition pooled (the same units, as at the voivodeship level)."""
    reference = None
    if ctx.filters.scale == "fixed":
        pooled = []
        for edition in ctx.reference.editions:
            table = cached.level_summary(ctx.source, ctx.filters.with_(edition=str(edition)), summary.level).table
            reached = (table["outside_programme"] == 0) & (table["grants"] > 0)
            pooled.append(table.loc[reached, metric.column])
        reference = pd.concat(pooled)
    return unit_classes(summary.table, metric, ctx.filters.scheme, ctx.filters.classes, reference)


def show_level_legend(classification: Classification, codes: dict[str, int], metric: Metric, scheme: str,
                      lang: str, level: str | None = None, table: pd.DataFrame | None = None) -> None:
    """The legend: the classes, no data, then the white spots and the cities outside the programme;
    with ``level`` and its units' ``table`` (indexed by code, with ``name``), a note naming the units
    it counts that the map cannot draw (no polygon)."""
    values = list(codes.values())
    extras = (("no_grants", t("legend_no_grants", lang), values.count(NO_GRANTS)),
              ("outside", t("legend_outside", lang), values.count(OUTSIDE)))
    label = t("scheme_units.quantiles", lang) if scheme == "quantiles" else scheme  # units, not voivodeships
    show_legend(classification, metric, label, lang, extras=extras)
    if level is not None and table is not None:
        missing = units_without_shape(level, table.index)
        if missing:
            names = ", ".join(f"{table.loc[code, 'name']} ({code})" for code in missing)
            st.caption(t("legend_without_shape", lang, names=safe_markdown(names), count=len(missing)))


def show_level_map(ctx: PageContext, summary: LevelSummary, classification: Classification, codes: dict[str, int],
                   metric: Metric, key: str, height: int = 620, table_anchor: str | None = None,
                   region: str | None = None, extra_layers: list | None = None,
                   layers_key: tuple | None = None) -> None:
    """The units of the level on the same base map as the voivodeships (never remounted): only
    their classes and numbers travel with a filter change. Clicks on units do nothing (their
    tooltips say what there is); the skip link leads to the table. ``region``: the map flies to
    that voivodeship when it is chosen (and back to Poland when it is cleared), not on every rerun.
    ``layers_key``: a tuple of everything the summary and classes follow from (data stamp, filters) — the
    units' layer is then built once per key, level, region and language (:mod:`mms_ui.map_frame`)."""
    if table_anchor:
        skip_link(table_anchor, ctx.lang)

    def units_layer():
        payload = level_payload(summary.table, classification, codes, metric, summary.level, ctx.lang)
        payload["view"] = {"key": region or "", "bounds": region_bounds(ctx.reference.geojson, region) if region
                           else [list(corner) for corner in folium_map.POLAND_BOUNDS]}
        return level_layer(payload, ctx.lang)

    def label_layer():  # the frame's title, lang and the map's name, as the voivodeship layer gives them
        label = folium.FeatureGroup(name="label", control=False)
        FrameLabel(ctx.lang, t(f"a11y_level_map_label.{summary.level}", ctx.lang,
                               metric=t(f"metric.{metric.code}", ctx.lang))).add_to(label)
        return folium_map.stable_ids(label, "mmslabel")

    units_key = None if layers_key is None else (*layers_key, "units", summary.level, region, ctx.lang, metric.code)
    layers = [(units_key, units_layer), (("level_label", summary.level, ctx.lang, metric.code), label_layer),
              *uncached(extra_layers or []), conference_layer(ctx)]
    draw_map(key, height, layers, returned_objects=RETURNED_OBJECTS)


def _share(value: float) -> str:
    return "—" if pd.isna(value) else fmt_number(value, 1) + "%"


def white_spot_tables(summary: LevelSummary, lang: str) -> None:
    """"Gminy bez dotacji": count and share per voivodeship and per gmina kind."""
    by_region, by_kind = white_spots(summary.table)
    st.subheader(t("white_spots_title", lang))
    st.caption(t("white_spots_help", lang))

    def shown(frame: pd.DataFrame, first: str, label) -> pd.DataFrame:
        return pd.DataFrame({
            first: [label(i) for i in frame.index],
            t("col_ws_without", lang): [fmt_number(v) for v in frame["without_grants"]],
            t("col_ws_gminas", lang): [fmt_number(v) for v in frame["gminas"]],
            t("col_ws_share", lang): [_share(v) for v in frame["share_pct"]],
            t("col_ws_outside", lang): [fmt_number(v) for v in frame["outside_programme"]],
        })

    # one under the other: side by side they do not fit 1280 px beside the sidebar
    show_table(shown(by_kind, t("col_gmina_kind", lang),
                     lambda i: t(f"gmina_kind.{i}", lang) if i else t("country_total", lang)),
               t("white_spots_title", lang))
    show_table(shown(by_region, t("col_voivodeship", lang), lambda i: i or t("country_total", lang)),
               t("white_spots_title", lang))


def white_spots_only(table: pd.DataFrame, level: str, lang: str, key: str) -> pd.DataFrame:
    """The switch "Tylko białe plamy" above a table of powiats or gminas (``table``: rows of a level
    summary, or with a ``status``): switched on, only the units inside the programme with no grant
    in the filters, and how many of how many there are said below it."""
    if not st.toggle(t("white_spots_only", lang), key=key, help=t(f"white_spots_only_help.{level}", lang)):
        return table
    spots = is_white_spot(table)
    inside = int((table["outside_programme"] == 0).sum())
    st.caption(t(f"white_spots_only_count.{level}", lang, count=fmt_number(int(spots.sum())),
                 total=fmt_number(inside)))
    return table[spots]


def level_table(summary: LevelSummary, filters, lang: str, region: str | None) -> None:
    """The units' summary as a sortable grid, of the voivodeship chosen above the map: at the gmina
    level nothing until one is chosen (all 2,479 rows would be some 350 KB on every filter change),
    at the powiat level all 380 without one. The CSV files always hold every unit (made only when
    clicked)."""
    st.header(t(f"summary_title.{summary.level}", lang))
    table = summary.table
    if region is not None:
        table = table[table.index.str[:2] == region]
    if region is None and summary.level == "gmina":
        st.info(t("level_table_pick", lang))
    else:
        table = white_spots_only(table, summary.level, lang, key="p_level_white_only")
        config = {t("col_name", lang): st.column_config.TextColumn(pinned=True)}
        # the numbers written the Polish way by a Styler (a grid's printf format would show "41.56")
        st.dataframe(level_styler(table, lang), hide_index=True, width="stretch", height=420, column_config=config)
        st.caption(t("level_table_note", lang))
    stem = f"{t('file.summary', lang)}_{t(f'file.level.{summary.level}', lang)}_{filters.edition}_{filters.priority}"
    left, right = st.columns(2)
    left.download_button(t("download_csv", lang), data=lambda: level_csv(summary.table), file_name=f"{stem}.csv",
                         mime="text/csv", key="download_level_csv", width="stretch")
    right.download_button(t("download_csv_excel", lang), data=lambda: level_csv(summary.table, excel_pl=True),
                          file_name=f"{stem}_excel.csv", mime="text/csv", key="download_level_csv_excel",
                          width="stretch", help=t("csv_excel_help", lang))


def unplaced_note(summary: LevelSummary, lang: str) -> None:
    """How many grants of the filters have no gmina (counted at the voivodeship level only)."""
    if summary.unplaced_grants:
        st.caption(t("level_unplaced", lang, count=fmt_number(summary.unplaced_grants),
                     amount=fmt_pln(summary.unplaced_amount_pln)))
