"""Files the ledger writes: their permissions, atomic replacement, leftovers, the writers' lock.

Permissions: every file and folder the ledger creates takes the permission bits of the folder
it is created in — a folder ``0755`` gives files ``0644``, ``2775`` (shared group) gives ``0664``,
``0700`` gives ``0600`` — whatever the process's umask. So the owner decides who may read the data
by the data folder's own mode, and a server running as another account can read what an
administrator imported. (SQLite gives the ``-wal``/``-shm`` files the database file's mode.)

Temporary files start with :data:`TEMP_PREFIX`; whatever an interrupted writer left behind is
removed by the next writer (which holds the lock, so no other writer can be using them).
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from mms_core.facts.vocab import GRANT_COLUMNS

TEMP_PREFIX = ".mms-tmp-"
LOCK_NAME = ".lock"


class FolderNotWritable(OSError):
    """The data folder cannot be written (read-only, or no permission)."""


def canonical_csv(grants: pd.DataFrame, extra: tuple[str, ...] = (), columns: tuple[str, ...] = GRANT_COLUMNS) -> bytes:
    """The canonical grants CSV: UTF-8, comma separated, ``\\n`` line ends, dot decimals with two
    places (zł), the columns of ``GRANT_COLUMNS`` in order (then ``extra``)."""
    frame = grants[list(columns) + list(extra)].copy()
    frame["amount_pln"] = frame["amount_pln"].map(lambda v: f"{float(v):.2f}")
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


#: The canonical columns of ledger schema version 1 (before ``gmina_teryt``).
GRANT_COLUMNS_V1: tuple[str, ...] = tuple(c for c in GRANT_COLUMNS if c != "gmina_teryt")


def canonical_csv_v1(grants: pd.DataFrame) -> bytes:
    """:func:`canonical_csv` as ledger schema version 1 wrote it: the checksums of sources imported
    then are checked against it."""
    return canonical_csv(grants, columns=GRANT_COLUMNS_V1)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_mode(folder: Path) -> int:
    """Permission bits of a new file in ``folder``: the folder's read/write bits (no execute)."""
    return stat.S_IMODE(folder.stat().st_mode) & 0o666


def is_permission_error(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS)


def make_folder(folder: Path) -> None:
    """Create ``folder`` (one level) with its parent's permission bits, setgid included."""
    if folder.is_dir():
        return
    mode = stat.S_IMODE(folder.parent.stat().st_mode)
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        return
    except OSError as error:
        if is_permission_error(error):
            raise FolderNotWritable(error.errno, error.strerror, str(folder.parent)) from None
        raise
    os.chmod(folder, mode)


def create_file(path: Path, mode: int) -> int:
    """A new empty file with exactly ``mode`` (umask-proof); returns its descriptor."""
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, mode)
    os.fchmod(descriptor, mode)
    return descriptor


def temp_path(folder: Path, name: str) -> Path:
    return folder / f"{TEMP_PREFIX}{name}.{secrets.token_hex(6)}"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it over ``path`` (atomic)."""
    temporary = temp_path(path.parent, path.name)
    descriptor = create_file(temporary, file_mode(path.parent))
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        sync_folder(path.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_leftovers(folder: Path) -> list[str]:
    """Remove the temporary files an interrupted writer left in ``folder``; return their names.
    Call only while holding :func:`writer_lock`."""
    removed = []
    for path in folder.glob(TEMP_PREFIX + "*"):
        try:
            path.unlink()
            removed.append(path.name)
        except FileNotFoundError:
            pass
    return removed


@contextmanager
def writer_lock(folder: Path, blocking: bool = True) -> Iterator[bool]:
    """Hold the writers' lock of ``folder`` (``flock`` on ``.lock``). Yields False when
    ``blocking`` is off and another writer holds it. Raises :class:`FolderNotWritable` when the
    lock file cannot be created."""
    lock_path = folder / LOCK_NAME
    try:
        if lock_path.exists():
            descriptor = os.open(lock_path, os.O_RDONLY)
        else:
            try:
                descriptor = create_file(lock_path, file_mode(folder))
            except FileExistsError:
                descriptor = os.open(lock_path, os.O_RDONLY)
    except OSError as error:
        if is_permission_error(error):
            raise FolderNotWritable(error.errno, error.strerror, str(folder)) from None
        raise
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
