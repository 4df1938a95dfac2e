"""bench/profile_summary.py: samples of the script threads summed by part, by hand."""

from __future__ import annotations

from bench.profile_summary import OTHER, summarise

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
