"""The words about one regional conference — town, date, venue, Priority 3 operator — built
once for the map popup, the region profile, the conferences table and the presentation.

Dates are written the Polish way (``26.11.2025``); what is unknown is ``None`` here, and each
caller decides whether to say "nieznane" (tables, popups) or leave the line out (slides).

The data files say what is known in Polish (``date_note``, ``operator_note``, and words such as
"partnerstwo" around the operators' names); in English the files' English columns are used
(``date_note_en``, ``operator_en``, ``operator_note_en``, see mms_data/README.md): names (towns,
venues, organisations, calls) stay as they are, the words about them are translated. An empty
English cell means the Polish one is a name only, or a file without those columns: the Polish
text is shown. An operator an official filled in is shown as typed, in every language.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mms_core.text.formatting import fmt_date
from mms_core.text.i18n import t


@dataclass(frozen=True)
class ConferenceText:
    teryt: str
    town: str
    voivodeship: str
    date: str | None  # "26.11.2025" or "26.11.2025, 10:00"; None when unknown
    date_note: str  # what is known about an unknown date ("jesień 2025"), or ""
    time: str
    venue: str | None
    operator: str | None  # the Priority 3 operator, or what is known of it
    call_name: str | None  # the operator's call for proposals
    filled_in: tuple[str, ...] = ()  # fields an official filled in (date, time, venue, operator)
    filled_at: str | None = None  # when (ISO), the latest of them

    def date_or_unknown(self, lang: str = "pl") -> str:
        if self.date:
            return self.date
        unknown = t("unknown", lang)
        return f"{unknown} ({self.date_note})" if self.date_note else unknown

    def rows(self, lang: str = "pl") -> list[tuple[str, str]]:
        """(label, value) rows for a table or popup; unknown facts say so."""
        unknown = t("unknown", lang)
        rows = [(t("conf_town", lang), self.town), (t("conf_date", lang), self.date_or_unknown(lang)),
                (t("conf_venue", lang), self.venue or unknown), (t("conf_operator", lang), self.operator or unknown)]
        if self.call_name:
            rows.append((t("p3_call", lang), self.call_name))
        return rows


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _in(row: pd.Series, column: str, lang: str) -> str | None:
    """``row[column]`` in ``lang``: its English column (``<column>_en``) when there is one with a
    text, else the column itself."""
    if lang == "en":
        english = _text(row.get(f"{column}_en"))
        if english:
            return english
    return _text(row.get(column))


def conference_text(conferences: pd.DataFrame, operators: pd.DataFrame, teryt: str,
                    lang: str = "pl") -> ConferenceText:
    """The conference of voivodeship ``teryt`` (``conferences`` and ``operators`` as loaded by
    :mod:`mms_core.data.reference.loaders`, indexed by TERYT), its notes in ``lang``."""
    conf = conferences.loc[teryt]
    date = fmt_date(conf["date"]) if conf["date"] else None
    time = _text(conf["time"]) or ""
    if date and time:
        date = f"{date}, {time}"
    filled = _text(conf.get("filled_in"))
    filled_in = tuple(filled.split(",")) if filled else ()
    operator = call = None
    if teryt in operators.index:
        row = operators.loc[teryt]
        typed = "operator" in filled_in  # an official's words, shown as typed
        operator = (_text(row["operator"]) if typed else _in(row, "operator", lang)) or _in(row, "operator_note", lang)
        call = _text(row.get("call_name"))
    return ConferenceText(teryt=teryt, town=str(conf["town"]), voivodeship=str(conf.get("voivodeship", "")),
                          date=date, date_note=_in(conf, "date_note", lang) or "", time=time,
                          venue=_text(conf["venue"]), operator=operator, call_name=call,
                          filled_in=filled_in, filled_at=_text(conf.get("filled_at")))
