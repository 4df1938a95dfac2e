"""What is known about the programme's budgets, each figure with its source (``mms_data/README.md``).

The next edition's budget is **not** an official figure: one speaker said "half" of the first edition's
70 mln zł, a news report spoke of a larger budget. The planner starts from the "half" as an assumption and
says so on screen, with both sources.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BudgetFact:
    amount_pln: int  # zł
    quote: str  # what was said or published, verbatim (Polish)
    source_url: str
    official: bool
    quote_en: str = ""  # the quote in English (our translation), for the English interface


#: Edition 2025: 70 mln zł (the programme's published budget).
BUDGET_2025 = BudgetFact(
    70_000_000, "70 mln zł (Rządowy Program Wsparcia Organizacji Pozarządowych na rok 2025 „Moc Małych Społeczności”)",
    "https://samorzad.infor.pl/wiadomosci/6839690,dofinansowania-min-dla-osp-kol-gospodyn-wiejskich-oraz-klubow-sport.html",
    official=True)

#: The next edition, as said at the conference in Ostrowiec Świętokrzyski: half of the 2025 budget.
NEXT_EDITION_ASSUMPTION = BudgetFact(
    BUDGET_2025.amount_pln // 2,
    "„Nie będzie 70 milionów, jak w pierwszej edycji, będzie połowa tych pieniędzy” (A. Porowska, "
    "konferencja w Ostrowcu Świętokrzyskim)",
    "https://niw.gov.pl/?p=67330&post_type=post",
    official=False,
    quote_en="\"There will not be 70 million, as in the first edition; there will be half of that money\" (A. Porowska "
             "at the conference in Ostrowiec Świętokrzyski; our translation)")

#: The report that contradicts it ("z większym budżetem").
NEXT_EDITION_CONFLICT = BudgetFact(
    0, "„z większym budżetem” – zapowiedź kontynuacji programu (roztocze.net, Świdnik)",
    "https://roztocze.net/pl/983_lubelskie-i-podkarpackie/368025_moc-malych-spolecznosci-na-lubelszczyznie.html",
    official=False)
