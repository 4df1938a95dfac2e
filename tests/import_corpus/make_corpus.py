"""Write the corpus of awkward and hostile beneficiary lists used by tests/test_import.py.

Run ``python tests/import_corpus/make_corpus.py`` to rebuild; the files are committed.
``cases.json`` says for each file what the import must answer: ``ok`` with the number of
rows kept, a whole-file error with a Polish message, or rows rejected / warned with the
Polish reason. (The file over the size limit is made by the test itself, not stored.)
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
HEADER = "Nazwa organizacji;Województwo;Miejscowość;Kwota dotacji;Priorytet"
GOOD = ["Stowarzyszenie Razem;śląskie;Żory;50 000,00 zł;P1",
        "Koło Gospodyń Wiejskich w Łapach;podlaskie;Łapy;9 800,00 zł;P3",
        "OSP Ozimek;opolskie;Ozimek;35 000,00 zł;P1"]
CASES: dict[str, dict] = {}


def text_file(name: str, lines: list[str], encoding: str = "utf-8", expect: dict | None = None,
              raw: bytes | None = None):
    data = raw if raw is not None else ("\n".join(lines) + "\n").encode(encoding)
    (HERE / name).write_bytes(data)
    CASES[name] = expect or {"ok": len(lines) - 1}


def xlsx_file(name: str, sheets: dict[str, list[list]], expect: dict, merge: str | None = None):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if merge and title == list(sheets)[-1]:
            sheet.merge_cells(merge)
    book.save(HERE / name)
    CASES[name] = expect


def main() -> None:
    # encodings and separators
    text_file("01_utf8_bom_semicolon.csv", [HEADER, *GOOD], "utf-8-sig")
    text_file("02_windows1250.csv", [HEADER, *GOOD], "cp1250")
    text_file("03_iso8859_2_tab.tsv", [h.replace(";", "\t") for h in [HEADER, *GOOD]], "iso-8859-2")
    text_file("04_comma_quoted_amounts.csv",
              ['Nazwa organizacji,Województwo,Miejscowość,Kwota dotacji,Priorytet',
               '"Stowarzyszenie Razem, Żory",slaskie,Żory,"50 000,00 zł",P1',
               '"Fundacja Wieś",WOJ. LUBELSKIE,Puławy,"9.800,00",P3'])
    text_file("05_region_codes.csv",
              [HEADER, "Stowarzyszenie A;24;Żory;50000;P1", "Stowarzyszenie B;2400000;Żory;40000;P1",
               "Stowarzyszenie C;PL-24;Żory;30000;P1", "Stowarzyszenie D;PL-SL;Żory;20000;P1",
               "Stowarzyszenie E;woj. śląskie;Żory;10000,50;P1"])
    text_file("06_polish_column_names.csv",
              ["Nr umowy;Nazwa wnioskodawcy;Woj.;Miejscowość siedziby;Kwota dofinansowania;Priorytet;Edycja;KRS",
               "MMS/1/2025;Stowarzyszenie Razem;śląskie;Żory;50 000 zł;Priorytet 1;2025;0000123456",
               "MMS/2/2026;UKS Orlik;mazowieckie;Wyszków;12 000 zł;1;2026;0000654321"])
    # XLSX layouts
    xlsx_file("07_header_offset.xlsx", {"Lista": [["Wyniki naboru MMS 2025"], [], ["Lp", *HEADER.split(";")],
                                                  [1, "Stowarzyszenie Razem", "śląskie", "Żory", 50000, "P1"],
                                                  [2, "KGW Łapy", "podlaskie", "Łapy", "9 800,00 zł", "P3"]]},
              {"ok": 2})
    xlsx_file("08_several_sheets.xlsx", {"Objaśnienia": [["Arkusz z danymi jest dalej"], ["Kwota w zł"]],
                                         "Dotacje": [HEADER.split(";"),
                                                     ["Fundacja Wieś", "lubelskie", "Puławy", 45000, "P1"]]},
              {"ok": 1, "sheet": "Dotacje"})
    xlsx_file("09_merged_title.xlsx", {"Arkusz1": [["Lista beneficjentów – województwo lubelskie", None, None],
                                                   [None], HEADER.split(";"),
                                                   ["Fundacja Wieś", "lubelskie", "Puławy", 45000, "P1"]]},
              {"ok": 1}, merge="A1:E1")
    xlsx_file("10_formula_not_evaluated.xlsx", {"Dotacje": [HEADER.split(";"),
                                                            ["Stowarzyszenie A", "śląskie", "Żory", "=40000+10000", "P1"],
                                                            ["=HYPERLINK(\"http://zlo.example\",\"klik\")", "śląskie",
                                                             "Żory", 30000, "P1"]]},
              {"kept": 0, "row_errors": [[2, "brak kwoty"], [3, "brak nazwy organizacji"]]})
    # whole-file errors
    text_file("11_missing_columns.csv", ["Nazwa organizacji;Województwo;Miejscowość", "Stowarzyszenie A;śląskie;Żory"],
              expect={"file_error": "Nie znaleziono kolumn: kwota dotacji"})
    text_file("12_empty.csv", [], expect={"file_error": "Plik jest pusty."}, raw=b"")
    text_file("13_header_only.csv", [HEADER], expect={"file_error": "tylko nagłówek"})
    text_file("14_binary_garbage.csv", [], expect={"file_error": "dane binarne"},
              raw=bytes(range(256)) * 40)
    (HERE / "15_not_really.xlsx").write_text("to nie jest skoroszyt", encoding="utf-8")
    CASES["15_not_really.xlsx"] = {"file_error": "uszkodzony"}
    with zipfile.ZipFile(HERE / "16_zip_bomb.xlsx", "w", compression=zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/workbook.xml", "<workbook/>")
        bomb.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    CASES["16_zip_bomb.xlsx"] = {"file_error": "podejrzanie duży"}
    text_file("17_only_blank_lines.csv", ["", ";;;", ""], expect={"file_error": "nie zawiera żadnych danych"})
    # rows rejected
    text_file("18_unknown_region.csv", [HEADER, GOOD[0], "Stowarzyszenie X;Atlantyda;Y;1000;P1",
                                        "Stowarzyszenie Y;;Y;1000;P1"],
              expect={"kept": 1, "row_errors": [[3, "nieznane województwo „Atlantyda”"], [4, "brak województwa"]]})
    text_file("19_duplicates.csv", [HEADER, GOOD[0], GOOD[0], GOOD[1]],
              expect={"kept": 2, "row_errors": [[3, "powtórzona dotacja"]]})
    text_file("20_duplicate_ids.csv", ["Nr umowy;" + HEADER, "A/1;" + GOOD[0], "A/1;" + GOOD[2]],
              expect={"kept": 1, "row_errors": [[3, "powtórzony numer dotacji „A/1”"]]})
    text_file("21_bad_amounts.csv", [HEADER, "Stowarzyszenie A;śląskie;Żory;-5000;P1",
                                     "Stowarzyszenie B;śląskie;Żory;dużo;P1", "Stowarzyszenie C;śląskie;Żory;;P1",
                                     "Stowarzyszenie D;śląskie;Żory;0;P1", GOOD[2]],
              expect={"kept": 1, "row_errors": [[2, "kwota musi być większa od zera"], [3, "nieczytelna kwota „dużo”"],
                                                [4, "brak kwoty"], [5, "kwota musi być większa od zera"]]})
    text_file("22_over_priority_maximum.csv", [HEADER, "KGW Łapy;podlaskie;Łapy;12 000,00 zł;P3",
                                               "Stowarzyszenie A;śląskie;Żory;60 000 zł;P1"],
              expect={"kept": 0, "row_errors": [[2, "przekracza maksimum priorytetu P3"],
                                                [3, "przekracza maksimum priorytetu P1"]]})
    text_file("23_missing_name.csv", [HEADER, ";śląskie;Żory;5000;P3", GOOD[0]],
              expect={"kept": 1, "row_errors": [[2, "brak nazwy organizacji"]]})
    text_file("24_informal_group_in_p1.csv", [HEADER, "Grupa nieformalna Sąsiedzi;opolskie;Ozimek;20000;P1"],
              expect={"kept": 0, "row_errors": [[2, "grupa nieformalna może otrzymać tylko dotację z priorytetu P3"]]})
    text_file("25_unknown_priority.csv", [HEADER, "Stowarzyszenie A;śląskie;Żory;20000;P7"],
              expect={"kept": 0, "row_errors": [[2, "nieznany priorytet „P7”"]]})
    # kept with warnings
    text_file("26_city_over_100k.csv", [HEADER, "Stowarzyszenie A;śląskie;Katowice;20000;P1", GOOD[0]],
              expect={"kept": 2, "row_warnings": [[2, "miasto powyżej 100 tys. mieszkańców"]]})
    text_file("27_no_priority_column.csv", ["Nazwa organizacji;Województwo;Miejscowość;Kwota dotacji",
                                            "Stowarzyszenie A;śląskie;Żory;40000", "KGW B;podlaskie;Łapy;8000"],
              expect={"kept": 2, "row_warnings": [[2, "przyjęto P1"], [3, "przyjęto P3"]]})
    # hostile text: kept as text, never run
    text_file("28_formulas_as_text.csv", [HEADER, '=HYPERLINK("http://zlo.example","klik");śląskie;Żory;5000;P3',
                                          "+48 123 456 789;śląskie;Żory;6000;P3", "@SUMA(A1);śląskie;Żory;7000;P3"],
              expect={"ok": 3})
    text_file("29_html_and_js_in_names.csv",
              [HEADER, 'Stowarzyszenie <img src=x onerror="window.__pwned=1">;śląskie;Żory;5000;P3',
               "Fundacja ${window.__pwned=2} `tick`;śląskie;Żory;6000;P3",
               "KGW <script>window.__pwned=3</script>;podlaskie;Łapy;7000;P3"],
              expect={"ok": 3})
    text_file("30_no_edition.csv", [HEADER, GOOD[0]], expect={"file_error": "podaj edycję"})
    CASES["30_no_edition.csv"]["edition"] = None
    (HERE / "cases.json").write_text(json.dumps(CASES, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
