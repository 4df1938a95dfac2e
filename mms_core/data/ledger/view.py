"""What is in use: one consistent read of the ledger, the union of the active sources, checked.

The grants in use are the rows of the active sources, except that the sample is switched off for
every edition an active non-sample source covers. Every active source's stored rows are checked
against the checksum written when they were imported; a source that fails is reported and its rows
are called neither official nor sample. Grants that appear in two sources (same contract number, or
same organisation, voivodeship, amount and edition) are counted and reported, never silently.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import combinations

import pandas as pd

from mms_core.facts.vocab import GRANT_COLUMNS

from .files import canonical_csv, canonical_csv_v1, sha256
from .model import Change, Source

#: Columns of the grants in use: the canonical ones and the source each grant comes from.
VIEW_COLUMNS: tuple[str, ...] = (*GRANT_COLUMNS, "source_id")


def _split(text: str, kind=str) -> tuple:
    return tuple(kind(v) for v in text.split(",") if v)


def source_from_row(row: sqlite3.Row) -> Source:
    return Source(
        id=row["id"], kind=row["kind"], description=row["description"], file_name=row["file_name"],
        file_sha256=row["file_sha256"], data_sha256=row["data_sha256"], imported_at=row["imported_at"],
        editions=_split(row["editions"], int), priorities=_split(row["priorities"]), regions=_split(row["regions"]),
        rows_read=row["rows_read"], rows_kept=row["rows_kept"], rows_rejected=row["rows_rejected"],
        warnings=row["warnings"], duplicates_skipped=row["duplicates_skipped"],
        amount_pln=row["amount_grosze"] / 100, active=bool(row["active"]), replaces=row["replaces"],
        reading=row["reading"], columns=json.loads(row["columns_json"]), note=row["note"],
    )


def change_from_row(row: sqlite3.Row) -> Change:
    return Change(id=row["id"], at=row["at"], action=row["action"], source_id=row["source_id"],
                  other_source_id=row["other_source_id"], undoes=row["undoes"], undone_by=row["undone_by"],
                  actor=row["actor"], summary=row["summary"])


@dataclass(frozen=True)
class Origin:
    """Where the grants of the shown edition(s) come from."""

    kind: str  # "official", "sample", "mixed" (official and sample), "unverified", "empty"
    editions: tuple[int, ...]  # the editions shown
    official: tuple[Source, ...]  # checked non-sample sources with grants in them
    unverified: tuple[Source, ...]  # sources with grants in them that are unverified or fail their checksum
    sample_editions: tuple[int, ...]  # shown editions that the sample still fills
    sample_off: tuple[int, ...]  # shown editions for which the sample is switched off
    sample: Source | None = None

    def as_meta(self) -> dict:
        """``{"kind", "source"}`` for the exports' "about this file" part and the map captions."""
        named = [*self.official, *self.unverified]
        if self.sample_editions and self.sample is not None:
            named.append(self.sample)
        return {"kind": self.kind, "source": "; ".join(s.description for s in named)}


@dataclass
class LedgerView:
    """One consistent read of the ledger: the grants in use and their provenance."""

    ledger_id: str
    state: int
    grants: pd.DataFrame  # VIEW_COLUMNS; edition int, amount_pln float (zł)
    sources: tuple[Source, ...]  # the active sources, by id
    history: tuple[Change, ...]  # newest first
    sample_off: tuple[int, ...] = ()  # editions for which the sample is switched off
    mismatched: tuple[int, ...] = ()  # active sources whose stored rows fail their checksum
    in_use: dict[int, tuple[int, float]] = field(default_factory=dict)  # source → (grants in use, zł in use)
    duplicates: dict[tuple[int, int], int] = field(default_factory=dict)  # (source, source) → grants in both
    mode: str = "ledger"  # "ledger"; "read-only" (database read without writing); "files" (no database)
    notice: str = ""  # Polish: why the data cannot be changed here
    coverage: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["edition", "source_id", "grants",
                                                                              "amount_pln"]))
    # grants in use by edition and source: edition, source_id, grants, amount_pln (zł)

    def without_grants(self) -> LedgerView:
        """The provenance alone (a few rows), for keeping beside the reference tables."""
        return replace(self, grants=self.grants.iloc[0:0])

    def source(self, source_id: int) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    @property
    def sample(self) -> Source | None:
        return next((s for s in self.sources if s.is_sample), None)

    @property
    def duplicate_count(self) -> int:
        return sum(self.duplicates.values())

    def is_verified(self, source: Source) -> bool:
        return source.kind != "unverified" and source.id not in self.mismatched

    def origin(self, edition: int | None = None) -> Origin:
        """The origin of the grants of ``edition`` (None: every edition in use)."""
        if isinstance(edition, str):
            raise TypeError(f"an edition is a number or None, not the text {edition!r}")
        coverage = self.coverage
        if edition is not None:
            coverage = coverage[coverage["edition"] == edition]
        shown = tuple(sorted(int(e) for e in coverage["edition"].unique())) if edition is None else (edition,)
        contributing = [s for s in self.sources if s.id in set(coverage["source_id"])]
        official = tuple(s for s in contributing if not s.is_sample and self.is_verified(s))
        unverified = tuple(s for s in contributing if not self.is_verified(s))
        sample = self.sample
        sample_editions = tuple(sorted(int(e) for e in coverage.loc[coverage["source_id"] == sample.id, "edition"]
                                       .unique())) if sample is not None else ()
        if coverage.empty:
            kind = "empty"
        elif unverified:
            kind = "unverified"
        elif official and sample_editions:
            kind = "mixed"
        elif official:
            kind = "official"
        else:
            kind = "sample"
        return Origin(kind, shown, official, unverified, sample_editions,
                      tuple(e for e in shown if e in self.sample_off), sample)


