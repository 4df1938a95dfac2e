"""One parameter of the dashboard's address, and the small readers its declarations share.

A parameter is declared once (:class:`Param`): its name, how its text is read and written back, its default
and the sentence said for a value not understood. :mod:`mms_core.analysis.address` lists every one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from mms_core.text.escaping import visible
from mms_core.text.i18n import t


@dataclass(frozen=True)
class Param:
    """One address parameter: ``parse`` turns its text into a value (ValueError: not understood),
    ``format`` the value back into text; ``default`` when it is absent or not understood (and the value
    left out of the address); ``warning`` the catalogue key of the sentence for a value not understood
    (``{value}``; ``bad_param`` also names the parameter)."""

    name: str
    parse: Callable[[str], Any] = str
    format: Callable[[Any], str] = str
    default: Any = None
    warning: str = "bad_param"

    def understood(self, text: str) -> bool:
        try:
            self.parse(text)
        except (ValueError, ArithmeticError):
            return False
        return True

    def warning_text(self, value: str, lang: str = "pl", escape: Callable[[str], str] = str, **extra) -> str:
        """The sentence for ``value`` not understood, in ``lang``. The value is shown with its hidden
        characters made visible and cut to 80 characters; ``escape`` it wherever it becomes markdown."""
        return t(self.warning, lang, name=escape(visible(self.name, 40)), value=escape(visible(value)), **extra)


def choice(allowed: Iterable[str]) -> Callable[[str], str]:
    """A reader accepting only the texts ``allowed``."""
    allowed = tuple(allowed)

    def parse(value: str) -> str:
        if value not in allowed:
            raise ValueError(value)
        return value
    return parse


def single(value: str | list[str] | None) -> str | None:
    """The value of a parameter given once or more (the last one counts)."""
    if isinstance(value, list):
        return value[-1] if value else None
    return value
