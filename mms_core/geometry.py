"""Voivodeship boundaries (EPSG:4326, degrees) and point-in-region look-ups."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
from shapely.geometry import Point

from .datafiles import DataFileError
from .voivodeships import TERYT_CODES, name_of

WGS84 = "EPSG:4326"
#: Poland's official projected system (PUWG 1992), metres; used for areas and simplification.
PUWG1992 = "EPSG:2180"


def load_voivodeships(path: Path) -> gpd.GeoDataFrame:
    """Read the 16 voivodeship polygons keyed by TERYT, with Polish names, in EPSG:4326."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, "nie znaleziono pliku z granicami województw.")
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for broken files
        raise DataFileError(path, f"nie da się odczytać granic województw ({type(exc).__name__}).") from None
    if "teryt" not in gdf.columns or sorted(gdf["teryt"].astype(str)) != sorted(TERYT_CODES):
        raise DataFileError(path, "plik musi zawierać 16 województw z kodami TERYT 02–32.")
    if not gdf.geometry.is_valid.all():
        raise DataFileError(path, "granice zawierają nieprawidłowy wielokąt.")
    gdf = gdf.set_crs(WGS84, allow_override=True) if gdf.crs is None else gdf.to_crs(WGS84)
    gdf["teryt"] = gdf["teryt"].astype(str)
    gdf["name"] = gdf["teryt"].map(name_of)
    return gdf[["teryt", "name", "geometry"]].sort_values("teryt").reset_index(drop=True)


def region_at(gdf: gpd.GeoDataFrame, lon: float, lat: float) -> str | None:
    """TERYT code of the voivodeship containing the point (degrees), or ``None``."""
    hits = gdf[gdf.geometry.contains(Point(lon, lat))]
    return str(hits["teryt"].iloc[0]) if len(hits) else None


def areas_km2(gdf: gpd.GeoDataFrame) -> dict[str, float]:
    """Area of each voivodeship in km², computed in EPSG:2180."""
    metric = gdf.to_crs(PUWG1992)
    return dict(zip(metric["teryt"], metric.geometry.area / 1e6))


def geojson_dict(gdf: gpd.GeoDataFrame) -> dict:
    """The polygons as a GeoJSON FeatureCollection (plain dict) with ``teryt`` and ``name``."""
    return json.loads(gdf.to_json(drop_id=True))
