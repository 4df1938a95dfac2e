"""Putting grants into gminas: the gazetteer of places and the rules that resolve a town.

The gazetteer (``mms_data/places_prng_2021.csv``, built by ``geodata/build_places.py``) lists
43,962 towns and villages of the official register of geographical names (PRNG, 2021), and the 40
gmina seats of 2025 that its package lacks (settlements such as Żółkiewka, towns made since 2021
such as Końskowola; from GeoNames, ``placed_by = seat``), with the 2025 TERYT code (7 digits) of
the gmina whose polygon holds them, and WGS84 coordinates (degrees, EPSG:4326). A grant's gmina is resolved from its voivodeship and town, helped by a gmina or powiat
column where a file has one:

1. a 7-digit gmina code given in the file wins (it must be a known gmina of that voivodeship);
2. else the places of that name in the voivodeship (compared case-insensitively; without Polish
   letters only when that is unambiguous), narrowed by the gmina or powiat named in the file;
3. one gmina among them → that gmina; several gminas but exactly one town (miasto) among the
   places → the town's gmina (grants go far more often to a town than to a village of the same
   name; reported as a note so it can be checked); otherwise the grant stays without a gmina and
   the reason says why (no such place / several places of that name).

A grant without a gmina still counts in its voivodeship; at powiat and gmina level it is reported
as "not placed", never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference.data_file import DataFileError, read_csv_strict
from mms_core.data.reference.units import load_gminas, load_powiats
from mms_core.facts.levels import LEVEL_BY_CODE

#: Outcomes of placing one (voivodeship, town) pair.
PLACED = "placed"  # one gmina
PLACED_AS_TOWN = "placed_as_town"  # several places of that name; the only town (miasto) chosen
UNKNOWN = "unknown"  # no place of that name in the voivodeship
AMBIGUOUS = "ambiguous"  # several places in different gminas, nothing to choose by
NO_TOWN = "no_town"  # the row names no town
BAD_CODE = "bad_code"  # a gmina code that is not a gmina of that voivodeship


def name_key(text: object) -> str:
    """A place or gmina name for comparison: lower case, single spaces, one kind of dash,
    Polish letters kept."""
    text = unicodedata.normalize("NFC", str(text)).strip().lower()
    text = re.sub(r"\s*[-‐‑‒–—]\s*", "-", text)
    return re.sub(r"\s+", " ", text)


def loose_key(text: object) -> str:
    """:func:`name_key` without Polish letters (``Łódź`` → ``lodz``), for files typed without them."""
    text = name_key(text).replace("ł", "l")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def load_places(path: Path) -> pd.DataFrame:
    """The gazetteer: ``name``, ``kind`` (miasto / wieś: a town or not), ``voivodeship_teryt`` (2
    digits), ``gmina_teryt`` (7 digits), ``lat``, ``lon`` (degrees, EPSG:4326), ``placed_by``
    (``inside``, ``nearest``, ``seat``: see mms_data/README.md)."""
    frame = read_csv_strict(path, ("name", "kind", "voivodeship_teryt", "gmina_teryt", "lat", "lon"))
    if not frame["gmina_teryt"].str.fullmatch(r"\d{7}").all():
        raise DataFileError(path, "kody gmin w spisie miejscowości muszą mieć 7 cyfr.")
    if (frame["gmina_teryt"].str[:2] != frame["voivodeship_teryt"]).any():
        raise DataFileError(path, "gmina miejscowości leży w innym województwie niż miejscowość.")
    frame["lat"] = pd.to_numeric(frame["lat"], errors="raise")
    frame["lon"] = pd.to_numeric(frame["lon"], errors="raise")
    return frame


@dataclass(frozen=True)
class Placement:
    """Where one (voivodeship, town) pair was put: ``gmina`` (7-digit TERYT or ""), the outcome, and
    the candidates' gminas (for the message)."""

    gmina: str
    outcome: str
    candidates: tuple[str, ...] = ()


