"""The ledger of sources: adding, replacing, removing and undoing, each leaving the other sources
byte-identical; the union against an independent sum of the files; overlaps; the history; the
sample switched off per edition; checksums, permissions, leftovers, a missing folder."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sqlite3
import stat
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from mms_core.data import ledger
from mms_core.data.importing.importer import read_grants_file
from mms_core.data.ledger import LedgerError, OverlapError, db_path, export_paths, ledger_dir, read_view, writing
from mms_core.data.ledger.files import TEMP_PREFIX
from mms_core.data.ledger.migrations import load_seed
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference.data_file import DataFileError
from mms_core.data.reference.loaders import load_grants
from tests.helpers import make_data_dir, make_ledger_dir, read_grants_plain

SAMPLE = DEFAULT_DATA_DIR / "grants.csv"


def official_list(prefix: str, teryt: str, count: int, edition: int = 2025, priority: str = "P3",
                  numbers: bool = True, start: int = 1, amount: float = 5_000.0) -> bytes:
    """A results table in the usual Polish wording (semicolons, amounts with a comma)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow((["Nr umowy"] if numbers else []) + ["Nazwa organizacji", "Województwo", "Miejscowość",
                                                         "Kwota przyznana", "Priorytet", "Edycja"])
    for i in range(start, start + count):
        writer.writerow(([f"{prefix}/{i:04d}"] if numbers else [])
                        + [f"Stowarzyszenie {prefix} {i}", teryt, "Lipowa", f"{amount + i:.2f}".replace(".", ","),
                           priority, edition])
    return buffer.getvalue().encode("utf-8")


def add(data_dir: Path, data: bytes, description: str, name: str = "lista.csv", **options):
    result = read_grants_file(data, name)
    with writing(DataPaths(data_dir)) as book:
        return book.add_source(result, description, hashlib.sha256(data).hexdigest(), **options)


def export_lines(data_dir: Path) -> dict[str, list[str]]:
    """The export's lines by source id (the last column)."""
    grants_csv, _ = export_paths(DataPaths(data_dir))
    lines = grants_csv.read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",source_id")
    by_source = defaultdict(list)
    for line in lines[1:]:
        by_source[line.rsplit(",", 1)[1]].append(line)
    return dict(by_source)


@pytest.fixture()
def data_dir(tmp_path):
    return make_ledger_dir(tmp_path / "data")


@pytest.fixture()
def fresh_dir(tmp_path):
    """A data folder with no ledger yet."""
    return make_data_dir(tmp_path / "data")


def test_first_start_makes_the_sample_a_source(fresh_dir):
    view = read_view(DataPaths(fresh_dir))
    (sample,) = view.sources
    assert (sample.id, sample.kind, sample.editions, sample.file_name) == (1, "sample", (2025, 2026), "grants.csv")
    assert view.origin().kind == "sample" and view.mismatched == () and view.duplicates == {}
    pd.testing.assert_frame_equal(view.grants.drop(columns="source_id"), load_grants(SAMPLE))
    assert [c.action for c in view.history] == ["seed"]
    # the export is exactly the sample, plus the source column
    plain = read_grants_plain(SAMPLE)
    exported = list(csv.DictReader(io.StringIO(export_paths(DataPaths(fresh_dir))[0].read_text(encoding="utf-8"))))
    assert [{k: v for k, v in row.items() if k != "source_id"} for row in exported] == plain


