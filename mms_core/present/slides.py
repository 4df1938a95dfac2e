"""The presentation tour as a PowerPoint deck (16:9 ``.pptx``, python-pptx), for presenters who build their
talk in PowerPoint or LibreOffice Impress: a title slide, one slide per tour step (all of Poland, then the 16
conferences in date order), a closing slide with the audience link and its QR code.

Each step's slide holds the map as a picture (the step's region highlighted and zoomed, drawn as the PNG
export draws it, without its panel) and, beside it, **real text** (editable, searchable): the step's title,
the conference's town, date, venue and Priority 3 operator ("nieznane" where unknown), four headline figures,
a plain-language sentence, the source line and, where it applies, the sample-data warning. Organisation
names never reach a slide; every text is set as a text run (python-pptx escapes XML), never markup.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from mms_core.analysis.measures import MEASURE_BY_CODE, Metric
from mms_core.maps.classify import Classification
from mms_core.maps.legend import legend_rows
from mms_core.present.map_export import MapCaption, map_png
from mms_core.present.share import qr_png
from mms_core.present.tour import StepView, step_view, tour_steps
from mms_core.text.conference_text import conference_text
from mms_core.text.formatting import fmt_metric
from mms_core.text.i18n import t

#: The map picture's size in pixels (a 7.4 × 6.2 inch box at about 190 dpi: sharp on a projector).
MAP_PX = (1410, 1180)
SAMPLE_RED = (0xB2, 0x18, 0x2B)
DARK = (0x1A, 0x1A, 0x1A)
GREY = (0x44, 0x44, 0x44)


@dataclass(frozen=True)
class DeckContent:
    """What a deck shows: the filters' summary (per voivodeship), its classes and measure, the reference
    tables, the caption of the exports (title, filters, source, sample note, date), the audience link."""

    summary: pd.DataFrame
    classification: Classification
    metric: Metric
    conferences: pd.DataFrame
    operators: pd.DataFrame
    geojson: dict
    caption: MapCaption
    audience_link: str
    lang: str = "pl"


@dataclass(frozen=True)
class SlideText:
    """The texts of one step's slide (what the tests read back)."""

    title: str
    conference: tuple[str, ...]
    figures: tuple[tuple[str, str], ...]
    sentence: str


def slide_figures(summary: pd.DataFrame, teryt: str | None, lang: str = "pl") -> tuple[tuple[str, str], ...]:
    """The four headline figures of a step (the whole country or one voivodeship): grants, zł, zł per
    resident (the ratio of the sums) and the average grant, from the measure registry."""
    table = summary if teryt is None else summary.loc[[teryt]]
    out = []
    for label, code in (("headline_grants", "grant_count"), ("headline_amount", "amount_pln"),
                        ("tip_per_capita", "amount_per_capita"), ("headline_average", "average_grant")):
        measure = MEASURE_BY_CODE[code]
        out.append((t(label, lang), fmt_metric(measure.total(table), measure.unit, measure.decimals, "—", lang)))
    return tuple(out)


def slide_sentence(summary: pd.DataFrame, teryt: str | None, lang: str = "pl") -> str:
    """One plain sentence: for Poland how many voivodeships got a grant; for a voivodeship its zł per resident
    against the country's."""
    per_capita = MEASURE_BY_CODE["amount_per_capita"]
    national = per_capita.total(summary)
    if teryt is None:
        return t("slide_sentence_country", lang, covered=int((summary["grants"] > 0).sum()), total=len(summary),
                 value=fmt_metric(national, per_capita.unit, 2, "—", lang))
    value = per_capita.total(summary.loc[[teryt]])
    return t("slide_sentence_region", lang, name=summary.loc[teryt, "voivodeship"],
             value=fmt_metric(value, per_capita.unit, 2, "—", lang),
             national=fmt_metric(national, per_capita.unit, 2, "—", lang))


