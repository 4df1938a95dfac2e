"""The ledger of sources in a data folder: an SQLite database (WAL) in ``<data folder>/ledger/``.

- ``ledger.sqlite3``: sources, grants, history. Every change is one ``BEGIN IMMEDIATE`` … ``COMMIT``
  transaction, so a reader sees a change whole or not at all, and a process killed half-way leaves
  the state before it. Readers never block the writer, nor the writer them (WAL).
- ``grants.csv`` + ``grants.meta.json``: an export of the grants in use (the canonical columns and
  ``source_id``), rewritten atomically after every change, for people to inspect. The app reads the
  database, never the export.
- ``.lock``: writers (the command line, publishing from the app) take it in turn.

The first start creates the database from the data folder's ``grants.csv`` (the shipped sample,
or a table imported before the ledger existed) in a temporary file renamed into place, so no
reader ever sees a half-created database. The file's provenance is checked: a claim of "official"
without a matching checksum makes an *unverified* source, called neither official nor sample.

A folder that cannot be written (a read-only mount, a server account with read permission only) is
read without writing: the database read-only (or, with no ``-wal`` file beside it, as an immutable
file), or — when there is no database yet — the starting files themselves, with a Polish notice.
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import re
import socket
import sqlite3
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pandas as pd

from mms_core.data.importing.importer import ImportResult, reading_summary
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference.data_file import DataFileError
from mms_core.data.reference.loaders import load_grants
from mms_core.data.reference.places import place_grants, shipped_gazetteer
from mms_core.facts.voivodeships import TERYT_CODES
from mms_core.text.formatting import fmt_number, fmt_pln

from .files import (
    FolderNotWritable,
    atomic_write,
    canonical_csv,
    canonical_csv_v1,
    create_file,
    file_mode,
    is_permission_error,
    make_folder,
    remove_leftovers,
    sha256,
    sync_folder,
    temp_path,
    writer_lock,
)
from .model import ACTION_NAMES_PL, UNDOABLE, Change, LedgerError, Overlap, OverlapError, Source
from .schema import SCHEMA_VERSION, check_version, create_schema
from .view import LedgerView, change_from_row, read_snapshot, source_from_row

DB_NAME = "ledger.sqlite3"
BUSY_TIMEOUT_MS = 30_000
#: Ids the importer makes up for rows without a contract number (``IMP-2025-000012``); stored as
#: ``IMP-<source>-2025-000012`` so that two files without numbers never share an id.
GENERATED_ID = re.compile(r"^IMP-(\d{4})-(\d{6})$")
WARSAW = ZoneInfo("Europe/Warsaw")


def now_text() -> str:
    return datetime.now(WARSAW).isoformat(timespec="seconds")


def actor(channel: str) -> str:
    """Who makes a change: ``wiersz poleceń: jan@serwer`` (the account and the machine)."""
    try:
        user = getpass.getuser()
    except Exception:  # no name for this uid (containers)
        user = f"uid {os.getuid()}"
    return f"{channel}: {user}@{socket.gethostname()}"


# ------------------------------------------------------------------------------------ folders
def ledger_dir(paths: DataPaths) -> Path:
    return paths.data_dir / "ledger"


def db_path(paths: DataPaths) -> Path:
    return ledger_dir(paths) / DB_NAME


def export_paths(paths: DataPaths) -> tuple[Path, Path]:
    """The export of the grants in use: ``ledger/grants.csv`` and ``ledger/grants.meta.json``."""
    return ledger_dir(paths) / "grants.csv", ledger_dir(paths) / "grants.meta.json"


def check_data_dir(paths: DataPaths) -> None:
    if not paths.data_dir.is_dir():
        raise LedgerError(f"Folder danych „{paths.data_dir}” nie istnieje. Ustaw zmienną MMS_DATA_DIR na folder z "
                          "plikami danych (jak mms_data/) albo utwórz go.", 2)


def read_only_notice(paths: DataPaths) -> str:
    return (f"Folder danych „{paths.data_dir}” jest tylko do odczytu dla tego konta: baza źródeł nie może tu powstać, "
            "więc pokazano dane z plików startowych (grants.csv). Import i zmiany źródeł są tu niemożliwe – "
            "uruchom je jako właściciel folderu albo nadaj prawo zapisu.")


# ---------------------------------------------------------------------------------- connections
def _connect(uri: str) -> sqlite3.Connection:
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                 check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def _uri(path: Path, mode: str, immutable: bool = False) -> str:
    return f"file:{quote(str(path))}?mode={mode}" + ("&immutable=1" if immutable else "")


def _database_error(path: Path, error: Exception) -> LedgerError:
    if isinstance(error, LedgerError):
        return error
    return LedgerError(f"Nie można odczytać bazy źródeł „{path}” ({error}). Sprawdź, czy plik jest bazą tej aplikacji "
                       "i czy konto serwera może go czytać.", 2)


def open_reader(paths: DataPaths) -> tuple[sqlite3.Connection, str]:
    """A connection that only reads, and the mode: ``ledger`` or ``read-only`` (an account that may
    not write beside the database reads it as an immutable file when no writer has a ``-wal`` open)."""
    path = db_path(paths)
    try:
        connection = _connect(_uri(path, "ro"))
        try:
            check_version(connection, path)
            return connection, "ledger"
        except BaseException:
            connection.close()
            raise
    except sqlite3.OperationalError as error:
        if Path(f"{path}-wal").exists():
            raise _database_error(path, error) from None
    except (sqlite3.DatabaseError, LedgerError) as error:
        raise _database_error(path, error) from None
    try:
        connection = _connect(_uri(path, "ro", immutable=True))
        check_version(connection, path)
        return connection, "read-only"
    except (sqlite3.DatabaseError, LedgerError) as error:
        raise _database_error(path, error) from None


def state_token(paths: DataPaths) -> tuple:
    """Changes whenever the grants in use may have changed (the app's cache key): the ledger's id
    and change counter, or the starting files' stamps while there is no database."""
    check_data_dir(paths)
    if not db_path(paths).exists():
        seed, seed_meta = seed_files(paths)
        stamps = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else (p.name, None, None)
                       for p in (seed, seed_meta))
        return ("files", *stamps)
    connection, _ = open_reader(paths)
    try:
        info = dict(connection.execute("SELECT key, value FROM ledger_info").fetchall())
    except sqlite3.DatabaseError as error:
        raise _database_error(db_path(paths), error) from None
    finally:
        connection.close()
    return ("ledger", info.get("ledger_id"), int(info.get("state", 0)))


