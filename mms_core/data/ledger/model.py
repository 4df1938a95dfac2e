"""What the ledger holds: sources, changes (the history), overlaps; and its errors."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Changes that ``undo`` can revert (the others: ``seed``, the starting data, and ``undo`` itself).
UNDOABLE: tuple[str, ...] = ("import", "replace", "remove")

ACTION_NAMES_PL: dict[str, str] = {"seed": "dane startowe", "import": "import", "replace": "zastąpienie",
                                   "remove": "usunięcie", "undo": "cofnięcie"}


class LedgerError(Exception):
    """A change cannot be made or the ledger cannot be read. ``message`` is Polish; ``exit_code``
    is what the command line returns (1: not done, 2: cannot be read)."""

    def __init__(self, message: str, exit_code: int = 1):
        self.message = message
        self.exit_code = exit_code
        super().__init__(message)


@dataclass(frozen=True)
class Source:
    """One imported file (or the sample). Amounts in zł."""

    id: int
    kind: str  # "sample", "official" or "unverified" (provenance not checked out: neither of the others)
    description: str
    file_name: str
    file_sha256: str  # of the file as it was imported
    data_sha256: str  # of the canonical CSV of its stored rows (checked on every load)
    imported_at: str  # ISO 8601, Europe/Warsaw
    editions: tuple[int, ...]
    priorities: tuple[str, ...]
    regions: tuple[str, ...]  # TERYT codes; empty: all 16 voivodeships
    rows_read: int
    rows_kept: int
    rows_rejected: int
    warnings: int
    duplicates_skipped: int
    amount_pln: float
    active: bool
    replaces: int | None = None
    reading: str = ""  # how the file was read (encoding, delimiter, sheet, header row), Polish
    columns: dict[str, str] = field(default_factory=dict)  # field → header used
    note: str = ""  # why it is unverified, Polish

    @property
    def is_sample(self) -> bool:
        return self.kind == "sample"

    @property
    def imported_at_text(self) -> str:
        """``2026-11-26 10:41`` (local time, no seconds)."""
        return self.imported_at.replace("T", " ")[:16]


@dataclass(frozen=True)
class Change:
    """One entry of the history: time, action, source(s), who, and whether it was undone."""

    id: int
    at: str
    action: str
    source_id: int | None
    other_source_id: int | None  # replace: the source replaced
    undoes: int | None  # undo: the change reverted
    undone_by: int | None
    actor: str
    summary: str  # Polish, as written at the time

    @property
    def at_text(self) -> str:
        return self.at.replace("T", " ")[:19]


@dataclass(frozen=True)
class Overlap:
    """A grant of an incoming file that is already in an active source."""

    row: int  # position in the incoming table (0-based)
    grant_id: str
    org_name: str
    amount_pln: float
    edition: int
    other_source_id: int
    other_description: str
    same_number: bool  # same contract number (else: same organisation, voivodeship, amount, edition)

    @property
    def reason(self) -> str:
        return ("ten sam numer umowy" if self.same_number
                else "ta sama organizacja, województwo, kwota i edycja")


class OverlapError(LedgerError):
    """An import would count grants twice; ``overlaps`` lists them."""

    def __init__(self, overlaps: list[Overlap]):
        others = sorted({(o.other_source_id, o.other_description) for o in overlaps})
        names = "; ".join(f"źródło {i} „{d}”" for i, d in others)
        rows = len({o.row for o in overlaps})
        super().__init__(f"Dotacje z pliku, które już są w danych: {rows} ({names}) – nic nie zaimportowano. Pomiń "
                         "powtórzone dotacje (--skip-duplicates) albo zastąp tamto źródło (--replaces ID).")
        self.overlaps = overlaps