def step_texts(content: DeckContent) -> list[tuple[StepView, SlideText]]:
    """Each tour step's view and its slide's texts."""
    out = []
    lang = content.lang
    for step in tour_steps(content.conferences):
        view = step_view(step, content.summary, content.conferences, content.operators, content.geojson, lang)
        lines: tuple[str, ...] = ()
        if step.teryt is not None:
            about = conference_text(content.conferences, content.operators, step.teryt, lang)
            unknown = t("unknown", lang)
            lines = (t("slide_conference", lang, town=about.town, date=about.date_or_unknown(lang)),
                     t("slide_venue", lang, venue=about.venue or unknown),
                     t("slide_operator", lang, operator=about.operator or unknown))
        out.append((view, SlideText(view.title, lines, slide_figures(content.summary, step.teryt, lang),
                                    slide_sentence(content.summary, step.teryt, lang))))
    return out


def _text_box(slide, left, top, width, height, paragraphs, size, bold=False, color=DARK):
    """A text box of ``paragraphs`` (texts, or (text, size, bold, color) tuples), words wrapped."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for index, item in enumerate(paragraphs):
        text, item_size, item_bold, item_color = item if isinstance(item, tuple) else (item, size, bold, color)
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(item_size)
        run.font.bold = item_bold
        run.font.color.rgb = RGBColor(*item_color)
    return box


def _footer(slide, caption: MapCaption, lang: str) -> None:
    from pptx.util import Inches

    _text_box(slide, Inches(0.4), Inches(6.75), Inches(8.6), Inches(0.6), [caption.source, caption.filters], 9,
              color=GREY)
    if caption.sample_note:
        _text_box(slide, Inches(9.1), Inches(6.75), Inches(3.9), Inches(0.6), [caption.sample_note], 11, bold=True,
                  color=SAMPLE_RED)


def _legend(slide, left, top, title: str, rows, row_height: float = 0.27, size: int = 10) -> None:
    """A map's classes (``rows``: colour, text, count) as swatches and text in two columns, under ``title``;
    ``row_height`` in inches."""
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches, Pt

    _text_box(slide, left, top, Inches(5.1), Inches(0.3), [title], 10, bold=True, color=GREY)
    for index, (color, text, count) in enumerate(rows):
        column, row = index % 2, index // 2
        x, y = left + Inches(2.6) * column, top + Inches(0.32) + Inches(row_height) * row
        swatch = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, y + Inches(0.04), Inches(0.25), Inches(0.16))
        swatch.fill.solid()
        swatch.fill.fore_color.rgb = RGBColor.from_string(color.lstrip("#").upper())
        swatch.line.color.rgb = RGBColor(*GREY)
        swatch.line.width = Pt(0.5)
        _text_box(slide, x + Inches(0.3), y - Inches(0.04), Inches(2.3), Inches(row_height), [f"{text} ({count})"],
                  size)


def build_deck(content: DeckContent, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The deck as ``.pptx`` bytes (16:9). ``progress(done, total)`` is told after each step's map."""
    from pptx import Presentation
    from pptx.util import Inches

    lang, caption = content.lang, content.caption
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]
    deck.core_properties.title = caption.title
    deck.core_properties.language = "pl-PL" if lang == "pl" else "en-GB"
    deck.core_properties.subject = caption.measure

    first = deck.slides.add_slide(blank)
    _text_box(first, Inches(0.8), Inches(1.6), Inches(11.7), Inches(1.6), [caption.title], 40, bold=True)
    _text_box(first, Inches(0.8), Inches(3.2), Inches(11.7), Inches(2.2),
              [caption.measure, caption.filters, caption.date], 20, color=GREY)
    if caption.sample_note:
        _text_box(first, Inches(0.8), Inches(5.5), Inches(11.7), Inches(1.0), [caption.sample_note], 18, bold=True,
                  color=SAMPLE_RED)

    steps = step_texts(content)
    for done, (view, texts) in enumerate(steps, start=1):
        slide = deck.slides.add_slide(blank)
        picture = map_png(content.geojson, content.classification, content.metric, content.conferences, caption,
                          lang, MAP_PX, view=view, map_only=True)
        slide.shapes.add_picture(io.BytesIO(picture), Inches(0.3), Inches(0.35), Inches(7.4), Inches(6.2))
        right, width = Inches(7.95), Inches(5.1)
        # long names and long operator lists in smaller type: the box never runs into the figures
        _text_box(slide, right, Inches(0.3), width, Inches(0.8), [texts.title], 30 if len(texts.title) <= 17 else 24,
                  bold=True)
        words = sum(len(line) for line in texts.conference)
        _text_box(slide, right, Inches(1.05), width, Inches(1.45), list(texts.conference),
                  13 if words <= 180 else 11 if words <= 300 else 9)
        for index, (label, value) in enumerate(texts.figures):
            column, row = index % 2, index // 2
            _text_box(slide, right + Inches(2.6) * column, Inches(2.6) + Inches(0.95) * row, Inches(2.5), Inches(0.9),
                      [(label, 12, False, GREY), (value, 22, True, DARK)], 12)
        _text_box(slide, right, Inches(4.5), width, Inches(0.9), [texts.sentence], 14)
        _legend(slide, right, Inches(5.4), caption.measure,
                legend_rows(content.classification, content.metric, content.lang))
        _footer(slide, caption, lang)
        if progress:
            progress(done, len(steps))

    last = deck.slides.add_slide(blank)
    _text_box(last, Inches(0.8), Inches(0.8), Inches(7.2), Inches(1.2), [t("slide_closing_title", lang)], 36, bold=True)
    _text_box(last, Inches(0.8), Inches(2.2), Inches(7.2), Inches(3.0),
              [t("slide_closing_text", lang), (content.audience_link, 18, True, DARK)], 18)
    last.shapes.add_picture(io.BytesIO(qr_png(content.audience_link, box_px=12)), Inches(8.6), Inches(1.2),
                            Inches(4.2), Inches(4.2))
    _footer(last, caption, lang)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def content_from_folder(paths, edition: int, lang: str, audience_link: str, when) -> DeckContent:
    """A :class:`DeckContent` for ``edition`` with the dashboard's defaults, from a data folder
    (:class:`DataPaths`) read as the app reads it (:mod:`mms_core.present.folder_data`)."""
    from mms_core.present.folder_data import FolderData, edition_view
    from mms_core.present.map_export import map_caption

    data = FolderData.read(paths)
    shown = edition_view(data, edition)
    caption = map_caption(shown.filters, shown.metric, data.view.origin(edition).as_meta(), when, lang)
    return DeckContent(shown.summary, shown.classification, shown.metric, data.conferences, data.operators,
                       data.geojson, caption, audience_link, lang)


