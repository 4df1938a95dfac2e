"""Where a data folder's ledger lives and how it is opened: an SQLite database (WAL) in
``<data folder>/ledger/ledger.sqlite3``.

Readers never block the writer, nor the writer them (WAL). A folder that cannot be written (a read-only
mount, a server account with read permission only) is read without writing: the database read-only or,
with no ``-wal`` file beside it, as an immutable file. Errors of SQLite and of the disk are said in Polish,
as what they are.
"""

from __future__ import annotations

import errno
import getpass
import os
import socket
import sqlite3
from datetime import datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from mms_core.data.paths import DataPaths

from .model import LedgerError
from .schema import check_version

DB_NAME = "ledger.sqlite3"
BUSY_TIMEOUT_MS = 30_000
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


def ledger_dir(paths: DataPaths) -> Path:
    return paths.data_dir / "ledger"


def db_path(paths: DataPaths) -> Path:
    return ledger_dir(paths) / DB_NAME


def check_data_dir(paths: DataPaths) -> None:
    if not paths.data_dir.is_dir():
        raise LedgerError(f"Folder danych „{paths.data_dir}” nie istnieje. Ustaw zmienną MMS_DATA_DIR na folder z "
                          "plikami danych (jak mms_data/) albo utwórz go.", 2)


def read_only_notice(paths: DataPaths) -> str:
    return (f"Folder danych „{paths.data_dir}” jest tylko do odczytu dla tego konta: baza źródeł nie może tu powstać, "
            "więc pokazano dane z plików startowych (grants.csv). Import i zmiany źródeł są tu niemożliwe – "
            "uruchom je jako właściciel folderu albo nadaj prawo zapisu.")


def connect(uri: str) -> sqlite3.Connection:
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                 check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def database_uri(path: Path, mode: str, immutable: bool = False) -> str:
    return f"file:{quote(str(path))}?mode={mode}" + ("&immutable=1" if immutable else "")


def database_error(path: Path, error: Exception) -> LedgerError:
    if isinstance(error, LedgerError):
        return error
    return LedgerError(f"Nie można odczytać bazy źródeł „{path}” ({error}). Sprawdź, czy plik jest bazą tej aplikacji "
                       "i czy konto serwera może go czytać.", 2)


def open_reader(paths: DataPaths) -> tuple[sqlite3.Connection, str]:
    """A connection that only reads, and the mode: ``ledger`` or ``read-only`` (an account that may
    not write beside the database reads it as an immutable file when no writer has a ``-wal`` open)."""
    path = db_path(paths)
    try:
        connection = connect(database_uri(path, "ro"))
        try:
            check_version(connection, path)
            return connection, "ledger"
        except BaseException:
            connection.close()
            raise
    except sqlite3.OperationalError as error:
        if Path(f"{path}-wal").exists():
            raise database_error(path, error) from None
    except (sqlite3.DatabaseError, LedgerError) as error:
        raise database_error(path, error) from None
    try:
        connection = connect(database_uri(path, "ro", immutable=True))
        check_version(connection, path)
        return connection, "read-only"
    except (sqlite3.DatabaseError, LedgerError) as error:
        raise database_error(path, error) from None


def rollback(connection: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already (a full disk or an I/O error ends it itself):
    the error that stopped the change is the one to report, never "cannot rollback"."""
    if connection.in_transaction:
        try:
            connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass


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
