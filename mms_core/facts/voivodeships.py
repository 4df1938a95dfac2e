"""The 16 Polish voivodeships: the one list every other module uses.

Codes:
- ``teryt``: the two-digit TERYT code of GUS (02 … 32), the key used everywhere.
- ``hasc``: the HASC code (``PL.DS``) that Natural Earth uses; its letters are also the
  pre-2018 ISO 3166-2:PL codes (``PL-DS``).
- ``geonames_admin1``: the GeoNames admin1 code (``72`` … ``87``), used to place
  gazetteer towns in a voivodeship.

Sources: TERYT codes and Polish names — GUS (via ``mms_data/population_2024.csv``);
HASC and GeoNames codes — Natural Earth admin-1 properties ``code_hasc``/``gn_a1_code``
(kept for reading Natural Earth-keyed files; the boundaries now come from PRG, see ``geodata/README.md``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Voivodeship:
    teryt: str
    name: str  # Polish name, lower case as GUS writes it
    hasc: str
    geonames_admin1: str

    @property
    def iso(self) -> str:
        """ISO 3166-2 code in the numeric form used since 2018 (``PL-02``)."""
        return f"PL-{self.teryt}"

    @property
    def iso_letters(self) -> str:
        """ISO 3166-2 code in the letter form used before 2018 (``PL-DS``)."""
        return "PL-" + self.hasc.split(".")[1]


VOIVODESHIPS: tuple[Voivodeship, ...] = (
    Voivodeship("02", "dolnośląskie", "PL.DS", "72"),
    Voivodeship("04", "kujawsko-pomorskie", "PL.KP", "73"),
    Voivodeship("06", "lubelskie", "PL.LU", "75"),
    Voivodeship("08", "lubuskie", "PL.LB", "76"),
    Voivodeship("10", "łódzkie", "PL.LD", "74"),
    Voivodeship("12", "małopolskie", "PL.MA", "77"),
    Voivodeship("14", "mazowieckie", "PL.MZ", "78"),
    Voivodeship("16", "opolskie", "PL.OP", "79"),
    Voivodeship("18", "podkarpackie", "PL.PK", "80"),
    Voivodeship("20", "podlaskie", "PL.PD", "81"),
    Voivodeship("22", "pomorskie", "PL.PM", "82"),
    Voivodeship("24", "śląskie", "PL.SL", "83"),
    Voivodeship("26", "świętokrzyskie", "PL.SK", "84"),
    Voivodeship("28", "warmińsko-mazurskie", "PL.WN", "85"),
    Voivodeship("30", "wielkopolskie", "PL.WP", "86"),
    Voivodeship("32", "zachodniopomorskie", "PL.ZP", "87"),
)

TERYT_CODES: tuple[str, ...] = tuple(v.teryt for v in VOIVODESHIPS)
BY_TERYT: dict[str, Voivodeship] = {v.teryt: v for v in VOIVODESHIPS}
BY_HASC: dict[str, Voivodeship] = {v.hasc: v for v in VOIVODESHIPS}
BY_GEONAMES: dict[str, Voivodeship] = {v.geonames_admin1: v for v in VOIVODESHIPS}


def name_of(teryt: str) -> str:
    """Polish name of a voivodeship by its TERYT code."""
    return BY_TERYT[teryt].name


def fold(text: str) -> str:
    """Lower-case ``text`` and drop Polish diacritics (``Śląskie`` → ``slaskie``)."""
    text = str(text).strip().lower().replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_BY_FOLDED_NAME = {fold(v.name): v for v in VOIVODESHIPS}


def find_voivodeship(value: object) -> Voivodeship | None:
    """Recognise a voivodeship written as a name, TERYT or ISO code; ``None`` if unknown.

    Accepts ``Śląskie``, ``slaskie``, ``woj. śląskie``, ``województwo śląskie``,
    ``24``, ``PL-24``, ``PL-SL``, and a 7-digit TERYT code of the voivodeship or of any of its
    gminas (``2400000``, ``0612011``: the first two digits).
    """
    if value is None:
        return None
    text = fold(value)
    for prefix in ("wojewodztwo ", "woj. ", "woj "):
        if text.startswith(prefix):
            text = text[len(prefix):].strip()
    if text in _BY_FOLDED_NAME:
        return _BY_FOLDED_NAME[text]
    upper = text.upper()
    if upper.startswith("PL-") or upper.startswith("PL."):
        code = upper[3:]
        if code.isdigit():
            return BY_TERYT.get(code.zfill(2))
        return BY_HASC.get("PL." + code)
    digits = text.replace(" ", "")
    if digits.endswith(".0"):
        digits = digits[:-2]
    if digits.isdigit():
        if len(digits) == 7:
            digits = digits[:2]
        if len(digits) <= 2:
            return BY_TERYT.get(digits.zfill(2))
    return None
