"""Where a map-page rerun spends its time: a py-spy profile (``--format raw``) of the server, summed by
part of the page's work. Used for the table in docs/performance.md:

    py-spy record -p <server pid> -d 30 -r 200 -f raw -o profile.txt   # while bench/load_test.py runs
    python bench/profile_summary.py profile.txt --runs 120             # runs counted in MMS_RUN_TIME_LOG

Only the script threads' samples count (frames under Streamlit's ``exec_func_with_error_handling``); each
sample is given to the first part (in the order below) whose marker is in its stack. With ``--runs`` the
shares are also given in milliseconds per run (samples × sampling interval ÷ runs).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

#: (part, markers in a stack frame) — the first that matches takes the sample. A marker is (the start of) a function's
#: name as py-spy writes a frame, ``name (file.py)`` or ``Class.name (file.py)``: the unit pipeline's (one sentence,
#: table, CSV and legend for every level, :mod:`mms_core.present.summary_table`, :mod:`mms_ui.maps`), the map
#: frame's, Streamlit's; a test checks that each names a function that exists.
PARTS = (
    ("sending the page to the browser (Streamlit's messages)", ("ScriptRunContext.enqueue",)),
    ("reading cached data (copies out of st.cache_data)", ("DataCache.read_result",)),
    ("hashing cache keys", ("_make_value_key", "_make_function_key")),
    ("rendering the map (folium, streamlit-folium)", ("st_folium (", "draw_map (", "render_layer", "render_base")),
    ("texts, tables, legend, CSV of the figures", ("summary_sentence", "display_summary", "summary_styler",
                                                   "html_table", "white_spot_tables", "legend_html", "legend_block",
                                                   "summary_csv", "headline (")),
    ("the data's stamp (files, ledger)", ("current_source",)),
    ("sidebar filters and the origin banner", ("render_filters", "origin_banner")),
    ("exports (buttons, caption)", ("export_buttons",)),
)
OTHER = "the rest (layout, widgets, Streamlit's own work)"


def summarise(lines: list[str]) -> tuple[Counter, int]:
    parts: Counter = Counter()
    total = 0
    for line in lines:
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or "exec_func_with_error_handling" not in stack:
            continue
        samples = int(count)
        total += samples
        part = next((name for name, markers in PARTS if any(m in stack for m in markers)), OTHER)
        parts[part] += samples
    return parts, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--rate", type=int, default=200, help="py-spy's samples per second (default 200)")
    parser.add_argument("--runs", type=int, help="script runs in the profiled window")
    args = parser.parse_args(argv)
    parts, total = summarise(args.profile.read_text(encoding="utf-8").splitlines())
    print(f"{total} samples of the script threads")
    for name, _ in [*PARTS, (OTHER, ())]:
        share = parts[name] / total if total else 0
        per_run = f"  {parts[name] * 1000 / args.rate / args.runs:6.1f} ms/run" if args.runs else ""
        print(f"{share:6.1%}{per_run}  {name}")
    if args.runs:
        print(f"        {total * 1000 / args.rate / args.runs:6.1f} ms/run  in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
