"""The database brought into being and up to date.

The first start creates it from the data folder's ``grants.csv`` (the shipped sample, or a table imported
before the ledger existed) in a temporary file renamed into place, so no reader ever sees a half-created
database. The file's provenance is checked: a claim of "official" without a matching checksum makes an
*unverified* source, called neither official nor sample. Where the folder cannot be written, the starting
files are read into an in-memory ledger instead. A ledger of an older schema is upgraded by the first
writer that opens it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference.loaders import load_grants
from mms_core.data.reference.places import place_grants, shipped_gazetteer

from .connection import DB_NAME, actor, connect, database_error, database_uri, db_path, ledger_dir, now_text, rollback
from .files import canonical_csv, canonical_csv_v1, create_file, file_mode, sha256, sync_folder, temp_path
from .operations import figures_text, insert_source, record_change
from .schema import SCHEMA_VERSION, check_version, create_schema


@dataclass(frozen=True)
class Seed:
    grants: pd.DataFrame
    kind: str
    description: str
    file_name: str
    file_sha256: str
    note: str
    meta: dict


def seed_files(paths: DataPaths) -> tuple[Path, Path]:
    """The starting grants and their provenance: the data folder's own ``grants.csv`` (and
    ``grants.meta.json``), or the shipped sample when the folder has none."""
    if paths.grants.exists():
        return paths.grants, paths.grants_meta
    shipped = DataPaths(DEFAULT_DATA_DIR)
    return shipped.grants, shipped.grants_meta


def load_seed(paths: DataPaths) -> Seed:
    """Read and check the starting grants; their provenance is believed only as far as it checks out."""
    grants_path, meta_path = seed_files(paths)
    grants = load_grants(grants_path)  # raises DataFileError with a Polish message
    data = grants_path.read_bytes()
    file_hash = sha256(data)
    meta: dict = {}
    note = ""
    if meta_path.exists():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if not isinstance(meta, dict):
                raise ValueError
        except (ValueError, UnicodeDecodeError):
            meta, note = {}, f"opis pochodzenia {meta_path.name} nie jest poprawnym JSON"
    claimed = meta.get("kind")
    if note:
        kind = "unverified"
    elif claimed not in ("sample", "official"):
        kind, note = "unverified", f"brak opisu pochodzenia ({meta_path.name}) albo nieznany rodzaj danych"
    elif meta.get("sha256") and meta["sha256"] != file_hash:
        kind, note = "unverified", (f"suma kontrolna pliku {grants_path.name} nie zgadza się z opisem pochodzenia – plik "
                                    "zmieniono lub uszkodzono po zapisaniu")
    elif claimed == "official" and not meta.get("sha256"):
        kind, note = "unverified", "opis pochodzenia nazywa dane oficjalnymi, ale nie ma sumy kontrolnej"
    else:
        kind = claimed
    description = str(meta.get("source") or ("Dane przykładowe" if kind == "sample" else grants_path.name))
    return Seed(grants, kind, description, grants_path.name, file_hash, note, meta)


def memory_ledger(paths: DataPaths) -> sqlite3.Connection:
    seed = load_seed(paths)
    connection = connect("file::memory:")
    connection.execute("BEGIN")
    create_schema(connection, "memory", now_text())
    insert_seed(connection, seed, actor("aplikacja"))
    connection.execute("COMMIT")
    return connection


def insert_seed(connection: sqlite3.Connection, seed: Seed, who: str) -> None:
    grants = seed.grants
    source = insert_source(connection, grants, kind=seed.kind, description=seed.description,
                            file_name=seed.file_name, file_sha256=seed.file_sha256, rows_read=len(grants),
                            rows_rejected=int(seed.meta.get("rows_rejected", 0) or 0),
                            warnings=int(seed.meta.get("warnings", 0) or 0), duplicates_skipped=0,
                            imported_at=str(seed.meta.get("imported_at") or now_text()), reading="",
                            columns={}, note=seed.note, replaces=None)
    record_change(connection, "seed", source.id, None, who,
            f"Dane startowe z pliku {seed.file_name}: źródło {source.id} „{source.description}” "
            f"({figures_text(source)}{'; niezweryfikowane: ' + seed.note if seed.note else ''}).")


def create_database(paths: DataPaths) -> None:
    """Create the database from the starting files: built under a temporary name and renamed
    into place, so that nobody sees it half made. Call while holding the writers' lock."""
    seed = load_seed(paths)
    folder = ledger_dir(paths)
    temporary = temp_path(folder, DB_NAME)
    os.close(create_file(temporary, file_mode(folder)))
    try:
        connection = connect(database_uri(temporary, "rw"))
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("BEGIN IMMEDIATE")
            create_schema(connection, uuid.uuid4().hex, now_text())
            insert_seed(connection, seed, actor("pierwsze uruchomienie"))
            connection.execute("UPDATE ledger_info SET value = '1' WHERE key = 'state'")
            connection.execute("COMMIT")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
        os.replace(temporary, db_path(paths))
        sync_folder(folder)
    finally:
        for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
            leftover.unlink(missing_ok=True)


@contextmanager
def writer_connection(paths: DataPaths) -> Iterator[sqlite3.Connection]:
    path = db_path(paths)
    try:
        connection = connect(database_uri(path, "rw"))
    except sqlite3.Error as error:
        raise database_error(path, error) from None
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        if check_version(connection, path) < SCHEMA_VERSION:
            upgrade(connection)
        yield connection
    finally:
        connection.close()


def upgrade(connection: sqlite3.Connection) -> None:
    """Bring a ledger of schema version 1 to version 2 in one transaction (the caller holds the
    writers' lock): add ``gmina_teryt`` and fill it from each grant's voivodeship and town
    (:mod:`mms_core.data.reference.places`). A source whose rows still matched their checksum gets the
    checksum of its rows with the gmina; one that did not keeps the old one, so it stays marked."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        (version,) = connection.execute("SELECT version FROM schema_version").fetchone()
        if version != 1:  # another writer upgraded it meanwhile
            connection.execute("COMMIT")
            return
        rows = pd.read_sql_query(
            "SELECT source_id, seq, grant_id, edition, priority, org_name, org_type, voivodeship_teryt, town, "
            "amount_grosze FROM grants ORDER BY source_id, seq", connection)
        rows["amount_pln"] = rows["amount_grosze"].astype("int64") / 100
        hashes = dict(connection.execute("SELECT id, data_sha256 FROM sources").fetchall())
        intact = {int(source_id) for source_id, part in rows.groupby("source_id")
                  if sha256(canonical_csv_v1(part)) == hashes.get(int(source_id))}
        rows["gmina_teryt"] = place_grants(rows, shipped_gazetteer())[0] if len(rows) else ""
        connection.execute("ALTER TABLE grants ADD COLUMN gmina_teryt TEXT NOT NULL DEFAULT ''")
        connection.executemany("UPDATE grants SET gmina_teryt = ? WHERE source_id = ? AND seq = ?",
                               ((g, int(i), int(q)) for g, i, q in rows[["gmina_teryt", "source_id", "seq"]]
                                .itertuples(index=False)))
        for source_id, part in rows.groupby("source_id"):
            if int(source_id) in intact:
                connection.execute("UPDATE sources SET data_sha256 = ? WHERE id = ?",
                                   (sha256(canonical_csv(part)), int(source_id)))
        connection.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))
        connection.execute("UPDATE ledger_info SET value = CAST(value AS INTEGER) + 1 WHERE key = 'state'")
        connection.execute("COMMIT")
    except BaseException:
        rollback(connection)
        raise
