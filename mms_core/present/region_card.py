"""A one-page A4 PDF per voivodeship ("karta województwa", fpdf2), for a memo or an e-mail: the region's
gmina map with its white spots, its headline figures against the country, its grants by organisation type
and by priority, its conference, the sources, the export time and the sample-data warning.

The PDF is tagged (``/MarkInfo /Marked``, a structure tree with the map's alternative text), carries its
title (shown by the viewer instead of the file name) and its language (``/Lang``), as the accessibility law
asks of documents. The font is DejaVu Sans from matplotlib's own files (every Polish letter), embedded.
Texts are set as text, never as markup; names come from the dashboard's lists and the conference data.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mms_core.analysis.measures import Metric
from mms_core.analysis.profile import region_vs_national
from mms_core.facts.vocab import ORG_TYPES, PRIORITIES
from mms_core.maps.classify import NO_GRANTS, OUTSIDE, Classification
from mms_core.maps.legend import legend_rows
from mms_core.maps.unit_map import UnitMap
from mms_core.present.map_export import MapCaption, map_png
from mms_core.present.tour import StepView
from mms_core.text.conference_text import conference_text
from mms_core.text.formatting import fmt_metric, fmt_number, fmt_pln
from mms_core.text.i18n import t

SAMPLE_RED = (178, 24, 43)
GREY = (68, 68, 68)


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@dataclass(frozen=True)
class CardContent:
    """One region's card: the filters' summary (all 16, for the country's figures), the region's grants,
    its gmina map, the reference tables and the export caption (filters, source, sample note, date)."""

    teryt: str
    summary: pd.DataFrame
    grants: pd.DataFrame  # the region's grants in the filters
    units: UnitMap
    classification: Classification  # the voivodeships' classes (the neighbours around the region)
    view: StepView
    metric: Metric
    geojson: dict
    conferences: pd.DataFrame
    operators: pd.DataFrame
    caption: MapCaption
    lang: str = "pl"


def breakdown(grants: pd.DataFrame, by: str, order: tuple[str, ...]) -> list[tuple[str, int, float]]:
    """(code, grants, zł) for each value of ``by`` that has grants, in ``order``."""
    grouped = grants.groupby(by)["amount_pln"].agg(["count", "sum"])
    return [(code, int(grouped.loc[code, "count"]), float(grouped.loc[code, "sum"])) for code in order
            if code in grouped.index]


def _new_pdf(title: str, lang: str):
    from fpdf import FPDF
    from fpdf.enums import PageMode
    from fpdf.prefs import ViewerPreferences

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_lang("pl-PL" if lang == "pl" else "en-GB")
    pdf.set_title(title)
    pdf.set_author("NIW-CRSO – Moc Małych Społeczności (dashboard)")
    pdf.set_creator("mms-dashboard")
    pdf.set_display_mode("fullpage")
    pdf.page_mode = PageMode.USE_NONE
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    fonts = _font_dir()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.set_margins(12, 12, 12)
    return pdf


def _add_card(pdf, card: CardContent) -> None:
    lang, caption = card.lang, card.caption
    pdf.add_page()
    name = str(card.summary.loc[card.teryt, "voivodeship"])
    pdf.set_text_color(26, 26, 26)
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(0, 5, caption.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 20)
    pdf.cell(0, 10, t("card_title", lang, name=name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 4.5, f"{caption.filters}. {caption.measure}.", align="L", new_x="LMARGIN", new_y="NEXT")
    if caption.sample_note:
        pdf.set_text_color(*SAMPLE_RED)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 5, caption.sample_note, new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y() + 2

    # the map (left) and its legend
    picture = map_png(card.geojson, card.classification, card.metric, card.conferences, caption, lang,
                      (1100, 1100), view=card.view, units=card.units, map_only=True)
    pdf.image(io.BytesIO(picture), x=12, y=top, w=98, h=98,
              alt_text=t("card_map_alt", lang, name=name, metric=caption.measure))
    pdf.set_xy(12, top + 100)
    pdf.set_font("DejaVu", "B", 8)
    pdf.set_text_color(26, 26, 26)
    pdf.cell(98, 4, caption.measure, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 7.5)
    rows = legend_rows(card.units.classification, card.metric, lang)
    rows += [("#ffffff" if kind == "no_grants" else "#f0f0f0", label, count) for kind, label, count in card.units.extras(lang)]
    for color, label, count in rows:
        pdf.set_x(12)
        red, green, blue = (int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
        pdf.set_fill_color(red, green, blue)
        pdf.set_draw_color(*GREY)
        pdf.rect(pdf.get_x(), pdf.get_y() + 0.6, 4, 2.8, style="DF")
        pdf.set_x(17.5)
        pdf.cell(92, 4, f"{label} ({count})", new_x="LMARGIN", new_y="NEXT")

    # the figures against the country (right)
    right = 116
    pdf.set_xy(right, top)
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_text_color(26, 26, 26)
    pdf.cell(82, 6, t("region_vs_country", lang), new_x="LEFT", new_y="NEXT")
    for comparison in region_vs_national(card.summary, card.teryt):
        m = comparison.metric
        pdf.set_x(right)
        pdf.set_font("DejaVu", "", 8)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(82, 4, t(f"metric.{m.code}", lang), align="L", new_x="LEFT", new_y="NEXT")
        pdf.set_x(right)
        pdf.set_font("DejaVu", "B", 12)
        pdf.set_text_color(26, 26, 26)
        value = fmt_metric(comparison.region, m.unit, m.decimals, "—", lang)
        national = fmt_metric(comparison.national, m.unit, m.decimals, "—", lang)
        pdf.cell(40, 6, value)
        pdf.set_font("DejaVu", "", 8)
        pdf.set_text_color(*GREY)
        pdf.cell(42, 6, t("card_country", lang, value=national), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(right)
    pdf.set_font("DejaVu", "", 8)
    inside = sum(1 for code in card.units.codes.values() if code != OUTSIDE)
    spots = sum(1 for code in card.units.codes.values() if code == NO_GRANTS)
    pdf.multi_cell(82, 4, t("card_white_spots", lang, none=fmt_number(spots), total=fmt_number(inside)),
                   align="L", new_x="LEFT", new_y="NEXT")

    # grants by organisation type and by priority
    pdf.ln(2)
    for title_key, by, order, label in (("card_by_type", "org_type", ORG_TYPES, lambda c: t(f"org.{c}", lang)),
                                        ("card_by_priority", "priority", PRIORITIES, lambda c: c)):
        pdf.set_x(right)
        pdf.set_font("DejaVu", "B", 10)
        pdf.set_text_color(26, 26, 26)
        pdf.cell(82, 6, t(title_key, lang), new_x="LEFT", new_y="NEXT")
        pdf.set_font("DejaVu", "", 8)
        found = breakdown(card.grants, by, order)
        if not found:
            pdf.set_x(right)
            pdf.cell(82, 4, t("no_grants", lang), new_x="LEFT", new_y="NEXT")
        for code, count, amount in found:
            pdf.set_x(right)
            pdf.cell(44, 4, label(code))
            pdf.cell(12, 4, fmt_number(count), align="R")
            pdf.cell(26, 4, fmt_pln(amount), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    # the conference (full width, under the map)
    pdf.set_xy(12, max(pdf.get_y(), top + 100 + 4 * (len(rows) + 1)) + 3)
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_text_color(26, 26, 26)
    pdf.cell(0, 6, t("region_conference", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8.5)
    for field, value in conference_text(card.conferences, card.operators, card.teryt, lang).rows(lang):
        pdf.set_font("DejaVu", "B", 8.5)
        pdf.cell(45, 4.5, field)
        pdf.set_font("DejaVu", "", 8.5)
        pdf.multi_cell(0, 4.5, str(value), align="L", new_x="LMARGIN", new_y="NEXT")

    # the footer: sources, export time
    pdf.set_xy(12, 270)
    pdf.set_font("DejaVu", "", 7.5)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 3.6, f"{caption.source}\n{caption.date}", new_x="LMARGIN", new_y="NEXT")
    if caption.sample_note:
        pdf.set_text_color(*SAMPLE_RED)
        pdf.set_font("DejaVu", "B", 8)
        pdf.multi_cell(0, 4, caption.sample_note, new_x="LMARGIN", new_y="NEXT")


def region_cards_pdf(cards: list[CardContent]) -> bytes:
    """One A4 page per card, in the order given (all 16: TERYT order), as PDF bytes."""
    lang = cards[0].lang
    title = (t("card_title", lang, name=str(cards[0].summary.loc[cards[0].teryt, "voivodeship"])) if len(cards) == 1
             else t("card_title_all", lang))
    pdf = _new_pdf(f"{title} – {cards[0].caption.title}", lang)
    for card in cards:
        _add_card(pdf, card)
    return bytes(pdf.output())


def cards_from_folder(paths, edition: int, regions: list[str], lang: str, when) -> list[CardContent]:
    """The cards of ``regions`` (2-digit TERYT codes) for ``edition`` with the dashboard's defaults, from a
    data folder read as the app reads it (:mod:`mms_core.present.folder_data`), with its gminas."""
    from mms_core.analysis import aggregates
    from mms_core.analysis import levels as unit_levels
    from mms_core.analysis.filters import Selection
    from mms_core.analysis.units_summary import SummaryData, summarise
    from mms_core.data.reference.units import load_gminas, load_powiats
    from mms_core.facts.levels import LEVEL_BY_CODE
    from mms_core.maps.unit_map import unit_map
    from mms_core.present.folder_data import FolderData, edition_view
    from mms_core.present.map_export import map_caption
    from mms_core.present.tour import TourStep, step_view

    data = FolderData.read(paths)
    shown = edition_view(data, edition)
    gminas, powiats = load_gminas(paths), load_powiats(paths)
    outside, _ = unit_levels.big_city_gminas(gminas, data.big_cities)
    units = unit_levels.units(LEVEL_BY_CODE["gmina"], gminas, powiats, outside)
    eligible = aggregates.eligible_population(data.population, data.big_cities)
    source = SummaryData(aggregates.aggregate(shown.grants), data.population, eligible,
                         unit_totals=lambda: unit_levels.unit_aggregate(shown.grants, units.index),
                         units=lambda _code: units)
    gmina_table = summarise(Selection(), LEVEL_BY_CODE["gmina"], source).table
    caption = map_caption(shown.filters, shown.metric, data.view.origin(edition).as_meta(), when, lang,
                          level="gmina")
    style = shown.filters
    return [CardContent(teryt, shown.summary, shown.grants[shown.grants["voivodeship_teryt"] == teryt],
                        unit_map(gmina_table, teryt, shown.metric, style.scheme, style.classes), shown.classification,
                        step_view(TourStep(0, teryt), shown.summary, data.conferences, data.operators, data.geojson,
                                  lang),
                        shown.metric, data.geojson, data.conferences, data.operators, caption, lang)
            for teryt in regions]
