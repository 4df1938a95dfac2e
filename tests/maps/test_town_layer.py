"""The town layer: towns summed and placed by hand on a toy gazetteer, areas proportional to zł,
tooltips escaped, the same places as the gazetteer's own look-up on the shipped data."""

from __future__ import annotations

import math

import pandas as pd

from mms_core.data.paths import DEFAULT_DATA_DIR
from mms_core.data.reference.loaders import load_grants
from mms_core.data.reference.places import shipped_gazetteer
from mms_core.maps.town_layer import MAX_RADIUS_PX, MIN_RADIUS_PX, place_index, radii, town_layer, town_points

PLACES = pd.DataFrame({
    "name": ["Łąka", "Łąka", "Zabłocie", "Zabłocie"],
    "kind": ["wieś", "wieś", "wieś", "miasto"],
    "voivodeship_teryt": ["06", "06", "06", "06"],
    "gmina_teryt": ["0601011", "0601011", "0601011", "0602011"],
    "lat": [51.0, 51.5, 52.0, 52.5],
    "lon": [22.0, 22.5, 23.0, 23.5],
})


def grant(town: str, gmina: str, amount: float) -> dict:
    return {"town": town, "gmina_teryt": gmina, "amount_pln": amount}


def test_towns_summed_placed_and_the_rest_counted():
    grants = pd.DataFrame([grant("Łąka", "0601011", 40000), grant("Łąka", "0601011", 10000),
                           grant("laka", "0601011", 2500),  # typed without Polish letters: the same place
                           grant("Zabłocie", "0602011", 12500), grant("Nigdzie", "0601011", 7000),
                           grant("Łąka", "", 3000)])
    points = town_points(grants, place_index(PLACES))
    table = points.table.set_index(["gmina_teryt", "town"])
    assert table.loc[("0601011", "Łąka"), ["grants", "amount_pln"]].tolist() == [2, 50000.0]
    assert table.loc[("0601011", "Łąka"), ["lat", "lon"]].tolist() == [51.0, 22.0]  # the first place of the name
    assert table.loc[("0601011", "laka"), ["lat", "lon"]].tolist() == [51.0, 22.0]
    assert table.loc[("0602011", "Zabłocie"), ["lat", "lon"]].tolist() == [52.5, 23.5]  # the one in its gmina
    assert (points.missing_grants, points.missing_amount_pln) == (2, 10000.0)  # Nigdzie, and no gmina


def test_areas_are_proportional_to_the_amounts():
    sizes = radii(pd.Series([40000.0, 10000.0, 100.0]))
    assert sizes[0] == MAX_RADIUS_PX
    assert sizes[1] == MAX_RADIUS_PX / 2  # a quarter of the zł: a quarter of the area, half the radius
    assert sizes[2] == MIN_RADIUS_PX  # 0,8 px would not be seen
    assert math.isclose((sizes[0] / sizes[1]) ** 2, 4.0)


def test_tooltips_are_escaped():
    hostile = "Wieś <img src=x onerror=alert(1)> ${alert(2)} `x`"
    places = pd.concat([PLACES, pd.DataFrame([{"name": hostile, "kind": "wieś", "voivodeship_teryt": "06",
                                               "gmina_teryt": "0601011", "lat": 51.2, "lon": 22.2}])])
    points = town_points(pd.DataFrame([grant(hostile, "0601011", 1000)]), place_index(places))
    (bubbles,) = town_layer(points)._children.values()
    text = bubbles.data_json
    assert "<img" not in text and "${" not in text and "`" not in text
    assert "&lt;img" in text.replace("\\u0026", "&")


def test_same_places_as_the_gazetteer_on_the_shipped_grants():
    gazetteer = shipped_gazetteer()
    grants = load_grants(DEFAULT_DATA_DIR / "grants.csv")
    points = town_points(grants, place_index(gazetteer.places))
    assert len(points.table) > 100
    for row in points.table.sample(25, random_state=1).itertuples():
        assert gazetteer.coordinates(row.gmina_teryt[:2], row.town, row.gmina_teryt) == (row.lat, row.lon)
    assert points.table["grants"].sum() + points.missing_grants == len(grants)
