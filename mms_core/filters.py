"""The shared filters and their URL form.

URL form (codes, ``all`` for no filter)::

    ?edition=2025&org_type=kgw,osp&priority=P1&metric=amount_per_capita&scheme=quantiles&classes=5&scale=auto

``scale=fixed`` takes the class breaks from every edition pooled, so that maps of two
editions use one colour scale and can be compared honestly.

:func:`parse_query_params` never fails: an invalid value falls back to the default and
is reported in Polish, so a mistyped link still opens a sensible view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from .metric_defs import DEFAULT_METRIC, METRICS
from .vocab import ALL, ORG_TYPES, PRIORITIES

METRIC_CODES: tuple[str, ...] = tuple(m.code for m in METRICS)
SCHEMES: tuple[str, ...] = ("quantiles", "equal_interval", "natural_breaks")
MIN_CLASSES, MAX_CLASSES = 3, 7
SCALES: tuple[str, ...] = ("auto", "fixed")


@dataclass(frozen=True)
class Filters:
    """What the user chose. ``org_types`` empty means all types."""

    edition: str = ALL
    org_types: tuple[str, ...] = field(default_factory=tuple)
    priority: str = ALL
    metric: str = DEFAULT_METRIC
    scheme: str = "quantiles"
    classes: int = 5
    scale: str = "auto"

    def with_(self, **changes) -> "Filters":
        return replace(self, **changes)


def _single(value: str | list[str] | None) -> str | None:
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def parse_query_params(params: Mapping[str, str | list[str]], editions: Iterable[int | str]
                       ) -> tuple[Filters, list[str]]:
    """Filters from URL parameters; returns ``(filters, problems)`` with Polish problem texts.

    ``editions`` are the editions present in the data; other values are rejected.
    """
    problems: list[str] = []
    default = Filters()
    chosen: dict[str, object] = {}
    edition_codes = {str(e) for e in editions}

    def bad(name: str, value: str) -> None:
        problems.append(f"Nieprawidłowa wartość parametru „{name}”: „{value}” – użyto wartości domyślnej.")

    edition = _single(params.get("edition"))
    if edition is not None:
        if edition == ALL or edition in edition_codes:
            chosen["edition"] = edition
        else:
            bad("edition", edition)

    org_type = _single(params.get("org_type"))
    if org_type is not None and org_type != ALL:
        codes = [c.strip() for c in org_type.split(",") if c.strip()]
        unknown = [c for c in codes if c not in ORG_TYPES]
        if unknown or not codes:
            bad("org_type", org_type)
        else:
            chosen["org_types"] = tuple(c for c in ORG_TYPES if c in codes)

    priority = _single(params.get("priority"))
    if priority is not None:
        if priority == ALL or priority in PRIORITIES:
            chosen["priority"] = priority
        else:
            bad("priority", priority)

    metric = _single(params.get("metric"))
    if metric is not None:
        if metric in METRIC_CODES:
            chosen["metric"] = metric
        else:
            bad("metric", metric)

    scheme = _single(params.get("scheme"))
    if scheme is not None:
        if scheme in SCHEMES:
            chosen["scheme"] = scheme
        else:
            bad("scheme", scheme)

    classes = _single(params.get("classes"))
    if classes is not None:
        if classes.isdigit() and MIN_CLASSES <= int(classes) <= MAX_CLASSES:
            chosen["classes"] = int(classes)
        else:
            bad("classes", classes)

    scale = _single(params.get("scale"))
    if scale is not None:
        if scale in SCALES:
            chosen["scale"] = scale
        else:
            bad("scale", scale)

    return default.with_(**chosen), problems


def to_query_params(filters: Filters) -> dict[str, str]:
    """The URL parameters that reproduce ``filters`` (all of them, explicitly)."""
    return {
        "edition": filters.edition,
        "org_type": ",".join(filters.org_types) if filters.org_types else ALL,
        "priority": filters.priority,
        "metric": filters.metric,
        "scheme": filters.scheme,
        "classes": str(filters.classes),
        "scale": filters.scale,
    }