def test_each_change_leaves_every_other_source_byte_identical(data_dir):
    paths = DataPaths(data_dir)
    national = add(data_dir, official_list("P1", "mazowieckie", 40, priority="P1", amount=30_000), "NIW-CRSO P1").source
    lublin = add(data_dir, official_list("LU", "lubelskie", 25), "Operator P3 – lubelskie").source
    opole = add(data_dir, official_list("OP", "opolskie", 12), "Operator P3 – opolskie").source
    before = export_lines(data_dir)
    assert set(before) == {"1", str(national.id), str(lublin.id), str(opole.id)}

    def others_unchanged(changed: set[str]):
        now = export_lines(data_dir)
        for source_id, lines in before.items():
            if source_id not in changed and source_id in now:
                assert now[source_id] == lines, source_id
        return now

    correction = add(data_dir, official_list("LU", "lubelskie", 26), "Operator P3 – lubelskie, korekta",
                     replaces=lublin.id).source
    now = others_unchanged({str(lublin.id)})
    assert str(lublin.id) not in now and len(now[str(correction.id)]) == 26
    with writing(paths) as book:
        book.remove_source(opole.id)
    now = others_unchanged({str(opole.id)})
    assert str(opole.id) not in now
    with writing(paths) as book:
        book.undo()  # the removal
    now = others_unchanged(set())
    assert now[str(opole.id)] == before[str(opole.id)]
    with writing(paths) as book:
        book.undo()  # the correction: the first lubelskie list is back, exactly
    assert export_lines(data_dir) == before
    with writing(paths) as book:
        book.undo()  # the opolskie import
    now = others_unchanged({str(opole.id)})
    assert str(opole.id) not in now
    assert read_view(paths).state == 9  # the seed, then 3 imports, a replacement, a removal, 3 undos: one each


def test_the_union_reconciles_with_an_independent_sum_of_the_files(data_dir, tmp_path):
    files = {"p1.csv": official_list("P1", "Śląskie", 30, priority="P1", amount=20_000),
             "lu.csv": official_list("LU", "06", 20), "zp.csv": official_list("ZP", "woj. zachodniopomorskie", 7)}
    for name, data in files.items():
        add(data_dir, data, name, name)
    # independently: the files read with the csv module, plus the sample's 2026 (no official source covers it)
    count, total = 0, 0.0
    for data in files.values():
        for row in csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter=";"):
            count += 1
            total += float(row["Kwota przyznana"].replace(",", "."))
    for row in read_grants_plain(SAMPLE):
        if row["edition"] == "2026":
            count += 1
            total += float(row["amount_pln"])
    view = read_view(DataPaths(data_dir))
    assert len(view.grants) == count and view.grants["amount_pln"].sum() == pytest.approx(total, abs=0.005)
    exported = list(csv.DictReader(export_paths(DataPaths(data_dir))[0].open(encoding="utf-8")))
    assert len(exported) == count
    assert sum(float(r["amount_pln"]) for r in exported) == pytest.approx(total, abs=0.005)
    assert sum(amount for _, amount in view.in_use.values()) == pytest.approx(total, abs=0.005)


def test_the_sample_is_switched_off_per_edition_and_said_so(data_dir):
    add(data_dir, official_list("LU", "lubelskie", 3), "Operator lubelski")
    view = read_view(DataPaths(data_dir))
    assert view.sample_off == (2025,)
    assert set(view.grants.loc[view.grants["source_id"] == 1, "edition"]) == {2026}
    assert view.origin(2025).kind == "official" and view.origin(2025).sample_off == (2025,)
    assert view.origin(2026).kind == "sample"
    mixed = view.origin()
    assert mixed.kind == "mixed" and mixed.sample_editions == (2026,)
    assert mixed.as_meta()["kind"] == "mixed" and "Operator lubelski" in mixed.as_meta()["source"]


def test_overlaps_are_found_named_and_never_counted_twice(data_dir):
    first = add(data_dir, official_list("LU", "lubelskie", 5), "Operator lubelski").source
    # the same contract numbers in another file
    with pytest.raises(OverlapError) as error:
        add(data_dir, official_list("LU", "lubelskie", 3, amount=1_000), "Inna lista")
    assert {o.other_source_id for o in error.value.overlaps} == {first.id}
    assert all(o.same_number for o in error.value.overlaps)
    assert f"źródło {first.id} „Operator lubelski”" in error.value.message
    # the same organisation, region, amount and edition, without contract numbers
    with pytest.raises(OverlapError) as error:
        add(data_dir, official_list("LU", "lubelskie", 2, numbers=False), "Bez numerów")
    assert not any(o.same_number for o in error.value.overlaps)
    assert read_view(DataPaths(data_dir)).state == 2  # nothing changed
    # skipping the duplicates imports the rest
    mixed = official_list("LU", "lubelskie", 8, start=4)  # 4 and 5 overlap, 6–11 are new
    outcome = add(data_dir, mixed, "Lista uzupełniona", skip_duplicates=True)
    assert len(outcome.skipped) == 2 and outcome.source.rows_kept == 6 and outcome.source.duplicates_skipped == 2
    assert "Pominięto powtórzone dotacje: 2." in outcome.change.summary
    view = read_view(DataPaths(data_dir))
    assert view.duplicates == {} and len(view.grants[view.grants["edition"] == 2025]) == 11
    # nothing left once the duplicates are skipped
    with pytest.raises(LedgerError) as error:
        add(data_dir, official_list("LU", "lubelskie", 2), "Znowu", skip_duplicates=True)
    assert "Wszystkie dotacje z pliku są już w innych źródłach" in error.value.message
    # a correction replacing its source does not overlap with it
    add(data_dir, official_list("LU", "lubelskie", 5), "Operator lubelski, korekta", replaces=first.id)


