"""Command line of the core package.

    python -m mms_core import FILE [--edition 2025] [--source "…"] [--accept-partial] [--data-dir DIR]
    python -m mms_core rollback [--data-dir DIR]

``import`` reads a beneficiary list (CSV or XLSX), prints the Polish report and, if every row
is correct (or ``--accept-partial`` is given), makes it the data in use: ``grants.csv`` and
``grants.meta.json`` in the data folder, the previous pair kept for ``rollback``.
Exit codes: 0 imported, 1 not imported (rows with errors, nothing left), 2 unreadable file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mms_core.data.file_reading import os_error_text, read_file_bytes
from mms_core.data.importer import ImportFileError, issues_table, read_grants_file
from mms_core.data.loaders import DataFileError, load_big_cities
from mms_core.data.paths import DataPaths, data_paths
from mms_core.data.publish import PublishError, publish, rollback
from mms_core.text.i18n import DEFAULT_LANGUAGE, t


def main(argv: list[str] | None = None) -> int:
    """Run the command; every failure ends with a Polish message and an exit code, never a
    traceback: 2 for a file that cannot be read, 1 for anything else that stops the import."""
    try:
        return _main(argv)
    except ImportFileError as error:
        print(error.message, file=sys.stderr)
        return 2
    except OSError as error:  # the data folder missing, read-only or full
        where = Path(error.filename).parent if isinstance(error.filename, str) else "?"
        print(t("cli_storage_error", DEFAULT_LANGUAGE, reason=os_error_text(error), path=where), file=sys.stderr)
        return 1


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mms_core", description="Import listy beneficjentów MMS.")
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("import", help="zaimportuj plik CSV/XLSX z listą dotacji")
    one.add_argument("file", type=Path)
    one.add_argument("--edition", type=int, help="edycja, gdy plik nie ma kolumny „Edycja”")
    one.add_argument("--source", help="opis źródła (domyślnie nazwa pliku)")
    one.add_argument("--accept-partial", action="store_true", help="zaimportuj poprawne wiersze, pomiń błędne")
    one.add_argument("--data-dir", type=Path, help="folder danych (domyślnie MMS_DATA_DIR lub mms_data/)")
    back = sub.add_parser("rollback", help="przywróć poprzednią wersję danych")
    back.add_argument("--data-dir", type=Path)
    args = parser.parse_args(argv)
    paths = DataPaths(args.data_dir) if args.data_dir else data_paths()

    if args.command == "rollback":
        try:
            rollback(paths)
        except PublishError as error:
            print(error.message, file=sys.stderr)
            return 1
        print("Przywrócono poprzednią wersję danych.")
        return 0

    data = read_file_bytes(args.file)  # at most the size limit + 1 byte; errors in Polish, exit 2
    try:
        cities = set(load_big_cities(paths.big_cities)["city"])
    except DataFileError:
        cities = set()
    try:
        result = read_grants_file(data, args.file.name, args.edition, cities)
    except ImportFileError as error:
        print(error.message, file=sys.stderr)
        return 2
    print(f"Wczytano {result.rows_read} wierszy: poprawnych {len(result.grants)}, odrzuconych "
          f"{result.rejected_rows}, ostrzeżeń {len(result.warnings)}.")
    if result.issues:
        print(issues_table(result).to_string(index=False))
    try:
        meta = publish(result, paths, args.source or args.file.name, args.accept_partial)
    except PublishError as error:
        print(error.message, file=sys.stderr)
        return 1
    print(f"Zaimportowano dotacji: {meta['rows_kept']} (plik {paths.grants}). Poprzednia wersja: "
          f"{paths.data_dir / 'grants.previous.csv'} (python -m mms_core rollback).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
