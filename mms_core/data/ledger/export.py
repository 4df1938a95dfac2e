"""The export of the grants in use: ``ledger/grants.csv`` (the canonical columns and ``source_id``) and
``ledger/grants.meta.json``, rewritten atomically after every change, for people to inspect. The app reads
the database, never the export."""

from __future__ import annotations

import json
from pathlib import Path

from mms_core.data.paths import DataPaths

from .connection import ledger_dir, now_text
from .files import atomic_write, canonical_csv, sha256
from .view import LedgerView


def export_paths(paths: DataPaths) -> tuple[Path, Path]:
    """The export of the grants in use: ``ledger/grants.csv`` and ``ledger/grants.meta.json``."""
    return ledger_dir(paths) / "grants.csv", ledger_dir(paths) / "grants.meta.json"


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
