"""Every parameter of the dashboard's address, declared once: the shared filters (:data:`FILTER_PARAMS` in
:mod:`mms_core.analysis.filters`), the language, each page's own parameters below, and the planner's
(:data:`~mms_core.analysis.plan_params.PLAN_PARAMS`). :mod:`mms_ui.params` binds them to their widgets and to
the address — the one module that reads or writes the address.

A parameter read by several pages is declared once (``region``: the map page's drill-down, the profile and
the Data page; ``level``: the map page and the presentation); a page that understands fewer of its values
says so when it binds it.
"""

from __future__ import annotations

from mms_core.analysis.filters import FILTER_PARAMS
from mms_core.analysis.param import Param, choice
from mms_core.analysis.plan_params import PLAN_PARAMS
from mms_core.analysis.search import valid_query
from mms_core.facts.levels import DEFAULT_LEVEL, LEVEL_BY_CODE, Level
from mms_core.facts.vocab import ALL
from mms_core.facts.voivodeships import TERYT_CODES
from mms_core.text.i18n import DEFAULT_LANGUAGE, LANGUAGES

#: What a click (or Enter) on a voivodeship does at voivodeship level: open its profile (the default, left
#: out of the address), or show its powiats or gminas on the map page.
CLICK_ACTIONS: tuple[str, ...] = ("profile", "powiat", "gmina")
#: The levels the presentation shows (``?level=gmina``: a conference step shows its voivodeship's gminas).
PRESENT_LEVELS: tuple[str, ...] = ("voivodeship", "gmina")


def _query(value: str) -> str:
    if not valid_query(value):
        raise ValueError(value)
    return value


def _digits(length: int | None = None, every: bool = True):
    """A reader of ASCII digits (``length`` of them, if given), and of ``all`` when ``every``."""
    def parse(value: str) -> str:
        if not (every and value == ALL) and not (value.isascii() and value.isdigit()
                                                 and (length is None or len(value) == length)):
            raise ValueError(value)
        return value
    return parse


#: The UI language (``pl``, left out of the address, or ``en``).
LANG = Param("lang", choice(LANGUAGES), str, DEFAULT_LANGUAGE)
def _level(value: str) -> Level:
    if value not in LEVEL_BY_CODE:
        raise ValueError(value)
    return LEVEL_BY_CODE[value]


#: The map page's level, read as the :class:`~mms_core.facts.levels.Level` that travels to the map (the
#: presentation knows :data:`PRESENT_LEVELS` of it).
LEVEL = Param("level", _level, lambda level: level.code, LEVEL_BY_CODE[DEFAULT_LEVEL])
#: A voivodeship's TERYT code: the profile's region, the map's drill-down, the Data page's filter (``all``).
REGION = Param("region", choice((ALL, *TERYT_CODES)), str, None, "bad_region_all")
#: What a click on a voivodeship does on the map page.
CLICK = Param("click", choice(CLICK_ACTIONS), str, CLICK_ACTIONS[0], "bad_click_action")
#: The open tab of a page cut into tabs (its codes are the page's).
TAB = Param("tab", str, str, None, "bad_tab")
#: The Data page's search.
QUERY = Param("q", _query, str, "", "param_q_ignored")
#: The Data page's source (its id in the ledger) and gmina (a 7-digit TERYT code).
SOURCE = Param("source", _digits(), str, ALL, "bad_source")
GMINA = Param("gmina", _digits(7), str, ALL, "bad_gmina")
#: The presentation's step (0: the overview; the tour knows how many there are; always in the address).
STEP = Param("step", _digits(every=False), str, None)

PAGE_PARAMS: tuple[Param, ...] = (LEVEL, REGION, CLICK, TAB, QUERY, SOURCE, GMINA, STEP)

#: Every parameter of the address by name.
ADDRESS: dict[str, Param] = {p.name: p for p in (*(p for p, _ in FILTER_PARAMS), LANG, *PAGE_PARAMS, *PLAN_PARAMS)}
