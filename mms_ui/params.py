"""The address (``st.query_params``) bound to the widgets: the one module that reads or writes it.

Every parameter is declared once in :mod:`mms_core.analysis.address` (name, reading, writing, default,
the warning for a value not understood); here each is kept in step with its widget:

- :func:`take` before drawing the widget: a new value in the address moves the widget, a value not
  understood is said (in the UI language) and left alone;
- :func:`put` after drawing it: the widget's value goes to the address (the default left out).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

import streamlit as st

from mms_core.analysis.address import LANG
from mms_core.analysis.param import Param
from mms_core.text.escaping import safe_markdown
from mms_core.text.i18n import t


def _seen_key(name: str) -> str:
    return f"_seen_url_{name}"


def url_value(param: Param) -> str | None:
    """The address's text of ``param`` (the last one when repeated), or None."""
    values = st.query_params.get_all(param.name)
    return values[-1] if values else None


def url_texts() -> dict[str, list[str]]:
    """Every parameter of the address with all its values (as given, understood or not)."""
    return {name: st.query_params.get_all(name) for name in st.query_params.keys()}


def address() -> dict[str, str]:
    """The address's parameters now (the last value of each), e.g. to make a link to this view."""
    return st.query_params.to_dict()


def sync_from_url(param: Param, widget_key: str, valid: Callable[[str], bool],
                  to_widget: Callable[[str], object] = str) -> None:
    """Before drawing the widget: take a new value of ``?param=`` from the address into the widget.

    A value is new when it differs from the last one seen, so that a link or a map click that changes
    the address moves the widget, while the user's own choice is not overwritten. A widget not drawn
    yet (another page saw the value: ``region`` is both the profile's and the Data page's) takes the
    address's value too. ``to_widget``: the widget's value for the text (a toggle's True or False)."""
    value = url_value(param)
    if value is not None and (value != st.session_state.get(_seen_key(param.name))
                              or widget_key not in st.session_state):
        st.session_state[_seen_key(param.name)] = value
        if valid(value):
            st.session_state[widget_key] = to_widget(value)


def seen_value(param: Param) -> str | None:
    """The address's text of ``param`` last taken into its widget (None: none yet)."""
    return st.session_state.get(_seen_key(param.name))


def take(param: Param, widget_key: str, lang: str, accepts: Callable[[str], bool] | None = None,
         tolerated: Iterable[str] = (), warning: str | None = None, to_widget: Callable[[str], object] = str,
         **extra) -> str | None:
    """Before drawing ``param``'s widget (``widget_key``): move the widget to a new value of the address
    that ``accepts`` (default: what the parameter understands), and say a value not understood (not
    among ``tolerated``) with the parameter's warning (or ``warning``; ``extra`` fills its other
    placeholders; ``to_widget``: see :func:`sync_from_url`). Returns the address's text."""
    accepts = accepts or param.understood
    sync_from_url(param, widget_key, accepts, to_widget)
    value = url_value(param)
    if value is not None and value not in tolerated and not accepts(value):
        said = replace(param, warning=warning) if warning else param
        text = said.warning_text(value, lang, safe_markdown, **extra)
        st.warning(t("invalid_params", lang) + "\n\n- " + text if said.warning == "bad_param" else text)
    return value


def put(param: Param, value) -> None:
    """After drawing the widget: its value to the address (the default, None or empty: left out)."""
    text = "" if value is None or value == param.default else param.format(value)
    if text:
        if url_value(param) != text:
            st.query_params[param.name] = text
        st.session_state[_seen_key(param.name)] = text
    elif param.name in st.query_params:
        del st.query_params[param.name]
        st.session_state[_seen_key(param.name)] = None


def go(values: dict[Param, str]) -> None:
    """Change several parameters at once (a click that drills down); the next run moves the widgets."""
    st.query_params.update({param.name: text for param, text in values.items()})


def url_values(params: Iterable[Param]) -> dict[str, str]:
    """The texts of ``params`` that the address holds (the last of a repeated one), by name."""
    return {p.name: text for p in params if (text := url_value(p)) is not None}


def write_url_values(values: dict[str, str], params: Iterable[Param]) -> None:
    """Make the address hold ``values`` (by name) for ``params`` — those not in ``values`` removed —,
    touching the others not at all; nothing is written when nothing changes."""
    for param in params:
        if param.name in values:
            if st.query_params.get(param.name) != values[param.name]:
                st.query_params[param.name] = values[param.name]
        elif param.name in st.query_params:
            del st.query_params[param.name]


def url_language() -> str | None:
    """``?lang=`` as given (understood or not)."""
    return url_value(LANG)
