"""Replacing the grants in use: only by a complete, validated table, written atomically.

``grants.csv`` and its provenance ``grants.meta.json`` are each written to a temporary
file in the same folder and renamed over the old one (``os.replace`` is atomic), grants
first. The provenance records the SHA-256 of the grants it describes, so that if anything
stops between the two renames the app sees that they do not match and says the origin is
unknown instead of calling sample data official. The previous pair is kept as
``grants.previous.csv`` / ``grants.previous.meta.json`` and :func:`rollback` puts it back.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from mms_core.data.importer import ImportResult
from mms_core.data.loaders import load_grants
from mms_core.data.paths import DataPaths
from mms_core.facts.vocab import GRANT_COLUMNS


class PublishError(Exception):
    """Publishing or rolling back is not possible; ``message`` is Polish."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def grants_csv_bytes(grants: pd.DataFrame) -> bytes:
    """The canonical CSV: UTF-8, comma separated, dot decimals, GRANT_COLUMNS in order."""
    frame = grants[list(GRANT_COLUMNS)].copy()
    frame["amount_pln"] = frame["amount_pln"].map(lambda v: f"{float(v):.2f}")
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _atomic_write(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _previous(paths: DataPaths) -> tuple[Path, Path]:
    return paths.data_dir / "grants.previous.csv", paths.data_dir / "grants.previous.meta.json"


def publish(result: ImportResult, paths: DataPaths, source: str, accept_partial: bool = False,
            now: datetime | None = None) -> dict:
    """Make the imported rows the data in use; return the provenance written.

    Refuses when any row was rejected unless ``accept_partial`` (then the report's counts go
    into the provenance), and when no row is left.
    """
    if result.errors and not accept_partial:
        raise PublishError(f"Wierszy z błędami: {result.rejected_rows} – nic nie zaimportowano. Popraw plik albo "
                           "zaimportuj tylko poprawne wiersze.")
    if result.grants.empty:
        raise PublishError("Żaden wiersz nie przeszedł sprawdzenia – nic nie zaimportowano.")
    data = grants_csv_bytes(result.grants)
    # the file must read back exactly as the app reads it, before it replaces anything
    handle, check_path = tempfile.mkstemp(suffix=".csv")
    os.close(handle)
    try:
        Path(check_path).write_bytes(data)
        load_grants(Path(check_path))
    finally:
        Path(check_path).unlink(missing_ok=True)
    now = now or datetime.now(ZoneInfo("Europe/Warsaw"))
    meta = {
        "kind": "official",
        "source": source,
        "file_name": result.source_name,
        "imported_at": now.strftime("%Y-%m-%d %H:%M"),
        "rows_read": result.rows_read,
        "rows_kept": int(len(result.grants)),
        "rows_rejected": result.rejected_rows,
        "warnings": len(result.warnings),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    previous_grants, previous_meta = _previous(paths)
    if paths.grants.exists():
        _atomic_write(previous_grants, paths.grants.read_bytes())
        _atomic_write(previous_meta, paths.grants_meta.read_bytes() if paths.grants_meta.exists() else b"{}")
    _atomic_write(paths.grants, data)
    _atomic_write(paths.grants_meta, (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return meta


def rollback(paths: DataPaths) -> None:
    """Put the previous grants and provenance back (and keep the current pair as previous)."""
    previous_grants, previous_meta = _previous(paths)
    if not previous_grants.exists():
        raise PublishError("Nie ma poprzedniej wersji danych do przywrócenia.")
    current = (paths.grants.read_bytes(), paths.grants_meta.read_bytes() if paths.grants_meta.exists() else b"{}")
    _atomic_write(paths.grants, previous_grants.read_bytes())
    _atomic_write(paths.grants_meta, previous_meta.read_bytes())
    _atomic_write(previous_grants, current[0])
    _atomic_write(previous_meta, current[1])
