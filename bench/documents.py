"""Time and size of the office documents (no browser): the tour as PowerPoint slides, one voivodeship's
A4 card and all 16 cards in one PDF, the Data page's ODS of every grant of an edition — each built
``--repeat`` times on a copy of the shipped data. Results to ``bench/results/documents.json``.

Usage: ``python bench/documents.py [--repeat 3]``; run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from mms_core.analysis.filters import Filters
from mms_core.data import ledger
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.facts.voivodeships import TERYT_CODES
from mms_core.present.region_card import cards_from_folder, region_cards_pdf
from mms_core.present.slides import build_deck, content_from_folder
from mms_core.present.table_exports import export_info, grants_ods


def timed(make, repeat: int) -> dict:
    times, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = len(make())
        times.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(times), 2), "max_s": round(max(times), 2),
            "size_mb": round(size / 1024 / 1024, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "documents.json")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp()) / "data"
    shutil.copytree(DEFAULT_DATA_DIR, folder, ignore=shutil.ignore_patterns("ledger", "*.py", "README.md"))
    paths = DataPaths(folder)
    ledger.prepare(paths)
    when = datetime(2026, 12, 7, 21)
    grants = ledger.read_view(paths).grants
    grants = grants[grants["edition"] == 2025]
    info = export_info(Filters(edition=2025), {"kind": "sample"}, when, len(grants))
    results = {
        "slides_pptx_19": timed(lambda: build_deck(content_from_folder(paths, 2025, "pl", "http://x/present", when)),
                                args.repeat),
        "card_pdf_1": timed(lambda: region_cards_pdf(cards_from_folder(paths, 2025, ["06"], "pl", when)), args.repeat),
        "cards_pdf_16": timed(lambda: region_cards_pdf(cards_from_folder(paths, 2025, list(TERYT_CODES), "pl", when)),
                              args.repeat),
        "grants_ods_2025": timed(lambda: grants_ods(grants, info), args.repeat),
    }
    for name, figures in results.items():
        print(f"{name:18} median {figures['median_s']:5.2f} s   max {figures['max_s']:5.2f} s   {figures['size_mb']:5.2f} MB")
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
