"""Command line of the core package: the ledger of sources.

    python -m mms_core import FILE [--edition 2025] [--source "…"] [--replaces ID] [--accept-partial]
                                   [--skip-duplicates] [--column FIELD=HEADER …] [--data-dir DIR]
    python -m mms_core sources [--all]      the sources (active ones; --all: also removed and replaced)
    python -m mms_core remove ID            take a source out of use
    python -m mms_core undo                 revert the last change (``rollback`` is the same)
    python -m mms_core history              every change: time, action, source, who

``import`` reads a beneficiary list (CSV or XLSX), prints the Polish report (which column was used
for each field, the encoding and the delimiter, every rejected or doubtful row) and, if every row is
correct (or ``--accept-partial``), adds it to the ledger as one source. Grants already in another
source are refused unless ``--skip-duplicates``. FIELD is one of org_name, voivodeship, amount_pln,
town, priority, org_type, edition, grant_id.

Exit codes: 0 done; 1 not done (rows with errors, duplicates, doubtful columns, nothing to undo, a
folder that cannot be written); 2 a file or the data folder cannot be read.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

from mms_core.data.importing.columns import (
    FIELD_NAMES,
    MAPPABLE_FIELDS,
    REQUIRED,
    ColumnChoiceError,
    parse_column_option,
)
from mms_core.data.importing.file_reading import read_file_bytes
from mms_core.data.importing.importer import (
    ColumnsNotFound,
    ImportFileError,
    ImportResult,
    issues_table,
    read_grants_file,
)
from mms_core.data.importing.importer import reading_summary as file_reading
from mms_core.data.ledger import (
    ACTION_NAMES_PL,
    LedgerError,
    LedgerView,
    OverlapError,
    all_sources,
    read_view,
    writing,
)
from mms_core.data.os_errors import os_error_text
from mms_core.data.paths import DataPaths, data_paths
from mms_core.data.reference.data_file import DataFileError
from mms_core.data.reference.loaders import load_big_cities
from mms_core.facts.vocab import FIRST_EDITION, LAST_EDITION, valid_edition
from mms_core.facts.voivodeships import name_of
from mms_core.text.escaping import visible
from mms_core.text.formatting import fmt_number, fmt_pln
from mms_core.text.i18n import DEFAULT_LANGUAGE, t, tn

DONE, NOT_DONE, UNREADABLE = 0, 1, 2


def _tn(key: str, n: int, **values: object) -> str:
    """A message about ``n`` things in the form ``n`` takes (1 wiersz, 2–4 wiersze, 5–21 wierszy,
    22 wiersze): the plural rules of the UI's catalogue, in the command line's language (Polish)."""
    return tn(key, n, DEFAULT_LANGUAGE, **values)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m mms_core",
                                     description="Źródła danych o dotacjach MMS: import list beneficjentów i historia zmian.")
    folder = argparse.ArgumentParser(add_help=False)
    folder.add_argument("--data-dir", type=Path, help="folder danych (domyślnie MMS_DATA_DIR lub mms_data/)")
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("import", parents=[folder], help="dodaj plik CSV/XLSX z listą dotacji jako nowe źródło")
    one.add_argument("file", type=Path)
    one.add_argument("--edition", type=int, help=f"edycja, gdy plik nie ma kolumny „Edycja” ({FIRST_EDITION}–{LAST_EDITION})")
    one.add_argument("--sheet", help="arkusz skoroszytu XLSX do wczytania (także ukryty); domyślnie najlepszy widoczny")
    one.add_argument("--source", help="opis źródła (domyślnie nazwa pliku)")
    one.add_argument("--replaces", type=int, metavar="ID", help="zastąp to źródło (np. korektą listy)")
    one.add_argument("--accept-partial", action="store_true", help="zaimportuj poprawne wiersze, pomiń błędne")
    one.add_argument("--skip-duplicates", action="store_true",
                     help="pomiń dotacje, które już są w innym źródle (zamiast nie importować niczego)")
    one.add_argument("--column", action="append", default=[], metavar="FIELD=HEADER",
                     help="wskaż kolumnę ręcznie, np. amount_pln=\"Kwota przyznana\"; FIELD: " + ", ".join(MAPPABLE_FIELDS))
    listing = sub.add_parser("sources", parents=[folder], help="źródła w użyciu")
    listing.add_argument("--all", action="store_true", help="także źródła usunięte i zastąpione")
    remove = sub.add_parser("remove", parents=[folder], help="wycofaj źródło z użycia")
    remove.add_argument("id", type=int)
    sub.add_parser("undo", parents=[folder], help="cofnij ostatnią zmianę")
    sub.add_parser("rollback", parents=[folder], help="to samo co undo")
    sub.add_parser("history", parents=[folder], help="historia zmian")
    slides = sub.add_parser("slides", parents=[folder], help="prezentacja jako slajdy PowerPoint (.pptx, 16:9)")
    slides.add_argument("--edition", type=int, required=True, help=f"edycja ({FIRST_EDITION}–{LAST_EDITION})")
    slides.add_argument("--out", type=Path, required=True, help="plik .pptx do zapisania")
    slides.add_argument("--lang", choices=("pl", "en"), default="pl", help="język slajdów")
    slides.add_argument("--link", default=os.environ.get("MMS_PUBLIC_URL", "http://localhost:8501") + "/present",
                        help="adres na ostatnim slajdzie i w jego kodzie QR (domyślnie MMS_PUBLIC_URL/present)")
    card = sub.add_parser("card", parents=[folder], help="karta województwa: jedna strona A4 w PDF")
    card.add_argument("--region", required=True, help="kod TERYT województwa (np. 06) albo „all” – wszystkie 16")
    card.add_argument("--edition", type=int, required=True, help=f"edycja ({FIRST_EDITION}–{LAST_EDITION})")
    card.add_argument("--out", type=Path, required=True, help="plik .pdf do zapisania")
    card.add_argument("--lang", choices=("pl", "en"), default="pl", help="język karty")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; every failure ends with a Polish message and an exit code, never a
    traceback: 2 for a file that cannot be read, 1 for anything else that stops the command."""
    try:
        return _main(argv)
    except BrokenPipeError:  # `history | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return DONE
    except ImportFileError as error:
        print(error.message, file=sys.stderr)
        return UNREADABLE
    except OSError as error:  # the data folder missing, read-only or full
        where = Path(error.filename).parent if isinstance(error.filename, str) else "?"
        print(t("cli_storage_error", DEFAULT_LANGUAGE, reason=os_error_text(error), path=where), file=sys.stderr)
        return NOT_DONE


