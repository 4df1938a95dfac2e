"""Build the gmina, powiat and voivodeship boundaries from one source, so the three layers fit
one another exactly.

Source: ``poland.municipalities.json`` (2,477 gminas, 7-digit TERC codes, PRG boundaries of about
2020-11 simplified with mapshaper; GitHub jusuff/PolandGeoJson, the Unlicense), read from the
project's reference folder (``../shared/reference/geo/`` beside the project, or a path given on the
command line). Codes are re-keyed to the 2025 TERYT codes of GUS's population file
(``mms_data/population_gmina_2025.csv``, column ``boundary_terc``: 86 gminas changed only their type
digit since the boundaries were drawn).

Steps: project to EPSG:2180 (metres); simplify the gminas as one coverage with shapely's
``simplify_coverage`` (shared borders stay shared, no gaps or slivers); dissolve the simplified
gminas into powiats (first 4 digits) and voivodeships (first 2), so every border of a higher level
is exactly a border of the level below; project back to EPSG:4326 and write coordinates to 4
decimals (about 11 m).

Usage::

    python geodata/build_levels.py [path/to/reference/geo]

Writes ``geodata/{gminas,powiats,voivodeships}.geojson`` and the same bytes to ``static/geo/``
(Streamlit serves no file that resolves outside ``static/``), then each voivodeship's gminas to
``static/geo/gminas/<TERYT 2>.geojson`` (``geodata/split_regions.py``).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import geopandas as gpd
import shapely

from mms_core.facts.voivodeships import TERYT_CODES, name_of

sys.path.insert(0, str(Path(__file__).resolve().parent))
import split_regions

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "reference" / "geo"
POPULATION = ROOT / "mms_data" / "population_gmina_2025.csv"
SIMPLIFY_TOLERANCE_M = 150.0
DECIMALS = 4


def _rounded(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], DECIMALS), round(coords[1], DECIMALS)]
    return [_rounded(c) for c in coords]


def feature_collection(gdf: gpd.GeoDataFrame, name: str) -> str:
    """Compact GeoJSON text of ``gdf`` (EPSG:4326) with coordinates rounded to 4 decimals."""
    collection = json.loads(gdf.to_json(drop_id=True))
    for feature in collection["features"]:
        feature["geometry"]["coordinates"] = _rounded(feature["geometry"]["coordinates"])
    collection["name"] = name
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"))


def gmina_codes() -> dict[str, dict]:
    """Boundary TERC code → the 2025 gmina row (teryt7, name, kind, powiat, voivodeship)."""
    with POPULATION.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["boundary_terc"]: row for row in rows if row["boundary_terc"]}


def build(source_dir: Path) -> dict[str, gpd.GeoDataFrame]:
    raw = gpd.read_file(source_dir / "poland.municipalities.json")
    codes = gmina_codes()
    missing = sorted(set(raw["terc"]) - set(codes))
    if missing:
        raise SystemExit(f"boundary codes without a 2025 gmina: {missing[:5]}")
    gminas = gpd.GeoDataFrame({
        "teryt": [codes[c]["teryt7"] for c in raw["terc"]],
        "name": [codes[c]["name"] for c in raw["terc"]],
        "kind": [codes[c]["kind"].removeprefix("gmina ") for c in raw["terc"]],
        "geometry": raw.geometry,
    }, crs=raw.crs).to_crs("EPSG:2180").sort_values("teryt").reset_index(drop=True)
    gminas["geometry"] = gminas.geometry.simplify_coverage(SIMPLIFY_TOLERANCE_M)
    # snap to the 0.0001° grid once, topology kept (GEOS precision reducer), before dissolving:
    # the powiats and voivodeships are then unions of exactly the vertices the gminas have
    gminas = gminas.to_crs("EPSG:4326")
    gminas["geometry"] = shapely.set_precision(gminas.geometry.values, 10 ** -DECIMALS)
    gminas["powiat"] = gminas["teryt"].str[:4]
    gminas["voivodeship"] = gminas["teryt"].str[:2]
    powiat_names = _powiat_names(source_dir)
    powiats = gminas.dissolve(by="powiat", as_index=False)[["powiat", "voivodeship", "geometry"]]
    powiats = powiats.rename(columns={"powiat": "teryt"})
    powiats.insert(1, "name", powiats["teryt"].map(powiat_names))
    voivodeships = gminas.dissolve(by="voivodeship", as_index=False)[["voivodeship", "geometry"]]
    voivodeships = voivodeships.rename(columns={"voivodeship": "teryt"})
    voivodeships.insert(1, "name", voivodeships["teryt"].map(name_of))
    if list(voivodeships["teryt"]) != list(TERYT_CODES):
        raise SystemExit("the gminas do not dissolve into the 16 voivodeships")
    out = {}
    for level, gdf in (("gminas", gminas), ("powiats", powiats), ("voivodeships", voivodeships)):
        gdf = gdf.copy()
        gdf["geometry"] = shapely.set_precision(gdf.geometry.values, 10 ** -DECIMALS)
        if not gdf.geometry.is_valid.all():
            raise SystemExit(f"{level}: invalid geometry after snapping")
        out[level] = gdf
    return out


def _powiat_names(source_dir: Path) -> dict[str, str]:
    with (ROOT / "mms_data" / "population_powiat_2025.csv").open(encoding="utf-8", newline="") as handle:
        return {row["teryt4"]: row["name"] for row in csv.DictReader(handle)}


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    for level, gdf in build(source).items():
        text = feature_collection(gdf, level)
        for folder in (ROOT / "geodata", ROOT / "static" / "geo"):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{level}.geojson").write_text(text, encoding="utf-8")
        print(f"geodata/{level}.geojson: {len(gdf)} units, {len(text.encode()):,} bytes")
    split_regions.main()  # static/geo/gminas/<TERYT 2>.geojson, one voivodeship's gminas each


if __name__ == "__main__":
    main(sys.argv)
