"""Every page rendered in English shows no Polish UI text, and in Polish no English one.

Each page is run with Streamlit's AppTest and every text it sends is collected: titles,
headers, markdown, captions, alerts, metric labels and values, widget labels, options,
placeholders and help, button and link labels, expander labels, table and dataframe headers
and cells, plotly titles, axes and hover templates, the folium map's script (tooltips,
popups, attribution). A text leaks when

* it holds a fragment of a text of the other language's catalogue (the words between
  placeholders, four characters or more, that the own catalogue does not have too), or
* (English pages) it holds a word with Polish letters that is neither in the English
  catalogue nor in the data.

Data values are not UI texts and are allowed: voivodeship names, towns, venues, organisation
names, operators (Polish by nature), the published results as the file has them, and the grants'
metadata (``st.json`` on the Sources page). The notes of the conference and operator files are
words about the data, not names: on an English page only their English forms (``date_note_en``,
``operator_en``, ``operator_note_en``) count as data, so a Polish note there is a leak.

Allowed on purpose, with the reason:

* the language selector's label "Język / Language" is in both languages, so that someone who
  reads only one of them finds it (it is in both catalogues);
* the names of the languages in the selector (``polski``, ``English``) are written in
  themselves (CLDR, through Babel);
* Streamlit 1.67's multiselect draws an English "Select all" entry and offers no way to
  label it: the filter turns it off (``select_all=False``; an empty field means all types
  anyway), and :func:`test_no_select_all_entry` keeps it off.
"""

from __future__ import annotations

import html
import json
import re
import string
from functools import cache

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mms_core.data.paths import PROJECT_ROOT, data_paths
from mms_core.data.reference import loaders
from mms_core.data.reference.units import load_gminas, load_powiats
from mms_core.facts.voivodeships import VOIVODESHIPS
from mms_core.text.i18n import LANGUAGES, catalogue
from tests.helpers import open_page

POLISH_LETTERS = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
WORD = re.compile(rf"[A-Za-z{POLISH_LETTERS}]+")
MIN_FRAGMENT = 4

#: (page, URL parameters of the page): every page, some in more than one state.
VIEWS = [
    ("pages/map.py", {}),
    ("pages/map.py", {"edition": "2025", "scale": "fixed", "metric": "grants_per_100k"}),
    ("pages/map.py", {"edition": "2026", "org_type": "grupa_nieformalna", "priority": "P1"}),  # no grants
    ("pages/map.py", {"edition": "2025", "level": "gmina"}),  # white spots, gmina kinds, the level's table
    ("pages/map.py", {"level": "powiat", "scale": "fixed"}),
    ("pages/region.py", {"region": "06", "edition": "2025"}),
    ("pages/region.py", {"region": "06", "edition": "2025", "tab": "gminas"}),
    ("pages/region.py", {"region": "06", "edition": "2025", "tab": "sources"}),  # published results beside the data
    ("pages/region.py", {"region": "06", "edition": "2025", "tab": "grants"}),
    ("pages/compare.py", {}),
    ("pages/compare.py", {"tab": "types"}),
    ("pages/compare.py", {"tab": "change"}),
    ("pages/compare.py", {"tab": "editions"}),
    ("pages/data.py", {"q": "Gospodyń"}),  # the search is typed in the words of the data
    ("pages/conferences.py", {}),
    ("pages/plan.py", {}),
    ("pages/plan.py", {"rule": "floor", "rule_b": "gaps", "max_cut_b": "10", "scope": "P3"}),
    ("pages/present.py", {"step": "1"}),
    ("pages/sources.py", {}),
    ("pages/accessibility.py", {}),
]


# ------------------------------------------------------------------------------ collecting
#: JSON keys whose values are no text: plotly's font names.
SKIPPED_KEYS = {"family"}
#: JSON keys whose values are JavaScript (the folium map): only its string literals are texts.
SCRIPT_KEYS = {"script", "feature_group"}
JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def _js_strings(code: str) -> list[str]:
    out = []
    for literal in JS_STRING.findall(code):
        try:
            out.append(json.loads(f'"{literal}"'))
        except ValueError:
            out.append(literal)
    return out