def _main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    paths = DataPaths(args.data_dir) if args.data_dir else data_paths()
    try:
        if args.command == "import":
            return _import(args, paths)
        if args.command == "sources":
            return _sources(paths, args.all)
        if args.command == "history":
            return _history(paths)
        if args.command == "slides":
            return _slides(args, paths)
        if args.command == "card":
            return _card(args, paths)
        with writing(paths) as ledger:
            if args.command == "remove":
                change = ledger.remove_source(args.id)
                print(change.summary)
            else:
                undo, _ = ledger.undo()
                print(undo.summary)
            _warn_duplicates(ledger.view())
            if ledger.export_problem:
                print(ledger.export_problem, file=sys.stderr)
        return DONE
    except LedgerError as error:
        print(error.message, file=sys.stderr)
        return error.exit_code
    except DataFileError as error:
        print(error.message, file=sys.stderr)
        return UNREADABLE


# ------------------------------------------------------------------------------------- import
def _import(args: argparse.Namespace, paths: DataPaths) -> int:
    try:
        by_hand = dict(parse_column_option(text) for text in args.column)
    except ColumnChoiceError as error:
        print(error.message, file=sys.stderr)
        return UNREADABLE
    if not paths.data_dir.is_dir():
        print(f"Folder danych „{paths.data_dir}” nie istnieje.", file=sys.stderr)
        return UNREADABLE
    try:
        data = read_file_bytes(args.file)  # at most the size limit + 1 byte; Polish OS errors
    except ImportFileError as error:
        print(error.message, file=sys.stderr)
        return UNREADABLE
    try:
        cities = set(load_big_cities(paths.big_cities)["city"])
    except DataFileError:
        cities = set()
    try:
        result = read_grants_file(data, args.file.name, args.edition, cities, by_hand, sheet=args.sheet)
    except ColumnsNotFound as error:
        print(error.message, file=sys.stderr)
        if error.headers:
            print("Kolumny w pliku: " + ", ".join(f"„{h}”" for h in error.headers if h), file=sys.stderr)
        field = error.missing[0]
        print(f"Wskaż je ręcznie, np.: --column {field}=\"NAGŁÓWEK\" (pola: {', '.join(MAPPABLE_FIELDS)}).",
              file=sys.stderr)
        return UNREADABLE
    except ImportFileError as error:
        print(error.message, file=sys.stderr)
        return UNREADABLE
    _print_report(result)
    doubtful = [f for f in REQUIRED if f in result.doubts and f not in by_hand]
    if doubtful:
        print("Nie wiadomo na pewno, które kolumny wybrać – nic nie zaimportowano. Potwierdź je albo wskaż inne, np.: "
              + " ".join(f"--column {f}=\"{result.columns[f]}\"" for f in doubtful), file=sys.stderr)
        return NOT_DONE
    try:
        with writing(paths) as ledger:
            outcome = ledger.add_source(result, args.source or args.file.name, hashlib.sha256(data).hexdigest(),
                                        replaces=args.replaces, accept_partial=args.accept_partial,
                                        skip_duplicates=args.skip_duplicates)
            view = ledger.view()
            if ledger.export_problem:
                print(ledger.export_problem, file=sys.stderr)
    except OverlapError as error:
        _print_overlaps(error.overlaps)
        print(error.message, file=sys.stderr)
        return NOT_DONE
    if outcome.skipped:
        _print_overlaps(outcome.skipped)
    print(outcome.change.summary)
    sample = view.sample
    if sample is not None and view.sample_off:
        print("Dane przykładowe są wyłączone dla edycji: " + ", ".join(map(str, view.sample_off))
              + " (obejmują je oficjalne źródła).")
    _warn_duplicates(view)
    print("Cofnięcie: python -m mms_core undo. Lista źródeł: python -m mms_core sources.")
    return DONE


