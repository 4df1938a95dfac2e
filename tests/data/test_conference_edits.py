"""Conference facts filled in by an official: validated, saved atomically, with a history,
undoable, merged over the sourced tables with their provenance."""

import json
from datetime import date

import pytest

from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference import conference_edits as edits
from mms_core.data.reference import loaders
from mms_core.data.reference.data_file import DataFileError
from mms_core.facts.conferences import in_date_order
from mms_core.present.tour import step_lines
from mms_core.text.conference_text import conference_text

PATHS = DataPaths(DEFAULT_DATA_DIR)
AT = "2026-11-26T10:15:00+01:00"


@pytest.fixture()
def store(tmp_path):
    return tmp_path / edits.FILE_NAME


@pytest.fixture(scope="module")
def sourced():
    return loaders.load_conferences(PATHS.conferences), loaders.load_operators(PATHS.operators)


@pytest.mark.parametrize("field, raw, stored", [
    ("date", "2025-10-20", "2025-10-20"), ("date", "20.10.2025", "2025-10-20"), ("date", date(2025, 12, 1), "2025-12-01"),
    ("time", "9:00", "9:00"), ("time", "14.00 - 16.30", "14:00–16:30"), ("time", "10:00—12:15", "10:00–12:15"),
    ("venue", "  Dom   Kultury\n w Łapach ", "Dom Kultury w Łapach"), ("operator", "Fundacja „Ziemia”", "Fundacja „Ziemia”"),
    ("venue", "", None), ("date", "   ", None), ("time", None, None),
])
def test_values_are_cleaned(field, raw, stored):
    assert edits.clean_value(field, raw) == stored


@pytest.mark.parametrize("field, raw, says", [
    ("date", "2025-13-01", "RRRR-MM-DD"), ("date", "2024-12-31", "poza zakresem"), ("date", "2031-01-01", "poza zakresem"),
    ("date", "jutro", "RRRR-MM-DD"), ("date", "2025-1-5", "RRRR-MM-DD"), ("time", "25:00", "nie istnieje"),
    ("time", "16:00–14:00", "po początku"), ("time", "rano", "GG:MM"), ("venue", "x" * 151, "najwyżej 150"),
    ("venue", "A", "za krótkie"), ("venue", "Sala\u202eevil", "sterujące"), ("venue", "a\x00b", "sterujące"),
    ("colour", "red", "Nieznane pole"),
])
def test_bad_values_are_refused_in_polish(field, raw, says):
    with pytest.raises(edits.EditError) as error:
        edits.clean_value(field, raw)
    assert says in error.value.message


def test_fill_in_then_undo(store):
    entries = edits.apply_change(store, "02", {"date": "2025-10-20", "venue": "Zamek"}, "zaproszenie UW", at=AT)
    assert [(e.action, e.field, e.old, e.new) for e in entries] == [("set", "date", None, "2025-10-20"),
                                                                    ("set", "venue", None, "Zamek")]
    edits.apply_change(store, "02", {"venue": "Pałac w Krzyżowej"}, "korekta", at=AT)
    saved = edits.load(store)
    assert saved.value("02", "venue") == "Pałac w Krzyżowej" and saved.value("02", "date") == "2025-10-20"
    assert saved.values["02"]["venue"]["note"] == "korekta"
    undone = edits.undo_last(store, at=AT)
    assert [(e.action, e.field, e.old, e.new) for e in undone] == [("undo", "venue", "Pałac w Krzyżowej", "Zamek")]
    after = edits.load(store)
    assert after.value("02", "venue") == "Zamek" and after.values["02"]["venue"]["note"] == "zaproszenie UW"
    edits.undo_last(store, at=AT)  # one change further back: nothing filled in any more
    assert edits.load(store).values == {}
    with pytest.raises(edits.EditError):
        edits.undo_last(store)
    history = edits.load(store).history
    assert [h.action for h in history] == ["set", "set", "set", "undo", "undo", "undo"]
    assert [p.name for p in store.parent.iterdir()] == [edits.FILE_NAME]  # no temporary file left