def _strings_of_json(value) -> list[str]:
    if isinstance(value, str):
        if value.strip()[:1] == "{":  # a JSON document inside JSON (a chart's figure): its strings
            try:
                return _strings_of_json(json.loads(value))
            except ValueError:
                pass
        return [value]
    if isinstance(value, dict):
        out = []
        for key, item in value.items():
            if key in SCRIPT_KEYS and isinstance(item, str):
                out += _js_strings(item)
            elif key not in SKIPPED_KEYS:
                out += _strings_of_json(item)
        return out
    if isinstance(value, list):
        return [s for item in value for s in _strings_of_json(item)]
    return []


def _strings_of_proto(message) -> list[str]:
    """Every string field of a protobuf message, recursively; JSON strings are opened."""
    out = []
    for descriptor, value in message.ListFields():
        values = value if descriptor.is_repeated else [value]
        for item in values:
            if descriptor.type == descriptor.TYPE_MESSAGE:
                out += _strings_of_proto(item)
            elif descriptor.type == descriptor.TYPE_STRING:
                # ids, and a component's own code (a chart's script and style, not texts)
                if descriptor.name in ("id", "form_id", "key", "component_name", "js_content", "css_content",
                                       "js_source_path", "css_source_path"):
                    continue
                text = item.strip()
                if text[:1] in "{[":
                    try:
                        out += _strings_of_json(json.loads(text))
                        continue
                    except ValueError:
                        pass
                out.append(item)
    return out


def _strings_of_frame(frame: pd.DataFrame) -> list[str]:
    cells = [str(v) for column in frame.columns for v in frame[column] if isinstance(v, str)]
    return [str(c) for c in frame.columns] + cells


def visible_texts(at: AppTest) -> list[str]:
    """All the texts of the last run, HTML entities resolved."""
    texts = []
    for node in at._tree:
        if getattr(node, "type", None) == "json":
            continue  # the grants' metadata, shown as stored (data)
        if getattr(node, "type", None) in ("dataframe", "table"):
            texts += _strings_of_frame(node.value)
        proto = getattr(node, "proto", None)
        if proto is not None:
            texts += [s for s in _strings_of_proto(proto) if not s.startswith(("$$ID", "$$WIDGET_ID"))]
    return [html.unescape(text) for text in texts]


def render(lang: str, views=VIEWS) -> dict[str, list[str]]:
    """The texts of every view in ``lang``, by view."""
    out = {}
    for page, params in views:
        at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
        for key, value in (params | {"lang": lang}).items():
            at.query_params[key] = value
        at.run()
        if page != "pages/map.py":
            open_page(at, page).run()
        assert not at.exception, (page, at.exception)
        out[f"{page} {params}"] = visible_texts(at)
    return out


# ------------------------------------------------------------------------------ references
def _fragments(text: str) -> list[str]:
    literal = "".join(part for part, *_ in string.Formatter().parse(text))
    pieces = re.split(r"\{[^}]*\}|\*\*|\n|[:;()„”'\"]", literal)
    return [p.strip(" .,–-") for p in pieces]


def _catalogue_texts(lang: str) -> list[str]:
    chosen = catalogue(lang)
    return [*chosen.texts.values(), *(form for forms in chosen.plurals.values() for form in forms)]


def _contains(text: str, fragment: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text) is not None


@cache
def foreign_fragments(lang: str) -> tuple[str, ...]:
    """Pieces of the other language's texts that the texts of ``lang`` do not have."""
    own = "\n".join(_catalogue_texts(lang))
    other = next(code for code in LANGUAGES if code != lang)
    found = {f for text in _catalogue_texts(other) for f in _fragments(text)}
    return tuple(sorted(f for f in found if len(f) >= MIN_FRAGMENT and re.search(r"[a-z]", f)
                        and not _contains(own, f)))