#: Rows of the issues table printed by ``import`` (the rest are counted).
MAX_ISSUES_SHOWN = 200


def _print_report(result: ImportResult) -> None:
    print(_tn("cli_read", result.rows_read, kept=fmt_number(len(result.grants)), rejected=fmt_number(result.rejected_rows),
              warnings=fmt_number(len(result.warnings))))
    print(f"Plik: {file_reading(result)}.")
    print("Kolumny:")
    for field in (*REQUIRED, *(f for f in MAPPABLE_FIELDS if f not in REQUIRED)):
        if field in result.columns:
            doubt = f"   ← do sprawdzenia: {result.doubts[field]}" if field in result.doubts else ""
            print(f"  {FIELD_NAMES[field]:<18} „{result.columns[field]}”{doubt}")
    if result.issues:
        table = issues_table(result)
        print(table.head(MAX_ISSUES_SHOWN).to_string(index=False))
        if len(table) > MAX_ISSUES_SHOWN:  # a list of 20 000 unplaced towns is not read on a terminal
            print(_tn("cli_more_issues", len(table) - MAX_ISSUES_SHOWN, shown=fmt_number(MAX_ISSUES_SHOWN)))


def _print_overlaps(overlaps: list) -> None:
    print("Dotacje, które już są w danych:")
    for overlap in overlaps:
        print(f"  {overlap.grant_id} {overlap.org_name}, {fmt_pln(overlap.amount_pln, 2)}, edycja {overlap.edition}: "
              f"{overlap.reason} co w źródle {overlap.other_source_id} „{overlap.other_description}”")


def _warn_duplicates(view: LedgerView) -> None:
    for (a, b), count in sorted(view.duplicates.items()):
        print(_tn("cli_counted_twice", count, a=a, b=b), file=sys.stderr)


# ------------------------------------------------------------------------------------ listings
def _sources(paths: DataPaths, everything: bool) -> int:
    view = read_view(paths)
    if view.notice:
        print(view.notice, file=sys.stderr)
    print(f"{'ID':>3}  {'OPIS':<44} {'EDYCJE':<10} {'DOTACJE':>16} {'KWOTA W UŻYCIU':>20}  RODZAJ")
    for source in view.sources:
        used, amount = view.in_use.get(source.id, (0, 0.0))
        rows = fmt_number(source.rows_kept) if used == source.rows_kept else \
            f"{fmt_number(used)} z {fmt_number(source.rows_kept)}"
        kind = {"sample": "przykładowe", "official": "oficjalne"}.get(source.kind, "niezweryfikowane")
        if source.id in view.mismatched:
            kind = "NIEZGODNA SUMA KONTROLNA"
        scope = region_scope(source.regions)
        editions = ",".join(map(str, source.editions))
        print(f"{source.id:>3}  {_cut(source.description, 44):<44} {editions:<10} {rows:>16} "
              f"{fmt_pln(amount, 2):>20}  {kind}{' – ' + scope if scope else ''}")
    if everything:
        with_inactive = _inactive_sources(paths, {s.id for s in view.sources})
        for line in with_inactive:
            print(line)
    if view.sample_off:
        print("Dane przykładowe wyłączone dla edycji: " + ", ".join(map(str, view.sample_off)) + ".")
    print(_tn("cli_in_use", len(view.grants), amount=fmt_pln(view.grants["amount_pln"].sum(), 2)))
    _warn_duplicates(view)
    return DONE


