"""plotly figures for the pages, with Polish number and date formats.

Numbers: decimal comma and a non-breaking space between thousands in both languages
(``layout.separators``). Dates: the Polish month names (CLDR, through Babel) in an inline
plotly.js locale (Streamlit bundles only English), passed with :func:`plotly_config`. Colours: ColorBrewer
palettes that stay readable for colour-blind viewers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from babel.dates import get_day_names, get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from mms_core.analysis.measures import Metric
from mms_core.facts.vocab import ORG_TYPES, PRIORITIES
from mms_core.facts.voivodeships import name_of
from mms_core.maps.classify import palette
from mms_core.text.formatting import fmt_metric, fmt_number, no_data
from mms_core.text.i18n import t
from mms_core.text.numbers import NUMBER_LOCALE

SEPARATORS = ",\u00a0"
BAR_COLOR = "#225ea8"
INCREASE_COLOR = "#2166ac"
DECREASE_COLOR = "#b2182b"
AVERAGE_COLOR = "#d95f02"

def _plotly_locale(locale: str = NUMBER_LOCALE) -> dict:
    """A plotly.js locale from CLDR (Babel): month and day names, the date order, separators.

    The months are the ones used with a day (``26 listopada 2025``): every date format here
    has one. plotly lists the days from Sunday, CLDR from Monday.
    """
    week = (6, 0, 1, 2, 3, 4, 5)
    return {
        "dictionary": {},
        "format": {
            "days": [get_day_names("wide", "format", locale)[d] for d in week],
            "shortDays": [get_day_names("abbreviated", "format", locale)[d] for d in week],
            "months": [get_month_names("wide", "format", locale)[m] for m in range(1, 13)],
            "shortMonths": [get_month_names("abbreviated", "format", locale)[m] for m in range(1, 13)],
            "date": "%d.%m.%Y",
            "decimal": get_decimal_symbol(locale),
            "thousands": get_group_symbol(locale),
        },
    }


_PL_LOCALE = _plotly_locale()


def value_format(metric: Metric) -> str:
    """d3-format of a measure's values in hover texts and axes, with the registry's decimals
    (the separators come from the layout)."""
    return f",.{metric.decimals}f"


def plotly_config(lang: str = "pl") -> dict:
    """The plotly.js ``config`` of every chart (``mms_ui.charts_ui``): Polish locale inline, no plotly logo."""
    # No plotly toolbar: on a phone it covers the chart's title; every chart's data is also
    # in a table under it (hover still names each value).
    config = {"displaylogo": False, "displayModeBar": False}
    if lang == "pl":
        config |= {"locale": "pl", "locales": {"pl": _PL_LOCALE}}
    return config


#: The charts' own template, not the process's default: importing Streamlit makes its "streamlit"
#: template the default, which only Streamlit's own chart element fills in; plotly's named templates
#: cost a deep copy per figure (~10 ms) and 6 KB of JSON each. White paper, labels measured into the
#: margins; everything else is set per chart.
CHART_TEMPLATE = go.layout.Template(layout={
    "paper_bgcolor": "white", "plot_bgcolor": "white", "hoverlabel": {"align": "left"},
    "xaxis": {"automargin": True, "ticks": "", "showline": False},
    "yaxis": {"automargin": True, "ticks": "", "showline": False},
})


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.layout.template = CHART_TEMPLATE
    fig.update_layout(title={"text": title, "x": 0, "xanchor": "left"}, separators=SEPARATORS, height=height,
                      margin={"l": 10, "r": 10, "t": 50, "b": 10}, plot_bgcolor="white",
                      font={"family": "'Source Sans', 'Source Sans Pro', sans-serif", "size": 14, "color": "#333333"})
    # tick labels, axis titles and the values beside the bars in #333 (12.6:1 on white; the
    # theme's greys are 3.7:1 and less, under WCAG's 4.5:1)
    for axis in (fig.update_xaxes, fig.update_yaxes):
        axis(automargin=True, gridcolor="#e5e5e5", zerolinecolor="#999999", tickfont={"color": "#333333"},
             title_font={"color": "#333333"})
    fig.update_traces(textfont={"color": "#333333"}, selector={"type": "bar"})
    fig.update_traces(textfont={"color": "#333333"}, selector={"type": "scatter"})
    return fig


def metric_axis_title(metric: Metric, lang: str) -> str:
    return t(f"metric.{metric.code}", lang)


def value_labels(values: pd.Series, metric: Metric, lang: str = "pl") -> list[str]:
    """Each value written the Polish way with the measure's decimals, for labels on bars."""
    return [fmt_number(v, metric.decimals, missing=no_data(lang)) for v in values]


