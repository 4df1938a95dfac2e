"""The sample-data banner speaks of the edition shown (issue 24, item 11): 2025 is calibrated to the
published results, 2026 to the announced half with no published result."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from mms_core.data.paths import PROJECT_ROOT


def banner(query: dict) -> str:
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    (text,) = [w.body for w in at.warning if "Dane przykładowe" in w.body or "Sample data" in w.body]
    return text


@pytest.mark.parametrize(("query", "said", "not_said"), [
    ({}, "edycja 2026 – zapowiedziana „połowa” kwoty z 2025", "2000 dotacji"),  # the default edition is the latest
    ({"edition": "2025"}, "edycja 2025 – opublikowane wyniki, ok. 2000 dotacji i 70 mln zł", "2026"),
    ({"edition": "all"}, "wyniki 2025 (ok. 2000 dotacji, 70 mln zł) i zapowiedziana „połowa” tej kwoty w 2026", None),
    ({"edition": "2026", "lang": "en"}, "edition 2026 – the announced \"half\"", "2,000"),
])
def test_the_banner_describes_the_edition_shown(query, said, not_said):
    text = banner(query)
    assert said in text
    if not_said:
        assert not_said not in text
