"""The registry of geographic levels: what a level is, declared once as data.

A level names its TERYT code length, the column of the canonical grants that holds a unit's
code at that level, its boundary file (``geodata/``, served from ``static/geo/``, EPSG:4326),
its population file (persons) and its parent level. Pages, summaries and maps take a
:class:`Level`; adding the powiat or gmina level is a new entry here plus its files.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    code: str  # URL code (``?level=``)
    teryt_length: int  # digits of a unit's TERYT code
    grants_column: str  # column of the canonical grants holding the unit's code
    boundary_file: str  # file name in geodata/ (and static/geo/)
    population_file: str  # file name in the data folder; persons
    population_date: str  # the day the population figure refers to (ISO)
    parent: str | None  # the level above, or None
    population_code_column: str = "teryt"  # the code column of the population file
    population_column: str = "population"  # persons
    #: Units can be outside the programme (the cities over 100 000 and the powiats that are one): the map and the
    #: legend show them, and the units with no grant (white spots), as states of their own.
    has_outside: bool = False
    #: The map page lists the white spots per voivodeship and per gmina kind.
    has_white_spot_tables: bool = False
    #: Too many units for one table: the map page's table waits for a voivodeship to be chosen.
    table_needs_region: bool = False
    #: The optional layer of towns is offered over this level's map.
    has_towns: bool = False

    @property
    def label_key(self) -> str:
        """The catalogue key of the level's name (``level.gmina``)."""
        return f"level.{self.code}"

    @property
    def is_top(self) -> bool:
        """The voivodeships: few units, each named in the page's answer and opened by a click on the map."""
        return self.parent is None


LEVELS: tuple[Level, ...] = (
    Level("voivodeship", 2, "voivodeship_teryt", "voivodeships.geojson", "population_2024.csv", "2024-12-31", None,
          population_column="pop_total"),
    Level("powiat", 4, "powiat_teryt", "powiats.geojson", "population_powiat_2025.csv", "2025-12-31", "voivodeship",
          population_code_column="teryt4", population_column="population_source", has_outside=True),
    Level("gmina", 7, "gmina_teryt", "gminas.geojson", "population_gmina_2025.csv", "2025-12-31", "powiat",
          population_code_column="teryt7", has_outside=True, has_white_spot_tables=True, table_needs_region=True,
          has_towns=True),
)
LEVEL_BY_CODE: dict[str, Level] = {level.code: level for level in LEVELS}
DEFAULT_LEVEL = "voivodeship"
#: Gmina kinds as the boundary and population files write them, in display order.
GMINA_KINDS: tuple[str, ...] = ("wiejska", "miejsko-wiejska", "miejska")


def parent_code(teryt: str, level: Level) -> str | None:
    """The code of the unit containing ``teryt`` at the parent level (TERYT codes nest by prefix)."""
    if level.parent is None:
        return None
    return teryt[: LEVEL_BY_CODE[level.parent].teryt_length]