def test_the_sample_never_counts_as_an_overlap(data_dir):
    sample_rows = read_grants_plain(SAMPLE)[:3]
    data = ("grant_id,edition,priority,org_name,org_type,voivodeship_teryt,town,amount_pln\n" + "".join(
        ",".join(r[c] for c in ("grant_id", "edition", "priority", "org_name", "org_type", "voivodeship_teryt",
                                "town", "amount_pln")) + "\n" for r in sample_rows)).encode("utf-8")
    assert add(data_dir, data, "próbka jako lista").source.rows_kept == 3


def test_rows_without_contract_numbers_get_ids_unique_per_source(data_dir):
    a = add(data_dir, official_list("A", "lubelskie", 3, numbers=False), "A").source
    b = add(data_dir, official_list("B", "opolskie", 3, numbers=False), "B").source
    grants = read_view(DataPaths(data_dir)).grants
    ids = list(grants.loc[grants["source_id"].isin([a.id, b.id]), "grant_id"])
    assert len(set(ids)) == 6 and ids[0] == f"IMP-{a.id}-2025-000002"


def test_undo_walks_back_through_the_history(data_dir):
    paths = DataPaths(data_dir)
    a = add(data_dir, official_list("A", "lubelskie", 3), "A").source
    b = add(data_dir, official_list("B", "lubelskie", 3), "B", replaces=a.id).source
    with writing(paths) as book:
        book.remove_source(b.id)
        undo, undone = book.undo()
        assert (undone.action, undone.undone_by) == ("remove", undo.id) and undo.undoes == undone.id
        book.undo()
        assert {s.id for s in book.sources()} == {1, a.id}  # the replacement undone: A is back
        book.undo()
        assert {s.id for s in book.sources()} == {1}
        with pytest.raises(LedgerError) as error:
            book.undo()
        assert error.value.message == "Nie ma zmian do cofnięcia."
        with pytest.raises(LedgerError) as error:
            book.remove_source(99)
        assert "Nie ma źródła o numerze 99" in error.value.message
        with pytest.raises(LedgerError) as error:
            book.remove_source(a.id)
        assert "nie jest w użyciu" in error.value.message
    history = read_view(paths).history
    assert [c.action for c in history] == ["undo", "undo", "undo", "remove", "replace", "import", "seed"]
    assert all(c.at and c.actor.startswith("wiersz poleceń: ") for c in history[:-1])
    replace = next(c for c in history if c.action == "replace")
    assert (replace.source_id, replace.other_source_id) == (b.id, a.id)


def test_rows_with_errors_need_accept_partial(data_dir):
    corpus = Path(__file__).parents[1] / "import_corpus"
    result = read_grants_file((corpus / "21_bad_amounts.csv").read_bytes(), "21.csv", 2025)
    with writing(DataPaths(data_dir)) as book:
        with pytest.raises(LedgerError) as error:
            book.add_source(result, "x", "0")
        assert "Wierszy z błędami: 4 – nic nie zaimportowano" in error.value.message
        source = book.add_source(result, "x", "0", accept_partial=True).source
    assert (source.rows_read, source.rows_kept, source.rows_rejected) == (5, 1, 4)


# ------------------------------------------------------------------------- checks on load
def test_stored_rows_that_fail_their_checksum_are_reported(data_dir):
    source = add(data_dir, official_list("LU", "lubelskie", 4), "Operator").source
    with sqlite3.connect(db_path(DataPaths(data_dir))) as connection:  # changed behind the app's back
        connection.execute("UPDATE grants SET amount_grosze = amount_grosze + 100 WHERE source_id = ? AND seq = 0",
                           (source.id,))
    view = read_view(DataPaths(data_dir))
    assert view.mismatched == (source.id,)
    assert view.origin(2025).kind == "unverified" and view.origin(2025).official == ()


