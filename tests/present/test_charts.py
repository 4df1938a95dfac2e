"""plotly figures: Polish separators and months, national line, labels in the chosen language."""

import pandas as pd

from mms_core.analysis.compare import national_value, ranking
from mms_core.analysis.measures import METRIC_BY_CODE
from mms_core.data.paths import DEFAULT_DATA_DIR
from mms_core.data.reference.loaders import load_conferences, load_grants
from mms_core.present import charts
from mms_core.text.formatting import fmt_metric, fmt_number


def test_polish_locale_config():
    config = charts.plotly_config("pl")
    assert config["locale"] == "pl"
    fmt = config["locales"]["pl"]["format"]
    # CLDR's months as written with a day ("26 listopada 2025"), from Babel
    assert fmt["months"][9] == "października" and fmt["shortMonths"][10] == "lis"
    assert fmt["days"][0] == "niedziela" and fmt["decimal"] == "," and fmt["thousands"] == "\u00a0"
    assert "locale" not in charts.plotly_config("en")


def test_ranking_has_the_national_line_and_polish_separators(summary_2025):
    metric = METRIC_BY_CODE["amount_per_capita"]
    national = national_value(summary_2025, metric)
    fig = charts.ranking_bar(ranking(summary_2025, metric), metric, national, "pl")
    assert fig.layout.separators == ",\u00a0"
    assert fig.layout.shapes[0].x0 == national
    assert fig.data[1].name == "średnia krajowa: " + fmt_metric(national, "pln_per_person", 2)
    assert list(fig.data[0].text)[-1] == fmt_number(ranking(summary_2025, metric)[metric.column].iloc[0], 2)
    assert list(fig.data[0].y)[-1] == ranking(summary_2025, metric)["voivodeship"].iloc[0]  # highest on top
    assert fig.layout.xaxis.title.text == "Kwota na mieszkańca (zł/os.)"
    assert charts.ranking_bar(ranking(summary_2025, metric), metric, national, "en").data[1].name.startswith(
        "national average: ")


def test_breakdown_and_histogram_labels(summary_2025):
    grants = load_grants(DEFAULT_DATA_DIR / "grants.csv")
    fig = charts.breakdown_bar(grants, "org_type", "pl")
    assert "Koło Gospodyń Wiejskich" in list(fig.data[0].y)
    assert sum(fig.data[0].x) == len(grants)
    assert [int(label.replace("\u00a0", "")) for label in fig.data[0].text] == list(fig.data[0].x)  # value labels
    assert list(charts.breakdown_bar(grants, "priority", "en").data[0].y)[0] == "P1 – grants up to 50 000 zł"
    hist = charts.amount_histogram(grants, "pl")
    assert hist.data[0].xbins.size == 2500


def test_timeline_shows_only_known_dates():
    conferences = load_conferences(DEFAULT_DATA_DIR / "conferences_2025.csv")
    fig = charts.conference_timeline(conferences, "pl")
    assert list(fig.data[0].text) == ["Goleniów", "Leszno"]
    assert list(pd.to_datetime(fig.data[0].x).strftime("%Y-%m-%d")) == ["2025-10-27", "2025-11-21"]


def test_scatter_names_only_the_extremes(summary_2025):
    fig = charts.population_scatter(summary_2025, "pl")
    named = [name for name in fig.data[0].text if name]
    assert 2 <= len(named) <= 3
    assert "mazowieckie" in named  # the largest population and the most zł
    assert list(fig.data[0].hovertext) == list(summary_2025["voivodeship"])  # every point on hover


def test_heatmap_has_a_row_per_region_and_numbers_in_cells(summary_2025, grants):
    from mms_core.analysis.compare import type_by_region

    table = type_by_region(grants)
    fig = charts.type_heatmap(table, "pl")
    assert len(fig.data[0].y) == 16 and "KGW" in list(fig.data[0].x)
    assert sum(int(v.replace("\u00a0", "")) for row in fig.data[0].text for v in row) == len(grants)
