"""What the Data page and the profile used to compute in the page, now in the core: the Data page's
narrowing of the rows and the profile's figures for the published results' edition."""

from __future__ import annotations

import pandas as pd

from mms_core.analysis.profile import PUBLISHED_EDITION, InData, in_data_for_published
from mms_core.analysis.search import narrow_grants

GRANTS = pd.DataFrame({
    "grant_id": ["a", "b", "c", "d", "e"],
    "org_name": ["KGW Łapy", "OSP Łapy", "KGW Wola", "Klub Sportowy Wola", "KGW Łapy"],
    "town": ["Łapy", "Łapy", "Wola", "Wola", "Łapy"],
    "voivodeship_teryt": ["20", "20", "06", "06", "20"],
    "gmina_teryt": ["2002011", "2002011", "0601011", "0601021", "2002011"],
    "source_id": [1, 2, 1, 1, 1],
    "edition": [2025, 2025, 2025, 2026, 2026],
    "amount_pln": [10_000.0, 20_000.0, 5_000.5, 7_000.0, 3_000.0],
})


def ids(frame: pd.DataFrame) -> list[str]:
    return list(frame["grant_id"])


def test_narrow_grants_by_source_region_gmina_and_search():
    assert ids(narrow_grants(GRANTS)) == ["a", "b", "c", "d", "e"]  # "all" everywhere, no search
    assert ids(narrow_grants(GRANTS, source="1")) == ["a", "c", "d", "e"]
    assert ids(narrow_grants(GRANTS, region="06")) == ["c", "d"]
    assert ids(narrow_grants(GRANTS, region="06", gmina="0601021")) == ["d"]
    assert ids(narrow_grants(GRANTS, source="2", region="06")) == []
    # the search folds case and diacritics, every word must match; it applies after the choices
    assert ids(narrow_grants(GRANTS, query="kgw lapy")) == ["a", "e"]
    assert ids(narrow_grants(GRANTS, source="1", query="kgw lapy")) == ["a", "e"]
    assert ids(narrow_grants(GRANTS, region="06", query="kgw")) == ["c"]


def test_in_data_for_published_counts_that_edition_only_whatever_the_filters():
    assert PUBLISHED_EDITION == 2025
    # region 20: a (10 000) and b (20 000) in 2025; e is of 2026
    assert in_data_for_published(GRANTS, "20") == InData(2, 30_000.0)
    # region 06: c (5 000,50) in 2025; d is of 2026
    assert in_data_for_published(GRANTS, "06") == InData(1, 5_000.5)
    assert in_data_for_published(GRANTS, "02") == InData(0, 0.0)
