"""The map page's levels: the level choice (``?level=``), the region or what a click does, the summary of the
level's units, its white spots, the table under the map with its CSV files."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mms_core.analysis.address import CLICK, CLICK_ACTIONS, LEVEL, REGION
from mms_core.analysis.filters import LEVEL_CODES, edition_text
from mms_core.analysis.levels import in_programme, is_white_spot, white_spots
from mms_core.analysis.measures import Metric
from mms_core.analysis.units_summary import UnitSummary
from mms_core.data.reference.data_file import DataFileError
from mms_core.facts.levels import DEFAULT_LEVEL, LEVEL_BY_CODE, Level
from mms_core.facts.vocab import ALL
from mms_core.facts.voivodeships import TERYT_CODES, name_of
from mms_core.present.html_table import html_table
from mms_core.present.summary_table import display_summary, summary_csv, summary_styler
from mms_core.text.escaping import safe_markdown
from mms_core.text.formatting import fmt_number, fmt_pln
from mms_core.text.i18n import t

from . import cached
from .context import PageContext
from .params import go, put, take
from .tables import show_table

_LEVEL_KEY = "p_level"


def choose_level(lang: str) -> Level:
    """The level radio, kept in step with ``?level=`` (the default is left out of the URL); a value
    not understood is named in a Polish (or English) warning and the default is shown. The radio holds
    the level's code; the page gets the :class:`~mms_core.facts.levels.Level`."""
    take(LEVEL, _LEVEL_KEY, lang)
    if st.session_state.get(_LEVEL_KEY) not in LEVEL_CODES:
        st.session_state[_LEVEL_KEY] = LEVEL.default.code
    code = st.radio(t("level", lang), list(LEVEL_CODES), key=_LEVEL_KEY, horizontal=True,
                    format_func=lambda v: t(f"level.{v}", lang), help=t("level_help", lang))
    level = LEVEL.parse(code)
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


def unit_summary(ctx: PageContext, level: Level) -> UnitSummary:
    """The summary at ``level``; the voivodeships' (with an error said on the page) when the powiat and gmina
    files cannot be read."""
    try:
        return cached.unit_summary(ctx.source, ctx.filters, level)
    except DataFileError as error:
        st.error(t("level_data_error", ctx.lang, reason=safe_markdown(error.message)))
        return cached.unit_summary(ctx.source, ctx.filters, LEVEL_BY_CODE[DEFAULT_LEVEL])


def _share(value: float) -> str:
    return "—" if pd.isna(value) else fmt_number(value, 1) + "%"


def white_spot_tables(summary: UnitSummary, lang: str) -> None:
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
    inside = int(in_programme(table).sum())
    st.caption(t(f"white_spots_only_count.{level}", lang, count=fmt_number(int(spots.sum())),
                 total=fmt_number(inside)))
    return table[spots]


def summary_section(summary: UnitSummary, filters, lang: str, region: str | None, view_key: tuple) -> None:
    """The units' summary under the map with its two CSV files (always every unit; names as
    :func:`mms_core.present.summary_table.summary_csv` writes them).

    The 16 voivodeships: a static table (made once per data, filters and language, ``view_key``). Below them, the
    white spots per voivodeship and gmina kind where the level has them, and a sortable grid of the voivodeship
    chosen above the map: where the level has too many units (the gminas: all 2,479 rows would be some 350 KB
    on every filter change) nothing until one is chosen; the CSV files are made only when clicked."""
    level = summary.level
    if level.has_white_spot_tables:
        white_spot_tables(summary, lang)
    title = t("summary_title" if level.is_top else f"summary_title.{level.code}", lang)
    st.header(title)
    if level.is_top:
        st.html(cached.shared((*view_key, "table"), lambda: html_table(display_summary(summary.table, level, lang),
                                                                          title)))
        stem = f"{t('file.summary', lang)}_{edition_text(filters.edition)}_{filters.priority}"
        csv = cached.shared((*view_key, "csv"), lambda: summary_csv(summary.shown))
        csv_excel = cached.shared((*view_key, "csv_excel"), lambda: summary_csv(summary.shown, excel_pl=True))
        key = "download_summary_csv"
    else:
        table = summary.table
        if region is not None:
            table = table[table.index.str[:2] == region]
        if region is None and level.table_needs_region:
            st.info(t("level_table_pick", lang))
        else:
            table = white_spots_only(table, level.code, lang, key="p_level_white_only")
            config = {t("col_name", lang): st.column_config.TextColumn(pinned=True)}
            # the numbers written the Polish way by a Styler (a grid's printf format would show "41.56")
            st.dataframe(summary_styler(table, level, lang), hide_index=True, width="stretch", height=420,
                         column_config=config)
            st.caption(t("level_table_note", lang))
        stem = f"{t('file.summary', lang)}_{t(f'file.level.{level.code}', lang)}_{edition_text(filters.edition)}_{filters.priority}"

        def csv():
            return summary_csv(summary.shown)

        def csv_excel():
            return summary_csv(summary.shown, excel_pl=True)
        key = "download_level_csv"
    left, right = st.columns(2)
    left.download_button(t("download_csv", lang), data=csv, file_name=f"{stem}.csv", mime="text/csv", key=key,
                         width="stretch")
    right.download_button(t("download_csv_excel", lang), data=csv_excel, file_name=f"{stem}_excel.csv",
                          mime="text/csv", key=f"{key}_excel", width="stretch", help=t("csv_excel_help", lang))
    if level.is_top:
        st.caption(t("eligible_note", lang))


def map_notes(summary: UnitSummary, metric: Metric, click_action: str, lang: str, towns_note: str | None) -> None:
    """What is said under the map: what it shows and what a click does, the grants it could not place, the
    towns' note."""
    level = summary.level
    if level.is_top:
        st.caption(t("map_caption", lang, metric=t(f"metric.{metric.code}", lang)) + " "
                   + t("map_click_hint" if click_action == "profile" else f"map_click_hint.{click_action}", lang))
        return
    st.caption(t(f"level_caption.{level.code}", lang, metric=t(f"metric.{metric.code}", lang)))
    unplaced_note(summary, lang)
    if towns_note:
        st.caption(towns_note)
    st.caption(t("level_note", lang))


def unplaced_note(summary: UnitSummary, lang: str) -> None:
    """How many grants of the filters have no unit at this level (counted at the voivodeship level only)."""
    if summary.unplaced_grants:
        st.caption(t("level_unplaced", lang, count=fmt_number(summary.unplaced_grants),
                     amount=fmt_pln(summary.unplaced_amount_pln)))
