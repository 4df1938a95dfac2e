"""Where the data files live.

The data folder defaults to ``mms_data/`` beside this package and can be moved with
the environment variable ``MMS_DATA_DIR`` (used by tests and by deployments that keep
the official lists elsewhere). Geometry always comes from ``geodata/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mms_core.facts.levels import LEVEL_BY_CODE, Level

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = PROJECT_ROOT / "mms_data"
GEODATA_DIR = PROJECT_ROOT / "geodata"
STATIC_DIR = PROJECT_ROOT / "static"


@dataclass(frozen=True)
class DataPaths:
    """Paths of every data file the dashboard reads."""

    data_dir: Path
    geodata_dir: Path = GEODATA_DIR

    def population_of(self, level: Level) -> Path:
        """The population file (persons) of a geographic level."""
        return self.data_dir / level.population_file

    def boundaries_of(self, level: Level) -> Path:
        """The boundary file (GeoJSON, EPSG:4326) of a geographic level."""
        return self.geodata_dir / level.boundary_file

    @property
    def population(self) -> Path:
        return self.population_of(LEVEL_BY_CODE["voivodeship"])

    @property
    def big_cities(self) -> Path:
        return self.data_dir / "cities_over_100k_2023.csv"

    @property
    def places(self) -> Path:
        """The gazetteer of towns and villages with their gmina (``geodata/build_places.py``)."""
        return self.data_dir / "places_prng_2021.csv"

    @property
    def conferences(self) -> Path:
        return self.data_dir / "conferences_2025.csv"

    @property
    def operators(self) -> Path:
        return self.data_dir / "p3_operators_2025.csv"

    @property
    def published_results(self) -> Path:
        return self.data_dir / "published_results_2025.csv"

    @property
    def grants(self) -> Path:
        """The starting grants (the shipped sample), loaded into the ledger on the first start."""
        return self.data_dir / "grants.csv"

    @property
    def grants_meta(self) -> Path:
        """The provenance of :attr:`grants`, with its SHA-256."""
        return self.data_dir / "grants.meta.json"

    @property
    def conference_edits(self) -> Path:
        """Conference facts filled in by an official (see :mod:`mms_core.data.reference.conference_edits`)."""
        return self.data_dir / "conference_edits.json"

    @property
    def voivodeships(self) -> Path:
        return self.boundaries_of(LEVEL_BY_CODE["voivodeship"])

    def reference_files(self) -> tuple[Path, ...]:
        """The files read as they are (the grants go through the ledger of sources); the conference
        facts an official filled in are among them, so an edit refreshes every cache."""
        return (self.population, self.big_cities, self.conferences, self.operators, self.published_results,
                self.voivodeships, self.conference_edits, self.population_of(LEVEL_BY_CODE["powiat"]),
                self.population_of(LEVEL_BY_CODE["gmina"]))


def data_paths() -> DataPaths:
    """The data paths in force (``MMS_DATA_DIR`` or ``mms_data/``)."""
    return DataPaths(Path(os.environ.get("MMS_DATA_DIR", DEFAULT_DATA_DIR)))
