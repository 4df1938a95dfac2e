"""Summaries below the voivodeship: one row per powiat or gmina, the same measures, white spots.

Units: amounts in zł, population in persons (GUS, 2025-12-31, :mod:`mms_core.data.reference.units`).

* A grant is placed in a gmina by its ``gmina_teryt`` (7 digits, the 2025 TERYT code); its powiat
  is ``gmina_teryt[:4]``. A grant whose code is empty or names no gmina of 2025 is *unplaced*: it
  counts at the voivodeship level only, and every level summary says how many there are.
* Every unit is a row, with or without grants (0 grants, 0 zł). A unit without a population figure
  (6 gminas) has NaN population: its per-resident figures are NaN ("brak danych"), never 0.
* **Outside the programme**: the gminas of the cities over 100 000 (``cities_over_100k_2023.csv``),
  each resolved to the *gmina miejska* of that name in that voivodeship. Their eligible population
  is 0 (the programme is for villages and towns under 100 000); a powiat's eligible population is
  its population minus that of its big-city gminas, and a powiat all of whose gminas are big-city
  gminas (a city with powiat rights) is outside the programme too. Chorzów is in the source list
  without a readable figure (GUS 2025: 98 418): it is marked like the others, as listed.
* **White spots** ("gminy bez dotacji"): gminas inside the programme with no grant in the filters.
"""

from __future__ import annotations

import pandas as pd

from mms_core.analysis.aggregates import AGGREGATE_KEYS
from mms_core.analysis.measures import add_measures
from mms_core.facts.levels import GMINA_KINDS, LEVEL_BY_CODE, Level
from mms_core.facts.voivodeships import name_of

#: The grants column holding a grant's gmina (7-digit TERYT of 2025, or "" when not placed).
GMINA_COLUMN = LEVEL_BY_CODE["gmina"].grants_column
#: Columns of the aggregate below the voivodeship: the filters' keys plus the gmina.
UNIT_AGGREGATE_KEYS: tuple[str, ...] = (*AGGREGATE_KEYS, GMINA_COLUMN)

#: Columns of a summary below the voivodeship (and of its CSV), in order, before the two that
#: :func:`summary_columns` adds: ``gmina_kind`` after ``voivodeship`` (gmina level) and
#: ``outside_programme`` (1: a city over 100 000, or a powiat that is one) at the end.
LEVEL_SUMMARY_COLUMNS: tuple[str, ...] = (
    "teryt", "name", "voivodeship", "grants", "amount_pln", "population", "amount_per_capita_pln",
    "grants_per_100k", "eligible_population", "amount_per_eligible_pln", "average_grant_pln",
)


def summary_columns(level: Level) -> tuple[str, ...]:
    """The columns of a summary at ``level`` (powiat or gmina), in order."""
    if level.code == "gmina":
        return (*LEVEL_SUMMARY_COLUMNS[:3], "gmina_kind", *LEVEL_SUMMARY_COLUMNS[3:], "outside_programme")
    return (*LEVEL_SUMMARY_COLUMNS, "outside_programme")


def big_city_gminas(gminas: pd.DataFrame, big_cities: pd.DataFrame) -> tuple[dict[str, str], list[str]]:
    """The cities over 100 000 resolved to gmina codes: ``({gmina teryt: city}, [cities not found])``.

    A city is the *gmina miejska* whose name is the city's, in the city's voivodeship
    (``big_cities``: ``city``, ``teryt`` of the voivodeship)."""
    urban = gminas[gminas["kind"] == "miejska"]
    found, missing = {}, []
    for _, city in big_cities.iterrows():
        match = urban[(urban["name"] == city["city"]) & (urban["voivodeship"] == city["teryt"])]
        if len(match) == 1:
            found[str(match.index[0])] = str(city["city"])
        else:
            missing.append(str(city["city"]))
    return found, missing


def units(level: Level, gminas: pd.DataFrame, powiats: pd.DataFrame, outside: set[str] | dict[str, str]
          ) -> pd.DataFrame:
    """The units of ``level`` (powiat or gmina), indexed by code: ``teryt``, ``name``,
    ``voivodeship`` (its name), ``gmina_kind`` (gminas), ``population`` and ``eligible_population``
    (persons, NA where unknown), ``outside_programme`` (bool), ``has_boundary`` (a polygon in the
    level's boundary file). ``outside``: the big-city gmina codes (:func:`big_city_gminas`)."""
    outside = set(outside)
    if level.code == "gmina":
        out = pd.DataFrame({"teryt": gminas["teryt"], "name": gminas["name"],
                            "voivodeship": gminas["voivodeship"].map(name_of), "gmina_kind": gminas["kind"],
                            "population": gminas["population"]}, index=gminas.index)
        out["outside_programme"] = out.index.isin(list(outside))
        out["eligible_population"] = out["population"].where(~out["outside_programme"], 0).astype("Int64")
        out["has_boundary"] = gminas["boundary_teryt"] != ""
        return out
    if level.code != "powiat":
        raise ValueError(f"no unit table for level {level.code!r}")
    city_population = (gminas.loc[gminas.index.isin(list(outside))]
                       .groupby("powiat")["population"].sum(min_count=1))
    gmina_count = gminas.groupby("powiat").size()
    outside_count = gminas[gminas.index.isin(list(outside))].groupby("powiat").size()
    out = pd.DataFrame({"teryt": powiats["teryt"], "name": powiats["name"],
                        "voivodeship": powiats["voivodeship"].map(name_of), "population": powiats["population"]},
                       index=powiats.index)
    out["outside_programme"] = (outside_count.reindex(out.index).fillna(0)
                                == gmina_count.reindex(out.index).fillna(-1)).to_numpy()
    subtract = city_population.reindex(out.index).fillna(0).astype("int64")
    out["eligible_population"] = (out["population"] - subtract).astype("Int64")
    out["has_boundary"] = True
    return out


