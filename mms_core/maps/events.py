"""What a click on the map means, from the value st_folium returns.

The map returns ``last_active_drawing`` (the GeoJSON feature clicked: a voivodeship or a
conference, both carry ``teryt``) and ``last_object_clicked_count``. A click is new when
the count grew since the last one handled; a freshly mounted map starts again at 0. Only a
click on a voivodeship (a polygon) opens its profile; a conference marker shows its popup.
"""

from __future__ import annotations

from mms_core.facts.voivodeships import BY_TERYT

RETURNED_OBJECTS = ["last_active_drawing", "last_object_clicked_count"]


def clicked_region(value: dict | None, handled_count: int) -> tuple[str | None, int]:
    """``(teryt of a newly clicked region or None, count to remember as handled)``."""
    if not value:
        return None, 0
    count = int(value.get("last_object_clicked_count") or 0)
    if count <= handled_count:
        return None, count
    feature = value.get("last_active_drawing") or {}
    if (feature.get("geometry") or {}).get("type") not in ("Polygon", "MultiPolygon"):
        return None, count
    teryt = str((feature.get("properties") or {}).get("teryt", ""))
    return (teryt if teryt in BY_TERYT else None), count
