"""Which column of a beneficiary list holds which field: header detection and mapping by hand.

Real results tables word their headers in many ways ("Kwota przyznanej dotacji", "Dofinansowanie
(zł)", "Kod TERYT", "Nazwa oferenta", "Lp." …). A header is recognised

- for sure when it is one of the usual wordings in :data:`COLUMN_NAMES` (score 3);
- as a generic fit when it is a bare word such as "Kwota" or "Nazwa" (score 2);
- by likeness when it only contains the right words, e.g. "Wysokość środków" (score 1).

A *requested* amount or a cost ("Kwota wnioskowana", "Koszt całkowity", "Wkład własny") is never
taken for the granted amount, not even by hand. A choice is *doubtful* when it was made by likeness,
or generically while another column could be meant, or when two columns fit equally well: the
upload page then asks the user to choose, and the command line wants ``--column FIELD=HEADER``.
Row-number columns ("Lp.") are never any field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mms_core.facts.voivodeships import fold

#: Fields a user may map by hand (``--column FIELD=HEADER``), in the order they are shown.
MAPPABLE_FIELDS: tuple[str, ...] = ("org_name", "voivodeship", "amount_pln", "town", "priority", "org_type",
                                    "edition", "grant_id", "gmina", "powiat")
#: Fields without which no row can be read.
REQUIRED: tuple[str, ...] = ("org_name", "voivodeship", "amount_pln")

#: Polish names of the fields, for messages (the UI has its own labels in both languages).
FIELD_NAMES: dict[str, str] = {
    "org_name": "nazwa organizacji", "voivodeship": "województwo", "amount_pln": "kwota dotacji",
    "town": "miejscowość", "priority": "priorytet", "org_type": "typ organizacji", "edition": "edycja",
    "grant_id": "numer umowy", "krs": "KRS", "gmina": "gmina", "powiat": "powiat",
}

#: Usual wordings of each column (folded: lower case, no Polish letters, single spaces).
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "grant_id": ("grant_id", "nr umowy", "numer umowy", "nr wniosku", "numer wniosku", "id wniosku", "id",
                 "lp umowy", "sygnatura", "sygnatura umowy", "numer ewidencyjny", "nr ewidencyjny",
                 "numer ewidencyjny wniosku", "nr oferty", "numer oferty", "id oferty", "nr projektu",
                 "numer projektu", "nr dotacji", "numer dotacji", "nr umowy dotacji", "numer umowy dotacji"),
    "edition": ("edition", "edycja", "rok", "edycja programu", "rok naboru", "rok edycji", "edycja konkursu",
                "rok konkursu", "rok programu"),
    "priority": ("priority", "priorytet", "nr priorytetu", "numer priorytetu", "priorytet programu"),
    "org_name": ("org_name", "nazwa organizacji", "nazwa wnioskodawcy", "wnioskodawca", "organizacja",
                 "beneficjent", "nazwa beneficjenta", "nazwa podmiotu", "nazwa", "grantobiorca",
                 "nazwa grantobiorcy", "nazwa oferenta", "oferent", "pelna nazwa organizacji",
                 "nazwa organizacji pozarzadowej", "nazwa grupy nieformalnej", "nazwa organizacji / grupy"),
    "org_type": ("org_type", "typ organizacji", "forma prawna", "rodzaj organizacji", "typ wnioskodawcy",
                 "forma organizacyjna", "typ podmiotu", "rodzaj podmiotu", "forma prawna wnioskodawcy",
                 "status prawny"),
    "voivodeship": ("voivodeship_teryt", "voivodeship", "wojewodztwo", "woj", "woj.", "region",
                    "kod wojewodztwa", "teryt wojewodztwa", "kod teryt", "teryt", "kod teryt wojewodztwa",
                    "wojewodztwo siedziby", "wojewodztwo realizacji", "kod terytorialny", "teryt gminy",
                    "kod teryt gminy"),
    "town": ("town", "miejscowosc", "miejscowosc siedziby", "siedziba", "miasto", "miejscowosc realizacji",
             "miejscowosc realizacji zadania", "siedziba miejscowosc", "miejscowosc (siedziba)"),
    "amount_pln": ("amount_pln", "kwota dotacji", "kwota", "przyznana kwota", "kwota przyznana",
                   "wartosc dotacji", "dotacja", "kwota dofinansowania", "kwota grantu", "przyznana dotacja",
                   "kwota (zl)", "kwota dotacji (zl)", "kwota dotacji zl", "kwota przyznanej dotacji",
                   "przyznana kwota dotacji", "kwota przyznanego dofinansowania", "dofinansowanie",
                   "przyznane dofinansowanie", "kwota przyznana (zl)", "przyznana kwota (zl)",
                   "kwota dofinansowania (zl)", "kwota grantu (zl)", "wysokosc dotacji",
                   "wysokosc przyznanej dotacji", "kwota dotacji przyznanej", "wartosc grantu",
                   "kwota umowy"),
    "krs": ("krs", "nr krs", "numer krs"),
    # the gmina and powiat of the town (names or TERYT codes): they tell apart places of one name
    "gmina": ("gmina", "nazwa gminy", "gmina siedziby", "gmina realizacji", "gmina (siedziba)", "gmina_teryt",
              "kod gminy", "kod gminy (teryt)", "gmina code (teryt)"),
    "powiat": ("powiat", "nazwa powiatu", "powiat siedziby", "powiat realizacji", "kod powiatu"),
}

#: Wordings that fit but say less than the others (a bare "Kwota", a code instead of a name): second
#: choice, and doubtful when another column could be meant.
GENERIC_NAMES: frozenset[str] = frozenset({"kwota", "kwota (zl)", "nazwa", "id", "rok", "region", "woj", "woj.",
                                           "dotacja", "organizacja", "siedziba", "miasto", "sygnatura", "teryt",
                                           "kod teryt", "kod terytorialny", "kod wojewodztwa", "teryt wojewodztwa",
                                           "kod teryt wojewodztwa", "teryt gminy", "kod teryt gminy"})

#: Row-number columns: never any field.
ROW_NUMBER_NAMES: frozenset[str] = frozenset({"lp", "lp.", "l.p.", "l.p", "l. p.", "nr", "nr.", "no", "no.", "#"})

#: Words that make an amount column a requested amount or a cost — never the granted amount.
NOT_GRANTED_WORDS: tuple[str, ...] = ("wnioskowan", "koszt", "wklad", "wlasn", "calkowit", "ogolem", "budzet",
                                      "planowan", "wartosc projektu", "wartosc zadania", "wartosc inicjatywy",
                                      "maksymaln", "pozostal", "brakuj")
#: Words that make an amount column doubtful: maybe, maybe not the amount granted.
DOUBTFUL_AMOUNT_WORDS: tuple[str, ...] = ("rekomend", "propon", "rozliczon", "wyplacon", "zaakceptowan")

_AMOUNT_WORDS = ("kwot", "wysokosc", "dofinansowan", "dotacj", "przyznan", "wartosc")
_ID_WORDS = {"nr", "numer", "id", "identyfikator", "sygnatura", "lp"}
#: Words that make a header anything but an amount of money ("Data przyznania", "Dofinansowanie (%)").
_NOT_MONEY_WORDS = {"data", "termin", "okres", "liczba", "procent", "status", "rodzaj", "typ", "zrodlo", "cel"}


def normalise_header(value: object) -> str:
    """A header folded for comparison: lower case, no Polish letters, single spaces, no ``:``/``*``."""
    text = fold(value if value is not None else "")
    return re.sub(r"[\s_]+", " ", text).strip(" :*")


_NORMALISED_NAMES = {f: frozenset(normalise_header(n) for n in names) for f, names in COLUMN_NAMES.items()}


def _words(header: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", header))


def is_requested_amount(header: str) -> bool:
    """True for a requested amount or a cost ("Kwota wnioskowana", "Koszt całkowity zadania")."""
    return any(w in header for w in _AMOUNT_WORDS + ("koszt", "wklad")) and any(w in header for w in NOT_GRANTED_WORDS)


def _loose(header: str) -> set[str]:
    """Fields a header is like, by the words it contains (score 1)."""
    words = _words(header)
    fields: set[str] = set()
    id_like = bool(words & _ID_WORDS)
    if any(w in header for w in _AMOUNT_WORDS) and not id_like and "nazw" not in header and "%" not in header \
            and not words & _NOT_MONEY_WORDS and not is_requested_amount(header):
        fields.add("amount_pln")
    if "wojewodztw" in header or "woj" in words or "teryt" in header or "terytorialn" in header:
        fields.add("voivodeship")
    who = ("organizac", "wnioskodaw", "beneficjent", "podmiot", "oferent", "grantobiorc", "nieformaln",
           "stowarzysz", "realizator")
    not_a_name = ("zadani", "projekt", "tytul", "inicjatyw", "typ", "forma", "rodzaj", "adres", "siedzib",
                  "miejscow", "wojew", "krs", "nip", "regon", "status", "docelow", "odbiorc", "uczestni", "liczba",
                  "kwot", "telefon", "mail")
    if any(w in header for w in who) and not id_like and not any(w in header for w in not_a_name):
        fields.add("org_name")
    if "miejscowosc" in header or "miasto" in words or "siedziba" in words:
        fields.add("town")
    if "priorytet" in header:
        fields.add("priority")
    if "edycj" in header or ("rok" in words and any(w in header for w in ("nabor", "konkurs", "program"))):
        fields.add("edition")
    if "forma prawna" in header or "status prawny" in header or (
            words & {"typ", "rodzaj"} and any(w in header for w in ("organizac", "podmiot", "wnioskodaw", "oferent"))):
        fields.add("org_type")
    if id_like and "lp" not in words and any(w in header for w in ("umow", "wniosk", "ofert", "ewidencyjn", "projekt",
                                                                     "dotacj", "grant", "zadani")):
        fields.add("grant_id")
    if "krs" in words:
        fields.add("krs")
    return fields


_UNIT = re.compile(r"\s*[(\[]?\s*(w\s+)?(zl|pln)\s*[)\]]?\.?$")


def header_scores(header: str) -> dict[str, int]:
    """Field → how well a (normalised) header fits it: 3 sure, 2 generic, 1 by likeness."""
    if not header or header in ROW_NUMBER_NAMES:
        return {}
    scores = {f: 1 for f in _loose(header)}
    bare = _UNIT.sub("", header)  # "kwota przyznanej dotacji (zl)" → "kwota przyznanej dotacji"
    for field_name, names in _NORMALISED_NAMES.items():
        if header in names or bare in names:
            scores[field_name] = 2 if header in GENERIC_NAMES or bare in GENERIC_NAMES else 3
    if "amount_pln" in scores and is_requested_amount(header):
        del scores["amount_pln"]
    return scores


@dataclass
class Detection:
    """The columns found in one header row."""

    columns: dict[str, int] = field(default_factory=dict)  # field → index of its column
    scores: dict[str, int] = field(default_factory=dict)  # field → score of the chosen column (4: by hand)
    doubts: dict[str, str] = field(default_factory=dict)  # field → Polish reason to check the choice
    requested: list[int] = field(default_factory=list)  # columns of a requested amount or a cost (never used)

    @property
    def rank(self) -> tuple[int, int, int]:
        """How good a header row this is: required fields found, fields found, total score."""
        return (sum(f in self.columns for f in REQUIRED), len(self.columns), sum(self.scores.values()))


def _quote(headers: Sequence[str], indexes: Sequence[int]) -> str:
    return ", ".join(f"„{headers[i]}”" for i in indexes)


def detect(headers: Sequence[object], by_hand: Mapping[str, int] | None = None) -> Detection:
    """Fields of one header row. ``by_hand`` (field → column index) is taken as given; the other
    fields are matched strongest first, each column to one field."""
    texts = ["" if h is None else str(h).strip() for h in headers]
    normalised = [normalise_header(h) for h in texts]
    found = Detection()
    for field_name, index in (by_hand or {}).items():
        found.columns[field_name] = index
        found.scores[field_name] = 4
    taken = set(found.columns.values())
    candidates = []
    for index, header in enumerate(normalised):
        if index in taken:
            continue
        if is_requested_amount(header):
            found.requested.append(index)
        for field_name, score in header_scores(header).items():
            candidates.append((score, field_name, index))
    candidates.sort(key=lambda c: (-c[0], c[2]))
    for score, field_name, index in candidates:
        if field_name in found.columns or index in taken:
            continue
        found.columns[field_name] = index
        found.scores[field_name] = score
        taken.add(index)
    for field_name, index in found.columns.items():
        score = found.scores[field_name]
        if score == 4:
            continue
        rivals = [i for s, f, i in candidates if f == field_name and i != index]
        if field_name == "amount_pln":
            rivals += found.requested
            if any(w in normalised[index] for w in DOUBTFUL_AMOUNT_WORDS):
                found.doubts[field_name] = (f"kolumna „{texts[index]}” może nie być kwotą przyznaną – sprawdź")
                continue
        equal = [i for s, f, i in candidates if f == field_name and i != index and s == score]
        if equal:
            found.doubts[field_name] = f"pasuje kilka kolumn: {_quote(texts, [index, *equal])}"
        elif score == 1:
            found.doubts[field_name] = f"kolumnę „{texts[index]}” rozpoznano tylko po podobieństwie nazwy"
        elif score == 2 and rivals:
            found.doubts[field_name] = (f"wybrano ogólnie nazwaną kolumnę „{texts[index]}”, a w pliku są też "
                                        f"{_quote(texts, rivals)}")
    return found


def match_columns(headers: Sequence[object]) -> dict[str, int]:
    """Field → index of its column, by the usual wordings (no doubts, nothing by hand)."""
    return detect(headers).columns


class ColumnChoiceError(ValueError):
    """A column named by hand is not in the file, or may not be used; ``message`` is Polish."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def resolve_by_hand(row: Sequence[object], wanted: Mapping[str, str | int]) -> dict[str, int] | None:
    """Column indexes in ``row`` of the columns chosen by hand (header text or 0-based index);
    ``None`` when a named header is not in this row."""
    normalised = [normalise_header(c) for c in row]
    indexes: dict[str, int] = {}
    for field_name, choice in wanted.items():
        if isinstance(choice, int):
            if not 0 <= choice < len(row):
                return None
            indexes[field_name] = choice
            continue
        target = normalise_header(choice)
        if target not in normalised:
            return None
        indexes[field_name] = normalised.index(target)
    return indexes