#: The data files' columns in Polish words that have an English column (``<column>_en``).
TRANSLATED_DATA = {"conferences": ("date_note",), "operators": ("operator", "operator_note")}


@cache
def data_values(lang: str = "pl") -> frozenset[str]:
    """Every text of the data files the pages show in ``lang`` (Polish names, notes, published
    results); in English, the translated columns in their English form where they have one."""
    paths = data_paths()  # the copy of the shipped folder the pages read (tests/conftest.py)
    tables = {"conferences": loaders.load_conferences(paths.conferences).reset_index(),
              "operators": loaders.load_operators(paths.operators).reset_index()}
    if lang == "en":
        for name, columns in TRANSLATED_DATA.items():
            table = tables[name]
            for column in columns:
                table[column] = table[f"{column}_en"].where(table[f"{column}_en"] != "", table[column])
    frames = [loaders.load_grants(paths.grants), *tables.values(), loaders.load_published_results(paths.published_results)]
    values = {str(v) for frame in frames for column in frame.columns for v in frame[column] if isinstance(v, str)}
    values |= {v.name for v in VOIVODESHIPS}
    # the names of the powiats and gminas (GUS), shown at those map levels
    values |= set(load_gminas(paths)["name"]) | set(load_powiats(paths)["name"])
    # the ledger's history is a record written when each change was made (in Polish, like a log):
    # data, not a UI text
    from mms_core.data.ledger import read_view

    values |= {c.summary for c in read_view(paths).history} | {c.actor for c in read_view(paths).history}
    return frozenset(values)


@cache
def data_words(lang: str = "pl") -> frozenset[str]:
    return frozenset(w for value in data_values(lang) for w in WORD.findall(value))


@cache
def _data_values_with(fragment: str, lang: str) -> tuple[str, ...]:
    return tuple(v for v in data_values(lang) if fragment in v)


def _only_in_data(text: str, fragment: str, lang: str) -> bool:
    """Whether every occurrence of ``fragment`` in ``text`` lies inside a data value."""
    for hit in re.finditer(rf"(?<!\w){re.escape(fragment)}(?!\w)", text):
        if not any(m.start() <= hit.start() and hit.end() <= m.end()
                   for value in _data_values_with(fragment, lang) for m in re.finditer(re.escape(value), text)):
            return False
    return True


def _is_no_text(text: str) -> bool:
    """Icons (``:material/info:``), addresses and query strings."""
    stripped = text.strip()
    if stripped.startswith("<script>") and "__mmsUploaderTexts" in stripped:
        # the script that replaces Streamlit's own English uploader words: it holds the English
        # patterns it looks for (not shown) and our texts in the UI language (checked by a browser test)
        return True
    return stripped.startswith(":material/") or (" " not in stripped and (
        "=" in stripped or "://" in stripped or re.fullmatch(r"[\w/{},.-]+\.(geojson|csv|json|sqlite3|html|png)", stripped)))


def leaks(texts: list[str], lang: str) -> list[str]:
    """The texts of a page in ``lang`` that show the other language."""
    found = []
    fragments = foreign_fragments(lang)
    allowed_words = data_words(lang) | {w for text in _catalogue_texts(lang) for w in WORD.findall(text)}
    for text in texts:
        if text in data_values(lang) or _is_no_text(text):
            continue
        if text.lstrip().startswith(("<style>", "<script>")):  # CSS and scripts: no words shown
            continue
        # HTML: only what is between the tags is shown, never a style's or a script's text (the map frame's
        # header is tags and a stylesheet, whose comments explain it in English)
        text = re.sub(r"<(style|script)\b[^>]*>.*?</\1>", " ", text, flags=re.S)
        text = re.sub(r"<[^>]*>", " ", text)
        hits = [f for f in fragments if f in text and _contains(text, f) and not _only_in_data(text, f, lang)]
        if lang == "en":
            hits += [w for w in WORD.findall(text) if set(w) & set(POLISH_LETTERS) and w not in allowed_words]
        if hits:
            found.append(f"{hits} in {text[:160]!r}")
    return found


