"""Every URL parameter on every page, filled with hostile values (control characters,
Markdown, HTML, very long): no exception element, no request off the machine, no script
run, no link or image to an outside address (issue 16)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

SCRIPT_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
PAGES = ["", "region", "compare", "data", "conferences", "present", "sources", "plan"]
PARAMETERS = ["edition", "org_type", "priority", "metric", "scheme", "classes", "scale", "lang", "region", "q", "step",
              "tab", "click", "level", "gmina", "source"]
#: The planner's own parameters (with a few shared ones: the address must stay under ~64 KB).
PLAN_PARAMETERS = ["edition", "lang", "budget", "base", "scope", "p1", "p2", "p3", "rule", "floor", "weight", "max_cut",
                   "rule_b", "floor_b", "weight_b", "max_cut_b"]
VALUES = {
    "control": "a\x00b\x1b[31mc\x0bd\x07e\u200bf\u202eg\r\nh\ti",
    "markdown": "![x](http://zlo.example/a.png) [kliknij](http://zlo.example) www.zlo.example ktos@zlo.example "
                "**b** :red[x] :material/home: $x^2$ <http://zlo.example/auto>",
    "html": '<img src="http://zlo.example/i.png" onerror="window.__pwned=1"><script>window.__pwned=2</script>'
            "`${window.__pwned=3}`",
    # about 50 KB of address in all: under the ~64 KB a request line may have (docs/official-lists.md, "Limits")
    "long": "x" * 4400 + "![x](http://zlo.example/long.png)",
}


def settle(page) -> None:
    page.wait_for_selector(SCRIPT_IDLE, timeout=60_000)
    page.wait_for_timeout(800)  # a page may rerun once (the filters written back to the address)
    page.wait_for_selector(SCRIPT_IDLE, timeout=60_000)


@pytest.mark.browser
@pytest.mark.parametrize("kind", list(VALUES))
@pytest.mark.parametrize("path", PAGES)
def test_hostile_values_in_every_parameter(offline_page, app_url, path, kind):
    page = offline_page.page
    query = urlencode({name: VALUES[kind] for name in (PLAN_PARAMETERS if path == "plan" else PARAMETERS)})
    page.goto(f"{app_url}/{path}?{query}")
    settle(page)
    page.locator("[data-testid='stMain']").wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "Traceback" not in body
    if path != "present":  # the presentation hides the warnings' sidebar context but shows them too
        assert "parametry w adresie strony są nieprawidłowe" in body
    assert page.locator("a[href*='zlo.example'], img[src*='zlo.example']").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert offline_page.blocked == [], offline_page.blocked
    assert offline_page.errors == [], offline_page.errors