def ranking_bar(ranked: pd.DataFrame, metric: Metric, national: float, lang: str = "pl") -> go.Figure:
    """Horizontal bars, highest on top, each with its value, and a dashed line at the national
    value whose label sits in the legend above the chart (never on a bar)."""
    fmt = value_format(metric)
    data = ranked.iloc[::-1]
    fig = go.Figure(go.Bar(
        x=data[metric.column], y=data["voivodeship"], orientation="h", marker_color=BAR_COLOR,
        text=value_labels(data[metric.column], metric, lang), textposition="outside", cliponaxis=False,
        hovertemplate=f"%{{y}}: %{{x:{fmt}}}<extra></extra>", name=metric_axis_title(metric, lang),
        showlegend=False,
    ))
    fig.add_vline(x=national, line_dash="dash", line_color=AVERAGE_COLOR, line_width=2)
    national_text = fmt_metric(national, metric.unit, metric.decimals, lang=lang)
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line={"dash": "dash", "color": AVERAGE_COLOR, "width": 2},
                             name=f"{t('national_line', lang)}: {national_text}", hoverinfo="skip"))
    fig.update_xaxes(title_text=metric_axis_title(metric, lang), tickformat=fmt)
    _layout(fig, t("chart_ranking", lang), height=600)
    fig.update_layout(legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
                      margin={"l": 10, "r": 40, "t": 80, "b": 10})
    return fig


def scatter_labels(summary: pd.DataFrame) -> list[str]:
    """Names shown beside the points: only the extremes (largest population, most and least zł),
    so labels never pile up (the smallest regions sit close together); every point names itself
    on hover."""
    keep = {summary["population"].idxmax(), summary["amount_pln"].idxmax(), summary["amount_pln"].idxmin()}
    return [name if index in keep else "" for index, name in summary["voivodeship"].items()]


def _label_positions(summary: pd.DataFrame) -> list[str]:
    """Labels of points in the right third of the chart go to their left, so none is clipped."""
    x = summary["population"].astype("float64")
    cut = x.min() + (x.max() - x.min()) * 2 / 3
    return ["middle left" if v > cut else "middle right" for v in x]


def population_scatter(summary: pd.DataFrame, lang: str = "pl") -> go.Figure:
    """Population (persons) against total funding (zł), one point per region, the extremes named."""
    fig = go.Figure(go.Scatter(
        x=summary["population"], y=summary["amount_pln"], mode="markers+text", text=scatter_labels(summary),
        textposition=_label_positions(summary), marker={"size": 11, "color": BAR_COLOR}, cliponaxis=False,
        hovertext=summary["voivodeship"],
        customdata=summary[["grants"]],
        hovertemplate=("%{hovertext}<br>" + t("col_population", lang) + ": %{x:,.0f}<br>"
                       + t("col_amount_pln", lang) + ": %{y:,.0f}<br>" + t("col_grants", lang)
                       + ": %{customdata[0]:,.0f}<extra></extra>"),
    ))
    fig.update_xaxes(title_text=t("col_population", lang), tickformat=",.0f")
    fig.update_yaxes(title_text=t("col_amount_pln", lang), tickformat=",.0f")
    return _layout(fig, t("chart_scatter", lang), height=520)


