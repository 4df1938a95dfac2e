"""A data file read strictly: a UTF-8 CSV as text columns, with the columns it must have; every
failure is a :class:`DataFileError` whose ``message`` says in Polish which file is wrong and why."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from mms_core.data.os_errors import os_error_text


class DataFileError(Exception):
    """A data file is missing or malformed. ``message`` is the Polish text for users."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        self.message = f"Plik danych „{self.path.name}” jest nieprawidłowy: {reason}"
        super().__init__(self.message)


def read_csv_strict(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    """Read a UTF-8 CSV as text columns; check that ``required`` columns are there."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, "nie znaleziono pliku.")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError:
        raise DataFileError(path, "plik nie jest zapisany w kodowaniu UTF-8.") from None
    except pd.errors.EmptyDataError:
        raise DataFileError(path, "plik jest pusty.") from None
    except pd.errors.ParserError as exc:  # pandas' message is English: say it in Polish
        fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        detail = (f"wiersz {fields.group(2)} ma {fields.group(3)} pól zamiast {fields.group(1)}" if fields
                  else "plik jest uszkodzony (np. cudzysłów bez pary)")
        raise DataFileError(path, f"nie da się odczytać pliku CSV: {detail}.") from None
    except OSError as exc:  # no permission (a file of another account), a folder in its place …
        raise DataFileError(path, f"nie da się otworzyć pliku: {os_error_text(exc)}.") from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataFileError(path, "brak kolumn: " + ", ".join(missing) + ".")
    return frame
