"""Choropleth classes as mapclassify computes them, colours and legend entries.

Schemes: ``quantiles`` (the breaks of mapclassify.Quantiles), ``equal_interval`` (those of
mapclassify.EqualInterval), ``natural_breaks`` (mapclassify.FisherJenks, the exact and
deterministic form of Jenks' natural breaks). Classes are closed on the right:
class *i* holds values in (bin[i-1], bin[i]]; the first class starts at the minimum.

Speed: mapclassify imports scipy, scikit-learn and matplotlib (about 1.3 s in a fresh
process), so quantiles and equal intervals — the default and the common choice — are computed
here with numpy, by mapclassify's own formulas (a test checks them against mapclassify), and
mapclassify is imported only when natural breaks are first asked for. plotly is imported only
to sample a palette.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Sequential ColorBrewer palette, readable for colour-blind viewers and in grey-scale print.
PALETTE = "YlGnBu"
NO_DATA_COLOR = "#bdbdbd"

_SCHEMES = ("quantiles", "equal_interval", "natural_breaks")


@dataclass(frozen=True)
class LegendEntry:
    lower: float
    upper: float
    color: str
    count: int


@dataclass(frozen=True)
class Classification:
    """Class index (-1 = no data, or no grant: ``no_grants``) and colour of each region, plus the legend."""

    class_of: dict[str, int]
    color_of: dict[str, str]
    legend: tuple[LegendEntry, ...]
    no_data_count: int
    #: Regions with no grant in the filters: outside the classes, hatched on the map, "brak dotacji".
    no_grants: tuple[str, ...] = ()


#: The fill of a region with no grant where a hatch cannot be drawn (PNG, the standalone page's legend).
NO_GRANTS_COLOR = "#ffffff"


def classify_reached(values: pd.Series, reached: pd.Series, scheme: str, k: int,
                     reference: pd.Series | None = None) -> Classification:
    """:func:`classify` over the regions ``reached`` (a grant in the filters) only; the others are
    :attr:`Classification.no_grants` — never the lowest class, as a 0 would make them."""
    base = classify(values[reached.to_numpy()], scheme, k, reference)
    codes = [str(code) for code in values.index]
    missing = tuple(code for code, got in zip(codes, reached) if not got)
    return Classification({c: base.class_of.get(c, -1) for c in codes},
                          {c: base.color_of.get(c, NO_GRANTS_COLOR) for c in codes},
                          base.legend, base.no_data_count, missing)


#: Class codes of a unit beside its class index (0 … k-1): a grant but no population figure, no grant (a white
#: spot, hatched), outside the programme (a city over 100 000, whatever it got).
NO_DATA, NO_GRANTS, OUTSIDE = -1, -2, -3


@dataclass(frozen=True)
class UnitClasses:
    """The classes of a unit summary (any level): the :class:`Classification` of the reached units and the class
    code of every unit (``codes``: 0 … k-1, :data:`NO_DATA`, :data:`NO_GRANTS`, :data:`OUTSIDE`).

    Where units can be outside the programme (``states_apart``: the powiats and gminas), the white spots and the
    units outside are states of their own — rows of the legend after the classes (:meth:`extras`), the classification
    covers the reached units only; elsewhere (the voivodeships) the classification lists every unit and names those
    with no grant (:attr:`Classification.no_grants`)."""

    classification: Classification
    codes: dict[str, int]
    states_apart: bool = False

    def extras(self, labels: dict[str, str]) -> tuple[tuple[str, str, int], ...]:
        """The legend's rows after the classes, ``(swatch kind, text, count)`` of the white spots and the units
        outside the programme (``labels``: their texts by kind, ``no_grants`` and ``outside``); none where those
        are not states apart (the classification's own ``no_grants`` row stands for them)."""
        if not self.states_apart:
            return ()
        values = list(self.codes.values())
        return (("no_grants", labels["no_grants"], values.count(NO_GRANTS)),
                ("outside", labels["outside"], values.count(OUTSIDE)))

    def of(self, prefix: str | None) -> UnitClasses:
        """The codes of the units whose code starts with ``prefix`` (a voivodeship's; None: all)."""
        if prefix is None:
            return self
        return UnitClasses(self.classification, {c: v for c, v in self.codes.items() if c.startswith(prefix)},
                           self.states_apart)


def unit_classes(table: pd.DataFrame, metric_column: str, scheme: str, k: int, states_apart: bool,
                 reference: pd.Series | None = None) -> UnitClasses:
    """Classes of ``metric_column`` over the units of ``table`` (a unit summary's table, any level, with
    ``outside_programme`` and ``reached``) that are reached — inside the programme with a grant; the others
    are never the lowest class. ``reference``: values pooled over editions for one colour scale
    (``scale=fixed``). ``states_apart``: see :class:`UnitClasses`."""
    got = table["reached"].astype(bool)
    classification = classify_reached(table[metric_column], got, scheme, k, reference)
    codes = {}
    for code, outside, is_reached in zip(table.index.astype(str), table["outside_programme"] != 0, got):
        codes[code] = OUTSIDE if outside else classification.class_of[code] if is_reached else NO_GRANTS
    if states_apart:  # the classification of the reached units alone
        keep = set(table.index[got.to_numpy()].astype(str))
        classification = Classification({c: v for c, v in classification.class_of.items() if c in keep},
                                        {c: v for c, v in classification.color_of.items() if c in keep},
                                        classification.legend, classification.no_data_count)
    return UnitClasses(classification, codes, states_apart)


def _hex(rgb: str) -> str:
    parts = [int(round(float(x))) for x in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    return "#{:02x}{:02x}{:02x}".format(*parts)


def sample_colorscale(name: str, points: list[float]) -> list[str]:
    """plotly's sampling of a named colour scale (plotly imported on the first call)."""
    from plotly.colors import sample_colorscale as sample

    return sample(name, points)


def palette(k: int) -> list[str]:
    """``k`` colours from light to dark (hex), sampled from :data:`PALETTE` (skipping its palest end)."""
    if k == 1:
        return [_hex(sample_colorscale(PALETTE, [0.55])[0])]
    return [_hex(c) for c in sample_colorscale(PALETTE, list(np.linspace(0.12, 1.0, k)))]


def quantile_breaks(values: np.ndarray, k: int) -> np.ndarray:
    """mapclassify.Quantiles' breaks: the scores at 100/k, 200/k … 100 per cent (scipy's
    ``scoreatpercentile``, linear between neighbours, weighted the same way), repeats dropped."""
    ordered = np.sort(np.asarray(values, dtype="float64"))
    step = 100.0 / k
    percents = np.arange(step, 100 + step, step)
    if percents[-1] > 100.0:
        percents[-1] = 100.0
    scores = []
    for percent in percents:
        index = percent / 100.0 * (len(ordered) - 1)
        i = int(index)
        if i == index:
            scores.append(ordered[i])
        else:
            weights = np.array([(i + 1 - index), (index - i)], float)
            scores.append(np.add.reduce(ordered[i:i + 2] * weights) / weights.sum())
    return np.unique(np.array(scores, dtype="float64"))


def equal_interval_breaks(values: np.ndarray, k: int) -> np.ndarray:
    """mapclassify.EqualInterval's breaks: ``k`` classes of equal width from the minimum; the
    last break is the maximum."""
    low, high = min(values), max(values)
    width = (high - low) * 1.0 / k
    cuts = np.arange(low + width, high + width, width)
    if len(cuts) > k:
        cuts = cuts[0:k]
    cuts[-1] = high
    return np.asarray(cuts, dtype="float64")


def _breaks(values: np.ndarray, scheme: str, k: int) -> np.ndarray:
    """Upper bounds of at most ``k`` classes of ``values`` (no NaN), as mapclassify computes them."""
    k = max(1, min(k, len(np.unique(values))))
    if k == 1:
        return np.array([values.max()])
    if scheme == "quantiles":
        return quantile_breaks(values, k)
    if scheme == "equal_interval":
        return equal_interval_breaks(values, k)
    import mapclassify  # natural breaks only: mapclassify's import takes ~1.3 s

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        classifier = mapclassify.FisherJenks(values, k=k)
    return np.asarray(classifier.bins, dtype="float64")


def classify(values: pd.Series, scheme: str, k: int, reference: pd.Series | None = None) -> Classification:
    """Classify ``values`` (indexed by TERYT) into at most ``k`` classes.

    NaN values are "no data". With fewer distinct values than ``k`` the number of
    classes drops to the number of distinct values (one class when all are equal).
    With ``reference`` (e.g. the values of every edition pooled), the class breaks come
    from it, so that maps of different editions share one colour scale.
    """
    if scheme not in _SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}")
    valid = values.dropna().astype("float64")
    class_of = {str(t): -1 for t in values.index}
    if valid.empty:
        return Classification(class_of, {t: NO_DATA_COLOR for t in class_of}, (), len(class_of))
    basis = valid if reference is None else pd.concat([reference.dropna().astype("float64"), valid])
    bins = _breaks(basis.to_numpy(), scheme, k)
    bins[-1] = max(bins[-1], valid.max())
    # Quantiles with ties can repeat a break: drop repeats. Without a reference, drop
    # empty classes too; with one, keep them so colours mean the same on every map.
    bins = np.unique(bins)
    if reference is None:
        bins = bins[sorted(set(np.searchsorted(bins, valid.to_numpy(), side="left").tolist()))]
    yb = np.searchsorted(bins, valid.to_numpy(), side="left")
    colors = palette(len(bins))
    lower = float(basis.min())
    legend = []
    for i, upper in enumerate(bins):
        legend.append(LegendEntry(lower, float(upper), colors[i], int((yb == i).sum())))
        lower = float(upper)
    for teryt, cls in zip(valid.index, yb):
        class_of[str(teryt)] = int(cls)
    color_of = {t: (colors[c] if c >= 0 else NO_DATA_COLOR) for t, c in class_of.items()}
    return Classification(class_of, color_of, tuple(legend), sum(1 for c in class_of.values() if c < 0))


#: Diverging ColorBrewer palette for changes (red = decrease, blue = increase); colour-blind safe.
DIVERGING_PALETTE = "RdBu"


def classify_diverging(values: pd.Series, k: int = 7) -> Classification:
    """Symmetric equal-width classes around 0 for changes (e.g. % change between editions).

    ``k`` is made odd so that a neutral middle class holds 0 (no change); the classes below
    it are reds (decrease), above it blues (increase). NaN values are "no data".
    """
    valid = values.dropna().astype("float64")
    class_of = {str(t): -1 for t in values.index}
    if valid.empty:
        return Classification(class_of, {t: NO_DATA_COLOR for t in class_of}, (), len(class_of))
    k = max(3, k if k % 2 else k + 1)
    reach = float(valid.abs().max()) or 1.0
    edges = np.linspace(-reach, reach, k + 1)
    bins = edges[1:]
    yb = np.searchsorted(bins, valid.to_numpy(), side="left")
    colors = [_hex(c) for c in sample_colorscale(DIVERGING_PALETTE, list(np.linspace(0.05, 0.95, k)))]
    legend = tuple(LegendEntry(float(edges[i]), float(edges[i + 1]), colors[i], int((yb == i).sum()))
                   for i in range(k))
    for teryt, cls in zip(valid.index, yb):
        class_of[str(teryt)] = int(cls)
    color_of = {t: (colors[c] if c >= 0 else NO_DATA_COLOR) for t, c in class_of.items()}
    return Classification(class_of, color_of, legend, sum(1 for c in class_of.values() if c < 0))
