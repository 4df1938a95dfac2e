"""Language tables are complete, and every text the code asks for exists."""

import re
from pathlib import Path

from mms_core.analysis.filters import METRIC_CODES, SCHEMES
from mms_core.data.paths import PROJECT_ROOT
from mms_core.facts.vocab import ORG_TYPES, PRIORITIES
from mms_core.text.i18n import TEXTS, t

SOURCES = [*PROJECT_ROOT.glob("mms_core/**/*.py"), *PROJECT_ROOT.glob("mms_ui/*.py"),
           *PROJECT_ROOT.glob("pages/*.py"), PROJECT_ROOT / "dashboard.py"]


def test_both_languages_have_the_same_keys():
    assert set(TEXTS["pl"]) == set(TEXTS["en"])
    assert all(value.strip() for table in TEXTS.values() for value in table.values())


def test_every_code_has_a_label():
    for lang in TEXTS:
        for code in ORG_TYPES:
            assert f"org.{code}" in TEXTS[lang]
        for code in PRIORITIES:
            assert f"priority.{code}" in TEXTS[lang]
        for code in METRIC_CODES:
            assert f"metric.{code}" in TEXTS[lang]
        for code in SCHEMES:
            assert f"scheme.{code}" in TEXTS[lang]


def test_every_literal_key_used_in_code_exists():
    used = set()
    for path in SOURCES:
        used |= set(re.findall(r'\bt\(\s*"([a-z_.]+)"', Path(path).read_text(encoding="utf-8")))
    assert used, "no t() calls found"
    assert used <= set(TEXTS["pl"]), used - set(TEXTS["pl"])


def test_formatting_placeholders():
    assert t("headline_regions_value", "pl", covered=3, total=16) == "3 z 16"
    assert t("headline_regions_value", "en", covered=3, total=16) == "3 of 16"
