"""Conference facts filled in by an official: dates, times, venues and Priority 3 operators
that the sources do not give (14 of 16 dates are unknown in ``conferences_2025.csv``).

The edits live in their own small file in the data folder, ``conference_edits.json``, never
mixed into the sourced CSV files; the loaders' tables are merged with them
(:func:`merge`), and every merged row says which fields an official filled in and when.

Rules, as for the grants: every value is validated (:func:`clean_value`); the file is
written atomically (a reader sees the old file or the new one); every change is recorded in
a history (time, action, voivodeship, field, old → new value, the official's note) and the
last change can be undone (:func:`undo_last`), any number of times back.

A later step may move this store into the ledger of data sources; callers use only
:func:`load`, :func:`apply_change`, :func:`undo_last`, :func:`merge` and the two dataclasses.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from mms_core.data.atomic import atomic_write
from mms_core.data.reference.data_file import DataFileError
from mms_core.facts.voivodeships import TERYT_CODES

FILE_NAME = "conference_edits.json"
FORMAT = "mms-conference-edits/1"
#: The fields an official may fill in, in the order forms show them.
FIELDS: tuple[str, ...] = ("date", "time", "venue", "operator")
#: Conference dates accepted: the programme started in 2025; a date outside is a typing error.
FIRST_DATE, LAST_DATE = date(2025, 1, 1), date(2030, 12, 31)
MAX_TEXT = 150  # characters of a venue or an operator
MAX_NOTE = 200  # characters of the official's note (where the fact comes from)

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:\s*[-–—]\s*(\d{1,2})[:.](\d{2}))?$")
_PL_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
#: Characters that can hide or reorder text (bidirectional overrides and isolates).
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class EditError(Exception):
    """A value or a change is refused; ``message`` says why, in Polish."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class HistoryEntry:
    """One field changed by one action. ``old``/``new`` are the official's values before and
    after (``None``: no value filled in, the sourced fact applies). ``change`` groups the fields
    saved together; an ``undo`` entry names the change it reverts in ``undoes``."""

    at: str
    action: str  # "set", "clear" or "undo"
    change: int
    teryt: str
    field: str
    old: str | None
    new: str | None
    note: str = ""
    undoes: int | None = None


@dataclass
class ConferenceEdits:
    """``values[teryt][field]`` = {"value", "at", "note"}; ``history`` oldest first."""

    values: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    history: list[HistoryEntry] = field(default_factory=list)

    def value(self, teryt: str, name: str) -> str | None:
        entry = self.values.get(teryt, {}).get(name)
        return entry["value"] if entry else None

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "values": self.values,
                           "history": [asdict(entry) for entry in self.history]},
                          ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# ------------------------------------------------------------------------ validation
def _clean_text(raw: str, limit: int, what: str) -> str:
    text = " ".join(str(raw).split())
    if any(unicodedata.category(c) == "Cc" or c in _BIDI for c in text):
        raise EditError(f"{what}: niedozwolone znaki sterujące.")
    if len(text) > limit:
        raise EditError(f"{what}: najwyżej {limit} znaków (jest {len(text)}).")
    return text


def clean_value(name: str, raw: object) -> str | None:
    """The stored form of ``raw`` for field ``name``; ``None`` for an empty value (clear).

    ``date``: ``RRRR-MM-DD`` (or ``DD.MM.RRRR``) between 2025-01-01 and 2030-12-31, stored
    ISO; ``time``: ``14:00`` or ``14:00–16:30``; ``venue``/``operator``: text up to 150
    characters, white space collapsed, no control characters.
    """
    if name not in FIELDS:
        raise EditError(f"Nieznane pole: „{name}”.")
    if raw is None:
        return None
    if isinstance(raw, date):
        raw = raw.isoformat()
    text = " ".join(str(raw).split())
    if not text:
        return None
    if name == "date":
        match = _PL_DATE.match(text)
        if match:
            text = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            day = date.fromisoformat(text)
        except ValueError:
            raise EditError(f"Data „{text[:40]}” nie ma postaci RRRR-MM-DD.") from None
        if not FIRST_DATE <= day <= LAST_DATE:
            raise EditError(f"Data {day.isoformat()} jest poza zakresem {FIRST_DATE.isoformat()} – "
                            f"{LAST_DATE.isoformat()}.")
        return day.isoformat()
    if name == "time":
        match = _TIME.match(text)
        if not match:
            raise EditError(f"Godzina „{text[:40]}” nie ma postaci GG:MM albo GG:MM–GG:MM.")
        parts = [int(g) for g in match.groups() if g is not None]
        pairs = list(zip(parts[::2], parts[1::2]))
        if any(h > 23 or m > 59 for h, m in pairs):
            raise EditError(f"Godzina „{text}” nie istnieje.")
        if len(pairs) == 2 and pairs[1] <= pairs[0]:
            raise EditError(f"Koniec ({pairs[1][0]}:{pairs[1][1]:02d}) musi być po początku.")
        return "–".join(f"{h}:{m:02d}" for h, m in pairs)
    label = {"venue": "Miejsce", "operator": "Operator"}[name]
    cleaned = _clean_text(text, MAX_TEXT, label)
    if len(cleaned) < 2:
        raise EditError(f"{label}: za krótkie.")
    return cleaned


