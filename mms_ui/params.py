"""Page parameters in the URL (``region``, ``q``) kept in step with their widgets."""

from __future__ import annotations

import streamlit as st


def sync_from_url(param: str, widget_key: str, valid) -> None:
    """Before drawing the widget: take a new value of ``?param=`` from the URL into the widget.

    A value is new when it differs from the last one seen, so that a link or a map click
    that changes the URL moves the widget, while the user's own choice is not overwritten.
    A widget not drawn yet (another page saw the value: ``region`` is both the profile's and the
    Data page's) takes the URL's value too.
    """
    seen_key = f"_seen_url_{param}"
    value = st.query_params.get(param)
    if value is not None and (value != st.session_state.get(seen_key) or widget_key not in st.session_state):
        st.session_state[seen_key] = value
        if valid(value):
            st.session_state[widget_key] = value


def sync_to_url(param: str, value: str | None) -> None:
    """After drawing the widget: write its value to the URL (or drop an empty one)."""
    seen_key = f"_seen_url_{param}"
    if value:
        if st.query_params.get(param) != value:
            st.query_params[param] = value
        st.session_state[seen_key] = value
    elif param in st.query_params:
        del st.query_params[param]
        st.session_state[seen_key] = None


def url_values(names) -> dict[str, str]:
    """The values of the address parameters ``names`` that are present (the last of a repeated one)."""
    return {name: st.query_params.get_all(name)[-1] for name in names if st.query_params.get_all(name)}


def write_url_values(values: dict[str, str], names) -> None:
    """Make the address hold ``values`` for the parameters ``names`` (those not in ``values`` removed),
    touching the others not at all; nothing is written when nothing changes."""
    for name in names:
        if name in values:
            if st.query_params.get(name) != values[name]:
                st.query_params[name] = values[name]
        elif name in st.query_params:
            del st.query_params[name]
