"""bench/profile_summary.py: samples of the script threads summed by part, by hand."""

from __future__ import annotations

import ast
from pathlib import Path

from bench.profile_summary import OTHER, PARTS, summarise

RUN = "Thread.run (threading.py);exec_func_with_error_handling (exec_code.py);<module> (dashboard.py)"


def test_each_sample_goes_to_the_first_part_that_matches():
    lines = [
        f"{RUN};show_map (maps.py);draw_map (map_frame.py);ScriptRunContext.enqueue (ctx.py) 3",  # enqueue first
        f"{RUN};draw_map (map_frame.py);render_layer (map_frame.py) 5",
        f"{RUN};reference (cached.py);DataCache.read_result (cache_data_api.py) 7",
        f"{RUN};start (app.py);render_filters (sidebar.py) 2",
        f"{RUN};columns (layouts.py) 1",
        "Thread.run (threading.py);EpollSelector.select (selectors.py) 50",  # not a script thread: left out
        "",
    ]
    parts, total = summarise(lines)
    assert total == 18
    assert parts["sending the page to the browser (Streamlit's messages)"] == 3
    assert parts["rendering the map (folium, streamlit-folium)"] == 5
    assert parts["reading cached data (copies out of st.cache_data)"] == 7
    assert parts["sidebar filters and the origin banner"] == 2
    assert parts[OTHER] == 1


def test_the_unit_pipeline_s_texts_tables_and_csv_count_as_such_at_every_level():
    texts = "texts, tables, legend, CSV of the figures"
    lines = [f"{RUN};page (map.py);summary_sentence (summary_table.py);fmt_metric (formatting.py) 4",
             f"{RUN};summary_section (levels_ui.py);summary_styler (summary_table.py) 3",
             f"{RUN};summary_section (levels_ui.py);summary_csv (summary_table.py) 2",
             f"{RUN};show_unit_legend (maps.py);unit_legend_block (maps.py);legend_block (maps.py) 1",
             f"{RUN};page (map.py);UnitSummary.headline (units_summary.py);headline (aggregates.py) 1",
             f"{RUN};white_spot_tables (levels_ui.py);white_spots (levels.py) 1"]
    parts, total = summarise(lines)
    assert total == parts[texts] == 12


def _defined_names() -> set[str]:
    """The names of the functions and methods defined in the app and in Streamlit and streamlit-folium."""
    import streamlit
    import streamlit_folium

    from mms_core.data.paths import PROJECT_ROOT

    files = [PROJECT_ROOT / "dashboard.py"]
    for folder in (PROJECT_ROOT / "mms_core", PROJECT_ROOT / "mms_ui", PROJECT_ROOT / "pages",
                   Path(streamlit.__file__).parent, Path(streamlit_folium.__file__).parent):
        files += folder.rglob("*.py")
    names: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.add(node.name)
    return names


def test_every_marker_names_a_function_that_exists():
    """A renamed function (``answer_sentence`` became ``summary_sentence``) would silently move its samples
    to "the rest"."""
    defined = _defined_names()
    for _, markers in PARTS:
        for marker in markers:
            name = marker.removesuffix(" (").rpartition(".")[2]
            assert name in defined, marker
