"""Finding grants by organisation, town or voivodeship, ignoring case and Polish diacritics."""

from __future__ import annotations

import pandas as pd

from mms_core.facts.vocab import ALL
from mms_core.facts.voivodeships import BY_TERYT, fold

#: Longest search accepted (from the box or the address).
MAX_QUERY_CHARS = 200


def valid_query(value: str) -> bool:
    """A search from the address is used only when it is short and holds no control, format or
    other hidden character (``str.isprintable``): a NUL or an ESC in ``?q=`` is refused."""
    return len(value) <= MAX_QUERY_CHARS and value.isprintable()


def search_grants(grants: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows whose organisation name, town or voivodeship name contains every word of ``query``.

    ``"kolo gospodyn lapy"`` finds "Koło Gospodyń Wiejskich … – Łapy"; ``"lubelskie"`` finds
    every grant in that voivodeship (and ``"osp lubelskie"`` its fire brigades).
    """
    words = [fold(w) for w in str(query).split() if w.strip()]
    if not words:
        return grants
    regions = grants["voivodeship_teryt"].map({code: v.name for code, v in BY_TERYT.items()}).fillna("")
    haystack = (grants["org_name"].astype(str) + " " + grants["town"].astype(str) + " " + regions).map(fold)
    mask = pd.Series(True, index=grants.index)
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    return grants[mask]


def narrow_grants(grants: pd.DataFrame, source: str = ALL, region: str = ALL, gmina: str = ALL,
                  query: str = "") -> pd.DataFrame:
    """The Data page's rows: ``grants`` (already filtered by the shared filters) of one source
    (its id as text, ``all``: every source), one voivodeship and one gmina (TERYT codes, ``all``: every one),
    then the search ``query`` (:func:`search_grants`)."""
    if source != ALL:
        grants = grants[grants["source_id"] == int(source)]
    if region != ALL:
        grants = grants[grants["voivodeship_teryt"] == region]
    if gmina != ALL:
        grants = grants[grants["gmina_teryt"] == gmina]
    return search_grants(grants, query)
