"""Escaping of untrusted text (organisation names, towns, venues) for HTML and JS.

folium puts tooltip and popup text inside JavaScript template literals and
``innerHTML``; a backtick or ``${...}`` in a name would run as code, and ``<img onerror>``
as HTML. Every data string that reaches the map or any HTML goes through :func:`safe_text`.
"""

from __future__ import annotations

import html


def safe_text(value: object) -> str:
    """Escape ``value`` for HTML and for JavaScript template literals.

    ``<``, ``>``, ``&``, quotes → HTML entities; backtick → ``&#96;``; ``$`` → ``&#36;``
    (so ``${`` can never open a template expression). ``None`` becomes an empty string.
    """
    if value is None:
        return ""
    return html.escape(str(value), quote=True).replace("`", "&#96;").replace("$", "&#36;")


_MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|~<>$"


def safe_markdown(value: object) -> str:
    """Escape ``value`` for Streamlit markdown: every markdown character gets a backslash,
    so a name like ``[kliknij](http://…)`` or ``**x**`` shows as typed, and HTML stays text."""
    if value is None:
        return ""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in str(value))
