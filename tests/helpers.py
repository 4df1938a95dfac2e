"""Shared helpers for the tests: temporary data folders with chosen grants, imports into the ledger."""

from __future__ import annotations

import atexit
import csv
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from mms_core.data.paths import DEFAULT_DATA_DIR
from mms_core.facts.vocab import GRANT_COLUMNS

REFERENCE_FILES = ("population_2024.csv", "cities_over_100k_2023.csv", "conferences_2025.csv",
                   "p3_operators_2025.csv", "published_results_2025.csv", "population_powiat_2025.csv",
                   "population_gmina_2025.csv")


def make_data_dir(target: Path, grants: list[dict] | None = None, meta: dict | None = None) -> Path:
    """A copy of the shipped data in ``target``; ``grants`` (dicts of GRANT_COLUMNS) replace the sample."""
    target.mkdir(parents=True, exist_ok=True)
    for name in REFERENCE_FILES:
        shutil.copy(DEFAULT_DATA_DIR / name, target / name)
        (target / name).chmod(0o644)
    if grants is None:
        shutil.copy(DEFAULT_DATA_DIR / "grants.csv", target / "grants.csv")
        shutil.copy(DEFAULT_DATA_DIR / "grants.meta.json", target / "grants.meta.json")
    else:
        write_grants(target / "grants.csv", grants)
        (target / "grants.meta.json").write_text(json.dumps(meta or {"kind": "sample"}), encoding="utf-8")
    return target


_TEMPLATE: list[Path] = []


def make_ledger_dir(target: Path) -> Path:
    """:func:`make_data_dir` with the ledger of sources already created from the sample: copied
    from a folder prepared once per test run (creating a ledger costs a fraction of a second)."""
    if not _TEMPLATE:
        from mms_core.data.ledger import prepare
        from mms_core.data.paths import DataPaths

        folder = Path(tempfile.mkdtemp(prefix="mms-ledger-template-"))
        atexit.register(shutil.rmtree, folder, True)
        template = make_data_dir(folder / "data")
        assert prepare(DataPaths(template)) == ""
        _TEMPLATE.append(template)
    return Path(shutil.copytree(_TEMPLATE[0], target))


def write_grants(path: Path, grants: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(GRANT_COLUMNS))
        writer.writeheader()
        writer.writerows(grants)


def grant(grant_id: str, teryt: str, amount: float, edition: int = 2025, priority: str = "P1",
          org_type: str = "stowarzyszenie", org_name: str | None = None, town: str = "Łapy") -> dict:
    return {"grant_id": grant_id, "edition": edition, "priority": priority,
            "org_name": org_name or f"Organizacja {grant_id}", "org_type": org_type,
            "voivodeship_teryt": teryt, "town": town, "amount_pln": amount}


def read_grants_plain(path: Path) -> list[dict]:
    """The grants file read with the csv module only (an independent path from pandas)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def matching_grants(path: Path, edition: str | None = None, org_types=None, priority: str | None = None) -> list[dict]:
    """The grants of ``path`` (read with the csv module) that match the filters; None: any."""
    return [row for row in read_grants_plain(path)
            if (not edition or row["edition"] == edition)
            and (not org_types or row["org_type"] in org_types)
            and (not priority or row["priority"] == priority)]


def recount(rows: list[dict]) -> tuple[dict[str, int], dict[str, float]]:
    """Number of grants and zł per voivodeship TERYT code, counted by hand from plain rows."""
    counts: dict[str, int] = {}
    sums: dict[str, float] = {}
    for row in rows:
        teryt = row["voivodeship_teryt"]
        counts[teryt] = counts.get(teryt, 0) + 1
        sums[teryt] = sums.get(teryt, 0.0) + float(row["amount_pln"])
    return counts, sums


def add_source(data_dir: Path, result, description: str = "test", **options):
    """Import ``result`` (an ImportResult) into the ledger of ``data_dir`` as one source."""
    from mms_core.data.ledger import writing
    from mms_core.data.paths import DataPaths

    file_hash = hashlib.sha256(result.grants.to_csv().encode("utf-8")).hexdigest()
    with writing(DataPaths(data_dir)) as ledger:
        return ledger.add_source(result, description, file_hash, **options)


def grants_csv_text(grants: list[dict]) -> bytes:
    """A canonical grants CSV (the format of grants.csv) for importing."""
    lines = [",".join(GRANT_COLUMNS)]
    lines += [",".join(str(g[c]) for c in GRANT_COLUMNS) for g in grants]
    return ("\n".join(lines) + "\n").encode("utf-8")


def open_page(at, page: str):
    """Go to ``page`` (its address ``"region"`` or its file ``"pages/region.py"``) in an AppTest.

    The app's pages are functions (``st.Page(callable, url_path=…)``); ``AppTest.switch_page`` finds pages by
    their file only (streamlit#16611), so the page is chosen here by the hash Streamlit gives a page, that of
    its ``url_path`` — after checking, once the app has run, that it registered a page at that address."""
    from streamlit.util import calc_hash

    url_path = Path(page).stem
    page_hash = calc_hash(url_path)  # the default page's too, though its address is ``/``
    registered = sorted(str(info.get("url_pathname")) for info in at._registered_pages.values())
    assert not at._registered_pages or page_hash in at._registered_pages, f"no page {url_path!r}: {registered}"
    at._page_hash = page_hash
    return at


def summarise_grants(grants, level: str, gminas, powiats, outside, selection=None):
    """:func:`mms_core.analysis.units_summary.summarise` of ``grants`` (rows with the aggregate's keys, ``gmina_teryt``
    and ``amount_pln``) at ``level`` (a code), for ``selection`` (a Selection or Filters; None: every grant), as
    :mod:`mms_ui.cached` makes it: the units from ``gminas``, ``powiats`` and ``outside`` (the big-city gmina
    codes), the voivodeships' population and eligible population as shipped."""
    from mms_core.analysis import aggregates
    from mms_core.analysis import levels as unit_levels
    from mms_core.analysis.filters import Filters, Selection
    from mms_core.analysis.units_summary import SummaryData, summarise
    from mms_core.data.reference import loaders
    from mms_core.facts.levels import LEVEL_BY_CODE

    population = loaders.load_population(DEFAULT_DATA_DIR / "population_2024.csv")
    eligible = aggregates.eligible_population(population,
                                              loaders.load_big_cities(DEFAULT_DATA_DIR / "cities_over_100k_2023.csv"))
    data = SummaryData(aggregates.aggregate(grants), population, eligible,
                       unit_totals=lambda: unit_levels.unit_aggregate(grants, gminas.index),
                       units=lambda code: unit_levels.units(LEVEL_BY_CODE[code], gminas, powiats, outside))
    if isinstance(selection, Filters):
        selection = selection.selection
    return summarise(selection or Selection(), LEVEL_BY_CODE[level], data)
