"""The ledger of sources in a data folder: reading it, preparing it, changing it.

- ``ledger/ledger.sqlite3``: sources, grants, history (:mod:`.connection` opens it, :mod:`.migrations`
  creates and upgrades it, :mod:`.operations` changes it).
- ``ledger/grants.csv`` + ``grants.meta.json``: an export of the grants in use (:mod:`.export`).
- ``ledger/.lock``: writers (the command line, publishing from the app) take it in turn.

A folder that cannot be written is read without writing: the database read-only, or — when there is no
database yet — the starting files themselves, with a Polish notice.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mms_core.data.importing.importer import ImportResult
from mms_core.data.paths import DataPaths
from mms_core.data.reference.data_file import DataFileError

from .connection import (
    actor,
    check_data_dir,
    database_error,
    db_path,
    ledger_dir,
    open_reader,
    read_only_notice,
    storage_error,
)
from .files import FolderNotWritable, is_permission_error, make_folder, remove_leftovers, writer_lock
from .migrations import create_database, memory_ledger, seed_files, writer_connection
from .model import LedgerError, Overlap, Source
from .operations import Ledger, find_overlaps
from .view import LedgerView, read_snapshot, source_from_row


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
        raise database_error(db_path(paths), error) from None
    finally:
        connection.close()
    return ("ledger", info.get("ledger_id"), int(info.get("state", 0)))


class StateReader:
    """:func:`state_token` for a process that asks on every run (the app): one read connection kept
    open between calls, instead of opening the database and checking its version each time (~1.5 ms,
    more under load). A query outside a transaction sees the last committed change, so a new import is
    seen at once; the connection is opened again when the database file is a new one (another inode),
    and never kept for a database read as an immutable file (a folder this account cannot write).
    Thread-safe (one lock); any trouble falls back to :func:`state_token`, which reports it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[Path, tuple[tuple[int, int], sqlite3.Connection]] = {}

    def token(self, paths: DataPaths) -> tuple:
        path = db_path(paths)
        try:
            stat = path.stat()
        except OSError:
            return state_token(paths)  # no database yet (or no folder): the starting files' stamps, or the error
        identity = (stat.st_dev, stat.st_ino)
        with self._lock:
            held = self._held.get(path)
            if held is None or held[0] != identity:
                self._drop(path)
                try:
                    connection, mode = open_reader(paths)
                except LedgerError:
                    return state_token(paths)
                if mode != "ledger":  # immutable: would never see a change
                    connection.close()
                    return state_token(paths)
                held = self._held[path] = (identity, connection)
            try:
                info = dict(held[1].execute("SELECT key, value FROM ledger_info").fetchall())
            except sqlite3.Error:
                self._drop(path)
                return state_token(paths)
        return ("ledger", info.get("ledger_id"), int(info.get("state", 0)))

    def _drop(self, path: Path) -> None:
        held = self._held.pop(path, None)
        if held is not None:
            held[1].close()


def read_view(paths: DataPaths) -> LedgerView:
    """The grants in use and their provenance, read in one transaction. The database is created
    first if it is missing; where it cannot be (a folder this account cannot write), the starting
    files are read into memory and a notice says so."""
    check_data_dir(paths)
    if not db_path(paths).exists():
        reason = prepare(paths)
    if not db_path(paths).exists():
        connection = memory_ledger(paths)
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
        raise database_error(db_path(paths), error) from None
    finally:
        connection.close()


def all_sources(paths: DataPaths) -> list[Source]:
    """Every source ever added, in use or not (removed, replaced, undone), by id."""
    check_data_dir(paths)
    connection = open_reader(paths)[0] if db_path(paths).exists() else memory_ledger(paths)
    try:
        return [source_from_row(r) for r in connection.execute("SELECT * FROM sources ORDER BY id")]
    except sqlite3.DatabaseError as error:
        raise database_error(db_path(paths), error) from None
    finally:
        connection.close()


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
        connection = memory_ledger(paths)
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
        raise database_error(db_path(paths), error) from None
    finally:
        connection.close()
    return ImportPlan(overlaps, same, source_from_row(replaced) if replaced else None)


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
                create_database(paths)
            with writer_connection(paths) as connection:
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
        raise database_error(db_path(paths), error) from None
    return ""


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
                create_database(paths)
            with writer_connection(paths) as connection:
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
        raise database_error(db_path(paths), error) from None
    except DataFileError:
        raise
    except OSError as error:
        if is_permission_error(error):
            raise LedgerError(f"Brak prawa zapisu w „{folder}” ({error.strerror}) – nic nie zmieniono.") from None
        said = storage_error(db_path(paths), error)
        if said is not None:
            raise said from None
        raise
