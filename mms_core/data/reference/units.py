"""The units of the powiat and gmina levels: codes, names, kinds and GUS population.

Population: GUS Bank Danych Lokalnych, variable 72305 "ludność ogółem, stan 31 XII", 2025
(``mms_data/population_{gmina,powiat}_2025.csv``; sources and checks in ``mms_data/README.md``).
Units are persons. Six gminas have no figure in the source: their population is missing (NaN),
never zero — a per-resident figure there is "brak danych".
"""

from __future__ import annotations

import pandas as pd

from mms_core.data.paths import DataPaths
from mms_core.data.reference.data_file import DataFileError, read_csv_strict
from mms_core.facts.levels import GMINA_KINDS, LEVEL_BY_CODE

__all__ = ["GMINA_KINDS", "load_gminas", "load_powiats"]


def _population(path, frame: pd.DataFrame, column: str) -> pd.Series:
    text = frame[column].str.strip()
    values = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = text.ne("") & values.isna()
    if bad.any() or (values.dropna() < 0).any():
        raise DataFileError(path, f"kolumna {column} musi zawierać liczby mieszkańców (lub być pusta).")
    return values.astype("Int64")


def load_gminas(paths: DataPaths) -> pd.DataFrame:
    """The 2,479 gminas of 2025: ``teryt`` (7 digits), ``name``, ``kind`` (wiejska / miejsko-wiejska /
    miejska), ``powiat``, ``voivodeship``, ``population`` (persons, NA where GUS has none),
    ``boundary_teryt`` (the code of its polygon in ``gminas.geojson``, or "" for the two gminas
    created in 2025 that have none). Indexed by ``teryt``."""
    level = LEVEL_BY_CODE["gmina"]
    path = paths.population_of(level)
    frame = read_csv_strict(path, ("teryt7", "name", "kind", "powiat_teryt4", "voivodeship_teryt2", "population",
                                   "boundary_terc", "boundary_match"))
    if frame["teryt7"].duplicated().any() or not frame["teryt7"].str.fullmatch(r"\d{7}").all():
        raise DataFileError(path, "kody TERYT gmin muszą mieć 7 cyfr i się nie powtarzać.")
    out = pd.DataFrame({
        "teryt": frame["teryt7"],
        "name": frame["name"],
        "kind": frame["kind"].str.removeprefix("gmina "),
        "powiat": frame["powiat_teryt4"],
        "voivodeship": frame["voivodeship_teryt2"],
        "population": _population(path, frame, "population"),
        # the polygon is keyed by the 2025 code; the two new gminas have none
        "boundary_teryt": frame["teryt7"].where(frame["boundary_terc"] != "", ""),
    })
    return out.set_index("teryt", drop=False).rename_axis(None).sort_index()


def load_powiats(paths: DataPaths) -> pd.DataFrame:
    """The 380 powiats: ``teryt`` (4 digits), ``name``, ``voivodeship``, ``population`` (persons, GUS
    2025 figure of the powiat itself). Indexed by ``teryt``."""
    level = LEVEL_BY_CODE["powiat"]
    path = paths.population_of(level)
    frame = read_csv_strict(path, ("teryt4", "name", "voivodeship_teryt2", "population_source"))
    if frame["teryt4"].duplicated().any() or not frame["teryt4"].str.fullmatch(r"\d{4}").all():
        raise DataFileError(path, "kody TERYT powiatów muszą mieć 4 cyfry i się nie powtarzać.")
    out = pd.DataFrame({"teryt": frame["teryt4"], "name": frame["name"], "voivodeship": frame["voivodeship_teryt2"],
                        "population": _population(path, frame, "population_source")})
    return out.set_index("teryt", drop=False).rename_axis(None).sort_index()
