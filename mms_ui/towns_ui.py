"""The optional town layer of the gmina map (off by default): a switch, the bubbles, a caption."""

from __future__ import annotations

from pathlib import Path

import folium
import streamlit as st

from mms_core.analysis.aggregates import filter_grants
from mms_core.analysis.filters import Selection
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference.data_file import DataFileError
from mms_core.data.reference.places import load_places
from mms_core.maps.town_layer import TownPoints, place_index, town_layer, town_points
from mms_core.text.escaping import safe_markdown
from mms_core.text.formatting import fmt_number, fmt_pln
from mms_core.text.i18n import t

from . import cached
from .context import PageContext

_KEY = "p_towns"


@st.cache_resource(show_spinner=False, max_entries=2)
def _index(data_dir: str) -> tuple[dict, dict]:
    paths = DataPaths(Path(data_dir))
    path = paths.places if paths.places.exists() else DataPaths(DEFAULT_DATA_DIR).places
    return place_index(load_places(path))


@st.cache_data(show_spinner=False, max_entries=64)
def _points(data_dir: str, stamp: tuple, selection: Selection) -> TownPoints:
    grants = cached.grants(cached.DataSource(data_dir, stamp))
    return town_points(filter_grants(grants, selection), _index(data_dir))


def town_switch(lang: str) -> bool:
    """The switch of the town layer (off by default, not kept in the address)."""
    return st.toggle(t("towns_layer", lang), key=_KEY, value=False, help=t("towns_layer_help", lang))


def town_layers(ctx: PageContext) -> tuple[list[folium.FeatureGroup], str | None]:
    """(The bubbles' layer group, the caption saying what is drawn), or ([], None) when the
    gazetteer cannot be read (said on the page)."""
    try:
        points = _points(ctx.source.data_dir, ctx.source.stamp, ctx.filters.selection)
    except DataFileError as error:
        st.error(t("level_data_error", ctx.lang, reason=safe_markdown(error.message)))
        return [], None
    caption = t("towns_caption", ctx.lang, count=fmt_number(len(points.table)))
    if points.missing_grants:
        caption += " " + t("towns_missing", ctx.lang, count=fmt_number(points.missing_grants),
                           amount=fmt_pln(points.missing_amount_pln))
    return [town_layer(points, ctx.lang)], caption
