"""The HTML that mms_ui/maps.py hands to st.html (the legend, the skip link and its target): every value escaped,
and the legend one HTML block with no blank line (safe in markdown too), whatever the text."""

from __future__ import annotations

import pandas as pd
import pytest

from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.maps.classify import classify_reached
from mms_ui.maps import anchor_html, legend_block, skip_link_html

HOSTILE = ['"><img src=x onerror=alert(1)>', "${alert(1)}", "`x`", "<script>alert(1)</script>", "**x**\n\n<b>y</b>"]


@pytest.mark.parametrize("value", HOSTILE)
def test_anchor_and_skip_link_escape_the_anchor(value):
    for html in (anchor_html(value), skip_link_html(value, "pl")):
        assert "<img" not in html and "<script" not in html and "<b>" not in html
        assert "${" not in html and "`" not in html and "\n" not in html


@pytest.mark.parametrize("value", HOSTILE)
def test_the_legend_escapes_its_texts_and_is_one_html_block(value):
    values = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 0.0], index=list("abcdef"))
    classes = classify_reached(values, values > 0, "quantiles", 3)
    html = legend_block(classes, METRIC_BY_CODE["amount_per_capita"], value, "pl", extras=(("no_grants", value, 1),))
    assert "<img" not in html and "<script>" not in html and "<b>" not in html
    assert "${" not in html and "`" not in html
    assert "\n\n" not in html.strip()  # a blank line would end the HTML block and start markdown
