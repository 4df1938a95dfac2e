"""The address's parameters: each declared once (mms_core.analysis.address), read and written through one
module (mms_ui.params) — the only one that touches ``st.query_params``."""

from __future__ import annotations

import re
from pathlib import Path

from mms_core.analysis.address import ADDRESS, CLICK, GMINA, LANG, LEVEL, PAGE_PARAMS, QUERY, REGION, SOURCE, STEP
from mms_core.analysis.filters import FILTER_PARAMS, Filters, parse_query_params, to_query_params
from mms_core.analysis.plan_params import PLAN_PARAMS

ROOT = Path(__file__).resolve().parents[2]


def test_every_parameter_is_declared_once():
    names = [p.name for p, _ in FILTER_PARAMS] + [LANG.name] + [p.name for p in PAGE_PARAMS] + [p.name for p in PLAN_PARAMS]
    assert len(names) == len(set(names)) == len(ADDRESS)
    assert {"edition", "org_type", "lang", "level", "region", "click", "tab", "q", "source", "gmina", "step",
            "budget", "base"} <= set(ADDRESS)


def test_only_the_binding_module_touches_the_address():
    users = sorted(str(path.relative_to(ROOT)) for folder in ("mms_core", "mms_ui", "pages")
                   for path in (ROOT / folder).rglob("*.py") if "st.query_params" in path.read_text(encoding="utf-8"))
    assert users == ["mms_ui/params.py"]
    assert "query_params" not in (ROOT / "dashboard.py").read_text(encoding="utf-8")


def test_every_name_a_page_writes_to_the_address_is_declared():
    """Links made in code (``query_params=…``, ``{"region": …}``) use declared names only."""
    written = set()
    for path in [*(ROOT / "pages").glob("*.py"), *(ROOT / "mms_ui").glob("*.py")]:
        written |= set(re.findall(r'\|\s*\{"(\w+)":', path.read_text(encoding="utf-8")))
    assert written and written <= set(ADDRESS)


def test_page_parameters_understand_what_they_should():
    assert LEVEL.understood("gmina") and not LEVEL.understood("<img>") and LEVEL.default.code == "voivodeship"
    assert LEVEL.parse("powiat").code == "powiat" and LEVEL.format(LEVEL.parse("gmina")) == "gmina"
    assert REGION.understood("06") and REGION.understood("all") and not REGION.understood("6")
    assert CLICK.understood("powiat") and not CLICK.understood("") and CLICK.default == "profile"
    assert GMINA.understood("0601011") and GMINA.understood("all") and not GMINA.understood("060101")
    assert not GMINA.understood("０６０１０１１")  # full-width digits are digits to str.isdigit, not to us
    assert SOURCE.understood("12") and not SOURCE.understood("-1") and not SOURCE.understood("1.0")
    assert QUERY.understood("koło gospodyń") and not QUERY.understood("a\x00b") and not QUERY.understood("x" * 201)
    assert STEP.understood("3") and not STEP.understood("³") and not STEP.understood("all")


def test_a_warning_names_the_value_as_text():
    text = LEVEL.warning_text("<b>\u202e", "pl")
    assert "level" in text and "<b>" in text and "\u202e" not in text  # hidden characters made visible
    assert "„x”" in REGION.warning_text("x", "pl")


def test_filters_round_trip_through_their_one_declaration():
    filters = Filters(edition=2025, org_types=("kgw", "osp"), priority="P1", metric="grant_count",
                      scheme="equal_interval", classes=7, scale="fixed")
    params = to_query_params(filters)
    assert params == {"edition": "2025", "org_type": "kgw,osp", "priority": "P1", "metric": "grant_count",
                      "scheme": "equal_interval", "classes": "7", "scale": "fixed"}
    assert parse_query_params(params, [2025, 2026]) == (filters, [])
    parsed, problems = parse_query_params({"edition": "2024", "classes": "9", "org_type": "kgw,xyz"}, [2025, 2026])
    assert parsed == Filters(edition=2026) and [p.name for p in problems] == ["edition", "org_type", "classes"]
