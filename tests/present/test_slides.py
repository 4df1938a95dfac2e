"""The tour as PowerPoint slides (issue 25), read back with python-pptx: the slide count, each step's
figures and conference as real text equal to the presentation's, the sample warning, the QR slide, and
hostile text from the conference edits kept as text. Also the command line."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from mms_core.cli import main as cli
from mms_core.data.paths import DataPaths
from mms_core.data.reference import conference_edits
from mms_core.present.slides import build_deck, content_from_folder, step_texts
from mms_core.present.tour import step_figures
from tests.helpers import make_ledger_dir

HOSTILE = '<b>Sala</b> ${alert(1)} =HYPERLINK("http://zlo")'


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    data_dir = make_ledger_dir(tmp_path_factory.mktemp("slides") / "data")
    paths = DataPaths(data_dir)
    conference_edits.apply_change(paths.conference_edits, "06", {"venue": HOSTILE})
    content = content_from_folder(paths, 2025, "pl", "http://192.168.1.10:8501/a/abc.html", datetime(2026, 12, 7, 21))
    return content, Presentation(io.BytesIO(build_deck(content)))


def texts(slide) -> list[str]:
    return [run.text for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]


def test_a_title_slide_one_per_step_and_a_closing_slide(deck):
    content, presentation = deck
    assert len(presentation.slides) == 1 + 17 + 1
    assert presentation.slide_width / presentation.slide_height == pytest.approx(16 / 9, rel=0.01)
    assert "Moc Małych Społeczności – mapa dotacji" in texts(presentation.slides[0])
    closing = presentation.slides[-1]
    assert "http://192.168.1.10:8501/a/abc.html" in texts(closing)
    assert any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in closing.shapes)  # the QR code


def test_each_step_slide_has_its_map_and_the_presentations_figures_as_text(deck):
    content, presentation = deck
    for (view, expected), slide in zip(step_texts(content), list(presentation.slides)[1:-1]):
        words = texts(slide)
        assert [s.shape_type for s in slide.shapes].count(MSO_SHAPE_TYPE.PICTURE) == 1
        assert expected.title in words
        for label, value in step_figures(content.summary, view.focus, "pl"):  # what the tour shows
            assert label in words and value in words
        assert expected.sentence in words
        assert any("DANE PRZYKŁADOWE" in w for w in words)
        assert any(w.startswith("Źródła:") for w in words)


def test_a_conference_says_unknown_and_hostile_text_stays_text(deck):
    content, presentation = deck
    lublin = next(s for s in list(presentation.slides)[1:-1] if "lubelskie" in texts(s))
    words = texts(lublin)
    assert f"Miejsce: {HOSTILE}" in words  # one run of plain text: python-pptx escapes it in the XML
    assert any(w.startswith("Operator Priorytetu 3: ") for w in words)
    unknown = [w for s in list(presentation.slides)[1:-1] for w in texts(s) if w == "Miejsce: nieznane"]
    assert unknown  # a venue the sources do not give says so


def test_the_command_line_writes_the_deck(tmp_path, capsys):
    data_dir = make_ledger_dir(tmp_path / "data")
    out = tmp_path / "tour.pptx"
    assert cli(["slides", "--edition", "2025", "--out", str(out), "--data-dir", str(data_dir)]) == 0
    assert "19 slajdów" in capsys.readouterr().out
    assert len(Presentation(str(out)).slides) == 19
    assert cli(["slides", "--edition", "1999", "--out", str(out), "--data-dir", str(data_dir)]) == 2
    assert "Nieprawidłowa edycja „1999” – w danych są edycje: 2025, 2026." in capsys.readouterr().err
    assert cli(["slides", "--edition", "2025", "--out", str(tmp_path / "x.pdf"), "--data-dir", str(data_dir)]) == 2
