import pandas as pd
import pytest

from mms_core.facts.voivodeships import TERYT_CODES
from mms_core.maps.classify import NO_DATA_COLOR, classify, palette


def series(values):
    return pd.Series(values, index=list(TERYT_CODES), dtype="float64")


def ranges(c):
    return [(e.lower, e.upper, e.count) for e in c.legend]


def test_quantiles_on_one_to_sixteen():
    c = classify(series(range(1, 17)), "quantiles", 4)
    assert ranges(c) == [(1, 4.75, 4), (4.75, 8.5, 4), (8.5, 12.25, 4), (12.25, 16, 4)]
    assert c.class_of["02"] == 0 and c.class_of["32"] == 3


def test_equal_interval_edges_are_closed_on_the_right():
    c = classify(series(range(16)), "equal_interval", 3)
    # width (15 - 0) / 3 = 5: classes [0, 5], (5, 10], (10, 15]
    assert ranges(c) == [(0, 5, 6), (5, 10, 5), (10, 15, 5)]
    assert c.class_of[TERYT_CODES[5]] == 0  # the value 5 sits on an upper edge
    assert c.class_of[TERYT_CODES[6]] == 1


def test_natural_breaks_find_clusters():
    values = [1, 1.1, 1.2, 1.3, 1.4, 10, 10.5, 11, 11.5, 12, 50, 51, 52, 53, 54, 55]
    c = classify(series(values), "natural_breaks", 3)
    assert ranges(c) == [(1, 1.4, 5), (1.4, 12, 5), (12, 55, 6)]


def test_all_equal_values_give_one_class():
    c = classify(series([0.0] * 16), "quantiles", 5)
    assert len(c.legend) == 1 and c.legend[0].count == 16
    assert set(c.class_of.values()) == {0}


def test_fewer_distinct_values_than_classes():
    c = classify(series([1] * 10 + [2] * 6), "equal_interval", 7)
    assert len(c.legend) == 2 and [e.count for e in c.legend] == [10, 6]


def test_missing_values_are_no_data():
    values = list(range(1, 16)) + [float("nan")]
    c = classify(series(values), "quantiles", 3)
    assert c.class_of["32"] == -1 and c.color_of["32"] == NO_DATA_COLOR
    assert c.no_data_count == 1 and sum(e.count for e in c.legend) == 15


def test_palette_is_light_to_dark_and_distinct():
    for k in range(3, 8):
        colours = palette(k)
        assert len(set(colours)) == k
        lightness = [sum(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in colours]
        assert lightness == sorted(lightness, reverse=True)


def test_unknown_scheme():
    with pytest.raises(ValueError):
        classify(series(range(16)), "random", 3)


def test_quantiles_and_equal_intervals_break_where_mapclassify_does():
    # computed here with numpy (mapclassify's import takes a second); the same breaks, bit for bit
    import mapclassify
    import numpy as np

    from mms_core.maps.classify import equal_interval_breaks, quantile_breaks

    rng = np.random.default_rng(14)
    samples = [rng.lognormal(3, 1, 16), rng.integers(0, 5, 16).astype(float), np.arange(1000.0),
               rng.normal(0, 1, 7), np.array([0.0205, 0.0213, 0.0219, 0.0224] * 4), rng.uniform(0, 1e6, 380)]
    for values in samples:
        for k in range(2, 8):
            if len(np.unique(values)) < k:
                continue
            assert quantile_breaks(values, k).tolist() == mapclassify.Quantiles(values, k=k).bins.tolist()
            assert equal_interval_breaks(values, k).tolist() == mapclassify.EqualInterval(values, k=k).bins.tolist()