def read_view(paths: DataPaths) -> LedgerView:
    """The grants in use and their provenance, read in one transaction. The database is created
    first if it is missing; where it cannot be (a folder this account cannot write), the starting
    files are read into memory and a notice says so."""
    check_data_dir(paths)
    if not db_path(paths).exists():
        reason = prepare(paths)
    if not db_path(paths).exists():
        connection = _memory_ledger(paths)
        try:
            return read_snapshot(connection, "files", reason or read_only_notice(paths))
        finally:
            connection.close()
    connection, mode = open_reader(paths)
    try:
        notice = "" if mode == "ledger" else (
            f"Baza źródeł w „{ledger_dir(paths)}” jest czytana bez prawa zapisu: zmiany źródeł są tu niemożliwe.")
        return read_snapshot(connection, mode, notice)
    except sqlite3.DatabaseError as error:
        raise _database_error(db_path(paths), error) from None
    finally:
        connection.close()


def all_sources(paths: DataPaths) -> list[Source]:
    """Every source ever added, in use or not (removed, replaced, undone), by id."""
    check_data_dir(paths)
    connection = open_reader(paths)[0] if db_path(paths).exists() else _memory_ledger(paths)
    try:
        return [source_from_row(r) for r in connection.execute("SELECT * FROM sources ORDER BY id")]
    except sqlite3.DatabaseError as error:
        raise _database_error(db_path(paths), error) from None
    finally:
        connection.close()


# ----------------------------------------------------------------------------------- the seed
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


