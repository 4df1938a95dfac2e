"""User-facing texts in Polish (default) and English, from gettext catalogues.

The catalogues are ``mms_core/locale/{pl,en}/LC_MESSAGES/messages.po``, read with Babel the
first time a text is asked for (no build step). Their msgids are symbolic keys
(``app_title``); the msgstr is a :meth:`str.format` template (``{name}`` placeholders).

* ``t(key, lang, **values)`` — a text;
* ``tn(key, n, lang, **values)`` — a text about ``n`` things, in the plural form that ``n``
  takes in ``lang`` (the catalogue's ``Plural-Forms``: Polish 1 dotacja, 2–4 dotacje,
  5–21 dotacji, 22–24 dotacje; English 1 grant, 2 grants). ``{n}`` in the text is ``n``
  written the Polish way (``2 000``) unless ``n=`` is given.

A key missing in English falls back to Polish; a key missing in Polish is a bug
(``KeyError``), caught by ``tests/text/test_i18n.py``. Voivodeship names, organisation
names, towns and venues are data, not texts: they stay as the data files have them.

How to add a text: docs/architecture.md, "Texts and translations".
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from babel.messages.pofile import read_po

from mms_core.text.numbers import format_count

LANGUAGES: tuple[str, ...] = ("pl", "en")
DEFAULT_LANGUAGE = "pl"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
#: The msgid_plural of plural message ``key`` is ``key + PLURAL_SUFFIX``.
PLURAL_SUFFIX = ".plural"


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Catalogue:
    """One language's texts: single texts, plural texts (one per form) and the plural rule."""

    lang: str
    texts: Mapping[str, str]
    plurals: Mapping[str, tuple[str, ...]]
    num_plurals: int
    plural_expr: str
    plural_form: Callable[[int], int]


@cache
def catalogue(lang: str) -> Catalogue:
    """The catalogue of ``lang``, read once per process. Fuzzy entries count as missing."""
    with catalogue_path(lang).open("rb") as file:
        catalog = read_po(file, locale=lang, abort_invalid=True)
    texts, plurals = {}, {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            plurals[message.id[0]] = tuple(message.string)
        else:
            texts[message.id] = message.string
    return Catalogue(lang=lang, texts=MappingProxyType(texts), plurals=MappingProxyType(plurals), num_plurals=catalog.num_plurals,
                     plural_expr=catalog.plural_expr, plural_form=gettext.c2py(catalog.plural_expr))


def _catalogue_of(lang: str) -> Catalogue:
    return catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text ``key`` in ``lang`` (falls back to Polish), formatted with ``values``."""
    text = _catalogue_of(lang).texts.get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).texts[key]
    return text.format(**values) if values else text


def tn(key: str, n: int, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The plural text ``key`` for ``n`` things in ``lang``, formatted with ``values`` and
    ``{n}`` (``n`` written the Polish way unless ``values`` has ``n``)."""
    chosen = _catalogue_of(lang)
    forms = chosen.plurals.get(key)
    if forms is None:
        chosen = catalogue(DEFAULT_LANGUAGE)
        forms = chosen.plurals[key]
    values.setdefault("n", format_count(n))
    return forms[chosen.plural_form(abs(int(n)))].format(**values)


def has_text(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    """Whether the catalogue of ``lang`` has the single text ``key``."""
    return key in _catalogue_of(lang).texts


class _Texts(Mapping[str, Mapping[str, str]]):
    """``TEXTS[lang][key]``: a read-only view of the single texts of each catalogue, for code
    that asks whether a key exists. Texts are added in the ``.po`` files, never here."""

    def __getitem__(self, lang: str) -> Mapping[str, str]:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return catalogue(lang).texts

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


TEXTS: Mapping[str, Mapping[str, str]] = _Texts()