@pytest.mark.parametrize("meta, kind, note", [
    ({"kind": "official", "source": "NIW"}, "unverified", "nie ma sumy kontrolnej"),
    ({"kind": "official", "source": "NIW", "sha256": "0" * 64}, "unverified", "suma kontrolna pliku grants.csv"),
    ({"kind": "official", "source": "NIW", "sha256": "MATCH"}, "official", ""),
    ({"kind": "sample", "sha256": "MATCH"}, "sample", ""),
    ({"kind": "maybe"}, "unverified", "nieznany rodzaj danych"),
    (None, "unverified", "brak opisu pochodzenia"),
])
def test_the_starting_files_are_believed_only_as_far_as_they_check_out(fresh_dir, meta, kind, note):
    meta_path = fresh_dir / "grants.meta.json"
    if meta is None:
        meta_path.unlink()
    else:
        if meta.get("sha256") == "MATCH":
            meta["sha256"] = hashlib.sha256((fresh_dir / "grants.csv").read_bytes()).hexdigest()
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
    (source,) = read_view(DataPaths(fresh_dir)).sources
    assert source.kind == kind and note in source.note


def test_a_grants_file_truncated_mid_number_is_not_believed(fresh_dir):
    grants = fresh_dir / "grants.csv"
    *rows, last = grants.read_text(encoding="utf-8").splitlines()
    cells = last.split(",")
    cells[-2] = cells[-2][:-3]  # the last amount cut mid-number ("…,1234.56,…" → "…,1234.,…"): still a valid table
    grants.write_text("\n".join([*rows, ",".join(cells)]) + "\n", encoding="utf-8")
    seed = load_seed(DataPaths(fresh_dir))
    assert seed.kind == "unverified" and "suma kontrolna" in seed.note
    assert read_view(DataPaths(fresh_dir)).origin().kind == "unverified"