def _memory_ledger(paths: DataPaths) -> sqlite3.Connection:
    seed = load_seed(paths)
    connection = _connect("file::memory:")
    connection.execute("BEGIN")
    create_schema(connection, "memory", now_text())
    _insert_seed(connection, seed, actor("aplikacja"))
    connection.execute("COMMIT")
    return connection


def _insert_seed(connection: sqlite3.Connection, seed: Seed, who: str) -> None:
    grants = seed.grants
    source = _insert_source(connection, grants, kind=seed.kind, description=seed.description,
                            file_name=seed.file_name, file_sha256=seed.file_sha256, rows_read=len(grants),
                            rows_rejected=int(seed.meta.get("rows_rejected", 0) or 0),
                            warnings=int(seed.meta.get("warnings", 0) or 0), duplicates_skipped=0,
                            imported_at=str(seed.meta.get("imported_at") or now_text()), reading="",
                            columns={}, note=seed.note, replaces=None)
    _record(connection, "seed", source.id, None, who,
            f"Dane startowe z pliku {seed.file_name}: źródło {source.id} „{source.description}” "
            f"({_figures(source)}{'; niezweryfikowane: ' + seed.note if seed.note else ''}).")


def _create(paths: DataPaths) -> None:
    """Create the database from the starting files: built under a temporary name and renamed
    into place, so that nobody sees it half made. Call while holding the writers' lock."""
    seed = load_seed(paths)
    folder = ledger_dir(paths)
    temporary = temp_path(folder, DB_NAME)
    os.close(create_file(temporary, file_mode(folder)))
    try:
        connection = _connect(_uri(temporary, "rw"))
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("BEGIN IMMEDIATE")
            create_schema(connection, uuid.uuid4().hex, now_text())
            _insert_seed(connection, seed, actor("pierwsze uruchomienie"))
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


# ---------------------------------------------------------------------------------- preparing
def prepare(paths: DataPaths) -> str:
    """What an app process does once when it starts: create the ledger if it is missing, remove
    what an interrupted writer left, and bring the export up to date. Returns ``""``, or a Polish
    reason why nothing could be done (a read-only folder; the app then reads without writing).
    Raises :class:`LedgerError` / :class:`DataFileError` for a missing folder or broken files."""
    check_data_dir(paths)
    try:
        make_folder(ledger_dir(paths))
        with writer_lock(ledger_dir(paths), blocking=False) as locked:
            if not locked:
                return "inny proces właśnie zmienia dane"
            remove_leftovers(ledger_dir(paths))
            if not db_path(paths).exists():
                _create(paths)
            with _writer_connection(paths) as connection:
                Ledger(paths, connection).sync_export()
    except FolderNotWritable:
        return read_only_notice(paths)
    except OSError as error:
        if is_permission_error(error):
            return read_only_notice(paths)
        raise
    except sqlite3.OperationalError as error:
        if "readonly" in str(error) or "read-only" in str(error):
            return read_only_notice(paths)
        raise _database_error(db_path(paths), error) from None
    return ""


@contextmanager
def _writer_connection(paths: DataPaths) -> Iterator[sqlite3.Connection]:
    path = db_path(paths)
    try:
        connection = _connect(_uri(path, "rw"))
    except sqlite3.Error as error:
        raise _database_error(path, error) from None
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
        _rollback(connection)
        raise


