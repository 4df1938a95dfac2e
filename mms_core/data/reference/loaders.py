"""Reading and validating the data files; every failure becomes a Polish message.

Each ``load_*`` function takes a path and returns a plain pandas object, or raises
:class:`DataFileError` whose ``message`` says in Polish which file is wrong and why.
Units: population in persons, amounts in zł, coordinates in degrees (EPSG:4326).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from mms_core.data.reference.data_file import DataFileError, read_csv_strict
from mms_core.data.reference.places import place_grants, shipped_gazetteer
from mms_core.facts.vocab import (
    FIRST_EDITION,
    GRANT_COLUMNS,
    LAST_EDITION,
    ORG_TYPES,
    P3_ONLY_ORG_TYPES,
    PRIORITIES,
    PRIORITY_MAX_PLN,
)
from mms_core.facts.voivodeships import TERYT_CODES, name_of

NATIONAL_TERYT = "00"


def _to_int(path: Path, frame: pd.DataFrame, column: str) -> pd.Series:
    values = pd.to_numeric(frame[column].str.replace(r"\s", "", regex=True), errors="coerce")
    bad = frame.index[values.isna() | (values < 0)]
    if len(bad):
        row = int(bad[0]) + 2
        raise DataFileError(path, f"wiersz {row}: kolumna „{column}” musi zawierać nieujemną liczbę.")
    return values.astype("int64")


def load_population(path: Path) -> pd.DataFrame:
    """GUS population on 2024-12-31 of the 16 voivodeships.

    Returns columns ``teryt, voivodeship, population, population_urban, population_rural``
    (persons), indexed by ``teryt``. The national row (``00``) must equal the sum.
    """
    frame = read_csv_strict(path, ("teryt", "voivodeship", "pop_total", "pop_urban", "pop_rural"))
    frame["teryt"] = frame["teryt"].str.strip().str.zfill(2)
    for column in ("pop_total", "pop_urban", "pop_rural"):
        frame[column] = _to_int(path, frame, column)
    national = frame[frame["teryt"] == NATIONAL_TERYT]
    regions = frame[frame["teryt"] != NATIONAL_TERYT]
    if sorted(regions["teryt"]) != sorted(TERYT_CODES) or regions["teryt"].duplicated().any():
        raise DataFileError(path, "plik musi zawierać dokładnie 16 województw z kodami TERYT 02–32.")
    if len(national) == 1 and int(national["pop_total"].iloc[0]) != int(regions["pop_total"].sum()):
        raise DataFileError(path, "suma ludności województw nie zgadza się z wierszem POLSKA.")
    out = regions.rename(columns={"pop_total": "population", "pop_urban": "population_urban",
                                  "pop_rural": "population_rural"})
    out["voivodeship"] = out["teryt"].map(name_of)
    return (out[["teryt", "voivodeship", "population", "population_urban", "population_rural"]]
            .set_index("teryt", drop=False).rename_axis(None).sort_index())


def load_big_cities(path: Path) -> pd.DataFrame:
    """Cities over 100 000 inhabitants (about 2023-12-31).

    Returns ``city, teryt, population`` where ``population`` is a float in persons and
    NaN where the source gives no readable value (Chorzów).
    """
    frame = read_csv_strict(path, ("city", "teryt", "population"))
    frame["teryt"] = frame["teryt"].str.strip().str.zfill(2)
    unknown = set(frame["teryt"]) - set(TERYT_CODES)
    if unknown:
        raise DataFileError(path, "nieznany kod TERYT województwa: " + ", ".join(sorted(unknown)) + ".")
    frame["population"] = pd.to_numeric(frame["population"], errors="coerce")
    return frame[["city", "teryt", "population"]].reset_index(drop=True)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load_conferences(path: Path) -> pd.DataFrame:
    """The 16 regional conferences: ``teryt, town, lat, lon, date, time, date_note, venue``.

    ``date`` is a ``datetime.date`` or ``None`` when unknown; empty texts stay empty
    (unknown). One conference per voivodeship.
    """
    frame = read_csv_strict(path, ("teryt", "town", "lat", "lon", "date", "time", "date_note", "venue"))
    frame["teryt"] = frame["teryt"].str.strip().str.zfill(2)
    if sorted(frame["teryt"]) != sorted(TERYT_CODES):
        raise DataFileError(path, "potrzebna jest dokładnie jedna konferencja w każdym z 16 województw.")
    for column in ("lat", "lon"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    bad = frame.index[frame["lat"].isna() | frame["lon"].isna() | ~frame["lat"].between(49, 55.1)
                      | ~frame["lon"].between(14, 24.2)]
    if len(bad):
        raise DataFileError(path, f"wiersz {int(bad[0]) + 2}: współrzędne poza Polską lub nieczytelne.")
    bad_dates = frame.index[(frame["date"] != "") & ~frame["date"].str.match(_ISO_DATE)]
    if len(bad_dates):
        raise DataFileError(path, f"wiersz {int(bad_dates[0]) + 2}: data musi mieć postać RRRR-MM-DD.")
    frame["date"] = [pd.Timestamp(d).date() if d else None for d in frame["date"]]
    frame["voivodeship"] = frame["teryt"].map(name_of)
    return frame.set_index("teryt", drop=False).rename_axis(None).sort_index()


def load_operators(path: Path) -> pd.DataFrame:
    """Priority 3 (regranting) operators known for some voivodeships, indexed by ``teryt``.

    ``operator`` is empty where the operator is unknown; ``operator_note`` says what is known.
    """
    frame = read_csv_strict(path, ("teryt", "operator", "operator_note", "call_name", "source_url"))
    frame["teryt"] = frame["teryt"].str.strip().str.zfill(2)
    unknown = set(frame["teryt"]) - set(TERYT_CODES)
    if unknown:
        raise DataFileError(path, "nieznany kod TERYT województwa: " + ", ".join(sorted(unknown)) + ".")
    return frame.set_index("teryt", drop=False).rename_axis(None).sort_index()


def load_published_results(path: Path) -> pd.DataFrame:
    """Results of edition 2025 published in the news (text values, as published)."""
    return read_csv_strict(path, ("scope", "metric", "value", "unit", "ref", "source_url"))


def load_grants(path: Path) -> pd.DataFrame:
    """The canonical grants table (one row per grant), validated.

    Returns the columns of :data:`mms_core.facts.vocab.GRANT_COLUMNS` with ``edition`` as int
    and ``amount_pln`` as float (zł). Any invalid row makes the whole file invalid:
    the canonical file is written only by the generator or by a validated import.
    A file written before grants carried their gmina (no ``gmina_teryt`` column) gets it from
    the towns (:mod:`mms_core.data.reference.places`).
    """
    frame = read_csv_strict(path, tuple(c for c in GRANT_COLUMNS if c != "gmina_teryt"))
    if frame.empty:
        raise DataFileError(path, "plik nie zawiera żadnej dotacji.")
    frame["voivodeship_teryt"] = frame["voivodeship_teryt"].str.strip().str.zfill(2)
    if "gmina_teryt" not in frame.columns:
        frame["gmina_teryt"] = ""
        known = frame["voivodeship_teryt"].isin(TERYT_CODES)
        if known.any():
            frame.loc[known, "gmina_teryt"] = place_grants(frame[known], shipped_gazetteer())[0]
    frame = frame[list(GRANT_COLUMNS)].copy()
    gmina = frame["gmina_teryt"].str.strip()
    frame["gmina_teryt"] = gmina
    edition = pd.to_numeric(frame["edition"], errors="coerce")
    amount = pd.to_numeric(frame["amount_pln"], errors="coerce")
    problems = [
        (edition.isna() | (edition < FIRST_EDITION) | (edition > LAST_EDITION), "edition", "nieprawidłowa edycja"),
        (~frame["priority"].isin(PRIORITIES), "priority", "priorytet musi być P1 albo P3"),
        (~frame["org_type"].isin(ORG_TYPES), "org_type", "nieznany typ organizacji"),
        (~frame["voivodeship_teryt"].isin(TERYT_CODES), "voivodeship_teryt", "nieznany kod województwa"),
        (~gmina.str.fullmatch(r"(\d{7})?"), "gmina_teryt", "kod gminy musi mieć 7 cyfr (albo być pusty)"),
        ((gmina != "") & (gmina.str[:2] != frame["voivodeship_teryt"]), "gmina_teryt",
         "gmina leży w innym województwie"),
        (amount.isna() | (amount <= 0), "amount_pln", "kwota musi być liczbą dodatnią"),
        (amount > frame["priority"].map(PRIORITY_MAX_PLN).fillna(float("inf")), "amount_pln",
         "kwota przekracza maksimum priorytetu"),
        (frame["org_type"].isin(P3_ONLY_ORG_TYPES) & (frame["priority"] != "P3"), "org_type",
         "grupa nieformalna może otrzymać tylko dotację z priorytetu P3"),
        (frame["org_name"].str.strip() == "", "org_name", "brak nazwy organizacji"),
        (frame["grant_id"].str.strip() == "", "grant_id", "brak identyfikatora dotacji"),
        (frame["grant_id"].duplicated(), "grant_id", "powtórzony identyfikator dotacji"),
    ]
    for mask, column, reason in problems:
        if mask.any():
            row = int(mask[mask].index[0]) + 2
            raise DataFileError(path, f"wiersz {row}, kolumna „{column}”: {reason}.")
    frame["edition"] = edition.astype("int64")
    frame["amount_pln"] = amount.astype("float64")
    return frame.reset_index(drop=True)
