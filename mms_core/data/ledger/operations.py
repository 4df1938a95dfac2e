"""Changes to the ledger: a source added (or replacing another), removed, a change undone. Each is one
``BEGIN IMMEDIATE`` … ``COMMIT`` transaction that also raises the state counter, so a reader sees a change
whole or not at all and a process killed half-way leaves the state before it; the export is written after."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd

from mms_core.data.importing.importer import ImportResult, reading_summary
from mms_core.data.paths import DataPaths
from mms_core.facts.voivodeships import TERYT_CODES
from mms_core.text.formatting import fmt_number, fmt_pln

from .connection import actor, now_text, rollback
from .export import export_matches, export_paths, write_export
from .files import canonical_csv, sha256
from .model import ACTION_NAMES_PL, UNDOABLE, Change, LedgerError, Overlap, OverlapError, Source
from .view import LedgerView, change_from_row, read_snapshot, source_from_row

#: Ids the importer makes up for rows without a contract number (``IMP-2025-000012``); stored as
#: ``IMP-<source>-2025-000012`` so that two files without numbers never share an id.
GENERATED_ID = re.compile(r"^IMP-(\d{4})-(\d{6})$")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
MAX_DESCRIPTION = 200


def clean_description(text: str) -> str:
    """A source's description as stored and shown: NFC, control and invisible characters (ESC sequences,
    bidirectional overrides) removed, spaces collapsed, at most :data:`MAX_DESCRIPTION` characters."""
    cleaned = _CONTROLS.sub(" ", unicodedata.normalize("NFC", str(text)))
    return " ".join(cleaned.split())[:MAX_DESCRIPTION]


def stored_rows(grants: pd.DataFrame) -> pd.DataFrame:
    """Canonical rows → the columns the ledger stores (org_key, id_from_file, grosze)."""
    rows = grants.reset_index(drop=True).copy()
    rows["org_key"] = org_keys(rows["org_name"])
    rows["id_from_file"] = (~rows["grant_id"].astype(str).str.match(GENERATED_ID)).astype(int)
    rows["amount_grosze"] = (rows["amount_pln"].astype(float) * 100).round().astype("int64")
    rows["amount_pln"] = rows["amount_grosze"] / 100
    rows["edition"] = rows["edition"].astype("int64")
    if "gmina_teryt" not in rows.columns:
        rows["gmina_teryt"] = ""
    rows["gmina_teryt"] = rows["gmina_teryt"].fillna("").astype(str)
    return rows


def org_keys(names: pd.Series) -> pd.Series:
    """Organisation names for comparison: lower case, no Polish letters (``ł`` → ``l``, accents
    dropped), punctuation and quotes dropped, single spaces. Vectorised: 200 000 names in a second."""
    return (names.astype(str).str.lower().str.replace("ł", "l", regex=False).str.normalize("NFKD")
            .str.replace(r"[\u0300-\u036f]", "", regex=True).str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip())


def figures_text(source: Source) -> str:
    return f"dotacji: {fmt_number(source.rows_kept)}, kwota: {fmt_pln(source.amount_pln, 2)}"


def record_change(connection: sqlite3.Connection, action: str, source_id: int | None, other_id: int | None, who: str,
            summary: str, undoes: int | None = None) -> int:
    cursor = connection.execute(
        "INSERT INTO history (at, action, source_id, other_source_id, undoes, actor, summary) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (now_text(), action, source_id, other_id, undoes, who, summary))
    return int(cursor.lastrowid)


def insert_source(connection: sqlite3.Connection, grants: pd.DataFrame, *, kind: str, description: str,
                   file_name: str, file_sha256: str, rows_read: int, rows_rejected: int, warnings: int,
                   duplicates_skipped: int, imported_at: str, reading: str, columns: dict, note: str,
                   replaces: int | None) -> Source:
    """Insert a source and its rows (inside the caller's transaction); return it."""
    (source_id,) = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM sources").fetchone()
    rows = stored_rows(grants)
    generated = rows["id_from_file"] == 0
    rows.loc[generated, "grant_id"] = [
        f"IMP-{source_id}-{m.group(1)}-{m.group(2)}" for m in rows.loc[generated, "grant_id"].map(GENERATED_ID.match)]
    regions = sorted(rows["voivodeship_teryt"].unique())
    connection.execute(
        "INSERT INTO sources (id, kind, description, file_name, file_sha256, data_sha256, imported_at, editions, "
        "priorities, regions, rows_read, rows_kept, rows_rejected, warnings, duplicates_skipped, amount_grosze, "
        "reading, columns_json, note, replaces, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, 1)",
        (source_id, kind, description, file_name, file_sha256, sha256(canonical_csv(rows)), imported_at,
         ",".join(str(e) for e in sorted(rows["edition"].unique())), ",".join(sorted(rows["priority"].unique())),
         "" if regions == sorted(TERYT_CODES) else ",".join(regions), rows_read, len(rows), rows_rejected, warnings,
         duplicates_skipped, int(rows["amount_grosze"].sum()), reading, json.dumps(columns, ensure_ascii=False), note,
         replaces))
    connection.executemany(
        "INSERT INTO grants (source_id, seq, grant_id, id_from_file, edition, priority, org_name, org_key, org_type, "
        "voivodeship_teryt, town, amount_grosze, gmina_teryt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((source_id, seq, r.grant_id, int(r.id_from_file), int(r.edition), r.priority, r.org_name, r.org_key,
          r.org_type, r.voivodeship_teryt, r.town, int(r.amount_grosze), r.gmina_teryt)
         for seq, r in enumerate(rows.itertuples(index=False))))
    row = connection.execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()
    return source_from_row(row)


