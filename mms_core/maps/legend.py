"""The map legend as HTML (drawn by Streamlit beside the map, not by branca)."""

from __future__ import annotations

from mms_core.analysis.measures import Metric
from mms_core.assets import read_asset
from mms_core.maps.classify import NO_DATA_COLOR, NO_GRANTS_COLOR, Classification
from mms_core.text.escaping import safe_html_line
from mms_core.text.formatting import fmt_metric
from mms_core.text.i18n import has_text, t

#: The most decimals a legend shows to tell its class bounds apart.
MAX_LEGEND_DECIMALS = 6


def legend_decimals(classification: Classification, metric: Metric) -> int:
    """Decimals that tell every class bound apart: the measure's own decimals, or more when a
    narrow filter makes bounds round to the same text ("0,02 – 0,02"); at most
    :data:`MAX_LEGEND_DECIMALS`."""
    bounds = sorted({float(v) for e in classification.legend for v in (e.lower, e.upper)})
    decimals = metric.decimals
    while decimals < MAX_LEGEND_DECIMALS:
        rounded = [round(v, decimals) for v in bounds]
        if len(set(rounded)) == len(bounds):
            break
        decimals += 1
    return decimals


def legend_rows(classification: Classification, metric: Metric, lang: str = "pl",
                hide_empty: bool = False, no_grants: bool = True) -> list[tuple[str, str, int]]:
    """(colour, range text, number of regions) for each class, then the no-data row if used.

    Bounds get as many decimals as it takes to tell them apart (:func:`legend_decimals`);
    ``hide_empty`` leaves out classes no region falls in (the change map's fixed classes)."""
    rows = []
    decimals = legend_decimals(classification, metric)
    for entry in classification.legend:
        if hide_empty and entry.count == 0:
            continue
        low = fmt_metric(entry.lower, metric.unit, decimals, lang=lang)
        high = fmt_metric(entry.upper, metric.unit, decimals, lang=lang)
        text = high if entry.lower == entry.upper else f"{low} – {high}"
        rows.append((entry.color, text, entry.count))
    if classification.no_data_count:
        rows.append((NO_DATA_COLOR, t("legend_no_data", lang), classification.no_data_count))
    if no_grants and classification.no_grants:
        rows.append((NO_GRANTS_COLOR, t("legend_no_grants", lang), len(classification.no_grants)))
    return rows


#: Swatches of the states a unit below the voivodeship can be in besides a class (CSS classes in
#: :data:`LEGEND_CSS`, drawn like the map's SVG patterns).
SPECIAL_SWATCHES = {"no_grants": "mms-swatch-hatch", "outside": "mms-swatch-stipple"}


def legend_html(classification: Classification, metric: Metric, scheme: str, lang: str = "pl",
                hide_empty: bool = False, extras: tuple[tuple[str, str, int], ...] = ()) -> str:
    """A small HTML legend: title with unit, one swatch per class, counts of regions.

    ``scheme`` is a scheme code (``quantiles`` …) or a ready label (for change maps). ``extras``:
    more rows after the classes, ``(swatch kind of SPECIAL_SWATCHES, text, count)`` (the level map's
    white spots and cities outside the programme).
    """
    rows = [(f'style="background:{safe_html_line(color)}"', text, count)
            for color, text, count in legend_rows(classification, metric, lang, hide_empty, no_grants=False)]
    if classification.no_grants:  # hatched, as on the map
        extras = (("no_grants", t("legend_no_grants", lang), len(classification.no_grants)), *extras)
    rows += [(f'class="mms-swatch {SPECIAL_SWATCHES[kind]}"', text, count) for kind, text, count in extras]
    items = "".join(
        (f'<li><span {attr}></span>' if attr.startswith("class=") else f'<li><span class="mms-swatch" {attr}></span>')
        + f'{safe_html_line(text)} <span class="mms-count">({int(count)})</span></li>'
        for attr, text, count in rows
    )
    return (
        '<div class="mms-legend" role="figure" aria-label="' + safe_html_line(t("legend_title", lang)) + '">'
        f'<div class="mms-legend-title">{safe_html_line(t(f"metric.{metric.code}", lang))}</div>'
        f'<div class="mms-legend-sub">{safe_html_line(t("legend_classes", lang, scheme=_scheme_label(scheme, lang)))}</div>'
        f'<ul>{items}</ul></div>'
    )


def _scheme_label(scheme: str, lang: str) -> str:
    key = f"scheme.{scheme}"
    return t(key, lang) if has_text(key, lang) else scheme


#: The legend's style (``assets/legend.css``), put in the page before the legend.
LEGEND_CSS = f"\n<style>\n{read_asset('mms_core.maps', 'legend.css')}</style>\n"
