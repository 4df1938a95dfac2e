"""Codes of the grants table: organisation types, priorities, editions.

One place for each list; labels for the UI live in :mod:`mms_core.text.i18n`.
Programme rules (amounts in zł) come from ``mms_data/README.md`` → programme facts.
"""

from __future__ import annotations

ORG_TYPES: tuple[str, ...] = (
    "stowarzyszenie",
    "fundacja",
    "kgw",
    "osp",
    "klub_sportowy",
    "grupa_nieformalna",
    "inna",
)

#: Organisation types that may only receive Priority 3 (regranting) grants.
P3_ONLY_ORG_TYPES: frozenset[str] = frozenset({"grupa_nieformalna"})

PRIORITIES: tuple[str, ...] = ("P1", "P3")

#: Largest grant of each priority, zł (P1 up to 50 000 zł, P3 regranting up to 10 000 zł).
PRIORITY_MAX_PLN: dict[str, int] = {"P1": 50_000, "P3": 10_000}

#: Columns of the canonical grants table ``mms_data/grants.csv``, in order.
GRANT_COLUMNS: tuple[str, ...] = (
    "grant_id",
    "edition",
    "priority",
    "org_name",
    "org_type",
    "voivodeship_teryt",
    "town",
    "amount_pln",
    "gmina_teryt",  # 7-digit 2025 TERYT code of the grant's gmina, "" where the town could not be placed
)

#: The editions a grant may belong to: the programme began in 2025 (one rule for the import's column, the
#: command line's ``--edition``, the upload's field and the loaders; a stored value outside it is never offered).
FIRST_EDITION, LAST_EDITION = 2025, 2100


def valid_edition(value: object) -> bool:
    """Whether ``value`` (an int, or text of four ASCII digits) is an edition of :data:`FIRST_EDITION`–
    :data:`LAST_EDITION`."""
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        text = value.strip()
        return len(text) == 4 and text.isascii() and text.isdigit() and FIRST_EDITION <= int(text) <= LAST_EDITION
    return isinstance(value, int) and FIRST_EDITION <= value <= LAST_EDITION


#: Value meaning "no filter" in the URL and in the filter model.
ALL = "all"