def unit_aggregate(grants: pd.DataFrame, gmina_codes) -> pd.DataFrame:
    """Number of grants and zł per (edition, priority, organisation type, voivodeship, gmina).

    ``gmina_codes``: the 7-digit codes of the gminas of 2025; a grant's code that is not one of
    them (or empty) becomes "" (unplaced). A grants table without a ``gmina_teryt`` column (data
    from before the levels) counts every grant as unplaced. At most one row per grant; in
    practice a few thousand for the sample, whatever the filters."""
    if GMINA_COLUMN not in grants.columns:
        grants = grants.assign(**{GMINA_COLUMN: ""})
    codes = grants[GMINA_COLUMN].fillna("").astype(str).str.strip()
    frame = grants.assign(**{GMINA_COLUMN: codes.where(codes.isin(set(gmina_codes)), "")})
    return (frame.groupby(list(UNIT_AGGREGATE_KEYS), observed=True)["amount_pln"]
            .agg(grants="count", amount_pln="sum").reset_index())


def level_summary(totals: pd.DataFrame, unit_table: pd.DataFrame, level: Level) -> tuple[pd.DataFrame, int, float]:
    """One row per unit of ``level`` (all of them, code order) with counts, sums and the measures (columns
    :func:`summary_columns`), and the (number, zł) of the grants it could not place.

    ``totals``: a filtered :func:`unit_aggregate`; ``unit_table``: :func:`units` of ``level``.
    Grants are placed by their gmina code; those without one are counted apart (at the voivodeship level only).
    :func:`mms_core.analysis.units_summary.summarise` is the summary a page uses."""
    codes = totals[GMINA_COLUMN].astype(str)
    keys = codes.str[: level.teryt_length]
    known = (codes != "") & keys.isin(unit_table.index)
    placed = totals[known]
    grouped = (placed.groupby(keys[known])[["grants", "amount_pln"]].sum()
               .reindex(unit_table.index).fillna(0))
    out = unit_table.copy()
    out["grants"] = grouped["grants"].astype("int64")
    out["amount_pln"] = grouped["amount_pln"].astype("float64")
    out = add_measures(out)
    out["outside_programme"] = out["outside_programme"].astype("int64")
    table = out[list(summary_columns(level))]
    unplaced = totals[~known]
    return table, int(unplaced["grants"].sum()), float(unplaced["amount_pln"].sum())


#: Columns of a white-spot table: gminas inside the programme, those with no grant, their share
#: (per cent, NaN where there is no gmina), and the gminas outside the programme.
WHITE_SPOT_COLUMNS: tuple[str, ...] = ("gminas", "without_grants", "share_pct", "outside_programme")


def in_programme(table: pd.DataFrame) -> pd.Series:
    """True for each unit of a summary (any level) inside the programme (not a city over 100 000, nor a
    powiat that is one; every voivodeship is)."""
    return table["outside_programme"] == 0


def reached(table: pd.DataFrame) -> pd.Series:
    """True for each unit of a summary (any level) inside the programme that got a grant in the filters:
    the units the map classifies and colours. The one place this is written."""
    return in_programme(table) & (table["grants"] > 0)


def is_white_spot(table: pd.DataFrame) -> pd.Series:
    """True for each unit of a summary that is inside the programme and got no grant in the filters (a
    white spot, "biała plama"; hatched on the map); a unit outside the programme never is one."""
    return in_programme(table) & ~reached(table)


def _white_spot_rows(table: pd.DataFrame, by: str) -> pd.DataFrame:
    inside = in_programme(table)
    grouped = pd.DataFrame({
        "gminas": inside.groupby(table[by]).sum(),
        "without_grants": is_white_spot(table).groupby(table[by]).sum(),
        "outside_programme": (~inside).groupby(table[by]).sum(),
    })
    grouped["share_pct"] = 100.0 * grouped["without_grants"] / grouped["gminas"].where(grouped["gminas"] > 0)
    return grouped[list(WHITE_SPOT_COLUMNS)].astype({"gminas": "int64", "without_grants": "int64",
                                                     "outside_programme": "int64"})


def white_spots(gmina_table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """"Gminy bez dotacji": ``(per voivodeship, per gmina kind)`` from a gmina summary
    (the table of :func:`mms_core.analysis.units_summary.summarise` at the gmina level). Rows: the voivodeship names in TERYT order, then
    the kinds wiejska / miejsko-wiejska / miejska; the last row of each, ``""``, is the country.
    Gminas outside the programme are counted apart, never as white spots."""
    order = list(dict.fromkeys(gmina_table.sort_index()["voivodeship"]))
    by_region = _white_spot_rows(gmina_table, "voivodeship").reindex(order)
    by_kind = _white_spot_rows(gmina_table, "gmina_kind").reindex(list(GMINA_KINDS))
    counts = ["gminas", "without_grants", "outside_programme"]
    by_kind[counts] = by_kind[counts].fillna(0).astype("int64")  # a kind with no gmina: 0 gminas, no share
    total = _white_spot_rows(gmina_table.assign(_all=""), "_all")
    return pd.concat([by_region, total]), pd.concat([by_kind, total])


def unplaced_by_region(totals: pd.DataFrame) -> pd.Series:
    """Unplaced grants (see :func:`unit_aggregate`) per voivodeship TERYT (grants)."""
    return totals[totals[GMINA_COLUMN] == ""].groupby("voivodeship_teryt")["grants"].sum()