# ------------------------------------------------------------------------ the file
def load(path: Path) -> ConferenceEdits:
    """The edits in ``path``; none when the file does not exist. A file that is not what
    :func:`save` writes (edited by hand, damaged) raises :class:`DataFileError`: every value
    is validated again here."""
    path = Path(path)
    if not path.is_file():
        return ConferenceEdits()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("format")
        values: dict[str, dict[str, dict[str, str]]] = {}
        for teryt, fields in data["values"].items():
            if teryt not in TERYT_CODES or not isinstance(fields, dict):
                raise ValueError(teryt)
            for name, entry in fields.items():
                value = clean_value(name, entry["value"])
                if value is None:
                    raise ValueError(name)
                values.setdefault(teryt, {})[name] = {"value": value, "at": str(entry["at"]),
                                                      "note": _clean_text(entry.get("note", ""), MAX_NOTE, "Uwaga")}
        history = [HistoryEntry(**entry) for entry in data["history"]]
        if any(h.teryt not in TERYT_CODES or h.field not in FIELDS or h.action not in ("set", "clear", "undo")
               for h in history):
            raise ValueError("history")
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, EditError):
        raise DataFileError(path, "plik uzupełnień danych konferencji jest uszkodzony – przywróć go z kopii "
                                  "albo usuń (uzupełnienia zostaną utracone).") from None
    return ConferenceEdits(values, history)


def save(path: Path, edits: ConferenceEdits) -> None:
    atomic_write(Path(path), edits.to_json().encode("utf-8"))


def _now() -> str:
    """Now, in Polish time (the officials' and the app's), ISO with its offset."""
    return datetime.now(ZoneInfo("Europe/Warsaw")).isoformat(timespec="seconds")


def _set(edits: ConferenceEdits, teryt: str, name: str, value: str | None, at: str, note: str) -> None:
    fields = edits.values.setdefault(teryt, {})
    if value is None:
        fields.pop(name, None)
        if not fields:
            edits.values.pop(teryt)
    else:
        fields[name] = {"value": value, "at": at, "note": note}


def apply_change(path: Path, teryt: str, changes: dict[str, object], note: str = "",
                 at: str | None = None) -> list[HistoryEntry]:
    """Fill in (or, with an empty value, clear) the fields in ``changes`` of voivodeship
    ``teryt``'s conference; save; return the history entries. Nothing is saved when a value
    is refused (:class:`EditError`) or nothing changes."""
    if teryt not in TERYT_CODES:
        raise EditError(f"Nieznany kod województwa: „{str(teryt)[:10]}”.")
    note = _clean_text(note or "", MAX_NOTE, "Uwaga")
    cleaned = {name: clean_value(name, raw) for name, raw in changes.items()}
    edits = load(path)
    at = at or _now()
    change = 1 + max((h.change for h in edits.history), default=0)
    entries = []
    for name, value in cleaned.items():
        old = edits.value(teryt, name)
        if value == old:
            continue
        entries.append(HistoryEntry(at, "clear" if value is None else "set", change, teryt, name, old, value, note))
        _set(edits, teryt, name, value, at, note)
    if not entries:
        raise EditError("Nic się nie zmieniło.")
    edits.history.extend(entries)
    save(path, edits)
    return entries


def last_change(edits: ConferenceEdits) -> list[HistoryEntry]:
    """The entries of the latest change not yet undone (empty: nothing to undo)."""
    undone = {h.undoes for h in edits.history if h.action == "undo"}
    for entry in reversed(edits.history):
        if entry.action != "undo" and entry.change not in undone:
            return [h for h in edits.history if h.change == entry.change]
    return []


def undo_last(path: Path, at: str | None = None) -> list[HistoryEntry]:
    """Put back the values from before the latest change not yet undone; save; return the
    new ``undo`` entries. Undoing again goes one change further back."""
    edits = load(path)
    target = last_change(edits)
    if not target:
        raise EditError("Nie ma zmian do cofnięcia.")
    at = at or _now()
    change = 1 + max(h.change for h in edits.history)
    entries = []
    for entry in reversed(target):
        current = edits.value(entry.teryt, entry.field)
        entries.append(HistoryEntry(at, "undo", change, entry.teryt, entry.field, current, entry.old,
                                    entry.note, undoes=entry.change))
        previous_note = next((h.note for h in reversed(edits.history)
                              if h.teryt == entry.teryt and h.field == entry.field and h.new == entry.old
                              and h.change != entry.change), "")
        _set(edits, entry.teryt, entry.field, entry.old, at, previous_note)
    edits.history.extend(entries)
    save(path, edits)
    return entries


# ------------------------------------------------------------------------ merging
def merge(conferences: pd.DataFrame, operators: pd.DataFrame,
          edits: ConferenceEdits) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The loaders' tables with the official's values over the sourced ones.

    Adds to ``conferences`` the columns ``filled_in`` (the fields an official filled in,
    comma separated, "" for none — including ``operator``) and ``filled_at`` (the latest
    time, ISO, or ""). ``operators`` gains a row for a voivodeship whose operator was unknown.
    """
    conferences = conferences.copy()
    operators = operators.copy()
    conferences["filled_in"] = ""
    conferences["filled_at"] = ""
    for teryt, fields in edits.values.items():
        if teryt not in conferences.index:
            continue
        for name, entry in fields.items():
            value = entry["value"]
            if name == "date":
                conferences.at[teryt, "date"] = date.fromisoformat(value)
            elif name in ("time", "venue"):
                conferences.at[teryt, name] = value
            elif name == "operator":
                if teryt not in operators.index:
                    operators.loc[teryt] = pd.Series({column: "" for column in operators.columns} | {"teryt": teryt})
                operators.at[teryt, "operator"] = value
        conferences.at[teryt, "filled_in"] = ",".join(name for name in FIELDS if name in fields)
        conferences.at[teryt, "filled_at"] = max(entry["at"] for entry in fields.values())
    return conferences, operators.sort_index()
