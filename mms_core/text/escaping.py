"""Escaping of untrusted text (organisation names, towns, venues, values from the address).

folium puts tooltip and popup text inside JavaScript template literals and
``innerHTML``; a backtick or ``${...}`` in a name would run as code, and ``<img onerror>``
as HTML. Every data string that reaches the map or any HTML goes through :func:`safe_text`.
Every untrusted string shown through Streamlit's markdown (warnings, banners) goes through
:func:`safe_markdown`; a value that may hold control or invisible characters (anything from
the address or from an imported file) first goes through :func:`visible`.
"""

from __future__ import annotations

import html
import re
import string
import unicodedata


def safe_text(value: object) -> str:
    """Escape ``value`` for HTML and for JavaScript template literals.

    ``<``, ``>``, ``&``, quotes → HTML entities; backtick → ``&#96;``; ``$`` → ``&#36;``
    (so ``${`` can never open a template expression). ``None`` becomes an empty string.
    """
    if value is None:
        return ""
    return html.escape(str(value), quote=True).replace("`", "&#96;").replace("$", "&#36;")



def safe_html_line(value: object) -> str:
    """:func:`safe_text`, and its line breaks as character references: for HTML that ``st.markdown`` shows
    (``unsafe_allow_html``), where a blank line in a value would end the HTML block and let markdown read
    the rest; the browser shows the references as the same white space."""
    return safe_text(value).replace("\r", "&#13;").replace("\n", "&#10;")

#: Every ASCII punctuation character may be backslash-escaped in CommonMark, and an escaped
#: one is always shown as itself: so escaping all of them leaves no Markdown syntax at all —
#: no link, image, emphasis, heading, table, math (``$``), Streamlit colour or icon (``:red[…]``,
#: ``:material/…:``), HTML tag or entity, and no bare-URL autolink (``http\:\/\/…``, ``www\.…``).
_MARKDOWN_SPECIAL = frozenset(string.punctuation)


#: GitHub-flavoured markdown (Streamlit's) turns bare ``http://…``, ``www.…`` and e-mail
#: addresses into links *after* parsing, from the plain text — escapes do not stop it. A word
#: joiner (U+2060: no width, no line break) inside each trigger does.
_AUTOLINK_TRIGGERS = re.compile(r"(?i)(:)(//)|(www)(\.)|(@)")


def _break_autolinks(text: str) -> str:
    return _AUTOLINK_TRIGGERS.sub(lambda m: "\u2060".join(g for g in m.groups() if g) + ("\u2060" if m.group(5) else ""),
                                  text)


def safe_markdown(value: object) -> str:
    """Escape ``value`` for Streamlit markdown: every ASCII punctuation character gets a
    backslash, so a name like ``[kliknij](http://…)``, ``![x](http://…)`` or ``**x**`` shows
    as typed, HTML stays text, and a bare address (``http://…``, ``www.…``, ``a@b.pl``) is
    not made a link."""
    if value is None:
        return ""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in _break_autolinks(str(value)))


def _hidden(ch: str) -> bool:
    """A character that shows nothing (or moves the text) on screen: controls, format
    characters (zero-width space, bidi overrides, soft hyphen …), line and paragraph
    separators, surrogates, private use and noncharacters, and every space but the plain one."""
    category = unicodedata.category(ch)
    return (category in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp", "Cn") or (category == "Zs" and ch != " ")
            or ch in ("\ufffe", "\uffff"))


def visible(value: object, limit: int = 80) -> str:
    """``value`` as plain visible text for a message: each hidden character (see above) is
    written as ``⟨U+XXXX⟩``, and text longer than ``limit`` characters is cut with ``…``.
    The result still needs :func:`safe_markdown` or :func:`safe_text` for where it goes."""
    if value is None:
        return ""
    text = str(value)
    cut = len(text) > limit
    text = text[:limit]
    shown = "".join(f"⟨U+{ord(ch):04X}⟩" if _hidden(ch) else ch for ch in text)
    return shown + ("…" if cut else "")