def _rollback(connection: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already (a full disk or an I/O error ends it itself):
    the error that stopped the change is the one to report, never "cannot rollback"."""
    if connection.in_transaction:
        try:
            connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
MAX_DESCRIPTION = 200


def clean_description(text: str) -> str:
    """A source's description as stored and shown: NFC, control and invisible characters (ESC sequences,
    bidirectional overrides) removed, spaces collapsed, at most :data:`MAX_DESCRIPTION` characters."""
    cleaned = _CONTROLS.sub(" ", unicodedata.normalize("NFC", str(text)))
    return " ".join(cleaned.split())[:MAX_DESCRIPTION]


def storage_error(path: Path, error: Exception) -> LedgerError | None:
    """A full disk, a read-only file system or an I/O error said as what it is (nothing was changed: the
    transaction was rolled back), or None for any other error."""
    text = str(error).lower()
    if "disk is full" in text or "no space" in text or getattr(error, "errno", None) == errno.ENOSPC:
        return LedgerError(f"Brak miejsca na dysku dla bazy źródeł „{path}” – nic nie zmieniono, baza jest cała. "
                           "Zwolnij miejsce i spróbuj ponownie.")
    if "readonly" in text or "read-only" in text or getattr(error, "errno", None) == errno.EROFS:
        return LedgerError(f"Baza źródeł „{path}” jest tylko do odczytu (konto albo system plików) – nic nie zmieniono. "
                           "Uruchom polecenie jako właściciel folderu danych albo nadaj prawo zapisu.")
    if "disk i/o error" in text or getattr(error, "errno", None) == errno.EIO:
        return LedgerError(f"Błąd odczytu lub zapisu dysku przy bazie źródeł „{path}” – nic nie zmieniono. Sprawdź "
                           "dysk (np. jego dziennik systemowy) i spróbuj ponownie.")
    return None


@contextmanager
def writing(paths: DataPaths, channel: str = "wiersz poleceń") -> Iterator[Ledger]:
    """The ledger, for changes: holds the writers' lock, removes leftovers of an interrupted writer,
    creates the database if it is missing and brings the export up to date first."""
    check_data_dir(paths)
    folder = ledger_dir(paths)
    try:
        make_folder(folder)
        with writer_lock(folder) as _locked:
            remove_leftovers(folder)
            if not db_path(paths).exists():
                _create(paths)
            with _writer_connection(paths) as connection:
                ledger = Ledger(paths, connection, actor(channel))
                ledger.sync_export()
                yield ledger
    except FolderNotWritable:
        raise LedgerError(f"Folder danych „{paths.data_dir}” jest tylko do odczytu dla tego konta – nic nie "
                          "zmieniono. Uruchom polecenie jako właściciel folderu albo nadaj prawo zapisu.") from None
    except sqlite3.OperationalError as error:
        said = storage_error(db_path(paths), error)
        if said is not None:
            raise said from None
        if "locked" in str(error):
            raise LedgerError(f"Baza źródeł „{db_path(paths)}” jest zajęta przez inny proces – nic nie zmieniono. "
                              "Spróbuj ponownie za chwilę.") from None
        raise _database_error(db_path(paths), error) from None
    except DataFileError:
        raise
    except OSError as error:
        if is_permission_error(error):
            raise LedgerError(f"Brak prawa zapisu w „{folder}” ({error.strerror}) – nic nie zmieniono.") from None
        said = storage_error(db_path(paths), error)
        if said is not None:
            raise said from None
        raise


# ------------------------------------------------------------------------------------ changes
def _stored_rows(grants: pd.DataFrame) -> pd.DataFrame:
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


def _figures(source: Source) -> str:
    return f"dotacji: {fmt_number(source.rows_kept)}, kwota: {fmt_pln(source.amount_pln, 2)}"


def _record(connection: sqlite3.Connection, action: str, source_id: int | None, other_id: int | None, who: str,
            summary: str, undoes: int | None = None) -> int:
    cursor = connection.execute(
        "INSERT INTO history (at, action, source_id, other_source_id, undoes, actor, summary) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (now_text(), action, source_id, other_id, undoes, who, summary))
    return int(cursor.lastrowid)


def _insert_source(connection: sqlite3.Connection, grants: pd.DataFrame, *, kind: str, description: str,
                   file_name: str, file_sha256: str, rows_read: int, rows_rejected: int, warnings: int,
                   duplicates_skipped: int, imported_at: str, reading: str, columns: dict, note: str,
                   replaces: int | None) -> Source:
    """Insert a source and its rows (inside the caller's transaction); return it."""
    (source_id,) = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM sources").fetchone()
    rows = _stored_rows(grants)
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
    rows = _stored_rows(grants)
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
class ImportPlan:
    """What importing a file would do, for the user to decide before anything changes."""

    overlaps: list[Overlap]
    same_file: tuple[Source, ...]  # active sources imported from the very same file (SHA-256)
    replaces: Source | None

    @property
    def duplicate_rows(self) -> int:
        return len({o.row for o in self.overlaps})


def plan_import(paths: DataPaths, result: ImportResult, file_sha256: str, replaces: int | None = None) -> ImportPlan:
    """Check an import against the ledger without changing anything."""
    check_data_dir(paths)
    if db_path(paths).exists():
        connection, _ = open_reader(paths)
    else:
        connection = _memory_ledger(paths)
    try:
        connection.execute("BEGIN")
        try:
            overlaps = find_overlaps(connection, result.grants, replaces) if not result.grants.empty else []
            same = tuple(source_from_row(r) for r in connection.execute(
                "SELECT * FROM sources WHERE active = 1 AND file_sha256 = ? ORDER BY id", (file_sha256,)))
            replaced = connection.execute("SELECT * FROM sources WHERE id = ? AND active = 1",
                                          (replaces or -1,)).fetchone()
        finally:
            connection.execute("COMMIT")
    except sqlite3.DatabaseError as error:
        raise _database_error(db_path(paths), error) from None
    finally:
        connection.close()
    return ImportPlan(overlaps, same, source_from_row(replaced) if replaced else None)


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
            _rollback(connection)
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
            source = _insert_source(
                connection, kept, kind="official", description=description, file_name=result.source_name,
                file_sha256=file_sha256, rows_read=result.rows_read, rows_rejected=result.rejected_rows,
                warnings=len(result.warnings), duplicates_skipped=len(skipped_rows), imported_at=now_text(),
                reading=reading_summary(result), columns=result.columns, note="",
                replaces=replaced.id if replaced else None)
            if replaced:
                connection.execute("UPDATE sources SET active = 0 WHERE id = ?", (replaced.id,))
                summary = (f"Źródło {source.id} „{source.description}” (plik {source.file_name}; {_figures(source)}) "
                           f"zastąpiło źródło {replaced.id} „{replaced.description}”.")
                change_id = _record(connection, "replace", source.id, replaced.id, self.who, summary)
            else:
                summary = f"Dodano źródło {source.id} „{source.description}” (plik {source.file_name}; {_figures(source)})."
                change_id = _record(connection, "import", source.id, None, self.who, summary)
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
            change_id = _record(connection, "remove", source_id, None, self.who,
                                f"Usunięto źródło {source_id} „{source.description}” ({_figures(source)}).")
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
            undo_id = _record(connection, "undo", target.source_id, target.other_source_id, self.who,
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


def export_matches(grants_path: Path, meta_path: Path, ledger_id: str | None, state: int) -> bool:
    """Is the export the one written for this ledger and state, and whole?"""
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return (meta.get("ledger_id") == ledger_id and meta.get("state") == state
                and meta.get("sha256") == sha256(grants_path.read_bytes()))
    except (OSError, ValueError):
        return False


def write_export(grants_path: Path, meta_path: Path, view: LedgerView) -> None:
    """``grants.csv`` (the grants in use, canonical columns and ``source_id``) and its description."""
    data = canonical_csv(view.grants, extra=("source_id",))
    origin = view.origin()
    meta = {
        "kind": origin.kind,
        "what": "eksport dotacji w użyciu z bazy źródeł (ledger.sqlite3); aplikacja czyta bazę, nie ten plik",
        "ledger_id": view.ledger_id,
        "state": view.state,
        "written_at": now_text(),
        "rows": len(view.grants),
        "sha256": sha256(data),
        "sample_switched_off_for_editions": list(view.sample_off),
        "sources": [{"id": s.id, "kind": s.kind if view.is_verified(s) else "unverified",
                     "description": s.description, "file_name": s.file_name, "file_sha256": s.file_sha256,
                     "imported_at": s.imported_at, "editions": list(s.editions), "rows_kept": s.rows_kept,
                     "rows_in_use": view.in_use.get(s.id, (0, 0.0))[0],
                     "amount_in_use_pln": round(view.in_use.get(s.id, (0, 0.0))[1], 2)} for s in view.sources],
    }
    atomic_write(grants_path, data)
    atomic_write(meta_path, (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