def type_heatmap(table: pd.DataFrame, lang: str = "pl") -> go.Figure:
    """Voivodeship × organisation type grant counts, the regions down the side (16 readable rows
    on a phone too), each cell with its number."""
    z = table.to_numpy().T
    fig = go.Figure(go.Heatmap(
        z=z, y=[name_of(c) for c in table.columns], x=[t(f"org_short.{o}", lang) for o in table.index],
        customdata=[[t(f"org.{o}", lang) for o in table.index]] * len(table.columns),
        text=[[fmt_number(v) for v in row] for row in z], texttemplate="%{text}",
        colorscale="YlGnBu", showscale=False,  # every cell has its number: no colour bar to read
        hovertemplate="%{y} – %{customdata}: %{z:,.0f}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-45)
    return _layout(fig, t("chart_heatmap", lang), height=620)


def change_bar(change: pd.DataFrame, metric: Metric, before: int, after: int, lang: str = "pl") -> go.Figure:
    """Change of ``metric`` per region between two editions, in per cent of the first."""
    data = change.sort_values("change_pct")
    colors = [INCREASE_COLOR if v >= 0 else DECREASE_COLOR for v in data["change_pct"].fillna(0)]
    fmt = value_format(metric)
    fig = go.Figure(go.Bar(
        x=data["change_pct"], y=data["voivodeship"], orientation="h", marker_color=colors,
        customdata=data[["before", "after"]],
        hovertemplate=(f"%{{y}}: %{{x:+,.1f}}%<br>{before}: %{{customdata[0]:{fmt}}}<br>"
                       f"{after}: %{{customdata[1]:{fmt}}}<extra></extra>"),
    ))
    fig.update_xaxes(title_text=t("change_axis", lang, before=before, after=after), ticksuffix="%")
    return _layout(fig, t("chart_change", lang, metric=metric_axis_title(metric, lang)), height=560)


def breakdown_bar(grants: pd.DataFrame, by: str, lang: str = "pl") -> go.Figure:
    """Number of grants and zł by organisation type (``by="org_type"``) or priority."""
    codes = ORG_TYPES if by == "org_type" else PRIORITIES
    prefix = "org" if by == "org_type" else "priority"
    counts = grants.groupby(by).size().reindex(codes, fill_value=0)
    amounts = grants.groupby(by)["amount_pln"].sum().reindex(codes, fill_value=0)
    labels = [t(f"{prefix}.{c}", lang) for c in codes]
    fig = go.Figure(go.Bar(
        x=counts.to_numpy(), y=labels, orientation="h", marker_color=palette(3)[1], customdata=amounts.to_numpy(),
        text=[fmt_number(v) for v in counts], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:,.0f} – %{customdata:,.0f} zł<extra></extra>",
    ))
    fig.update_xaxes(title_text=t("col_grants", lang), tickformat=",.0f")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, t("chart_by_type" if by == "org_type" else "chart_by_priority", lang), height=340)


def amount_histogram(grants: pd.DataFrame, lang: str = "pl") -> go.Figure:
    """Distribution of grant sizes in 2 500 zł bins."""
    fig = go.Figure(go.Histogram(
        x=grants["amount_pln"], xbins={"start": 0, "end": 50_000, "size": 2_500}, marker_color=BAR_COLOR,
        hovertemplate="%{x} zł: %{y:,.0f}<extra></extra>",
    ))
    fig.update_xaxes(title_text=t("col_amount_pln", lang), tickformat=",.0f")
    fig.update_yaxes(title_text=t("col_grants", lang))
    return _layout(fig, t("chart_histogram", lang), height=340)


def conference_timeline(conferences: pd.DataFrame, lang: str = "pl") -> go.Figure:
    """The conferences whose date is known, on a time axis."""
    known = conferences[conferences["date"].notna()].sort_values("date")
    fig = go.Figure(go.Scatter(
        x=pd.to_datetime(known["date"]), y=known["voivodeship"], mode="markers+text", text=known["town"],
        textposition="middle right", marker={"size": 14, "color": "#d7301f"},
        hovertemplate="%{y}: %{text}, %{x|%d %B %Y}<extra></extra>",
    ))
    fig.update_xaxes(title_text=t("conf_date", lang), tickformat="%d %b %Y", range=["2025-09-15", "2025-12-31"])
    return _layout(fig, t("chart_timeline", lang), height=260)


