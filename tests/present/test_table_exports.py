"""Exports of grant rows: exact rows, the info section, spreadsheet formulas neutralised."""

import csv
import io
from datetime import datetime

import openpyxl
import pandas as pd
import pytest

from mms_core.analysis.filters import Filters
from mms_core.analysis.units_summary import regions_summary
from mms_core.present.summary_table import summary_csv
from mms_core.present.table_exports import (
    EXPORT_COLUMNS,
    export_info,
    grants_csv,
    grants_package,
    grants_xlsx,
    neutralise,
)
from mms_core.text.i18n import t
from tests.helpers import grant

WHEN = datetime(2026, 11, 26, 10, 30)


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+48 123", "'+48 123"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("Koło = dobro", "Koło = dobro"), ("", ""), (-5, -5), (12.5, 12.5),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.fixture()
def rows():
    frame = pd.DataFrame([
        grant("A-1", "06", 50_000, org_name='=HYPERLINK("http://zło.example","kliknij")'),
        grant("A-2", "24", 9_500.5, priority="P3", org_type="grupa_nieformalna", org_name="@grupa", town="-Wola"),
    ])
    frame["amount_pln"] = frame["amount_pln"].astype(float)
    return frame


def info(rows):
    return export_info(Filters(edition=2025, org_types=("kgw",)), {"kind": "sample", "source": "próbka"},
                       WHEN, len(rows), "koło")


def test_csv_holds_the_rows_only(rows):
    data = grants_csv(rows)
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"voivodeship_teryt": str})
    assert len(frame) == 2 and list(frame.columns) == list(EXPORT_COLUMNS)  # a plain read_csv: no junk rows
    records = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["grant_id"] for r in records] == ["A-1", "A-2"]
    assert records[0]["org_name"] == '\'=HYPERLINK("http://zło.example","kliknij")'
    assert records[1]["org_name"] == "'@grupa" and records[1]["town"] == "'-Wola"
    assert records[1]["voivodeship"] == "śląskie" and float(records[1]["amount_pln"]) == 9500.5
    assert frame["voivodeship_teryt"].tolist() == ["06", "24"]


def test_the_package_describes_the_csv_with_a_table_schema(rows):
    import json
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(grants_package(rows, info(rows), "dotacje_2025")))
    assert sorted(archive.namelist()) == ["datapackage.json", "dotacje_2025.csv"]
    package = json.loads(archive.read("datapackage.json"))
    (resource,) = package["resources"]
    assert resource["path"] == "dotacje_2025.csv"
    types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
    assert types["voivodeship_teryt"] == "string" and types["gmina_teryt"] == "string"
    assert types["amount_pln"] == "number" and types["edition"] == "integer"
    assert [f["name"] for f in resource["schema"]["fields"]] == list(EXPORT_COLUMNS)
    assert "Edycja: 2025" in package["description"] and "Typ organizacji: Koło Gospodyń Wiejskich" in package["description"]
    assert "Czas eksportu: 2026-11-26T10:30:00" in package["description"] and "PRZYKŁADOWE" in package["description"]
    # read as the schema says: codes stay text
    frame = pd.read_csv(io.BytesIO(archive.read("dotacje_2025.csv")), encoding="utf-8-sig",
                        dtype={n: str for n, kind in types.items() if kind == "string"})
    assert frame["voivodeship_teryt"].tolist() == ["06", "24"]


def test_xlsx_has_the_rows_for_people_the_codes_and_the_info(rows):
    book = openpyxl.load_workbook(io.BytesIO(grants_xlsx(rows, info(rows))))
    assert book.sheetnames == ["Dotacje", "Dotacje (kody)", "Informacje"]
    people = list(book["Dotacje"].values)
    assert list(people[0]) == [t(k, "pl") for k in ("col_grant_id", "edition", "priority", "col_org_name",
                                                     "org_type", "col_voivodeship", "col_town", "col_gmina_name",
                                                     "col_gmina_teryt", "col_amount_pln")]
    assert people[0][3] == "Organizacja" and people[0][9] == "Kwota (zł)"
    assert people[2][2] == t("priority.P3", "pl") and people[2][4] == t("org.grupa_nieformalna", "pl")
    assert people[2][5] == "śląskie" and people[2][9] == 9500.5 and people[2][1] == 2025
    assert people[1][3] == '\'=HYPERLINK("http://zło.example","kliknij")'
    assert book["Dotacje"].cell(row=2, column=4).data_type == "s"  # text, not a formula
    sheet = book["Dotacje (kody)"]
    values = list(sheet.values)
    assert list(values[0]) == list(EXPORT_COLUMNS)
    assert values[1][3] == '\'=HYPERLINK("http://zło.example","kliknij")'
    assert sheet.cell(row=2, column=4).data_type == "s"
    assert values[2][1] == 2025 and values[2][10] == 9500.5
    assert values[2][2] == "P3" and values[2][4] == "grupa_nieformalna"  # the codes kept
    about = dict(book["Informacje"].values)
    assert about["Edycja"] == "2025" and about["Liczba wierszy"] == "2"


def test_xlsx_in_english_has_english_headers_and_words(rows):
    book = openpyxl.load_workbook(io.BytesIO(grants_xlsx(rows, info(rows), "en")))
    assert book.sheetnames == ["Grants", "Grants (codes)", t("sheet_info", "en")]
    people = list(book["Grants"].values)
    assert "Organisation" in people[0] and "Amount (zł)" in people[0]
    assert people[1][4] == t("org.stowarzyszenie", "en") == "Association"


def test_csv_for_polish_excel_gives_the_same_numbers(rows):
    plain = grants_csv(rows).decode("utf-8-sig")
    raw = grants_csv(rows, excel_pl=True)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    polish = raw.decode("utf-8-sig")
    assert "9500,5" in polish and ";" in polish.splitlines()[0]
    a = pd.read_csv(io.StringIO(plain), dtype={"voivodeship_teryt": str})
    b = pd.read_csv(io.StringIO(polish), sep=";", decimal=",", dtype={"voivodeship_teryt": str})
    pd.testing.assert_frame_equal(a, b)
    assert b.loc[0, "org_name"].startswith("'=")  # formulas still neutralised


def test_summary_csv_for_polish_excel_gives_the_same_numbers(summary_2025):
    shown = regions_summary(summary_2025).shown
    plain = pd.read_csv(io.BytesIO(summary_csv(shown)), encoding="utf-8-sig", dtype={"teryt": str})
    raw = summary_csv(shown, excel_pl=True)
    assert raw.startswith(b"\xef\xbb\xbf")
    polish = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig", dtype={"teryt": str})
    pd.testing.assert_frame_equal(plain, polish)
    assert "," in raw.decode("utf-8-sig").splitlines()[1]  # a decimal comma in the data


def test_official_data_carries_no_sample_warning(rows):
    lines = export_info(Filters(), {"kind": "official", "source": "NIW"}, WHEN, 2)
    assert ("Źródło danych", "NIW") in lines
    assert not any(label == "Uwaga" for label, _ in lines)


def test_round_trip_csv_to_the_same_rows(rows):
    text = grants_csv(rows).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), dtype={"voivodeship_teryt": str})
    assert list(back["amount_pln"]) == [50_000.0, 9_500.5]
    assert list(back["voivodeship_teryt"]) == ["06", "24"]
