"""The planner page (``/plan``) run by Streamlit's AppTest: defaults, both scenarios, the address
written back, bad values said in Polish with the default used, English, and a floor the budget cannot pay."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from mms_core.data.paths import PROJECT_ROOT
from tests.helpers import open_page


def run_plan(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    open_page(at, "pages/plan.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_html(at: AppTest) -> str:
    (html,) = [h.proto.body for h in at.get("html") if "Razem" in h.proto.body or "Total" in h.proto.body]
    return html


def amounts(html: str, column: int) -> list[int]:
    """The whole zł of a column of the plan table (rows, then the total row), grosze dropped."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]
    cells = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S) for row in rows]
    return [int(re.sub(r"[^\d]", "", c[column].split(",")[0])) for c in cells]


def test_defaults_two_scenarios_and_the_address():
    at = run_plan()
    text = " ".join(m.value for m in at.markdown)
    assert "**Scenariusz A** – Przy podziale „jak w edycji odniesienia”" in text
    assert "**Scenariusz B** – Przy podziale „według uprawnionych mieszkańców”" in text
    assert any("Założenie, nie oficjalna kwota" in i.body and "niw.gov.pl" in i.body and "roztocze.net" in i.body
               for i in at.info)
    html = table_html(at)
    base, scenario_a = amounts(html, 1), amounts(html, 2)
    assert len(base) == 17 and sum(scenario_a[:16]) in range(34_999_984, 35_000_001) and scenario_a[16] == 35_000_000
    assert at.query_params["budget"] == "35000000" and at.query_params["base"] == "2026"
    assert any("dane przykładowe" in c.value.lower() or "danych przykładowych" in c.value for c in at.caption)


def test_a_link_sets_the_controls_and_the_floor_rule_pays_the_floor():
    at = run_plan({"budget": "20000000", "base": "2025", "rule": "floor", "floor": "750000", "rule_b": "none"})
    assert at.text_input(key="plan_budget").value == "20 000 000"
    assert at.selectbox(key="plan_rule_a").value == "floor"
    assert at.number_input(key="plan_floor_a").value == 750_000
    scenario = amounts(table_html(at), 2)
    assert min(scenario[:16]) >= 750_000 and scenario[16] == 20_000_000
    assert not any("Scenariusz B" in m.value for m in at.markdown)


def test_changing_a_control_rewrites_the_address():
    at = run_plan()
    at.selectbox(key="plan_rule_a").set_value("gaps").run()
    at.slider(key="plan_weight_a").set_value(3.0).run()
    assert at.query_params["rule"] == "gaps" and at.query_params["weight"] == "3"


def test_bad_values_are_said_and_the_defaults_used():
    at = run_plan({"budget": "-5", "rule": "<script>", "p1": "50", "p2": "30", "p3": "30", "weight_b": "1e400"})
    (warning,) = [w.body for w in at.warning if "parametru" in w.body]
    assert "„budget”: „\\-5” – użyto: 35000000" in warning
    assert "„rule”: „<script>”" not in warning  # markdown-escaped, never raw HTML
    assert "„rule”" in warning and "p1\\+p2\\+p3" in warning and "weight\\_b" in warning
    assert amounts(table_html(at), 2)[16] == 35_000_000
    # the user's next change clears the address's old problems
    at.selectbox(key="plan_rule_b").set_value("floor").run()
    assert not any("parametru" in w.body for w in at.warning)


def test_a_budget_typed_wrong_is_said_and_a_floor_too_high_is_refused():
    at = run_plan({"rule": "floor", "floor": "3000000"})
    assert any("przekracza kwotę do podziału – najwyżej 2 187 500 zł" in e.body.replace("\u00a0", " ") for e in at.error)
    at.text_input(key="plan_budget").set_value("trzydzieści milionów").run()
    assert any("Nie rozumiem kwoty budżetu" in w.body for w in at.warning)


def test_english():
    at = run_plan({"lang": "en", "rule": "eligible", "rule_b": "none", "scope": "P3"})
    assert at.title[0].value == "Plan for the next edition"
    assert any("**Scenario A** – With the split \"by eligible residents\"" in m.value for m in at.markdown)
    assert "Total" in table_html(at)
