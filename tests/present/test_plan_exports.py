"""The planner's files: CSV data only (columns in the promised order, TERYT as text, exact sums), the
Polish-Excel CSV, and the XLSX with its assumptions sheet, read back with pandas and openpyxl."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

import openpyxl
import pandas as pd

from mms_core.analysis.plan_params import PlanRequest
from mms_core.analysis.planner import Rule, allocate, envelopes, plan_table
from mms_core.present.plan_exports import CSV_COLUMNS, plan_csv, plan_xlsx
from mms_core.present.plan_text import assumptions
from tests.analysis.test_planner import BUDGET, three


def tables():
    base = three()
    return (plan_table(base, "all", allocate(BUDGET, base, "all", Rule("floor", floor_pln=10))),
            plan_table(base, "all", allocate(BUDGET, base, "all", Rule("eligible"))))


def test_csv_is_data_only_with_the_promised_columns():
    a, b = tables()
    data = plan_csv(a, b)
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), dtype={"teryt": str})
    assert tuple(frame.columns[:10]) == CSV_COLUMNS
    assert list(frame["teryt"]) == ["02", "04", "06"]
    assert list(frame["scenario_amount_pln"]) == [12.0, 14.0, 24.0]
    assert list(frame["b_scenario_amount_pln"]) == [5.0, 10.0, 35.0]
    assert frame["scenario_amount_pln"].sum() == 50.0
    excel = pd.read_csv(io.BytesIO(plan_csv(a, b, excel_pl=True)), sep=";", decimal=",", dtype={"teryt": str})
    assert excel.equals(frame)


def test_xlsx_has_the_plan_and_every_assumption():
    a, b = tables()
    request = PlanRequest(Decimal(50), 2025, "all", None, Rule("floor", floor_pln=10), Rule("eligible"))
    shares = three().envelope_shares_pct()
    info = assumptions(request, shares, envelopes(BUDGET, shares), "=HYPERLINK(\"http://zlo\")",
                       datetime(2026, 12, 7, 21, 0).strftime("%d.%m.%Y %H:%M"), "/plan?budget=50")
    book = openpyxl.load_workbook(io.BytesIO(plan_xlsx(a, b, info)))
    assert book.sheetnames == ["Scenariusze", "Założenia"]
    plan = book["Scenariusze"]
    assert [c.value for c in plan[1]][:4] == ["teryt", "voivodeship", "base_amount_pln", "scenario_amount_pln"]
    assert plan["A2"].value == "02" and plan["D2"].value == 12
    about = {row[0]: row[1] for row in book["Założenia"].iter_rows(values_only=True)}
    assert about["Budżet (zł)"] == "50,00\u00a0zł"
    assert about["Edycja odniesienia"] == "2025"
    assert "równe minimum" in about["Scenariusz A: reguła"] and "według uprawnionych" in about["Scenariusz B: reguła"]
    assert about["Dane o dotacjach"].startswith("'=")  # a formula in a description stays text
    assert "największych reszt" in about["Zaokrąglenia"]


def test_the_plan_as_a_presentation_step_png_and_slide():
    from pptx import Presentation

    from mms_core.analysis.measures import SHARE_CHANGE_PP
    from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
    from mms_core.data.reference import loaders
    from mms_core.maps import geometry
    from mms_core.maps.legend import legend_rows
    from mms_core.maps.plan_map import plan_classes
    from mms_core.present.map_export import map_png
    from mms_core.present.plan_text import plan_caption, plan_sentence, plan_step_view
    from mms_core.present.slides import MAP_PX, PlanSlide, build_plan_deck
    from tests.analysis.test_planner import CODES

    table = plan_table(three(), "all", allocate(BUDGET, three(), "all", Rule("eligible")))
    request = PlanRequest(Decimal(50), 2025, "all", None, Rule("eligible"), None)
    view = plan_step_view(request, table, "A")
    assert view.title == "Plan na kolejną edycję"
    assert view.lines[0] == "Budżet 50\u00a0zł (założenie), edycja odniesienia 2025"
    assert view.figures[0] == ("Do podziału", "50\u00a0zł")
    assert view.figures[2][0] == "Najwięcej zyskuje udziału: lubelskie"  # 10 % → 70 %
    paths = DataPaths(DEFAULT_DATA_DIR)
    geojson = geometry.load_geojson(paths.voivodeships)
    geojson = {**geojson, "features": [f for f in geojson["features"] if f["properties"]["teryt"] in CODES]}
    conferences = loaders.load_conferences(paths.conferences)
    classes = plan_classes(table)
    caption = plan_caption(request, "sample", datetime(2026, 12, 7, 21))
    png = map_png(geojson, classes, SHARE_CHANGE_PP, conferences.loc[list(CODES)], caption, view=view)
    assert png.startswith(b"\x89PNG")
    deck = build_plan_deck(PlanSlide(
        map_png(geojson, classes, SHARE_CHANGE_PP, conferences.loc[list(CODES)], caption, "pl", MAP_PX, map_only=True),
        view.title, view.lines, view.figures, plan_sentence(table, Rule("eligible")), "Zmiana udziału",
        tuple(legend_rows(classes, SHARE_CHANGE_PP, hide_empty=True)), caption))
    slide = Presentation(io.BytesIO(deck)).slides[0]
    words = [r.text for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs for r in p.runs]
    assert "Plan na kolejną edycję" in words and "50\u00a0zł" in words and any("PRZYKŁADOWE" in w for w in words)