def _inactive_sources(paths: DataPaths, active: set[int]) -> list[str]:
    return [f"{s.id:>3}  {_cut(s.description, 44):<44} {','.join(map(str, s.editions)):<10} "
            f"{fmt_number(s.rows_kept):>16} {'–':>20}  nie w użyciu (usunięte, zastąpione lub cofnięte)"
            for s in all_sources(paths) if s.id not in active]


def _history(paths: DataPaths) -> int:
    view = read_view(paths)
    for change in view.history:
        undone = f" [cofnięta zmianą nr {change.undone_by}]" if change.undone_by else ""
        print(f"{change.id:>4}  {change.at_text}  {ACTION_NAMES_PL[change.action]:<14} {change.actor}\n"
              f"      {change.summary}{undone}")
    return DONE


def _document_args_problem(args: argparse.Namespace, paths: DataPaths, suffix: str) -> str | None:
    """What is wrong with ``--edition`` and ``--out`` of a document command (Polish), or None."""
    view_editions = sorted(int(e) for e in read_view(paths).grants["edition"].unique())
    if not valid_edition(args.edition) or args.edition not in view_editions:
        known = ", ".join(str(e) for e in view_editions) or "brak"
        return f"Nieprawidłowa edycja „{args.edition}” – w danych są edycje: {known}."
    if args.out.suffix.lower() != suffix:
        return f"Plik wynikowy musi mieć rozszerzenie {suffix}, a nie „{visible(args.out.suffix, 20)}”."
    return None


def _card(args: argparse.Namespace, paths: DataPaths) -> int:
    """Write one voivodeship's card, or all 16 in one file, as PDF (never half a file)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from mms_core.data.atomic import atomic_write
    from mms_core.facts.voivodeships import TERYT_CODES
    from mms_core.present.region_card import cards_from_folder, region_cards_pdf

    problem = _document_args_problem(args, paths, ".pdf")
    region = args.region.strip()
    if problem is None and region != "all" and region not in TERYT_CODES:
        problem = f"Nieznany kod województwa „{visible(region, 20)}” – podaj dwie cyfry TERYT (02–32) albo „all”."
    if problem:
        print(problem, file=sys.stderr)
        return UNREADABLE
    regions = list(TERYT_CODES) if region == "all" else [region]
    cards = cards_from_folder(paths, args.edition, regions, args.lang, datetime.now(ZoneInfo("Europe/Warsaw")))
    data = region_cards_pdf(cards)
    atomic_write(args.out, data, mode=0o644)
    print(_tn("cli_card_written", len(cards), path=args.out, size=fmt_number(len(data) / 1024 / 1024, 1)))
    return DONE


def _slides(args: argparse.Namespace, paths: DataPaths) -> int:
    """Write the tour as a .pptx (written to a temporary file and renamed: never half a file)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from mms_core.data.atomic import atomic_write
    from mms_core.present.slides import build_deck, content_from_folder

    problem = _document_args_problem(args, paths, ".pptx")
    if problem:
        print(problem, file=sys.stderr)
        return UNREADABLE
    content = content_from_folder(paths, args.edition, args.lang, args.link, datetime.now(ZoneInfo("Europe/Warsaw")))
    data = build_deck(content)
    atomic_write(args.out, data, mode=0o644)
    print(_tn("cli_slides_written", len(content.conferences) + 3, path=args.out,
              size=fmt_number(len(data) / 1024 / 1024, 1)))
    return DONE


def region_scope(regions: tuple[str, ...]) -> str:
    """``lubelskie`` / ``lubelskie, opolskie`` (up to three names) / ``5 województw``; empty: all."""
    if not regions:
        return ""
    if len(regions) <= 3:
        return ", ".join(name_of(r) for r in regions)
    return f"województw: {len(regions)}"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


if __name__ == "__main__":
    sys.exit(main())
