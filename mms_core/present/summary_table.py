"""The per-region summary formatted for reading: Polish numbers, translated headers."""

from __future__ import annotations

from functools import partial

import pandas as pd

from mms_core.analysis.aggregates import SUMMARY_COLUMNS, summary_csv
from mms_core.analysis.measures import Metric, display_decimals
from mms_core.present.table_exports import neutralise
from mms_core.text.formatting import fmt_metric, fmt_number
from mms_core.text.i18n import t, tn

#: The order the summary is read in: the voivodeship, then what it got per resident, so that a
#: phone (which shows the first two or three columns without scrolling) answers "how much per
#: resident" at once; the TERYT code, for looking things up, last.
DISPLAY_ORDER: tuple[str, ...] = (
    "voivodeship", "amount_per_capita_pln", "grants", "amount_pln", "amount_per_eligible_pln",
    "grants_per_100k", "average_grant_pln", "population", "eligible_population", "teryt",
)
assert sorted(DISPLAY_ORDER) == sorted(SUMMARY_COLUMNS)


def display_summary(summary: pd.DataFrame, lang: str = "pl") -> pd.DataFrame:
    """Strings ready to show: ``1 234 567``, ``2,35``; "—" where there is no value. Columns in
    :data:`DISPLAY_ORDER`."""
    out = pd.DataFrame(index=summary.index)
    for column in DISPLAY_ORDER:
        values = summary[column]
        decimals = display_decimals(column)
        if decimals is not None:
            values = values.map(lambda v, d=decimals: fmt_number(v, d, missing="—"))
        out[t(f"col_{column}", lang)] = values
    return out.reset_index(drop=True)


def answer_sentence(summary: pd.DataFrame, metric: Metric, lang: str = "pl") -> str:
    """The plain-language answer over the regions with a grant: "Najwięcej … ma X (v), najmniej Y (w)"
    (regions tied at either end named together), or that all are equal; then the regions with no grant,
    named (never "najmniej" one of them)."""
    reached = summary[summary["grants"] > 0]
    text = ""
    if not reached.empty:
        values = reached[metric.column].astype("float64").round(9)  # ties are ties, not float noise
        decimals = metric.decimals  # as many as tell the highest from the lowest ("0,012" and "0,002")
        low, high = values.min(), values.max()
        while decimals < 6 and ((round(high, decimals) == round(low, decimals) and high != low)
                                or (low > 0 and round(low, decimals) == 0)):  # never "0,00" for a grant
            decimals += 1

        def value(number: float) -> str:
            return fmt_metric(number, metric.unit, decimals, lang=lang)

        def names(mask) -> str:
            return ", ".join(reached.loc[mask, "voivodeship"])

        if values.isna().all() or values.max() == values.min():
            text = t("plain_summary_equal", lang, value=value(values.iloc[0]))
        else:
            text = t("plain_summary", lang, top_name=names(values == values.max()), top_value=value(values.max()),
                     low_name=names(values == values.min()), low_value=value(values.min()))
    missing = summary[summary["grants"] == 0]
    if not missing.empty:
        text = (text + " " if text else "") + tn("plain_summary_no_grants", len(missing), lang,
                                                 names=", ".join(missing["voivodeship"]))
    return text


#: The order a summary below the voivodeship is read in (as :data:`DISPLAY_ORDER`): the unit, its
#: kind and voivodeship, what it got per resident, …, the TERYT code last.
LEVEL_DISPLAY_ORDER: tuple[str, ...] = (
    "name", "gmina_kind", "voivodeship", "amount_per_capita_pln", "grants", "amount_pln", "amount_per_eligible_pln",
    "grants_per_100k", "average_grant_pln", "population", "eligible_population", "outside_programme", "teryt",
)


def display_level_summary(table: pd.DataFrame, lang: str = "pl") -> pd.DataFrame:
    """A powiat or gmina summary (:func:`mms_core.analysis.levels.level_summary`) for a sortable
    grid: numbers stay numbers (the grid formats them), the gmina kind and "outside the programme"
    in words, headers in ``lang``; sorted by zł per resident, most first (no data last)."""
    order = [c for c in LEVEL_DISPLAY_ORDER if c in table.columns]
    out = table.rename_axis(None).sort_values(["amount_per_capita_pln", "teryt"], ascending=[False, True], na_position="last")[order].copy()
    if "gmina_kind" in out:
        out["gmina_kind"] = out["gmina_kind"].map(lambda k: t(f"gmina_kind.{k}", lang))
    out["outside_programme"] = out["outside_programme"].map(lambda v: t("outside_yes", lang) if v else "")
    return out.rename(columns={c: t(f"col_{c}", lang) for c in order}).reset_index(drop=True)


def polish_cell(value, decimals: int = 0, missing: str = "—") -> str:
    """A grid cell's number the Polish way (``41,56``, ``12 345``), ``missing`` for NaN or NA."""
    return missing if pd.isna(value) else fmt_number(value, decimals)


def level_styler(table: pd.DataFrame, lang: str = "pl"):
    """:func:`display_level_summary` with its numbers written the Polish way (``41,56``,
    ``1 234 567``) whatever the browser's language, and "brak danych" where there is no figure.
    A Styler changes what the grid shows, not its values: a column still sorts by the numbers."""
    shown = display_level_summary(table, lang)
    missing = t("legend_no_data", lang)
    formats = {t(f"col_{column}", lang): partial(polish_cell, decimals=display_decimals(column), missing=missing)
               for column in LEVEL_DISPLAY_ORDER if column in table.columns and display_decimals(column) is not None}
    return shown.style.format(formats)


def level_csv(table: pd.DataFrame, excel_pl: bool = False) -> bytes:
    """A powiat or gmina summary as CSV, like :func:`mms_core.analysis.aggregates.summary_csv`
    (UTF-8 with BOM; plain or Polish Excel form). The names come from the GUS file; any that
    could start a formula would get an apostrophe (:func:`neutralise`)."""
    names = [c for c in ("name", "voivodeship", "gmina_kind") if c in table.columns]
    return summary_csv(table.assign(**{c: table[c].map(neutralise) for c in names}), excel_pl=excel_pl)


def level_sentence(table: pd.DataFrame, metric: Metric, level: str, lang: str = "pl") -> str:
    """The plain-language answer at the powiat or gmina level: the unit with the highest value of
    the measure and how many units in the programme got nothing."""
    inside = table[table["outside_programme"] == 0]
    reached = inside[inside["grants"] > 0]
    values = reached[metric.column].dropna()
    if values.empty:
        return t(f"level_sentence_none.{level}", lang)
    top = values.idxmax()
    name = table.loc[top, "name"]
    if level == "gmina":
        kind = t(f"gmina_kind.{table.loc[top, 'gmina_kind']}", lang)
        name = f"{name} ({kind}, {table.loc[top, 'voivodeship']})"
    else:
        name = f"{name} ({table.loc[top, 'voivodeship']})"
    none = int((inside["grants"] == 0).sum())
    share = fmt_number(100.0 * none / len(inside), 1) + "%" if len(inside) else "—"
    return t(f"level_sentence.{level}", lang, top_name=name,
             top_value=fmt_metric(table.loc[top, metric.column], metric.unit, metric.decimals, lang=lang),
             none=fmt_number(none), total=fmt_number(len(inside)), share=share)