def check_by_hand(wanted: Mapping[str, str | int]) -> None:
    """Refuse unknown fields and one column given for two fields."""
    for field_name in wanted:
        if field_name not in MAPPABLE_FIELDS:
            raise ColumnChoiceError(f"Nieznane pole „{field_name}”; dozwolone: {', '.join(MAPPABLE_FIELDS)}.")
    seen: dict[object, str] = {}
    for field_name, choice in wanted.items():
        key = choice if isinstance(choice, int) else normalise_header(choice)
        if key in seen:
            raise ColumnChoiceError(f"Ta sama kolumna „{choice}” wskazana dla pól {seen[key]} i {field_name}.")
        seen[key] = field_name


def locate_header(rows: Sequence[Sequence[object]], wanted: Mapping[str, str | int] | None = None,
                  search_rows: int = 30) -> tuple[int, Detection]:
    """The header row among the first ``search_rows`` (title rows above it are skipped) and its
    columns; ``(-1, Detection())`` when no row fits. Columns chosen by hand must all be in it."""
    wanted = dict(wanted or {})
    best: tuple[int, Detection] = (-1, Detection())
    for index, row in enumerate(rows[:search_rows]):
        cells = ["" if c is None else str(c) for c in row]
        if sum(bool(c.strip()) for c in cells) < 2:
            continue  # a title row or a blank one
        by_hand = resolve_by_hand(cells, wanted) if wanted else {}
        if by_hand is None:
            continue
        found = detect(cells, by_hand)
        if found.columns and found.rank > best[1].rank:
            best = (index, found)
    if wanted and best[0] < 0:
        names = ", ".join(f"„{v}” ({k})" for k, v in wanted.items() if not isinstance(v, int))
        raise ColumnChoiceError(f"Nie znaleziono w nagłówku pliku kolumn wskazanych ręcznie: {names}.")
    if best[0] >= 0:
        cells = ["" if c is None else str(c).strip() for c in rows[best[0]]]
        for field_name, index in best[1].columns.items():
            if field_name == "amount_pln" and best[1].scores[field_name] == 4 and \
                    is_requested_amount(normalise_header(cells[index])):
                raise ColumnChoiceError(f"Kolumna „{cells[index]}” to kwota wnioskowana albo koszt, nie kwota "
                                        "przyznana – nie można jej użyć jako kwoty dotacji.")
    return best


def likely_header_row(rows: Sequence[Sequence[object]], search_rows: int = 30) -> int:
    """Where the header probably is when no column was recognised: the first of the rows with the
    most non-empty cells among the first ``search_rows``; -1 for an empty file."""
    best, best_count = -1, 1
    for index, row in enumerate(rows[:search_rows]):
        count = sum(bool(str(c).strip()) for c in row if c is not None)
        if count > best_count:
            best, best_count = index, count
    return best


def parse_column_option(text: str) -> tuple[str, str]:
    """``FIELD=HEADER`` of the command line → (field, header); raises :class:`ColumnChoiceError`."""
    field_name, sep, header = text.partition("=")
    field_name, header = field_name.strip(), header.strip()
    if not sep or not header:
        raise ColumnChoiceError(f"„{text}”: podaj POLE=NAGŁÓWEK, np. amount_pln=\"Kwota przyznana\".")
    if field_name not in MAPPABLE_FIELDS:
        raise ColumnChoiceError(f"Nieznane pole „{field_name}”; dozwolone: {', '.join(MAPPABLE_FIELDS)}.")
    return field_name, header
