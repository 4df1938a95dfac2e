"""The presentation tour: an overview of Poland, then the 16 conferences in date order.

Known dates come first (earliest first), conferences with an unknown date after them in
TERYT order (see :func:`mms_core.facts.conferences.in_date_order`). Stepping past the last step
returns to the overview, and back from the overview goes to the last step, so a clicker
can go round for as long as the talk lasts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd
from shapely.geometry import shape

from mms_core.analysis.measures import MEASURE_BY_CODE
from mms_core.facts.conferences import in_date_order
from mms_core.maps.classify import NO_GRANTS, OUTSIDE
from mms_core.maps.unit_map import UnitMap
from mms_core.text.conference_text import ConferenceText, conference_text
from mms_core.text.formatting import fmt_metric, fmt_number
from mms_core.text.i18n import t

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


def valid_step(value: object, count: int) -> bool:
    """Whether ``value`` (from the URL) names a step: ASCII digits only, below ``count``."""
    text = str(value).strip() if value is not None else ""
    return re.fullmatch("[0-9]{1,4}", text) is not None and int(text) < count


def parse_step(value: object, count: int) -> int:
    """A step number from the URL; anything else is the overview."""
    return int(str(value).strip()) if valid_step(value, count) else OVERVIEW


def region_bounds(geojson: dict, teryt: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """((south, west), (north, east)) of a voivodeship, degrees."""
    for feature in geojson["features"]:
        if feature["properties"]["teryt"] == teryt:
            west, south, east, north = shape(feature["geometry"]).bounds
            return (south, west), (north, east)
    raise KeyError(teryt)


#: The figures of a slide: (label key of the catalogue, measure code), in order.
SLIDE_FIGURES: tuple[tuple[str, str], ...] = (
    ("headline_grants", "grant_count"), ("headline_amount", "amount_pln"), ("tip_per_capita", "amount_per_capita"),
)


def step_figures(summary: pd.DataFrame, teryt: str | None, lang: str = "pl") -> list[tuple[str, str]]:
    """(label, formatted value) of a step: the whole country (``teryt`` None) or one voivodeship.

    Values come from the measure registry: sums for counts and zł, the ratio of the sums for
    zł per resident (never an average of regional ratios).
    """
    table = summary if teryt is None else summary.loc[[teryt]]
    out = []
    for label_key, code in SLIDE_FIGURES:
        measure = MEASURE_BY_CODE[code]
        out.append((t(label_key, lang), fmt_metric(measure.total(table), measure.unit, measure.decimals, lang=lang)))
    return out


def step_lines(text: ConferenceText | None, lang: str = "pl") -> list[str]:
    """The conference lines of a slide; what is unknown is left out (nothing says "nieznane"
    in large type on a projector)."""
    if text is None:
        return []
    lines = [t("tour_conference_town", lang, town=text.town)]
    if text.date:
        lines[0] = t("tour_conference", lang, town=text.town, date=text.date)
    if text.venue:
        lines.append(t("tour_venue", lang, venue=text.venue))
    return lines


@dataclass(frozen=True)
class StepView:
    """What a step shows, the same on screen, in the PNG slide and on the audience page:
    ``title`` (the voivodeship, or all of Poland), the conference ``lines`` (what is unknown is
    left out), the headline ``figures`` ((label, value)), the ``focus`` region (None: the
    overview) and the map's ``bounds`` ((south, west), (north, east))."""

    index: int
    title: str
    lines: tuple[str, ...]
    figures: tuple[tuple[str, str], ...]
    focus: str | None
    bounds: tuple[tuple[float, float], tuple[float, float]] | None


def step_view(step: TourStep, summary: pd.DataFrame, conferences: pd.DataFrame, operators: pd.DataFrame,
              geojson: dict, lang: str = "pl") -> StepView:
    """The :class:`StepView` of ``step`` for the current filters (``summary``)."""
    if step.teryt is None:
        return StepView(step.index, t("tour_overview", lang), (), tuple(step_figures(summary, None, lang)), None, None)
    lines = step_lines(conference_text(conferences, operators, step.teryt, lang), lang)
    return StepView(step.index, str(summary.loc[step.teryt, "voivodeship"]), tuple(lines),
                    tuple(step_figures(summary, step.teryt, lang)), step.teryt, region_bounds(geojson, step.teryt))


def with_white_spots(view: StepView, unit_map: UnitMap, lang: str = "pl") -> StepView:
    """``view`` with one more figure: the region's gminas without a grant out of those in the
    programme ("Gminy bez dotacji: 126 z 212") — the step shown at gmina level."""
    codes = list(unit_map.codes.values())
    inside = len(codes) - codes.count(OUTSIDE)
    figure = (t("white_spots_title", lang),
              t("tour_white_spots_value", lang, none=fmt_number(codes.count(NO_GRANTS)), total=fmt_number(inside)))
    return replace(view, figures=(*view.figures, figure))
