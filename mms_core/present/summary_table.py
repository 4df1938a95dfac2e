"""A unit summary (any level) for reading and downloading: Polish numbers, translated headers, the CSV files, the
plain-language answer."""

from __future__ import annotations

from functools import partial

import pandas as pd

from mms_core.analysis.aggregates import SUMMARY_COLUMNS
from mms_core.analysis.measures import MEASURE_BY_COLUMN, Metric, display_decimals
from mms_core.analysis.units_summary import UnitSummary, shown_columns
from mms_core.facts.levels import Level
from mms_core.present.table_exports import neutralise
from mms_core.text.formatting import fmt_metric, fmt_number
from mms_core.text.i18n import t, tn

#: The order the voivodeships' summary is read in: the voivodeship, then what it got per resident, so that a
#: phone (which shows the first two or three columns without scrolling) answers "how much per
#: resident" at once; the TERYT code, for looking things up, last.
DISPLAY_ORDER: tuple[str, ...] = (
    "voivodeship", "amount_per_capita_pln", "grants", "amount_pln", "amount_per_eligible_pln",
    "grants_per_100k", "average_grant_pln", "population", "eligible_population", "teryt",
)
assert sorted(DISPLAY_ORDER) == sorted(SUMMARY_COLUMNS)
#: The order a summary below the voivodeship is read in (as :data:`DISPLAY_ORDER`): the unit, its
#: kind and voivodeship, what it got per resident, …, the TERYT code last.
LEVEL_DISPLAY_ORDER: tuple[str, ...] = (
    "name", "gmina_kind", "voivodeship", "amount_per_capita_pln", "grants", "amount_pln", "amount_per_eligible_pln",
    "grants_per_100k", "average_grant_pln", "population", "eligible_population", "outside_programme", "teryt",
)


def display_columns(level: Level) -> list[str]:
    """The columns of ``level``'s summary as read, in order."""
    if level.is_top:
        return list(DISPLAY_ORDER)
    shown = shown_columns(level)
    return [c for c in LEVEL_DISPLAY_ORDER if c in shown]


def display_summary(table: pd.DataFrame, level: Level, lang: str = "pl") -> pd.DataFrame:
    """A unit summary's ``table`` at ``level`` ready to show, headers in ``lang``, columns :func:`display_columns`.

    The voivodeships (a static table): strings, ``1 234 567``, ``2,35``, "—" where there is no value, in TERYT
    order. Below them (a sortable grid): numbers stay numbers (:func:`summary_styler` writes them), the gmina kind
    and "outside the programme" in words; sorted by zł per resident, most first (no data last)."""
    order = display_columns(level)
    if level.is_top:
        out = pd.DataFrame(index=table.index)
        for column in order:
            values = table[column]
            decimals = display_decimals(column)
            if decimals is not None:
                values = values.map(lambda v, d=decimals: fmt_number(v, d, missing="—"))
            out[t(f"col_{column}", lang)] = values
        return out.reset_index(drop=True)
    out = table.rename_axis(None).sort_values(["amount_per_capita_pln", "teryt"], ascending=[False, True],
                                              na_position="last")[order].copy()
    if "gmina_kind" in out:
        out["gmina_kind"] = out["gmina_kind"].map(lambda k: t(f"gmina_kind.{k}", lang))
    out["outside_programme"] = out["outside_programme"].map(lambda v: t("outside_yes", lang) if v else "")
    return out.rename(columns={c: t(f"col_{c}", lang) for c in order}).reset_index(drop=True)


def polish_cell(value, decimals: int = 0, missing: str = "—") -> str:
    """A grid cell's number the Polish way (``41,56``, ``12 345``), ``missing`` for NaN or NA."""
    return missing if pd.isna(value) else fmt_number(value, decimals)


def summary_styler(table: pd.DataFrame, level: Level, lang: str = "pl"):
    """:func:`display_summary` of a level below the voivodeship with its numbers written the Polish way
    (``41,56``, ``1 234 567``) whatever the browser's language, and "brak danych" where there is no figure.
    A Styler changes what the grid shows, not its values: a column still sorts by the numbers."""
    shown = display_summary(table, level, lang)
    missing = t("legend_no_data", lang)
    formats = {t(f"col_{column}", lang): partial(polish_cell, decimals=display_decimals(column), missing=missing)
               for column in display_columns(level) if display_decimals(column) is not None}
    return shown.style.format(formats)