def _cell(value) -> str:
    """A figure's value as table text: dates as dates, numbers the Polish way, the rest as is."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "—"
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return pd.Timestamp(value).strftime("%d.%m.%Y")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return fmt_number(value, 0 if float(value).is_integer() else 2)
    return str(value)


def figure_table(fig: go.Figure) -> tuple[pd.DataFrame, list[str]]:
    """The data a chart shows, as a table (its text alternative, WCAG 1.1.1), and the names of
    lines drawn for reference only (such as the national value), as notes under the table."""
    x_title = fig.layout.xaxis.title.text or "x"
    y_title = fig.layout.yaxis.title.text or ""
    frames, notes = [], []
    for trace in fig.data:
        if trace.x is not None and all(v is None for v in trace.x):
            if trace.name:
                notes.append(trace.name)
            continue
        if trace.type == "heatmap":
            frame = pd.DataFrame(trace.z, index=list(trace.y), columns=list(trace.x))
            frames.append(frame.map(_cell).rename_axis(y_title or " ").reset_index())
        elif trace.type == "histogram":
            bins = trace.xbins
            edges = np.arange(bins.start, bins.end + bins.size, bins.size)
            counts, _ = np.histogram(np.asarray(trace.x, dtype="float64"), bins=edges)
            labels = [f"{_cell(a)}–{_cell(b)}" for a, b in zip(edges[:-1], edges[1:], strict=True)]
            frames.append(pd.DataFrame({x_title: labels, y_title or "n": [_cell(c) for c in counts]}))
        elif getattr(trace, "orientation", None) == "h":
            frame = pd.DataFrame({y_title or " ": [_cell(v) for v in trace.y], x_title: [_cell(v) for v in trace.x]})
            # rows in the order of the bars on screen, top first (plotly draws the first bar at the bottom)
            frames.append(frame if fig.layout.yaxis.autorange == "reversed" else frame.iloc[::-1])
        else:
            columns = {}
            names = trace.hovertext if trace.hovertext is not None else trace.text
            if names is not None and not isinstance(names, str):
                columns[" "] = [str(n) for n in names]
            columns[x_title] = [_cell(v) for v in trace.x]
            columns[y_title or "  "] = [_cell(v) for v in trace.y]
            frames.append(pd.DataFrame(columns))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return table, notes


#: Colours of the planner's bars: the base edition, then scenarios A and B (ColorBrewer Paired-like).
PLAN_COLORS = ("#bdbdbd", "#225ea8", "#d95f02")


def plan_bar(base: pd.DataFrame, scenarios: dict[str, pd.DataFrame], base_edition: int, lang: str = "pl") -> go.Figure:
    """zł per voivodeship: the base edition and each scenario (``{"A": plan table, …}``) side by side,
    horizontal bars in TERYT order (the table's order)."""
    fig = go.Figure()
    names = list(base["voivodeship"])
    fig.add_trace(go.Bar(y=names, x=base["base_amount_pln"], orientation="h", name=str(base_edition),
                         marker_color=PLAN_COLORS[0], hovertemplate="%{y}: %{x:,.0f} zł<extra>" + str(base_edition) + "</extra>"))
    for color, (name, table) in zip(PLAN_COLORS[1:], scenarios.items()):
        label = t("plan_scenario", lang, name=name)
        fig.add_trace(go.Bar(y=names, x=table["scenario_amount_pln"], orientation="h", name=label, marker_color=color,
                             hovertemplate="%{y}: %{x:,.0f} zł<extra>" + label + "</extra>"))
    fig.update_layout(barmode="group", legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"})
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickformat=",.0f")
    return _layout(fig, t("plan_chart", lang, base=base_edition), height=680).update_layout(margin={"t": 90})
