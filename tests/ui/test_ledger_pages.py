"""The ledger in the app (AppTest): the origin banner per edition, the Sources page, the Data page's
source filter, and the upload on the Sources page — columns chosen by hand, sheets, duplicates, publishing, undo."""

from __future__ import annotations

import json
import re
import sqlite3

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mms_core.data.ledger import db_path, read_view
from mms_core.data.paths import PROJECT_ROOT, DataPaths
from mms_core.text.formatting import GRID_WHOLE_NUMBER
from tests.data.test_ledger import add, official_list
from tests.helpers import make_ledger_dir, open_page


@pytest.fixture()
def data_dir(tmp_path, monkeypatch):
    folder = make_ledger_dir(tmp_path / "data")
    monkeypatch.setenv("MMS_DATA_DIR", str(folder))
    return folder


@pytest.fixture()
def two_sources(data_dir):
    add(data_dir, official_list("P1", "mazowieckie", 20, priority="P1", amount=20_000), "Wyniki NIW-CRSO P1")
    add(data_dir, official_list("LU", "lubelskie", 10), "Operator P3 – lubelskie")
    return data_dir


def run_app(query: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        open_page(at, page).run()
    assert not at.exception
    return at


def test_the_banner_says_how_many_official_sources_cover_the_shown_edition(two_sources):
    at = run_app({"edition": "2025"})
    (banner,) = [i.body for i in at.info]
    assert "**Dane oficjalne.** Edycja 2025 – oficjalne źródła (2)" in banner
    assert "„Wyniki NIW\\-CRSO P1” (P1, mazowieckie)" in banner and "(P3, lubelskie)" in banner
    assert "Dane przykładowe są wyłączone dla edycji 2025" in banner
    assert not any("Dane przykładowe." in w.body for w in at.warning)
    at.selectbox(key="f_edition").set_value("2026").run()
    assert any("**Dane przykładowe.**" in w.body for w in at.warning) and not at.info
    at.selectbox(key="f_edition").set_value("all").run()
    (mixed,) = [w.body for w in at.warning if "częściowo" in w.body]
    assert "Oficjalne źródła (2)" in mixed and "Edycję 2026 nadal wypełniają dane przykładowe" in mixed


def test_the_banner_in_english(two_sources):
    at = run_app({"edition": "2025", "lang": "en"})
    assert "**Official data.** Edition 2025 – official sources (2)" in at.info[0].body


def test_the_sources_page_lists_sources_figures_provenance_and_history(two_sources):
    at = run_app({"edition": "2025"}, "pages/sources.py")
    sources, reading, history = (frame.value for frame in at.dataframe[:3])
    assert list(sources["Nr"]) == [1, 2, 3]
    assert list(sources["Rodzaj"]) == ["przykładowe", "oficjalne", "oficjalne"]
    assert list(sources["Dotacje w użyciu"]) == [999, 20, 10]  # the sample keeps only its 2026
    assert list(sources["Zasięg"])[1:] == ["mazowieckie", "lubelskie"]
    assert sources["SHA-256 pliku"].str.len().tolist() == [64, 64, 64]
    assert "Kwota przyznana" in reading.iloc[1]["Użyte kolumny"] and "separator: średnik" in reading.iloc[1]["Odczyt pliku"]
    assert list(history["Zmiana"]) == ["import", "import", "dane startowe"]
    assert any("wyłączone dla edycji 2025" in c.value for c in at.caption)
    assert any("MMS_ALLOW_PUBLISH=1" in c.value for c in at.caption)  # no changes from the app here
    assert not at.button


#: A number written the English way (``104,971,600``, ``1,234.5``) or not grouped at all (``2998``).
ENGLISH_NUMBER = re.compile(r"\b\d{1,3}(,\d{3})+\b|(?<![\d.])\d+\.\d+(?![\d.])")  # not a date: 31.12.2024
UNGROUPED = re.compile(r"(?<![\d.,/#:-])\d{4,}(?![\d.,/-])")


def shown_texts(at: AppTest) -> list[str]:
    """The texts of the page as read: markdown, captions, headers, static tables and the text cells
    of the grids (the numbers of a grid are checked by their column's format)."""
    texts = [e.value for e in (*at.markdown, *at.caption, *at.header, *at.title, *at.subheader)]
    texts += [b.body for b in (*at.info, *at.warning, *at.success, *at.error)]
    for frame in (*[d.value for d in at.dataframe], *[t.value for t in at.table]):
        texts += [str(v) for column in frame.columns for v in frame[column] if isinstance(v, str)]
    return texts


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_number_on_the_sources_page_is_written_the_polish_way(two_sources, lang):
    """Issue #24: „104,971,600” (the grid's "localized" format in an English browser) and „2998”
    (a plain integer column) on the Sources page. Numbers are Polish in both languages."""
    at = run_app({"lang": lang}, "pages/sources.py")
    sources = at.dataframe[0]
    config = json.loads(sources.proto.columns)
    numeric = [c for c in sources.value.columns if pd.api.types.is_numeric_dtype(sources.value[c])]
    number_label = "Nr" if lang == "pl" else "No."
    assert len(numeric) == 6 and number_label in numeric
    for column in numeric:
        wanted = "plain" if column == number_label else GRID_WHOLE_NUMBER
        assert config[column]["type_config"]["format"] == wanted, column
    assert sources.value[numeric].max().max() > 1000  # the sample: 2 998 grants, tens of millions of zł
    texts = shown_texts(at)
    assert not [text for text in texts if ENGLISH_NUMBER.search(text)]
    # every long number grouped (years, SHA-256 sums and file names aside)
    ungrouped = {m for text in texts for m in UNGROUPED.findall(text)} - {"2024", "2025", "2026"}
    assert not [n for n in ungrouped if not any(n in text and re.search(r"[0-9a-f]{64}|\.(csv|json)", text)
                                                  for text in texts)], ungrouped
    # the published results, as published but grouped
    published = at.dataframe[-1].value
    assert "70\u00a0000\u00a0000" in set(published.iloc[:, 2]) and ">=\u00a0780\u00a0000".replace("\u00a0", " ", 1) in set(
        published.iloc[:, 2])
    in_use = next(c.value for c in at.caption if c.value.startswith(("W użyciu", "In use")))
    assert re.search(r"1\u00a0029 (dotacji|grants), [\d\u00a0]+,\d\d\u00a0zł\.$", in_use), in_use


def test_undo_and_remove_on_the_sources_page(two_sources, monkeypatch):
    monkeypatch.setenv("MMS_ALLOW_PUBLISH", "1")
    at = run_app(page="pages/sources.py")
    at.button(key="ledger_undo").click().run()
    assert not at.exception
    assert any("Cofnięto zmianę nr 3 (import)" in s.body for s in at.success)
    assert [s.id for s in read_view(DataPaths(two_sources)).sources] == [1, 2]
    assert list(at.dataframe[0].value["Nr"]) == [1, 2]  # the page shows it at once
    at.selectbox(key="ledger_remove_id").set_value(2).run()
    assert at.button(key="ledger_remove").disabled
    at.checkbox(key="ledger_remove_sure").check().run()
    at.button(key="ledger_remove").click().run()
    assert any("Usunięto źródło 2" in s.body for s in at.success)
    assert [s.id for s in read_view(DataPaths(two_sources)).sources] == [1]
    assert at.checkbox(key="ledger_remove_sure").value is False
    history = at.dataframe[2].value
    assert list(history["Zmiana"])[:2] == ["usunięcie", "cofnięcie"]
    assert history["Kto"].iloc[0].startswith("aplikacja: ")


def test_the_data_page_filters_by_source_from_the_url(two_sources):
    at = run_app({"edition": "2025", "source": "3"}, "pages/data.py")
    assert at.selectbox(key="p_source").value == "3"
    assert any("**10** dotacji" in m.value for m in at.markdown)
    assert len(at.dataframe[0].value) == 10
    at.selectbox(key="p_source").set_value("2").run()
    assert any("**20** dotacji" in m.value for m in at.markdown)
    assert at.query_params["source"] in (["2"], "2")


@pytest.mark.parametrize("value, shown", [("99", "„99”"), ("**x**", "„\\*\\*x\\*\\*”")])
def test_an_unknown_source_in_the_url_is_reported_as_plain_text(two_sources, value, shown):
    at = run_app({"source": value}, "pages/data.py")
    (warning,) = [w.body for w in at.warning if "Nieznane źródło" in w.body]
    assert shown in warning
    assert at.selectbox(key="p_source").value == "all"


ODD = ("Lp.;Podmiot;Region działania;Środki;Rok\n"
       "1;Stowarzyszenie Razem;lubelskie;9 500,00;2025\n"
       "2;Koło Gospodyń Wiejskich w Lipowej;opolskie;8 000,00;2025\n").encode()


def test_columns_chosen_by_hand_on_the_upload_page_and_published(data_dir, monkeypatch):
    monkeypatch.setenv("MMS_ALLOW_PUBLISH", "1")
    at = run_app(page="pages/sources.py")
    at.file_uploader(key="upload_file").set_value(("operator.csv", ODD, "text/csv")).run()
    assert "Nie znaleziono kolumn: województwo, kwota dotacji" in at.error[0].body.replace("\\", "")
    choices = {s.label: s for s in at.selectbox if s.key and s.key.startswith("upload_col_")}
    assert set(choices) == {"Nazwa organizacji", "Województwo", "Kwota dotacji (przyznana)"}
    assert choices["Kwota dotacji (przyznana)"].options[1:] == ["Lp.", "Podmiot", "Region działania", "Środki", "Rok"]
    choices["Województwo"].set_value("Region działania")
    choices["Kwota dotacji (przyznana)"].set_value("Środki").run()
    assert not at.exception and not at.error
    assert any("poprawnych **2**" in m.value for m in at.markdown)
    # "Podmiot" was recognised only by likeness: doubtful, so it must be chosen before publishing
    assert any("Sprawdź kolumnę: Nazwa organizacji" in w.body for w in at.warning)
    assert not [b for b in at.button if b.key == "upload_publish"]
    [s for s in at.selectbox if s.label == "Nazwa organizacji"][0].set_value("Podmiot").run()
    mapping = [f.value for f in at.dataframe if "Kolumna w pliku" in f.value.columns][0]
    assert list(mapping["Kolumna w pliku"])[:3] == ["Podmiot", "Region działania", "Środki"]
    at.text_input(key="upload_source").set_value("Operator – lista ręczna").run()
    at.button(key="upload_publish").click().run()
    assert not at.exception
    assert any("Dodano źródło 2 „Operator – lista ręczna”" in s.body for s in at.success)
    (source,) = [s for s in read_view(DataPaths(data_dir)).sources if s.id == 2]
    assert source.columns == {"org_name": "Podmiot", "voivodeship": "Region działania", "amount_pln": "Środki",
                              "edition": "Rok"}


def test_a_doubtful_amount_column_is_chosen_on_the_upload_page(data_dir, monkeypatch):
    monkeypatch.setenv("MMS_ALLOW_PUBLISH", "1")
    data = ("Nazwa organizacji;Województwo;Kwota wnioskowana;Kwota;Edycja\n"
            "Stowarzyszenie Razem;lubelskie;12 000;9 500;2025\n").encode()
    at = run_app(page="pages/sources.py")
    at.file_uploader(key="upload_file").set_value(("lista.csv", data, "text/csv")).run()
    assert any("Sprawdź kolumnę: Kwota dotacji" in w.body and "Kwota wnioskowana" in w.body for w in at.warning)
    amount = [s for s in at.selectbox if s.label == "Kwota dotacji (przyznana)"][0]
    assert amount.value == "" and "Kwota wnioskowana" in amount.options
    assert any("Wybierz powyżej kolumny oznaczone do sprawdzenia" in c.value for c in at.caption)
    amount.set_value("Kwota").run()
    assert not any("Sprawdź kolumnę" in w.body for w in at.warning)
    at.button(key="upload_publish").click().run()
    grants = read_view(DataPaths(data_dir)).grants
    assert list(grants.loc[grants["source_id"] == 2, "amount_pln"]) == [9500.0]


def test_duplicates_on_the_upload_page(two_sources, monkeypatch):
    monkeypatch.setenv("MMS_ALLOW_PUBLISH", "1")
    at = run_app(page="pages/sources.py")
    at.file_uploader(key="upload_file").set_value(("lu.csv", official_list("LU", "lubelskie", 12), "text/csv")).run()
    assert any("Dotacje, które już są w danych: 10" in w.body for w in at.warning)
    overlaps = [f.value for f in at.dataframe if "Już w źródle" in f.value.columns][0]
    assert len(overlaps) == 10 and set(overlaps["Już w źródle"]) == {"3 – Operator P3 – lubelskie"}
    assert at.button(key="upload_publish").disabled  # "import nothing" is the default
    at.radio(key="upload_duplicates").set_value("Pomiń powtórzone dotacje, zaimportuj resztę").run()
    at.button(key="upload_publish").click().run()
    assert any("Pominięto powtórzone dotacje: 10." in s.body for s in at.success)
    view = read_view(DataPaths(two_sources))
    assert view.duplicates == {} and view.source(4).rows_kept == 2
    # publishing the same upload again: it is the same file as source 4, and all its grants are there
    at.run()
    assert any("Ten sam plik" in w.body and "źródłem 4" in w.body for w in at.warning)


def test_a_replacement_from_the_upload_page(two_sources, monkeypatch):
    monkeypatch.setenv("MMS_ALLOW_PUBLISH", "1")
    at = run_app(page="pages/sources.py")
    at.file_uploader(key="upload_file").set_value(("lu2.csv", official_list("LU", "lubelskie", 11), "text/csv")).run()
    at.selectbox(key="upload_replaces").set_value(3).run()
    assert not any("Dotacje, które już są w danych" in w.body for w in at.warning)  # its own grants do not count
    at.button(key="upload_publish").click().run()
    assert any("zastąpiło źródło 3" in s.body for s in at.success)
    assert [s.id for s in read_view(DataPaths(two_sources)).sources] == [1, 2, 4]


def test_grants_counted_twice_are_warned_about(two_sources):
    with sqlite3.connect(db_path(DataPaths(two_sources))) as connection:
        # a copy of source 3 made active behind the ledger's back: the same grants twice
        connection.execute("INSERT INTO sources SELECT 9, kind, description || ' (kopia)', file_name, file_sha256, "
                           "data_sha256, imported_at, editions, priorities, regions, rows_read, rows_kept, rows_rejected, "
                           "warnings, duplicates_skipped, amount_grosze, reading, columns_json, note, replaces, 1 "
                           "FROM sources WHERE id = 3")
        connection.execute("INSERT INTO grants SELECT 9, seq, grant_id, id_from_file, edition, priority, org_name, "
                           "org_key, org_type, voivodeship_teryt, town, amount_grosze, gmina_teryt FROM grants WHERE source_id = 3")
        connection.execute("UPDATE ledger_info SET value = value + 1 WHERE key = 'state'")
    at = run_app({"edition": "2025"})
    (warning,) = [w.body for w in at.warning if "liczone dwa razy" in w.body]
    assert "(10)" in warning and "źródła 3 i 9: 10" in warning


def test_tampered_rows_are_called_neither_official_nor_sample(two_sources):
    with sqlite3.connect(db_path(DataPaths(two_sources))) as connection:
        connection.execute("UPDATE grants SET amount_grosze = 1 WHERE source_id = 2 AND seq = 0")
        connection.execute("UPDATE ledger_info SET value = value + 1 WHERE key = 'state'")
    at = run_app({"edition": "2025"})
    assert not at.info
    (warning,) = [w.body for w in at.warning if "niezweryfikowane" in w.body]
    assert "ani oficjalne, ani przykładowe" in warning and "sumą kontrolną" in warning
    open_page(at, "pages/sources.py").run()
    assert "niezgodna suma kontrolna" in list(at.dataframe[0].value["Rodzaj"])


def test_a_missing_data_folder_is_a_message_in_the_app(tmp_path, monkeypatch):
    monkeypatch.setenv("MMS_DATA_DIR", str(tmp_path / "nie-ma"))
    at = run_app()
    assert "Folder danych" in at.error[0].body and "nie istnieje" in at.error[0].body
    assert not at.metric


def test_every_page_runs_with_no_grants_in_use(data_dir):
    from mms_core.data.ledger import writing

    with writing(DataPaths(data_dir)) as book:
        book.remove_source(1)  # the sample was the only source
    for page in ("pages/map.py", "pages/region.py", "pages/compare.py", "pages/data.py", "pages/conferences.py",
                 "pages/present.py", "pages/sources.py", "pages/plan.py"):
        at = run_app(page=page)
        assert any("Brak dotacji w użyciu" in w.body for w in at.warning), page


# ------------------------------------------------------------------ the upload on the Sources page (#24)
LONG_REASONS = ("Nazwa organizacji;Województwo;Miejscowość;Kwota przyznana;Priorytet;Typ;Edycja\n"
                "Koło Gospodyń Wiejskich w Lipowej;lubelskie;Lipowa;9 500,00;P3;KGW;2025\n"
                "Stowarzyszenie Razem;lubelskie;Lipowa;12,500;P3;stowarzyszenie;2025\n"
                "Grupa nieformalna Młodzi;lubelskie;Lipowa;20 000,00;P1;grupa nieformalna;2025\n").encode()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_upload_preview_speaks_the_users_words(data_dir, lang):
    """Issue #24: the preview showed grant_id, org_name, kgw …; the reasons of refused rows were cut
    at 1280 px. The preview has the Data page's labels and type names, the report wraps its reasons."""
    at = run_app({"lang": lang}, "pages/sources.py")
    at.file_uploader(key="upload_file").set_value(("lista.csv", LONG_REASONS, "text/csv")).run()
    assert not at.exception
    names = {"pl": ("Organizacja", "Kwota (zł)", "Województwo", "Koło Gospodyń Wiejskich"),
             "en": ("Organisation", "Amount (zł)", "Voivodeship", "Rural housewives' circle (KGW)")}[lang]
    (preview,) = [f.value for f in at.dataframe if f.value.columns[0] == names[0]]
    assert list(preview.columns)[:2] == list(names[:2]) and names[2] in preview.columns
    assert list(preview.iloc[0])[:2] == ["Koło Gospodyń Wiejskich w Lipowej", 9500.0]
    assert names[3] in set(preview.iloc[0]) and "lubelskie" in set(preview.iloc[0])
    assert not {"grant_id", "org_name", "amount_pln", "org_type", "voivodeship_teryt"} & set(preview.columns)
    assert "kgw" not in set(preview.iloc[0])
    (report,) = [h.proto.body for h in at.get("html") if h.proto.body.startswith("<div class=\"mms-table")]
    reason = {"pl": "powód", "en": "reason"}[lang]
    assert f'<th scope="col" class="mms-wrap">{reason}</th>' in report and "mms-tall" in report
    cells = re.findall(r"<td( class=\"[^\"]*\")?>([^<]*)</td>", report)
    long = [(cls, text) for cls, text in cells if len(text) > 80]
    assert long and all(cls == ' class="mms-wrap"' for cls, _text in long)  # every long reason breaks into lines


def test_the_data_page_points_to_the_upload_on_the_sources_page(data_dir):
    at = run_app({"edition": "2025", "lang": "en"}, "pages/data.py")
    assert not [u for u in at.get("file_uploader")] and not at.expander
    (link,) = [e.proto for e in at.get("page_link")]
    assert link.label == "Load the official list of beneficiaries – on the Data sources page"
    assert link.page.endswith("sources") or "sources" in link.page_script_hash + link.page
    sources = run_app(page="pages/sources.py")
    assert "Wczytaj oficjalną listę beneficjentów" in [h.value for h in sources.header]
    assert sources.file_uploader(key="upload_file") is not None


def workbook(*sheets: tuple[str, bool, int]) -> bytes:
    """An XLSX of sheets (title, hidden, amount of each of its two grants)."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, hidden, amount in sheets:
        sheet = book.create_sheet(title)
        sheet.sheet_state = "hidden" if hidden else "visible"
        sheet.append(["Nazwa organizacji", "Województwo", "Miejscowość", "Kwota przyznana", "Priorytet", "Edycja"])
        sheet.append(["KGW Lipowa", "lubelskie", "Lipowa", amount, "P3", 2025])
        sheet.append(["OSP Lipowa", "lubelskie", "Lipowa", amount, "P3", 2025])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_sheet_of_a_workbook_is_chosen_on_the_upload_hidden_ones_on_request(data_dir):
    data = workbook(("wersja_robocza", True, 1_000), ("Lista ostateczna", False, 5_000), ("Notatki", False, 7_000))
    at = run_app({"edition": "2025"}, "pages/sources.py")
    at.file_uploader(key="upload_file").set_value(("lista.xlsx", data, XLSX)).run()
    (choice,) = [s for s in at.selectbox if s.key and s.key.startswith("upload_sheet_")]
    assert choice.label == "Arkusz skoroszytu" and choice.options[1:] == ["Lista ostateczna", "Notatki"]
    assert choice.value == "" and choice.options[0].startswith("automatycznie")
    shown = [c.value for c in at.caption if c.value.startswith("Wczytano arkusz")]
    assert shown and "„Lista ostateczna”" in shown[0] and "arkuszy w pliku: 3" in shown[0]
    assert any("poprawnych **2**" in m.value for m in at.markdown)
    assert any("10\u00a0000\u00a0zł" in c.value for c in at.caption)  # the preview: 2 × 5 000 zł

    choice.set_value("Notatki").run()
    assert any("„Notatki”" in c.value for c in at.caption if c.value.startswith("Wczytano arkusz"))
    assert any("14\u00a0000\u00a0zł" in c.value for c in at.caption)

    (hidden,) = [c for c in at.checkbox if c.key and c.key.startswith("upload_sheet_")]
    assert hidden.label == "Pokaż też ukryty arkusz (1)"
    hidden.check().run()
    (choice,) = [s for s in at.selectbox if s.key and s.key.startswith("upload_sheet_")]
    assert choice.options[1:] == ["wersja_robocza (arkusz ukryty)", "Lista ostateczna", "Notatki"]
    choice.set_value("wersja_robocza").run()
    assert any(c.value.startswith("Wczytano **ukryty** arkusz „wersja\\_robocza”") for c in at.caption)
    assert any("2\u00a0000\u00a0zł" in c.value for c in at.caption)
    assert not at.exception


def all_hidden(data: bytes) -> bytes:
    """``data`` (an XLSX) with every sheet hidden (openpyxl refuses to write such a workbook)."""
    import io
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                part = part.replace(b'state="visible"', b'state="hidden"')
            target.writestr(item, part)
    return out.getvalue()


def test_a_workbook_whose_sheets_are_all_hidden_offers_them(data_dir):
    at = run_app({"edition": "2025"}, "pages/sources.py")
    data = all_hidden(workbook(("ukryty", False, 3_000)))
    at.file_uploader(key="upload_file").set_value(("lista.xlsx", data, XLSX)).run()
    assert "wszystkie arkusze" in at.error[0].body.lower() or "ukryt" in at.error[0].body
    (hidden,) = [c for c in at.checkbox if c.key and c.key.startswith("upload_sheet_")]
    hidden.check().run()
    (choice,) = [s for s in at.selectbox if s.key and s.key.startswith("upload_sheet_")]
    choice.set_value("ukryty").run()
    assert not at.error and any("6\u00a0000\u00a0zł" in c.value for c in at.caption)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_preview_leaves_out_empty_rows_and_the_sheet_choice_hides_hidden_sheets():
    from mms_ui.upload import preview_rows, sheet_options

    rows = pd.DataFrame({"org_name": ["KGW Lipowa", "", None, "  "], "town": ["Lipowa", None, "", ""],
                         "amount_pln": [5000.0, None, None, float("nan")]})
    assert list(preview_rows(rows).index) == [0]
    assert preview_rows(rows.iloc[:0]).empty
    sheets = (("wersja_robocza", True), ("Lista", False), ("Notatki", False))
    assert sheet_options(sheets, False) == ["", "Lista", "Notatki"]
    assert sheet_options(sheets, True) == ["", "wersja_robocza", "Lista", "Notatki"]
    assert sheet_options(sheets, False, "wersja_robocza") == ["", "wersja_robocza", "Lista", "Notatki"]