def find_overlaps(connection: sqlite3.Connection, grants: pd.DataFrame, exclude: int | None = None) -> list[Overlap]:
    """Grants of ``grants`` (canonical rows) already in an active source other than the sample and
    ``exclude``: the same contract number, or the same organisation, voivodeship, amount and edition."""
    rows = stored_rows(grants)
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (pos INTEGER, grant_id TEXT, id_from_file INTEGER, "
                       "org_key TEXT, edition INTEGER, voivodeship_teryt TEXT, amount_grosze INTEGER)")
    connection.execute("DELETE FROM temp.incoming")
    try:
        connection.executemany(
            "INSERT INTO temp.incoming VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((pos, r.grant_id, int(r.id_from_file), r.org_key, int(r.edition), r.voivodeship_teryt, int(r.amount_grosze))
             for pos, r in enumerate(rows.itertuples(index=False))))
        found = connection.execute(
            "SELECT i.pos, s.id, s.description, 1 AS same_number FROM temp.incoming i "
            "JOIN grants g ON g.grant_id = i.grant_id AND g.id_from_file = 1 AND i.id_from_file = 1 "
            "JOIN sources s ON s.id = g.source_id WHERE s.active = 1 AND s.kind != 'sample' AND s.id != ? "
            "UNION "
            "SELECT i.pos, s.id, s.description, 0 FROM temp.incoming i "
            "JOIN grants g ON g.edition = i.edition AND g.voivodeship_teryt = i.voivodeship_teryt "
            "AND g.amount_grosze = i.amount_grosze AND g.org_key = i.org_key "
            "JOIN sources s ON s.id = g.source_id WHERE s.active = 1 AND s.kind != 'sample' AND s.id != ? "
            "ORDER BY 1, 4 DESC, 2", (exclude or -1, exclude or -1)).fetchall()
    finally:
        connection.execute("DELETE FROM temp.incoming")
    overlaps: dict[tuple[int, int], Overlap] = {}
    for pos, other, description, same_number in found:
        if (pos, other) in overlaps:
            continue
        row = rows.iloc[pos]
        overlaps[(pos, other)] = Overlap(pos, str(row["grant_id"]), str(row["org_name"]), float(row["amount_pln"]),
                                         int(row["edition"]), int(other), str(description), bool(same_number))
    return list(overlaps.values())