def test_a_broken_grants_file_gives_a_polish_message_and_no_database(fresh_dir):
    (fresh_dir / "grants.csv").write_text("grant_id,edition\n1,abc\n", encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        read_view(DataPaths(fresh_dir))
    assert "brak kolumn" in error.value.message
    assert not db_path(DataPaths(fresh_dir)).exists()


def test_an_empty_data_folder_uses_the_shipped_sample(fresh_dir):
    (fresh_dir / "grants.csv").unlink()
    (fresh_dir / "grants.meta.json").unlink()
    (source,) = read_view(DataPaths(fresh_dir)).sources
    assert source.kind == "sample" and source.rows_kept == len(read_grants_plain(SAMPLE))


def test_a_missing_data_folder(tmp_path):
    with pytest.raises(LedgerError) as error:
        read_view(DataPaths(tmp_path / "nie-ma"))
    assert error.value.exit_code == 2 and "nie istnieje" in error.value.message


def test_a_file_that_is_not_a_ledger(fresh_dir):
    ledger_dir(DataPaths(fresh_dir)).mkdir()
    db_path(DataPaths(fresh_dir)).write_bytes(b"to nie jest baza" * 100)
    with pytest.raises(LedgerError) as error:
        read_view(DataPaths(fresh_dir))
    assert error.value.exit_code == 2 and "nie jest bazą źródeł tej aplikacji" in error.value.message


# ------------------------------------------------------------------------------ files
@pytest.mark.parametrize("folder_mode, file_mode", [(0o755, 0o644), (0o2775, 0o664), (0o750, 0o640)])
def test_files_take_the_folder_s_permissions_whatever_the_umask(tmp_path, folder_mode, file_mode):
    data_dir = make_data_dir(tmp_path / "data")
    os.chmod(data_dir, folder_mode)
    previous = os.umask(0o077)  # the umask that made imported files 0600 before
    try:
        add(data_dir, official_list("LU", "lubelskie", 2), "Operator")
        connection = sqlite3.connect(db_path(DataPaths(data_dir)))  # a reader keeps -wal and -shm
        connection.execute("SELECT count(*) FROM grants").fetchone()
        folder = ledger_dir(DataPaths(data_dir))
        assert stat.S_IMODE(folder.stat().st_mode) == folder_mode
        made = {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}
        connection.close()
    finally:
        os.umask(previous)
    assert {"ledger.sqlite3", "ledger.sqlite3-wal", "ledger.sqlite3-shm", "grants.csv", "grants.meta.json",
            ".lock"} <= made.keys()
    assert set(made.values()) == {file_mode}, made


def test_leftovers_of_an_interrupted_writer_are_removed_on_the_next_start(fresh_dir):
    paths = DataPaths(fresh_dir)
    ledger.prepare(paths)
    folder = ledger_dir(paths)
    for name in (f"{TEMP_PREFIX}grants.csv.1a2b3c", f"{TEMP_PREFIX}ledger.sqlite3.4d5e6f",
                 f"{TEMP_PREFIX}ledger.sqlite3.4d5e6f-wal"):
        (folder / name).write_bytes(b"half written")
    assert ledger.prepare(paths) == ""
    assert not list(folder.glob(TEMP_PREFIX + "*"))


def test_an_export_that_does_not_match_is_written_again(data_dir):
    paths = DataPaths(data_dir)
    ledger.prepare(paths)
    grants_csv, meta = export_paths(paths)
    good = grants_csv.read_bytes()
    grants_csv.write_bytes(good[: len(good) // 2])  # truncated mid-number
    ledger.prepare(paths)
    assert grants_csv.read_bytes() == good
    assert json.loads(meta.read_text(encoding="utf-8"))["sha256"] == hashlib.sha256(good).hexdigest()


def test_the_cache_key_changes_with_every_change(fresh_dir):
    paths = DataPaths(fresh_dir)
    tokens = [ledger.state_token(paths)]  # no database yet: the starting files' stamps
    ledger.prepare(paths)
    tokens.append(ledger.state_token(paths))
    source = add(fresh_dir, official_list("LU", "lubelskie", 2), "Operator").source
    tokens.append(ledger.state_token(paths))
    with writing(paths) as book:
        book.remove_source(source.id)
    tokens.append(ledger.state_token(paths))
    with writing(paths) as book:
        book.undo()
    tokens.append(ledger.state_token(paths))
    assert len(set(tokens)) == len(tokens)


def test_the_kept_reader_sees_every_change_at_once(fresh_dir):
    """The app's reader keeps its connection between runs (issue 22): its token is state_token's after every
    change, a missing database falls back to the starting files' stamps, and a new database (another file)
    is opened afresh."""
    paths = DataPaths(fresh_dir)
    reader = ledger.StateReader()
    assert reader.token(paths) == ledger.state_token(paths)  # no database yet
    ledger.prepare(paths)
    seen = [reader.token(paths)]
    source = add(fresh_dir, official_list("LU", "lubelskie", 2), "Operator").source
    seen.append(reader.token(paths))
    with writing(paths) as book:
        book.remove_source(source.id)
    seen.append(reader.token(paths))
    assert seen[-1] == ledger.state_token(paths)
    assert len(set(seen)) == len(seen)
    # the database gone (the folder reset by hand), then made anew: another file, read afresh
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path(paths)}{suffix}").unlink(missing_ok=True)
    assert reader.token(paths) == ledger.state_token(paths) and reader.token(paths)[0] == "files"
    ledger.prepare(paths)
    assert reader.token(paths) == ledger.state_token(paths) and reader.token(paths)[0] == "ledger"
    assert reader.token(paths)[1] != seen[0][1]  # a new ledger's id


def test_the_same_organisation_written_differently_is_still_an_overlap(data_dir):
    first = ("Nazwa organizacji;Województwo;Kwota przyznana;Edycja\n"
             "Stowarzyszenie „Razem dla Łap”;podlaskie;9 500,00;2025\n").encode()
    second = ("Grantobiorca;Kod TERYT;Dofinansowanie (zł);Rok\n"
              'STOWARZYSZENIE "RAZEM DLA LAP";20;9500;2025\n').encode()
    add(data_dir, first, "operator")
    with pytest.raises(OverlapError) as error:
        add(data_dir, second, "NIW")
    (overlap,) = error.value.overlaps
    assert overlap.other_description == "operator" and not overlap.same_number
