"""Split the gmina boundaries by voivodeship: ``static/geo/gminas/<TERYT 2>.geojson``, one file
per voivodeship with its gminas only (the features of ``geodata/gminas.geojson``, same order,
same coordinates), for the maps that show one region's gminas (the region profile, the
presentation's gmina step): about a sixteenth of the 1.7 MB national file to fetch and draw.

Usage (run by ``geodata/build_levels.py`` after it writes the national files)::

    python geodata/split_regions.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mms_core.facts.voivodeships import TERYT_CODES  # noqa: E402

SOURCE = ROOT / "geodata" / "gminas.geojson"
TARGET = ROOT / "static" / "geo" / "gminas"


def split(collection: dict) -> dict[str, dict]:
    """Voivodeship code → a FeatureCollection of its gminas (``properties.voivodeship``)."""
    parts = {code: [] for code in TERYT_CODES}
    for feature in collection["features"]:
        parts[feature["properties"]["voivodeship"]].append(feature)
    return {code: {"type": "FeatureCollection", "name": f"gminas-{code}", "features": features}
            for code, features in parts.items()}


def main() -> None:
    collection = json.loads(SOURCE.read_text(encoding="utf-8"))
    TARGET.mkdir(parents=True, exist_ok=True)
    for code, part in split(collection).items():
        text = json.dumps(part, ensure_ascii=False, separators=(",", ":"))
        (TARGET / f"{code}.geojson").write_text(text, encoding="utf-8")
        print(f"static/geo/gminas/{code}.geojson: {len(part['features'])} gminas, {len(text.encode()):,} bytes")


if __name__ == "__main__":
    main()