@dataclass(frozen=True)
class ImportOutcome:
    source: Source
    change: Change
    skipped: list[Overlap]  # grants left out because another source has them
    replaced: Source | None


class Ledger:
    """Changes to the ledger; get one from :func:`writing` (which holds the writers' lock)."""

    def __init__(self, paths: DataPaths, connection: sqlite3.Connection, who: str = ""):
        self.paths = paths
        self.connection = connection
        self.who = who or actor("wiersz poleceń")
        self.export_problem = ""  # Polish; set when a change was made but its export could not be written

    # ----------------------------------------------------------------------------- reading
    def view(self) -> LedgerView:
        return read_snapshot(self.connection)

    def sources(self, active_only: bool = True) -> list[Source]:
        query = "SELECT * FROM sources" + (" WHERE active = 1" if active_only else "") + " ORDER BY id"
        return [source_from_row(r) for r in self.connection.execute(query)]

    def source(self, source_id: int) -> Source | None:
        row = self.connection.execute("SELECT * FROM sources WHERE id = ?", (source_id,)).fetchone()
        return source_from_row(row) if row else None

    # ----------------------------------------------------------------------------- changing
    @contextmanager
    def _change(self) -> Iterator[sqlite3.Connection]:
        """One change: one IMMEDIATE transaction that also raises the state counter; the export
        is written after it commits."""
        connection = self.connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
            connection.execute("UPDATE ledger_info SET value = CAST(value AS INTEGER) + 1 WHERE key = 'state'")
            connection.execute("COMMIT")
        except BaseException:
            rollback(connection)
            raise
        try:
            self.sync_export()
        except OSError as error:  # the change is made; the next start writes the export again
            self.export_problem = (f"Zmianę zapisano, ale nie udało się zapisać eksportu {export_paths(self.paths)[0]} "
                                   f"({error.strerror or error}); zostanie zapisany przy następnym uruchomieniu.")

    def _active(self, source_id: int) -> Source:
        source = self.source(source_id)
        if source is None:
            raise LedgerError(f"Nie ma źródła o numerze {source_id} (lista: python -m mms_core sources).")
        if not source.active:
            raise LedgerError(f"Źródło {source_id} „{source.description}” nie jest w użyciu.")
        return source

    def add_source(self, result: ImportResult, description: str, file_sha256: str, replaces: int | None = None,
                   accept_partial: bool = False, skip_duplicates: bool = False) -> ImportOutcome:
        """Add the rows of an import as a new source (replacing source ``replaces`` if given).

        Refused — nothing changes — when rows were rejected and ``accept_partial`` is off, when no
        row is left, and when grants are already in another active source (:class:`OverlapError`)
        unless ``skip_duplicates`` leaves them out.
        """
        if result.errors and not accept_partial:
            raise LedgerError(f"Wierszy z błędami: {result.rejected_rows} – nic nie zaimportowano. Popraw plik albo "
                              "zaimportuj tylko poprawne wiersze.")
        if result.grants.empty:
            raise LedgerError("Żaden wiersz nie przeszedł sprawdzenia – nic nie zaimportowano.")
        description = clean_description(description or result.source_name) or clean_description(result.source_name)
        with self._change() as connection:
            replaced = self._active(replaces) if replaces is not None else None
            overlaps = find_overlaps(connection, result.grants, replaces)
            if overlaps and not skip_duplicates:
                raise OverlapError(overlaps)
            skipped_rows = {o.row for o in overlaps}
            kept = result.grants.reset_index(drop=True)
            kept = kept[~kept.index.isin(skipped_rows)]
            if kept.empty:
                raise LedgerError("Wszystkie dotacje z pliku są już w innych źródłach – nic nie zaimportowano.")
            source = insert_source(
                connection, kept, kind="official", description=description, file_name=result.source_name,
                file_sha256=file_sha256, rows_read=result.rows_read, rows_rejected=result.rejected_rows,
                warnings=len(result.warnings), duplicates_skipped=len(skipped_rows), imported_at=now_text(),
                reading=reading_summary(result), columns=result.columns, note="",
                replaces=replaced.id if replaced else None)
            if replaced:
                connection.execute("UPDATE sources SET active = 0 WHERE id = ?", (replaced.id,))
                summary = (f"Źródło {source.id} „{source.description}” (plik {source.file_name}; {figures_text(source)}) "
                           f"zastąpiło źródło {replaced.id} „{replaced.description}”.")
                change_id = record_change(connection, "replace", source.id, replaced.id, self.who, summary)
            else:
                summary = f"Dodano źródło {source.id} „{source.description}” (plik {source.file_name}; {figures_text(source)})."
                change_id = record_change(connection, "import", source.id, None, self.who, summary)
            if skipped_rows:
                connection.execute("UPDATE history SET summary = summary || ? WHERE id = ?",
                                   (f" Pominięto powtórzone dotacje: {len(skipped_rows)}.", change_id))
            change = change_from_row(connection.execute("SELECT * FROM history WHERE id = ?", (change_id,)).fetchone())
        return ImportOutcome(source, change, overlaps, replaced)

    def remove_source(self, source_id: int) -> Change:
        """Take a source out of use (its rows stay in the history; ``undo`` brings it back)."""
        with self._change() as connection:
            source = self._active(source_id)
            connection.execute("UPDATE sources SET active = 0 WHERE id = ?", (source_id,))
            change_id = record_change(connection, "remove", source_id, None, self.who,
                                f"Usunięto źródło {source_id} „{source.description}” ({figures_text(source)}).")
            return change_from_row(connection.execute("SELECT * FROM history WHERE id = ?", (change_id,)).fetchone())

    def undo(self) -> tuple[Change, Change]:
        """Revert the last change not yet undone (an import, a replacement or a removal); return
        (the undo, the change undone). Repeated, it walks back through the history."""
        with self._change() as connection:
            placeholders = ",".join("?" * len(UNDOABLE))
            row = connection.execute(f"SELECT * FROM history WHERE action IN ({placeholders}) AND undone_by IS NULL "
                                     "ORDER BY id DESC LIMIT 1", UNDOABLE).fetchone()
            if row is None:
                raise LedgerError("Nie ma zmian do cofnięcia.")
            target = change_from_row(row)
            if target.action == "import":
                switch = [(target.source_id, 0)]
            elif target.action == "replace":
                switch = [(target.source_id, 0), (target.other_source_id, 1)]
            else:
                switch = [(target.source_id, 1)]
            for source_id, active in switch:
                connection.execute("UPDATE sources SET active = ? WHERE id = ?", (active, source_id))
            names = {s: connection.execute("SELECT description FROM sources WHERE id = ?", (s,)).fetchone()[0]
                     for s, _ in switch}
            back = "; ".join(f"źródło {s} „{names[s]}” {'znów w użyciu' if a else 'wycofane'}" for s, a in switch)
            undo_id = record_change(connection, "undo", target.source_id, target.other_source_id, self.who,
                              f"Cofnięto zmianę nr {target.id} ({ACTION_NAMES_PL[target.action]}): {back}.", undoes=target.id)
            connection.execute("UPDATE history SET undone_by = ? WHERE id = ?", (undo_id, target.id))
            undo = change_from_row(connection.execute("SELECT * FROM history WHERE id = ?", (undo_id,)).fetchone())
            target = change_from_row(connection.execute("SELECT * FROM history WHERE id = ?", (target.id,)).fetchone())
        return undo, target

    # ----------------------------------------------------------------------------- export
    def sync_export(self) -> bool:
        """Rewrite the export if it is missing or does not match the database; True if rewritten."""
        info = dict(self.connection.execute("SELECT key, value FROM ledger_info").fetchall())
        grants_path, meta_path = export_paths(self.paths)
        if export_matches(grants_path, meta_path, info.get("ledger_id"), int(info.get("state", 0))):
            return False
        write_export(grants_path, meta_path, self.view())
        return True
