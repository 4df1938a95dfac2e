"""The presentation tour: an overview of Poland, then the 16 conferences in date order.

Known dates come first (earliest first), conferences with an unknown date after them in
TERYT order (see :func:`mms_core.conferences.in_date_order`). Stepping past the last step
returns to the overview, and back from the overview goes to the last step, so a clicker
can go round for as long as the talk lasts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from shapely.geometry import shape

from .conferences import in_date_order

OVERVIEW = 0


@dataclass(frozen=True)
class TourStep:
    """Step ``index`` (0 = the whole country); ``teryt`` is None for the overview."""

    index: int
    teryt: str | None
    town: str | None = None


def tour_steps(conferences: pd.DataFrame) -> list[TourStep]:
    """The overview, then one step per conference in date order."""
    ordered = in_date_order(conferences)
    return [TourStep(OVERVIEW, None)] + [
        TourStep(i, str(teryt), row["town"]) for i, (teryt, row) in enumerate(ordered.iterrows(), start=1)
    ]


def next_step(index: int, count: int) -> int:
    return (index + 1) % count


def previous_step(index: int, count: int) -> int:
    return (index - 1) % count


def parse_step(value: object, count: int) -> int:
    """A step number from the URL; anything else is the overview."""
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() and int(text) < count else OVERVIEW


def region_bounds(geojson: dict, teryt: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """((south, west), (north, east)) of a voivodeship, degrees."""
    for feature in geojson["features"]:
        if feature["properties"]["teryt"] == teryt:
            west, south, east, north = shape(feature["geometry"]).bounds
            return (south, west), (north, east)
    raise KeyError(teryt)