def test_an_empty_value_clears_an_edit_and_nothing_changed_is_refused(store):
    edits.apply_change(store, "14", {"time": "10:00"}, at=AT)
    with pytest.raises(edits.EditError):
        edits.apply_change(store, "14", {"time": "10:00"}, at=AT)
    entries = edits.apply_change(store, "14", {"time": ""}, at=AT)
    assert [(e.action, e.old, e.new) for e in entries] == [("clear", "10:00", None)]
    assert edits.load(store).values == {}


def test_a_refused_value_saves_nothing(store):
    edits.apply_change(store, "14", {"time": "10:00"}, at=AT)
    before = store.read_bytes()
    with pytest.raises(edits.EditError):
        edits.apply_change(store, "14", {"venue": "Sala", "date": "1999-01-01"}, at=AT)
    with pytest.raises(edits.EditError):
        edits.apply_change(store, "99", {"venue": "Sala"}, at=AT)
    assert store.read_bytes() == before


def test_merge_fills_the_tables_and_says_so(store, sourced):
    conferences, operators = sourced
    edits.apply_change(store, "02", {"date": "2025-10-20", "time": "11:00", "venue": "Pałac w Krzyżowej",
                                     "operator": "Fundacja Krzyżowa"}, at=AT)
    merged, ops = edits.merge(conferences, operators, edits.load(store))
    assert merged.loc["02", "date"] == date(2025, 10, 20)
    assert merged.loc["02", "filled_in"] == "date,time,venue,operator" and merged.loc["02", "filled_at"] == AT
    assert merged.loc["32", "filled_in"] == "" and merged.loc["32", "venue"] == conferences.loc["32", "venue"]
    assert ops.loc["02", "operator"] == "Fundacja Krzyżowa" and len(ops) == len(operators) + 1
    text = conference_text(merged, ops, "02")
    assert text.date == "20.10.2025, 11:00" and text.filled_in == ("date", "time", "venue", "operator")
    assert step_lines(text) == ["Konferencja: Krzyżowa, 20.10.2025, 11:00", "Miejsce: Pałac w Krzyżowej"]
    assert list(in_date_order(merged)["teryt"])[:3] == ["02", "32", "30"]  # the tour follows the new date
    assert conferences.loc["02", "date"] is None  # the sourced table is not changed


def test_notes_and_operators_in_english_and_an_officials_operator_as_typed(store, sourced):
    """Issue 24, item 13: the files' English columns in English; names as they are; what an official
    typed shown as typed in both languages (the file's English text of the old operator would be stale)."""
    conferences, operators = sourced
    lubelskie = conference_text(conferences, operators, "06", "en")
    assert lubelskie.date_or_unknown("en") == "unknown (a report of the conference exists; its date could not be read)"
    assert lubelskie.operator.endswith("Forum Lubelskich Organizacji Pozarządowych (a partnership)")
    assert lubelskie.call_name == "Aktywne Małe Społeczności (2025–2026)"  # a name
    assert conference_text(conferences, operators, "12", "en").operator.startswith("not established")
    assert conference_text(conferences, operators, "10", "en").operator == "Chorągiew Łódzka ZHP"  # a name only
    assert conference_text(conferences, operators, "06").operator.endswith("(partnerstwo)")  # Polish as it was
    # a file without the English columns (an older data folder): the Polish text, not an error
    plain = conference_text(conferences.drop(columns="date_note_en"), operators.drop(columns="operator_en"), "06", "en")
    assert plain.operator.endswith("(partnerstwo)") and plain.date_note.startswith("relacja")
    edits.apply_change(store, "06", {"operator": "Fundacja Nowa"}, at=AT)
    merged, ops = edits.merge(conferences, operators, edits.load(store))
    assert conference_text(merged, ops, "06", "en").operator == "Fundacja Nowa"
    assert conference_text(merged, ops, "06", "pl").operator == "Fundacja Nowa"


def test_a_damaged_file_is_a_polish_data_error(store):
    for content in ("{", json.dumps({"format": "x"}), json.dumps({"format": edits.FORMAT, "values": {
            "02": {"date": {"value": "1999-01-01", "at": AT}}}, "history": []}),
                    json.dumps({"format": edits.FORMAT, "values": {"77": {}}, "history": []})):
        store.write_text(content, encoding="utf-8")
        with pytest.raises(DataFileError) as error:
            edits.load(store)
        assert "uzupełnień danych konferencji" in error.value.message


def test_no_file_means_no_edits(store):
    assert edits.load(store).values == {} and not store.exists()
