"""The legend tells its classes apart, whatever the filter."""

import pandas as pd

from mms_core.analysis.measures import CHANGE_PCT, METRIC_BY_CODE
from mms_core.maps.classify import classify, classify_diverging
from mms_core.maps.legend import legend_decimals, legend_rows
from mms_core.text.formatting import NBSP

PER_CAPITA = METRIC_BY_CODE["amount_per_capita"]


def test_narrow_values_get_the_decimals_that_tell_bounds_apart():
    # zł per resident for a narrow filter: all round to 0,02 at the measure's 2 decimals
    values = pd.Series([0.0151, 0.0162, 0.0174, 0.0188, 0.0199, 0.0213], index=list("abcdef"))
    classes = classify(values, "equal_interval", 3)
    # bounds 0.0151, 0.0172, 0.0192, 0.0213 (width 0.00206667): 3 decimals give 0.015, 0.017, 0.019, 0.021
    assert legend_decimals(classes, PER_CAPITA) == 3
    texts = [text for _, text, _ in legend_rows(classes, PER_CAPITA)]
    assert texts[0] == f"0,015{NBSP}zł/os. – 0,017{NBSP}zł/os."
    assert len(set(texts)) == len(texts)


def test_ordinary_values_keep_the_measure_decimals():
    values = pd.Series([1.31, 1.52, 1.98, 2.21, 2.47], index=list("abcde"))
    classes = classify(values, "equal_interval", 3)
    assert legend_decimals(classes, PER_CAPITA) == 2


def test_change_map_lists_only_classes_that_hold_a_region():
    change = pd.Series([-12.0, -3.0, 4.0, 5.0], index=list("abcd"))
    classes = classify_diverging(change, 7)
    shown = legend_rows(classes, CHANGE_PCT, hide_empty=True)
    assert sum(count for _, _, count in shown) == 4
    assert all(count > 0 for _, _, count in shown)
    assert len(shown) < len(legend_rows(classes, CHANGE_PCT))
