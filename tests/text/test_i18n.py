"""The catalogues are complete and consistent, and every text the code asks for exists."""

import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from devtools import texts_to_po
from mms_core.analysis.filters import METRIC_CODES, SCHEMES
from mms_core.data.paths import PROJECT_ROOT
from mms_core.facts.vocab import ORG_TYPES, PRIORITIES
from mms_core.text.formatting import NBSP
from mms_core.text.i18n import LANGUAGES, PLURAL_SUFFIX, TEXTS, catalogue, catalogue_path, has_text, t, tn

SOURCES = [*PROJECT_ROOT.glob("mms_core/**/*.py"), *PROJECT_ROOT.glob("mms_ui/*.py"),
           *PROJECT_ROOT.glob("pages/*.py"), PROJECT_ROOT / "dashboard.py"]
PLURAL_FORMS = {
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "en": "nplurals=2; plural=(n != 1);",
}


def read(lang: str) -> Catalog:
    with catalogue_path(lang).open("rb") as file:
        return read_po(file, locale=lang, abort_invalid=True)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def used_keys(function: str) -> set[str]:
    found = set()
    for path in SOURCES:
        found |= set(re.findall(rf'\b{function}\(\s*["\']([a-z_.]+)["\']', Path(path).read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_headers_and_entries(lang):
    catalog = read(lang)
    assert catalog.plural_forms == PLURAL_FORMS[lang]
    assert str(catalog.locale) == lang
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        if isinstance(message.id, tuple):
            assert message.id[1] == message.id[0] + PLURAL_SUFFIX, message.id
            assert len(message.string) == catalog.num_plurals, message.id
            assert all(form.strip() for form in message.string), message.id
        else:
            assert message.string.strip(), message.id


def test_both_catalogues_have_the_same_msgids():
    pl, en = catalogue("pl"), catalogue("en")
    assert set(pl.texts) == set(en.texts)
    assert set(pl.plurals) == set(en.plurals)
    assert not set(pl.texts) & set(pl.plurals)


def test_placeholders_match_between_languages():
    pl, en = catalogue("pl"), catalogue("en")
    for key, text in pl.texts.items():
        assert placeholders(text) == placeholders(en.texts[key]), key
    for key, forms in pl.plurals.items():
        expected = placeholders(forms[0])
        assert "n" in expected, key
        assert all(placeholders(form) == expected for form in (*forms, *en.plurals[key])), key


def test_catalogues_are_in_the_canonical_form():
    """As devtools/texts_to_po writes them (run ``python -m devtools.texts_to_po`` after a hand edit)."""
    for lang in LANGUAGES:
        assert catalogue_path(lang).read_bytes() == texts_to_po.dump(read(lang)), lang


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
    singular, plural = used_keys("t"), used_keys("tn")
    assert singular and plural, "no t() or tn() calls found"
    assert singular <= set(catalogue("pl").texts), singular - set(catalogue("pl").texts)
    assert plural <= set(catalogue("pl").plurals), plural - set(catalogue("pl").plurals)


def test_formatting_placeholders():
    assert t("headline_regions_value", "pl", covered=3, total=16) == "3 z 16"
    assert t("headline_regions_value", "en", covered=3, total=16) == "3 of 16"
    assert has_text("app_title", "en") and not has_text("no_such_key", "en")


@pytest.mark.parametrize(("n", "polish", "english"), [
    (0, "0 dotacji", "0 grants"), (1, "1 dotacja", "1 grant"), (2, "2 dotacje", "2 grants"),
    (4, "4 dotacje", "4 grants"), (5, "5 dotacji", "5 grants"), (12, "12 dotacji", "12 grants"),
    (13, "13 dotacji", "13 grants"), (21, "21 dotacji", "21 grants"), (22, "22 dotacje", "22 grants"),
    (24, "24 dotacje", "24 grants"), (25, "25 dotacji", "25 grants"), (101, "101 dotacji", "101 grants"),
    (112, "112 dotacji", "112 grants"), (122, "122 dotacje", "122 grants"),
    (2000, f"2{NBSP}000 dotacji", f"2{NBSP}000 grants"), (1002, f"1{NBSP}002 dotacje", f"1{NBSP}002 grants"),
])
def test_plural_forms(n, polish, english):
    assert tn("in_data_value", n, "pl", amount="X") == f"{polish}, X"
    assert tn("in_data_value", n, "en", amount="X") == f"{english}, X"


def test_plural_messages_read_as_sentences():
    assert tn("data_count", 1, "pl", amount="5 zł").startswith("**1** dotacja, łącznie")
    assert tn("upload_published", 1, "pl").startswith("Opublikowano 1 dotację.")  # accusative
    assert tn("conf_intro", 1, "en", total=16).endswith("1 conference of 16 has a known date; the others are "
                                                        "at the end of the list, in TERYT order.")
    assert "Znaną datę mają 3 konferencje z 16" in tn("conf_intro", 3, "pl", total=16)
    assert tn("upload_read", 5, "pl", kept=4, rejected=1, warnings=0).startswith("Wczytano **5** wierszy")


def test_unknown_language_falls_back_to_polish():
    assert t("page_map", "de") == "Mapa"
    assert tn("in_data_value", 2, "de", amount="X") == "2 dotacje, X"


def test_texts_to_po_adds_new_keys_of_a_texts_dict(tmp_path):
    catalogs = {lang: read(lang) for lang in LANGUAGES}
    source = tmp_path / "i18n.py"
    source.write_text('TEXTS: dict = {"pl": {"app_title": "inny", "new_key": "Nowy {x}", "only_pl": "a"},\n'
                      '                "en": {"app_title": "Power of Small Communities – grants map",\n'
                      '                       "new_key": "New {x}"}}\n', encoding="utf-8")
    report = texts_to_po.merge(texts_to_po.texts_from_source(str(source)), catalogs, overwrite=False)
    assert "added pl 'new_key'" in report and "added en 'new_key'" in report
    assert any(line.startswith("differs pl 'app_title'") for line in report)
    assert any(line.startswith("skipped 'only_pl'") for line in report)
    assert catalogs["en"]["new_key"].string == "New {x}" and catalogs["pl"]["app_title"].string != "inny"
    # against the texts before the branch, a key the branch did not change is not reported
    before = {"pl": {"app_title": "inny"}, "en": {}}
    again = texts_to_po.merge(texts_to_po.texts_from_source(str(source)), {lang: read(lang) for lang in LANGUAGES},
                              overwrite=False, base=before)
    assert not any("'app_title'" in line for line in again)
    written = texts_to_po.dump(catalogs["pl"]).decode("utf-8")
    assert written.rstrip().endswith('msgid "new_key"\nmsgstr "Nowy {x}"')


def test_core_does_not_import_streamlit():
    for path in PROJECT_ROOT.glob("mms_core/**/*.py"):
        assert "import streamlit" not in path.read_text(encoding="utf-8"), path.name