def summary_csv(table: pd.DataFrame, excel_pl: bool = False) -> bytes:
    """A summary's table (its columns as users get them: :attr:`UnitSummary.shown`, or a region's gminas with
    their status) as CSV: UTF-8 with BOM (for Excel); comma separated with dot decimals, or with ``excel_pl``
    semicolon separated with decimal commas (what Excel set to Polish opens in columns). Measures rounded as
    shown. The names come from GUS's files or the dashboard's own list; any that could start a formula gets an
    apostrophe (:func:`neutralise`)."""
    names = [c for c in ("name", "voivodeship", "gmina_kind") if c in table.columns]
    table = table.assign(**{c: table[c].map(neutralise) for c in names})
    for column in table.columns:
        if column in MEASURE_BY_COLUMN:
            table[column] = MEASURE_BY_COLUMN[column].rounded(table[column])
    form = {"sep": ";", "decimal": ","} if excel_pl else {"sep": ",", "decimal": "."}
    return table.to_csv(index=False, lineterminator="\n", **form).encode("utf-8-sig")


def _decimals_apart(values: pd.Series, metric: Metric) -> int:
    """As many decimals as tell the highest value from the lowest ("0,012" and "0,002"), never "0,00" for a grant."""
    decimals = metric.decimals
    low, high = values.min(), values.max()
    while decimals < 6 and ((round(high, decimals) == round(low, decimals) and high != low)
                            or (low > 0 and round(low, decimals) == 0)):
        decimals += 1
    return decimals


def summary_sentence(summary: UnitSummary, metric: Metric, lang: str = "pl") -> str:
    """The plain-language answer of a summary.

    The voivodeships (few: each can be named): "Najwięcej … ma X (v), najmniej Y (w)" over those with a grant
    (tied ones named together), or that all are equal; then those with no grant, named (never "najmniej" one
    of them). Below them: the unit with the highest value of the measure and how many units in the programme
    got nothing."""
    table, level = summary.table, summary.level
    got = table[table["reached"]]
    if not level.is_top:
        inside = table[table["outside_programme"] == 0]
        values = got[metric.column].dropna()
        if values.empty:
            return t(f"level_sentence_none.{level.code}", lang)
        top = values.idxmax()
        name = table.loc[top, "name"]
        if "gmina_kind" in shown_columns(level):
            kind = t(f"gmina_kind.{table.loc[top, 'gmina_kind']}", lang)
            name = f"{name} ({kind}, {table.loc[top, 'voivodeship']})"
        else:
            name = f"{name} ({table.loc[top, 'voivodeship']})"
        none = len(inside) - len(got)
        share = fmt_number(100.0 * none / len(inside), 1) + "%" if len(inside) else "—"
        return t(f"level_sentence.{level.code}", lang, top_name=name,
                 top_value=fmt_metric(table.loc[top, metric.column], metric.unit, metric.decimals, lang=lang),
                 none=fmt_number(none), total=fmt_number(len(inside)), share=share)
    text = ""
    if not got.empty:
        values = got[metric.column].astype("float64").round(9)  # ties are ties, not float noise
        decimals = _decimals_apart(values, metric)

        def value(number: float) -> str:
            return fmt_metric(number, metric.unit, decimals, lang=lang)

        def names(mask) -> str:
            return ", ".join(got.loc[mask, "name"])

        if values.isna().all() or values.max() == values.min():
            text = t("plain_summary_equal", lang, value=value(values.iloc[0]))
        else:
            text = t("plain_summary", lang, top_name=names(values == values.max()), top_value=value(values.max()),
                     low_name=names(values == values.min()), low_value=value(values.min()))
    missing = table[~table["reached"]]
    if not missing.empty:
        text = (text + " " if text else "") + tn("plain_summary_no_grants", len(missing), lang,
                                                 names=", ".join(missing["name"]))
    return text
