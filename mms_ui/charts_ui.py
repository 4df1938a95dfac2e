"""A plotly chart with its text alternative: the chart's data as a table in an expander below it
(WCAG 1.1.1: plotly draws an image a screen reader cannot read).

The figure (built by plotly.py in :mod:`mms_core.present.charts`) is drawn by a small
``st.components.v2`` component (``assets/plotly_chart.js``) in the page itself with plotly.js's
"cartesian" bundle served from ``static/vendor/plotly`` (same plotly.js version as plotly.py's),
not by ``st.plotly_chart``: Streamlit's chart loads the full plotly.js (4.7 MB, measured 1.3 s of
script work in every new tab on this 2-core machine), the cartesian bundle holds every trace type
the charts use (bar, scatter, heatmap, histogram) in a third of it (measured 0.45 s).
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from mms_core.assets import read_asset
from mms_core.present.charts import figure_table, plotly_config
from mms_core.text.i18n import t

from .tables import show_table

_JS = read_asset("mms_ui", "plotly_chart.js")
_CSS = ".mms-plot { width: 100%; }"
_plotly_figure = st.components.v2.component("mms_plotly_figure", js=_JS, css=_CSS, isolate_styles=False)


def show_figure(fig: go.Figure, key: str, lang: str, where=st) -> None:
    """Draw ``fig`` in ``where`` (``st`` or a column), full width, with the UI's plotly locale."""
    title = fig.layout.title.text or ""
    with where.container():
        _plotly_figure(key=key, data={"figure": fig.to_json(), "config": plotly_config(lang),
                                      "label": title, "error": t("chart_not_loaded", lang)})


def show_chart(fig: go.Figure, key: str, lang: str, where=st) -> None:
    """Draw ``fig`` in ``where`` (``st`` or a column) with its data table under it."""
    show_figure(fig, key, lang, where)
    table, notes = figure_table(fig)
    title = fig.layout.title.text or ""
    with where.expander(t("a11y_chart_data", lang, title=title)):
        if not table.empty:
            show_table(table, title)
        for note in notes:
            st.markdown(f"- {note}")
