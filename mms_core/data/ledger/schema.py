"""The ledger's tables (SQLite) and their version.

- ``sources``: one row per imported file (and the sample), with its provenance and figures;
  ``active`` says whether its grants are in use.
- ``grants``: the rows of every source, kept after the source is removed or replaced (so that
  any change can be undone). Amounts in grosze (1/100 zł, integers: sums are exact).
  ``org_key`` is the organisation name folded for comparison; ``id_from_file`` says whether
  ``grant_id`` is the file's contract number (else the importer made it up).
  ``gmina_teryt`` is the grant's gmina (7-digit 2025 TERYT code, "" where the town could not be
  placed; added in schema version 2).
- ``history``: every change, with time, action, source(s), who, and what undid it.
- ``ledger_info``: the ledger's random id, creation time and ``state``, a counter raised by
  every change (the app's caches are keyed by it).
"""

from __future__ import annotations

import sqlite3

from .model import LedgerError

SCHEMA_VERSION = 2
#: Versions an app of this version opens: older ones are upgraded by the first writer (see
#: :func:`mms_core.data.ledger.migrations.upgrade`); readers meanwhile read them without the new columns.
KNOWN_VERSIONS = (1, 2)

SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE ledger_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('sample', 'official', 'unverified')),
    description TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    data_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    editions TEXT NOT NULL,
    priorities TEXT NOT NULL,
    regions TEXT NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_kept INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    duplicates_skipped INTEGER NOT NULL,
    amount_grosze INTEGER NOT NULL,
    reading TEXT NOT NULL,
    columns_json TEXT NOT NULL,
    note TEXT NOT NULL,
    replaces INTEGER REFERENCES sources (id),
    active INTEGER NOT NULL CHECK (active IN (0, 1))
);
CREATE TABLE grants (
    source_id INTEGER NOT NULL REFERENCES sources (id),
    seq INTEGER NOT NULL,
    grant_id TEXT NOT NULL,
    id_from_file INTEGER NOT NULL,
    edition INTEGER NOT NULL,
    priority TEXT NOT NULL,
    org_name TEXT NOT NULL,
    org_key TEXT NOT NULL,
    org_type TEXT NOT NULL,
    voivodeship_teryt TEXT NOT NULL,
    town TEXT NOT NULL,
    amount_grosze INTEGER NOT NULL,
    gmina_teryt TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source_id, seq)
) WITHOUT ROWID;
CREATE INDEX grants_by_number ON grants (grant_id);
CREATE INDEX grants_by_key ON grants (edition, voivodeship_teryt, amount_grosze, org_key);
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('seed', 'import', 'replace', 'remove', 'undo')),
    source_id INTEGER REFERENCES sources (id),
    other_source_id INTEGER REFERENCES sources (id),
    undoes INTEGER REFERENCES history (id),
    undone_by INTEGER REFERENCES history (id),
    actor TEXT NOT NULL,
    summary TEXT NOT NULL
);
"""


def create_schema(connection: sqlite3.Connection, ledger_id: str, created_at: str) -> None:
    """Create the tables in an empty database (inside the caller's transaction)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)
    connection.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
    connection.executemany("INSERT INTO ledger_info (key, value) VALUES (?, ?)",
                           [("ledger_id", ledger_id), ("created_at", created_at), ("state", "0")])


def check_version(connection: sqlite3.Connection, path: object) -> int:
    """Refuse a database this version of the app does not know; return its version."""
    not_ours = LedgerError(f"Plik „{path}” nie jest bazą źródeł tej aplikacji (brak wersji schematu).", 2)
    try:
        row = connection.execute("SELECT version FROM schema_version").fetchone()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            raise not_ours from None
        raise  # e.g. a folder this account cannot write: the caller decides
    except sqlite3.DatabaseError:
        raise not_ours from None
    if row is None:
        raise not_ours
    (version,) = row
    if version not in KNOWN_VERSIONS:
        raise LedgerError(f"Baza źródeł „{path}” ma wersję schematu {version}, a ta wersja aplikacji zna tylko "
                          f"{SCHEMA_VERSION}. Użyj nowszej wersji aplikacji.", 2)
    return int(version)
