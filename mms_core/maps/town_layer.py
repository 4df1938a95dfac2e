"""Towns as bubbles on the gmina map: one circle per town that got a grant in the filters, at the
place the gazetteer gives for it in its gmina (:meth:`mms_core.data.reference.places.Gazetteer.coordinates`:
that name in that gmina, exact first, then without Polish letters; degrees, EPSG:4326), its area
proportional to the town's zł. Grants without a gmina, or whose town is not in the gazetteer for
that gmina, are not drawn (they are counted, for the caption).

The circles travel as compact data (position, radius in pixels, escaped tooltip HTML) drawn by a
small script in their own pane, above the units and below the conference markers; tooltips are
escaped with :func:`mms_core.text.escaping.safe_text` (HTML and the template-literal characters).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import folium
import pandas as pd
from branca.element import MacroElement

from mms_core.assets import asset_template
from mms_core.data.reference.places import loose_key, name_key
from mms_core.maps.folium_map import stable_ids
from mms_core.maps.level_map import payload_json
from mms_core.text.escaping import safe_text
from mms_core.text.formatting import fmt_number, fmt_pln
from mms_core.text.i18n import t

#: Radius of the largest bubble (px); the others by the square root of their zł (area ∝ zł).
MAX_RADIUS_PX = 16.0
MIN_RADIUS_PX = 2.0
TOWN_PANE = "mmsTowns"
TOWN_COLOR = "#6a3d9a"  # purple: apart from the classes (YlGnBu) and the conferences (red)


@dataclass(frozen=True)
class TownPoints:
    """The towns to draw (``town``, ``gmina_teryt``, ``grants``, ``amount_pln`` in zł, ``lat``,
    ``lon`` in degrees) and what could not be drawn (grants, zł)."""

    table: pd.DataFrame
    missing_grants: int
    missing_amount_pln: float


def place_index(places: pd.DataFrame) -> tuple[dict, dict]:
    """``({(gmina, name_key): (lat, lon)}, {(gmina, loose_key): (lat, lon)})`` from the gazetteer's
    places (the first place of a name in a gmina, as :meth:`Gazetteer.coordinates` takes it)."""
    exact: dict[tuple[str, str], tuple[float, float]] = {}
    loose: dict[tuple[str, str], tuple[float, float]] = {}
    for name, gmina, lat, lon in places[["name", "gmina_teryt", "lat", "lon"]].itertuples(index=False):
        exact.setdefault((gmina, name_key(name)), (float(lat), float(lon)))
        loose.setdefault((gmina, loose_key(name)), (float(lat), float(lon)))
    return exact, loose


def town_points(grants: pd.DataFrame, index: tuple[dict, dict]) -> TownPoints:
    """Grants (``town``, ``gmina_teryt``, ``amount_pln``) summed per (gmina, town) and placed by
    ``index`` (:func:`place_index`)."""
    exact, loose = index
    if grants.empty or "gmina_teryt" not in grants.columns:
        empty = pd.DataFrame(columns=["town", "gmina_teryt", "grants", "amount_pln", "lat", "lon"])
        return TownPoints(empty, len(grants), float(grants["amount_pln"].sum()) if len(grants) else 0.0)
    frame = grants.assign(gmina_teryt=grants["gmina_teryt"].fillna("").astype(str),
                          town=grants["town"].fillna("").astype(str))
    towns = (frame.groupby(["gmina_teryt", "town"], sort=True)["amount_pln"]
             .agg(grants="count", amount_pln="sum").reset_index())
    spots = [exact.get((g, name_key(town))) or loose.get((g, loose_key(town))) if g else None
             for g, town in zip(towns["gmina_teryt"], towns["town"])]
    found = pd.Series([s is not None for s in spots], index=towns.index)
    towns["lat"] = [s[0] if s else math.nan for s in spots]
    towns["lon"] = [s[1] if s else math.nan for s in spots]
    placed = towns[found].reset_index(drop=True)
    lost = towns[~found]
    return TownPoints(placed[["town", "gmina_teryt", "grants", "amount_pln", "lat", "lon"]],
                      int(lost["grants"].sum()), float(lost["amount_pln"].sum()))


def radii(amounts: pd.Series, max_radius: float = MAX_RADIUS_PX) -> list[float]:
    """Radius (px) of each bubble: area proportional to zł, the largest ``max_radius``, none under
    :data:`MIN_RADIUS_PX`."""
    top = float(amounts.max()) if len(amounts) else 0.0
    if top <= 0:
        return [MIN_RADIUS_PX] * len(amounts)
    return [round(max(MIN_RADIUS_PX, max_radius * math.sqrt(float(a) / top)), 2) for a in amounts]


class TownBubbles(MacroElement):
    """Draws the bubbles of ``data`` (``[[lat, lon, radius px, tooltip HTML], …]``, tooltips
    escaped) into its layer group, in their own pane."""

    _template = asset_template("mms_core.maps", "town_bubbles.js.j2")

    def __init__(self, data: list):
        super().__init__()
        self._name = "TownBubbles"
        self.data_json = payload_json(data)
        self.pane = TOWN_PANE
        self.color = TOWN_COLOR


def town_tooltip(town: str, grants: int, amount: float, lang: str = "pl") -> str:
    """„<b>Puławy</b><br>Dotacje: 5<br>Kwota: 139 300 zł” with every value escaped."""
    return (f"<b>{safe_text(town)}</b><br>{safe_text(t('tip_grants', lang))}: {safe_text(fmt_number(grants))}"
            f"<br>{safe_text(t('tip_amount', lang))}: {safe_text(fmt_pln(amount))}")


def town_layer(points: TownPoints, lang: str = "pl") -> folium.FeatureGroup:
    """The layer group of the bubbles (put into ``feature_group_to_add`` beside the level layer)."""
    table = points.table
    data = [[round(float(lat), 5), round(float(lon), 5), r, town_tooltip(town, int(n), float(amount), lang)]
            for lat, lon, r, town, n, amount in zip(table["lat"], table["lon"], radii(table["amount_pln"]),
                                                     table["town"], table["grants"], table["amount_pln"])]
    group = folium.FeatureGroup(name="towns", control=False)
    TownBubbles(data).add_to(group)
    return stable_ids(group, "mmstowns")
