"""A plotly chart with its text alternative: the chart's data as a table in an expander below it
(WCAG 1.1.1: plotly draws an image a screen reader cannot read)."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from mms_core.present.charts import figure_table, plotly_config
from mms_core.text.i18n import t

from .tables import show_table


def show_chart(fig: go.Figure, key: str, lang: str, where=st) -> None:
    """Draw ``fig`` in ``where`` (``st`` or a column) with its data table under it."""
    where.plotly_chart(fig, config=plotly_config(lang), width="stretch", key=key)
    table, notes = figure_table(fig)
    title = fig.layout.title.text or ""
    with where.expander(t("a11y_chart_data", lang, title=title)):
        if not table.empty:
            show_table(table, title)
        for note in notes:
            st.markdown(f"- {note}")