def read_snapshot(connection: sqlite3.Connection, mode: str = "ledger", notice: str = "") -> LedgerView:
    """Read the ledger in one transaction (a writer's change is either all in it or not at all)."""
    connection.row_factory = sqlite3.Row
    connection.execute("BEGIN")
    try:
        info = {row["key"]: row["value"] for row in connection.execute("SELECT key, value FROM ledger_info")}
        sources = tuple(source_from_row(r) for r in
                        connection.execute("SELECT * FROM sources WHERE active = 1 ORDER BY id"))
        history = tuple(change_from_row(r) for r in connection.execute("SELECT * FROM history ORDER BY id DESC"))
        columns = {row["name"] for row in connection.execute("PRAGMA table_info(grants)")}
        gmina = "g.gmina_teryt" if "gmina_teryt" in columns else "'' AS gmina_teryt"  # schema version 1
        rows = pd.read_sql_query(
            "SELECT g.source_id, g.seq, g.grant_id, g.id_from_file, g.edition, g.priority, g.org_name, g.org_key, "
            f"g.org_type, g.voivodeship_teryt, g.town, g.amount_grosze, {gmina} FROM grants g "
            "JOIN sources s ON s.id = g.source_id WHERE s.active = 1 ORDER BY g.source_id, g.seq", connection)
    finally:
        connection.execute("COMMIT")
    rows["edition"] = rows["edition"].astype("int64")
    rows["amount_pln"] = rows["amount_grosze"].astype("int64") / 100
    mismatched = tuple(s.id for s in sources if not _rows_match(rows[rows["source_id"] == s.id], s))
    covered = {e for s in sources if not s.is_sample for e in s.editions}
    sample_ids = {s.id for s in sources if s.is_sample}
    in_use_rows = rows[~(rows["source_id"].isin(sample_ids) & rows["edition"].isin(covered))]
    sums = in_use_rows.groupby("source_id")["amount_grosze"].agg(["size", "sum"])
    in_use = {s.id: (int(sums.loc[s.id, "size"]), int(sums.loc[s.id, "sum"]) / 100) if s.id in sums.index
              else (0, 0.0) for s in sources}
    sample_off = tuple(sorted(e for s in sources if s.is_sample for e in s.editions if e in covered))
    grants = in_use_rows[list(VIEW_COLUMNS)].reset_index(drop=True)
    coverage = (grants.groupby(["edition", "source_id"], as_index=False)
                .agg(grants=("grant_id", "size"), amount_pln=("amount_pln", "sum")))
    return LedgerView(ledger_id=info.get("ledger_id", ""), state=int(info.get("state", 0)), grants=grants,
                      sources=sources, history=history, sample_off=sample_off, mismatched=mismatched,
                      in_use=in_use, duplicates=find_duplicates(in_use_rows), mode=mode, notice=notice,
                      coverage=coverage)


def _rows_match(rows: pd.DataFrame, source: Source) -> bool:
    """Do the stored rows of ``source`` still hash to the checksum written at import? (A ledger of
    schema version 1, not yet upgraded, hashed its rows without ``gmina_teryt``.)"""
    if len(rows) != source.rows_kept:
        return False
    return source.data_sha256 in (sha256(canonical_csv(rows)), sha256(canonical_csv_v1(rows)))


def find_duplicates(rows: pd.DataFrame) -> dict[tuple[int, int], int]:
    """Grants present in two sources: (source, source) → number of grants, by contract number
    (where it comes from the file) or by organisation + voivodeship + amount + edition."""
    pairs: Counter = Counter()
    keys = [rows[rows["id_from_file"] == 1].groupby("grant_id")["source_id"],
            rows.groupby(["org_key", "voivodeship_teryt", "amount_grosze", "edition"])["source_id"]]
    seen: set[frozenset] = set()
    for grouped in keys:
        shared = grouped.nunique()
        for key in shared[shared > 1].index:
            members = grouped.get_group(key)
            ids = sorted(set(members))
            marker = frozenset(zip(members.index, members))
            if marker in seen:
                continue
            seen.add(marker)
            for a, b in combinations(ids, 2):
                pairs[(a, b)] += 1
    return dict(pairs)