@dataclass(frozen=True)
class PlanSlide:
    """The planner's scenario as a slide ("Plan na kolejną edycję"): the change map's picture, the
    scenario's lines (budget, base edition, rule), four figures, its sentence, the legend rows."""

    picture: bytes
    title: str
    lines: tuple[str, ...]
    figures: tuple[tuple[str, str], ...]
    sentence: str
    legend_title: str
    legend: tuple[tuple[str, str, int], ...]
    caption: MapCaption
    lang: str = "pl"


def build_plan_deck(plan: PlanSlide) -> bytes:
    """One 16:9 slide of a plan, in the tour's layout (the map left, real text right), as ``.pptx`` bytes."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    deck.core_properties.title = plan.title
    deck.core_properties.language = "pl-PL" if plan.lang == "pl" else "en-GB"
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    slide.shapes.add_picture(io.BytesIO(plan.picture), Inches(0.3), Inches(0.35), Inches(7.4), Inches(6.2))
    right, width = Inches(7.95), Inches(5.1)
    _text_box(slide, right, Inches(0.3), width, Inches(0.8), [plan.title], 26, bold=True)
    _text_box(slide, right, Inches(1.05), width, Inches(1.45), list(plan.lines), 12)
    for index, (label, value) in enumerate(plan.figures):
        column, row = index % 2, index // 2
        _text_box(slide, right + Inches(2.6) * column, Inches(2.6) + Inches(0.95) * row, Inches(2.5), Inches(0.9),
                  [(label, 12, False, GREY), (value, 20, True, DARK)], 12)
    _text_box(slide, right, Inches(4.5), width, Inches(1.0), [plan.sentence], 12)
    _legend(slide, right, Inches(5.5), plan.legend_title, plan.legend, row_height=0.25, size=9)
    _footer(slide, plan.caption, plan.lang)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
