"""Choropleth classes from mapclassify, colours and legend entries.

Schemes: ``quantiles`` (mapclassify.Quantiles), ``equal_interval``
(mapclassify.EqualInterval), ``natural_breaks`` (mapclassify.FisherJenks, the exact and
deterministic form of Jenks' natural breaks). Classes are closed on the right:
class *i* holds values in (bin[i-1], bin[i]]; the first class starts at the minimum.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd
from plotly.colors import sample_colorscale

#: Sequential ColorBrewer palette, readable for colour-blind viewers and in grey-scale print.
PALETTE = "YlGnBu"
NO_DATA_COLOR = "#bdbdbd"

_SCHEMES = {
    "quantiles": mapclassify.Quantiles,
    "equal_interval": mapclassify.EqualInterval,
    "natural_breaks": mapclassify.FisherJenks,
}


@dataclass(frozen=True)
class LegendEntry:
    lower: float
    upper: float
    color: str
    count: int


@dataclass(frozen=True)
class Classification:
    """Class index (-1 = no data) and colour of each region, plus the legend."""

    class_of: dict[str, int]
    color_of: dict[str, str]
    legend: tuple[LegendEntry, ...]
    no_data_count: int


def _hex(rgb: str) -> str:
    parts = [int(round(float(x))) for x in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    return "#{:02x}{:02x}{:02x}".format(*parts)


def palette(k: int) -> list[str]:
    """``k`` colours from light to dark (hex), sampled from :data:`PALETTE` (skipping its palest end)."""
    if k == 1:
        return [_hex(sample_colorscale(PALETTE, [0.55])[0])]
    return [_hex(c) for c in sample_colorscale(PALETTE, list(np.linspace(0.12, 1.0, k)))]


def classify(values: pd.Series, scheme: str, k: int) -> Classification:
    """Classify ``values`` (indexed by TERYT) into at most ``k`` classes.

    NaN values are "no data". With fewer distinct values than ``k`` the number of
    classes drops to the number of distinct values (one class when all are equal).
    """
    if scheme not in _SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}")
    valid = values.dropna().astype("float64")
    class_of = {str(t): -1 for t in values.index}
    if valid.empty:
        return Classification(class_of, {t: NO_DATA_COLOR for t in class_of}, (), len(class_of))
    distinct = int(valid.nunique())
    k = max(1, min(k, distinct))
    if k == 1:
        bins = np.array([valid.max()])
        yb = np.zeros(len(valid), dtype=int)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            classifier = _SCHEMES[scheme](valid.to_numpy(), k=k)
        bins = np.asarray(classifier.bins, dtype="float64")
        yb = np.asarray(classifier.yb, dtype=int)
        # Quantiles with ties can yield repeated bins: keep the distinct, used ones.
        used = sorted(set(yb.tolist()))
        remap = {old: new for new, old in enumerate(used)}
        bins = bins[used]
        yb = np.array([remap[b] for b in yb])
    colors = palette(len(bins))
    lower = float(valid.min())
    legend = []
    for i, upper in enumerate(bins):
        legend.append(LegendEntry(lower, float(upper), colors[i], int((yb == i).sum())))
        lower = float(upper)
    for teryt, cls in zip(valid.index, yb):
        class_of[str(teryt)] = int(cls)
    color_of = {t: (colors[c] if c >= 0 else NO_DATA_COLOR) for t, c in class_of.items()}
    return Classification(class_of, color_of, tuple(legend), sum(1 for c in class_of.values() if c < 0))
