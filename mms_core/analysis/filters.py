"""The shared filters and their URL form.

URL form (codes, ``all`` for no filter)::

    ?edition=2025&org_type=kgw,osp&priority=P1&metric=amount_per_capita&scheme=quantiles&classes=5&scale=auto

``scale=fixed`` takes the class breaks from every edition pooled, so that maps of two
editions use one colour scale and can be compared honestly.

:func:`parse_query_params` never fails: an invalid value falls back to the default and
is reported (:class:`ParamProblem`, worded in the UI language), so a mistyped link still
opens a sensible view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from mms_core.analysis.measures import DEFAULT_METRIC, METRICS
from mms_core.analysis.param import Param, choice, single
from mms_core.facts.levels import LEVELS
from mms_core.facts.vocab import ALL, ORG_TYPES, PRIORITIES

METRIC_CODES: tuple[str, ...] = tuple(m.code for m in METRICS)
SCHEMES: tuple[str, ...] = ("quantiles", "equal_interval", "natural_breaks")
MIN_CLASSES, MAX_CLASSES = 3, 7
SCALES: tuple[str, ...] = ("auto", "fixed")
#: The map levels (``?level=``, a parameter of the map page, not a shared filter).
LEVEL_CODES: tuple[str, ...] = tuple(level.code for level in LEVELS)


def _check_edition(edition) -> None:
    """An edition is a number (the year) or None (every edition); its text is the address's alone."""
    if edition is not None and (isinstance(edition, bool) or not isinstance(edition, int)):
        raise TypeError(f"an edition is a number or None, not {edition!r}")


def edition_text(edition: int | None) -> str:
    """An edition as the address and file names write it: ``2025``, or ``all``."""
    return ALL if edition is None else str(edition)


@dataclass(frozen=True)
class Selection:
    """Which grants count: edition, organisation types (empty: all) and priority.

    This is what a summary depends on, and the key of its cache. ``edition``: the year, or None for
    every edition (``all`` only in the address)."""

    edition: int | None = None
    org_types: tuple[str, ...] = field(default_factory=tuple)
    priority: str = ALL

    def __post_init__(self):
        _check_edition(self.edition)


@dataclass(frozen=True)
class MapStyle:
    """How the map is coloured: the measure, the classification scheme, the number of classes
    and the colour scale (``fixed``: one scale for all editions). Never changes a number."""

    metric: str = DEFAULT_METRIC
    scheme: str = "quantiles"
    classes: int = 5
    scale: str = "auto"


@dataclass(frozen=True)
class Filters:
    """What the user chose: a :class:`Selection` and a :class:`MapStyle` (the URL keeps them
    flat). ``org_types`` empty means all types; ``edition`` None means every edition."""

    edition: int | None = None
    org_types: tuple[str, ...] = field(default_factory=tuple)
    priority: str = ALL
    metric: str = DEFAULT_METRIC
    scheme: str = "quantiles"
    classes: int = 5
    scale: str = "auto"

    def __post_init__(self):
        _check_edition(self.edition)

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)

    @property
    def selection(self) -> Selection:
        return Selection(self.edition, self.org_types, self.priority)

    @property
    def style(self) -> MapStyle:
        return MapStyle(self.metric, self.scheme, self.classes, self.scale)


@dataclass(frozen=True)
class ParamProblem:
    """A URL parameter whose value was not understood (the default was used instead)."""

    name: str
    value: str

    def text(self, lang: str = "pl", escape: Callable[[str], str] = str) -> str:
        """The sentence in ``lang``, as :meth:`mms_core.analysis.param.Param.warning_text` words it: pass
        ``escape`` (e.g. :func:`mms_core.text.escaping.safe_markdown`) wherever it becomes markdown."""
        return Param(self.name).warning_text(self.value, lang, escape)


def latest_edition(editions: Iterable[int]) -> int | None:
    """The latest edition, or None (every edition) when there is none."""
    return max((int(e) for e in editions), default=None)


def _edition(value: str) -> int | None:
    """``all`` (None) or an edition's year as digits (whether the data have it is checked by the parser)."""
    if value == ALL:
        return None
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise ValueError(value)
    return int(value)


def _org_types(value: str) -> tuple[str, ...]:
    """``all`` (no filter: empty) or codes separated by commas, in the vocabulary's order."""
    if value == ALL:
        return ()
    codes = [c.strip() for c in value.split(",") if c.strip()]
    if not codes or any(c not in ORG_TYPES for c in codes):
        raise ValueError(value)
    return tuple(c for c in ORG_TYPES if c in codes)


def _classes(value: str) -> int:
    if value not in {str(k) for k in range(MIN_CLASSES, MAX_CLASSES + 1)}:
        raise ValueError(value)
    return int(value)


#: The shared filters' parameters, declared once, each with the :class:`Filters` field it fills
#: (``edition``'s default is the latest edition in the data, given to the parser).
FILTER_PARAMS: tuple[tuple[Param, str], ...] = (
    (Param("edition", _edition, edition_text, None), "edition"),
    (Param("org_type", _org_types, lambda v: ",".join(v) if v else ALL, ()), "org_types"),
    (Param("priority", choice((ALL, *PRIORITIES)), str, ALL), "priority"),
    (Param("metric", choice(METRIC_CODES), str, DEFAULT_METRIC), "metric"),
    (Param("scheme", choice(SCHEMES), str, "quantiles"), "scheme"),
    (Param("classes", _classes, str, 5), "classes"),
    (Param("scale", choice(SCALES), str, "auto"), "scale"),
)


def parse_query_params(params: Mapping[str, str | list[str]], editions: Iterable[int | str]
                       ) -> tuple[Filters, list[ParamProblem]]:
    """Filters from URL parameters; returns ``(filters, problems)``.

    ``editions`` are the editions present in the data; other values are rejected. Without an
    ``edition`` parameter (or with an invalid one) the view opens on the latest edition, the
    one officials ask about; ``edition=all`` sums every edition.
    """
    problems: list[ParamProblem] = []
    known = {None, *(int(e) for e in editions)}
    chosen: dict[str, object] = {"edition": latest_edition(known - {None})}
    for param, field_name in FILTER_PARAMS:
        value = single(params.get(param.name))
        if value is None:
            continue
        try:
            parsed = param.parse(value)
            if param.name == "edition" and parsed not in known:
                raise ValueError(value)
        except ValueError:
            problems.append(ParamProblem(param.name, value))
            continue
        chosen[field_name] = parsed
    return Filters().with_(**chosen), problems


def to_query_params(filters: Filters) -> dict[str, str]:
    """The URL parameters that reproduce ``filters`` (all of them, explicitly)."""
    return {param.name: param.format(getattr(filters, field_name)) for param, field_name in FILTER_PARAMS}
