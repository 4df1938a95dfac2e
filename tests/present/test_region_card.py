"""The voivodeship card (issue 25), read back with pypdf: one A4 page per region, the region's figures
and Polish letters in its text, tagged with a title and a language, hostile conference text kept as text;
the command line for one region and for all 16."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from pypdf import PdfReader

from mms_core.cli import main as cli
from mms_core.data.paths import DataPaths
from mms_core.data.reference import conference_edits
from mms_core.present.region_card import cards_from_folder, region_cards_pdf
from mms_core.text.formatting import fmt_number, fmt_pln
from tests.helpers import make_ledger_dir

HOSTILE = "<script>alert(1)</script> ${x} Zażółć"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    data_dir = make_ledger_dir(tmp_path_factory.mktemp("card") / "data")
    conference_edits.apply_change(DataPaths(data_dir).conference_edits, "06", {"venue": HOSTILE})
    return data_dir


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_one_page_with_the_regions_figures_tagged_with_title_and_language(folder):
    (card,) = cards_from_folder(DataPaths(folder), 2025, ["06"], "pl", datetime(2026, 12, 7, 21))
    reader = PdfReader(io.BytesIO(region_cards_pdf([card])))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    root = reader.trailer["/Root"].get_object()
    assert root["/Lang"] == "pl-PL" and bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title.startswith("Karta województwa: lubelskie")
    text = flat(reader.pages[0].extract_text())
    grants = card.grants
    assert "Karta województwa: lubelskie" in text
    assert flat(fmt_number(len(grants))) in text and flat(fmt_pln(grants["amount_pln"].sum())) in text
    assert "Gminy bez dotacji:" in text and "Dotacje według typu organizacji" in text
    assert "Zażółć" in text and "<script>alert(1)</script>" in text  # text, as written
    assert "DANE PRZYKŁADOWE" in text and "Stan na 07.12.2026 21:00" in text


def test_the_command_line_writes_one_card_or_all_sixteen(folder, tmp_path, capsys):
    one, all_16 = tmp_path / "karta.pdf", tmp_path / "karty.pdf"
    assert cli(["card", "--region", "06", "--edition", "2025", "--out", str(one), "--data-dir", str(folder)]) == 0
    assert len(PdfReader(str(one)).pages) == 1
    assert cli(["card", "--region", "all", "--edition", "2025", "--out", str(all_16), "--data-dir", str(folder)]) == 0
    reader = PdfReader(str(all_16))
    assert len(reader.pages) == 16
    assert "Karta województwa: dolnośląskie" in flat(reader.pages[0].extract_text())
    assert "Karta województwa: zachodniopomorskie" in flat(reader.pages[15].extract_text())
    capsys.readouterr()
    assert cli(["card", "--region", "<b>", "--edition", "2025", "--out", str(one), "--data-dir", str(folder)]) == 2
    assert "Nieznany kod województwa „<b>”" in capsys.readouterr().err