# ----------------------------------------------------------------------------------- tests
@pytest.fixture(scope="module")
def english():
    return render("en")


@pytest.fixture(scope="module")
def polish():
    """One view of each page is enough for the reverse check (English texts in Polish)."""
    return render("pl", list({page: (page, params) for page, params in reversed(VIEWS)}.values()))


def test_the_reference_sets_are_not_empty():
    assert "Wczytaj oficjalną listę beneficjentów" in foreign_fragments("en")
    assert "Load the official list of beneficiaries" in foreign_fragments("pl")
    assert "Dotacje" not in foreign_fragments("pl")  # not a foreign text in its own language
    assert "dolnośląskie" in data_values()


def test_the_check_finds_a_polish_text_on_an_english_page():
    assert leaks(["Plik z listą dotacji"], "en")
    assert leaks(["Zażółć gęślą jaźń"], "en")  # Polish words that no catalogue has
    assert leaks(["File with the list of grants"], "pl")
    assert not leaks(["Voivodeship dolnośląskie", "Język / Language"], "en")


def test_english_pages_show_no_polish_ui_text(english):
    problems = {view: found for view, texts in english.items() if (found := leaks(texts, "en"))}
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_polish_pages_show_no_english_ui_text(polish):
    problems = {view: found for view, texts in polish.items() if (found := leaks(texts, "pl"))}
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_every_page_was_seen_in_both_languages(english, polish):
    from pages import PAGES  # the menu's pages

    assert {view.split()[0] for view in english} == {f"pages/{spec.url_path}.py" for spec in PAGES}
    assert all(len(texts) > 20 for texts in [*english.values(), *polish.values()])
    map_texts = "\n".join(english["pages/map.py {}"])  # the folium map's texts are looked at too
    assert "Boundaries: PRG (GUGiK), public domain" in map_texts and "Chosen measure" in map_texts
    assert "Granice: PRG (GUGiK), domena publiczna" in "\n".join(polish["pages/map.py {}"])


def test_no_select_all_entry():
    """Streamlit labels the multiselect's bulk entry "Select all" in English whatever the page
    language (no parameter for its label in 1.67): it stays off."""
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert [m.proto.select_all for m in at.multiselect] == [0]


def test_conference_notes_and_operators_are_in_english_on_english_pages():
    """Issue 24, item 13: the conference notes and the operators' descriptions stayed Polish in English
    mode (the conferences table, the presentation's steps, the map's popups). Names stay as they are."""
    from mms_core.maps.folium_map import conference_features
    from mms_core.text.conference_text import conference_text

    paths = data_paths()
    conferences, operators = loaders.load_conferences(paths.conferences), loaders.load_operators(paths.operators)
    frames = {"conferences": conferences, "operators": operators}
    polish = {value for name, columns in TRANSLATED_DATA.items() for column in columns
              for value, english in zip(frames[name][column], frames[name][f"{column}_en"]) if value and english}
    assert len(polish) == 8  # 3 conference notes, 3 operators with words around their names, 2 operator notes
    shown = []
    for teryt in conferences.index:
        text = conference_text(conferences, operators, teryt, "en")
        shown += [value for _, value in text.rows("en")] + [text.date_or_unknown("en")]
    shown += _strings_of_json(conference_features(conferences, operators, "en"))
    assert not leaks(shown, "en")
    assert not [value for value in shown if any(note in value for note in polish)]
    assert not [value for value in shown if re.search(r"\b([Pp]artnerstwo|nie|nabór|podano|ustalono)\b|\d organizacji", value)]
    assert "a partnership of 6 organisations: LGD Warmiński Zakątek" in "\n".join(shown)
    # the conferences page in English: its table's notes and operators
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    open_page(at, "pages/conferences.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert "its date could not be read" in " ".join(table["Notes"])
    assert not leaks(visible_texts(at), "en")
    assert not [v for v in _strings_of_frame(table) if any(note in v for note in polish)]
