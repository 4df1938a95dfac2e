"""Voivodeship boundaries (EPSG:4326, degrees) and point-in-region look-ups.

The app reads the GeoJSON with the standard library and checks it with shapely;
geopandas (slow to import) is loaded only for projected work: areas in km² (EPSG:2180).
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import Point, shape

from mms_core.data.reference.data_file import DataFileError
from mms_core.facts.voivodeships import TERYT_CODES, name_of

WGS84 = "EPSG:4326"
#: Poland's official projected system (PUWG 1992), metres; used for areas and simplification.
PUWG1992 = "EPSG:2180"


def load_geojson(path: Path) -> dict:
    """The 16 voivodeships as a GeoJSON FeatureCollection (plain dict), keyed by ``teryt``,
    with Polish ``name``s, in TERYT order; each polygon checked to be valid."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, "nie znaleziono pliku z granicami województw.")
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
        features = collection["features"]
        codes = [str(f["properties"]["teryt"]) for f in features]
        shapes = [shape(f["geometry"]) for f in features]
    except (ValueError, KeyError, TypeError, AttributeError, shapely.errors.GEOSException):
        raise DataFileError(path, "nie da się odczytać granic województw.") from None
    if sorted(codes) != sorted(TERYT_CODES):
        raise DataFileError(path, "plik musi zawierać 16 województw z kodami TERYT 02–32.")
    if not all(s.is_valid and s.geom_type in ("Polygon", "MultiPolygon") for s in shapes):
        raise DataFileError(path, "granice zawierają nieprawidłowy wielokąt.")
    ordered = sorted(zip(codes, features), key=lambda pair: pair[0])
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"teryt": code, "name": name_of(code)}, "geometry": f["geometry"]}
        for code, f in ordered
    ]}


def region_at(collection: dict, lon: float, lat: float) -> str | None:
    """TERYT code of the voivodeship containing the point (degrees), or ``None``."""
    point = Point(lon, lat)
    for feature in collection["features"]:
        if shape(feature["geometry"]).contains(point):
            return feature["properties"]["teryt"]
    return None


def to_geodataframe(collection: dict):
    """The collection as a GeoDataFrame in EPSG:4326 (imports geopandas)."""
    import geopandas as gpd

    return gpd.GeoDataFrame.from_features(collection["features"], crs=WGS84)


def areas_km2(collection: dict) -> dict[str, float]:
    """Area of each voivodeship in km², computed in EPSG:2180."""
    metric = to_geodataframe(collection).to_crs(PUWG1992)
    return dict(zip(metric["teryt"], metric.geometry.area / 1e6))