class Gazetteer:
    """Places and gminas, indexed for resolving towns (see the module's rules)."""

    def __init__(self, places: pd.DataFrame, gminas: pd.DataFrame, powiats: pd.DataFrame):
        self.places = places
        self.gmina_names = gminas["name"].to_dict()  # code → name
        self.known_gminas = frozenset(gminas["teryt"])
        self._by_name: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._by_loose: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for name, kind, region, gmina in places[["name", "kind", "voivodeship_teryt", "gmina_teryt"]].itertuples(
                index=False):
            self._by_name.setdefault((region, name_key(name)), []).append((gmina, kind))
            self._by_loose.setdefault((region, loose_key(name)), []).append((gmina, kind))
        self._gminas_by_name: dict[tuple[str, str], set[str]] = {}
        for code, name in self.gmina_names.items():
            self._gminas_by_name.setdefault((code[:2], loose_key(name)), set()).add(code)
        self._powiats_by_name: dict[tuple[str, str], set[str]] = {}
        for code, name in powiats["name"].items():
            key = loose_key(re.sub(r"^(powiat|m\.|miasto)\s+", "", str(name), flags=re.IGNORECASE))
            self._powiats_by_name.setdefault((code[:2], key), set()).add(code)

    def _candidates(self, region: str, town: str) -> list[tuple[str, str]]:
        exact = self._by_name.get((region, name_key(town)))
        if exact:
            return exact
        return self._by_loose.get((region, loose_key(town)), [])

    def gminas_named(self, region: str, text: str) -> set[str]:
        """Codes of the gminas of that voivodeship called ``text`` ("gmina X" / "X"), or given by code."""
        digits = re.sub(r"\D", "", text)
        if len(digits) == 7 and text.strip().replace(" ", "").replace("-", "").isdigit():
            return {digits} if digits in self.known_gminas and digits[:2] == region else set()
        name = re.sub(r"^(gmina|gm\.|miasto|m\.)\s+", "", text.strip(), flags=re.IGNORECASE)
        return set(self._gminas_by_name.get((region, loose_key(name)), set()))

    def powiats_named(self, region: str, text: str) -> set[str]:
        digits = re.sub(r"\D", "", text)
        if len(digits) == 4 and text.strip().replace(" ", "").isdigit():
            return {digits} if digits[:2] == region else set()
        name = re.sub(r"^(powiat|pow\.)\s+", "", text.strip(), flags=re.IGNORECASE)
        return set(self._powiats_by_name.get((region, loose_key(name)), set()))

    def place(self, region: str, town: str, gmina: str = "", powiat: str = "") -> Placement:
        """The gmina of ``town`` in voivodeship ``region`` (2-digit TERYT), by the module's rules;
        ``gmina``/``powiat`` are what the file says of them ("" when it has no such column)."""
        code = re.sub(r"\s", "", gmina)
        if re.fullmatch(r"\d{7}", code):
            if code in self.known_gminas and code[:2] == region:
                return Placement(code, PLACED)
            return Placement("", BAD_CODE, (code,))
        named_gminas = self.gminas_named(region, gmina) if gmina.strip() else set()
        named_powiats = self.powiats_named(region, powiat) if powiat.strip() else set()
        if not town.strip():
            if len(named_gminas) == 1:
                return Placement(next(iter(named_gminas)), PLACED)
            return Placement("", NO_TOWN)
        candidates = self._candidates(region, town)
        if named_gminas:
            narrowed = [c for c in candidates if c[0] in named_gminas]
            if narrowed or len(named_gminas) == 1:
                candidates = narrowed or [(next(iter(named_gminas)), "")]
        if named_powiats:
            narrowed = [c for c in candidates if c[0][:4] in named_powiats]
            candidates = narrowed or candidates
        gminas = sorted({g for g, _ in candidates})
        if not gminas:
            return Placement("", UNKNOWN)
        if len(gminas) == 1:
            return Placement(gminas[0], PLACED)
        towns = sorted({g for g, kind in candidates if kind == "miasto"})
        if len(towns) == 1:
            return Placement(towns[0], PLACED_AS_TOWN, tuple(gminas))
        return Placement("", AMBIGUOUS, tuple(gminas))

    def describe(self, codes: tuple[str, ...], limit: int = 4) -> str:
        """``gm. Name (code), …`` for messages."""
        shown = [f"gm. {self.gmina_names.get(c, '?')} ({c})" for c in codes[:limit]]
        more = len(codes) - limit
        return ", ".join(shown) + (f" i {more} innych" if more > 0 else "")

    def coordinates(self, region: str, town: str, gmina: str) -> tuple[float, float] | None:
        """(lat, lon) of the place ``town`` in ``gmina`` (the first one of that name there), or None."""
        rows = self.places[(self.places["gmina_teryt"] == gmina)]
        match = rows[rows["name"].map(name_key) == name_key(town)]
        if match.empty:
            match = rows[rows["name"].map(loose_key) == loose_key(town)]
        if match.empty:
            return None
        return float(match["lat"].iloc[0]), float(match["lon"].iloc[0])


def gazetteer_for(paths: DataPaths) -> Gazetteer:
    """The gazetteer of the data folder (the shipped one when the folder has none)."""
    places_path = paths.places if paths.places.exists() else DataPaths(DEFAULT_DATA_DIR).places
    reference = paths if paths.population_of(LEVEL_BY_CODE["gmina"]).exists() else DataPaths(DEFAULT_DATA_DIR)
    return Gazetteer(load_places(places_path), load_gminas(reference), load_powiats(reference))


@lru_cache(maxsize=1)
def shipped_gazetteer() -> Gazetteer:
    """The gazetteer shipped in ``mms_data/`` (read once per process)."""
    return gazetteer_for(DataPaths(DEFAULT_DATA_DIR))


def place_grants(grants: pd.DataFrame, gazetteer: Gazetteer, gmina_texts: pd.Series | None = None,
                 powiat_texts: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
    """The gmina code ("" where none) and the outcome of each grant (``voivodeship_teryt``,
    ``town``), each distinct (voivodeship, town, gmina, powiat) resolved once."""
    keys = pd.DataFrame({
        "region": grants["voivodeship_teryt"].astype(str),
        "town": grants["town"].fillna("").astype(str),
        "gmina": (gmina_texts if gmina_texts is not None else pd.Series("", index=grants.index)).fillna("").astype(str),
        "powiat": (powiat_texts if powiat_texts is not None else pd.Series("", index=grants.index)).fillna("").astype(str),
    }, index=grants.index)
    memo: dict[tuple, Placement] = {}
    placements = [memo.setdefault(k, gazetteer.place(*k)) if k not in memo else memo[k]
                  for k in keys.itertuples(index=False, name=None)]
    return (pd.Series([p.gmina for p in placements], index=grants.index, dtype=object),
            pd.Series(placements, index=grants.index, dtype=object))
