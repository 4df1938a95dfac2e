"""The shared filters in the sidebar, kept in step with the page URL (through :mod:`mms_ui.params`)."""

from __future__ import annotations

import streamlit as st
from babel import Locale

from mms_core.analysis.address import LANG
from mms_core.analysis.filters import (
    FILTER_PARAMS,
    MAX_CLASSES,
    METRIC_CODES,
    MIN_CLASSES,
    SCHEMES,
    Filters,
    ParamProblem,
    edition_text,
    parse_query_params,
    to_query_params,
)
from mms_core.facts.vocab import ALL, ORG_TYPES, PRIORITIES
from mms_core.text.i18n import DEFAULT_LANGUAGE, LANGUAGES, t

from .params import url_language, url_texts, write_url_values

#: The widget of each filter (by its :class:`Filters` field), from the one declaration of the parameters.
_KEYS = {field: f"f_{field}" for _, field in FILTER_PARAMS}
_LANG_KEY = "f_lang"


def _init_from_url(editions: tuple[int, ...]) -> None:
    """On the first run of a session, seed the widgets from the URL; report bad values."""
    if st.session_state.get("_filters_initialised"):
        return
    filters, problems = parse_query_params(url_texts(), editions)
    for field, key in _KEYS.items():
        value = getattr(filters, field)
        if field == "edition":  # the widget holds the address's text: "2025", or "all"
            value = edition_text(value)
        elif field == "org_types":
            value = list(value)
        elif field == "scale":
            value = value == "fixed"
        st.session_state[key] = value
    lang = url_language() or LANG.default
    if not LANG.understood(lang):
        problems.append(ParamProblem(LANG.name, lang))
        lang = LANG.default
    st.session_state[_LANG_KEY] = lang
    st.session_state["_url_problems"] = problems
    st.session_state["_filters_initialised"] = True


def all_editions_label(editions: tuple[int, ...], lang: str) -> str:
    """"wszystkie (2025 + 2026)": the choice says what it sums."""
    return f"{t('edition_all', lang)} ({' + '.join(str(e) for e in editions)})"


def language() -> str:
    """The UI language chosen in this session."""
    return st.session_state.get(_LANG_KEY, DEFAULT_LANGUAGE)


def early_language() -> str:
    """The UI language before the sidebar is drawn (the page title, a data error): the
    session's choice, else ``?lang=`` when valid, else Polish."""
    lang = st.session_state.get(_LANG_KEY) or url_language() or LANG.default
    return lang if LANG.understood(lang) else LANG.default


def language_name(code: str) -> str:
    """A language's name in itself, from CLDR: ``polski``, ``English``."""
    return Locale.parse(code).get_display_name(code)


_STORE_KEY = "_filters_store"


def _keep_widget_state() -> None:
    """Streamlit drops the state of widgets it did not draw in the last complete run (a run
    cut short by ``st.switch_page``, for one). Keep a copy outside the widgets and put it
    back, so the filters survive every page change."""
    store = st.session_state.setdefault(_STORE_KEY, {})
    for key in (*_KEYS.values(), _LANG_KEY):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
        elif key in store:
            st.session_state[key] = store[key]


def _remember_widget_state() -> None:
    st.session_state[_STORE_KEY] = {key: st.session_state[key] for key in (*_KEYS.values(), _LANG_KEY)
                                    if key in st.session_state}


def render_filters(editions: tuple[int, ...]) -> Filters:
    """Draw the filter widgets in the sidebar and return the chosen filters."""
    _init_from_url(editions)
    _keep_widget_state()
    sidebar = st.sidebar
    sidebar.selectbox(t("language", language()), LANGUAGES, key=_LANG_KEY,
                      format_func=language_name)
    lang = language()
    sidebar.header(t("filters", lang))
    sidebar.selectbox(t("edition", lang), [ALL] + [str(e) for e in editions], key=_KEYS["edition"],
                      format_func=lambda v: all_editions_label(editions, lang) if v == ALL else v)
    sidebar.multiselect(t("org_type", lang), list(ORG_TYPES), key=_KEYS["org_types"],
                        format_func=lambda v: t(f"org.{v}", lang), help=t("org_type_help", lang),
                        placeholder=t("edition_all", lang), select_all=False)
    sidebar.selectbox(t("priority", lang), [ALL, *PRIORITIES], key=_KEYS["priority"],
                      format_func=lambda v: t("priority_all", lang) if v == ALL else t(f"priority.{v}", lang))
    sidebar.selectbox(t("metric", lang), list(METRIC_CODES), key=_KEYS["metric"],
                      format_func=lambda v: t(f"metric.{v}", lang))
    sidebar.selectbox(t("scheme", lang), list(SCHEMES), key=_KEYS["scheme"],
                      format_func=lambda v: t(f"scheme.{v}", lang))
    sidebar.slider(t("classes", lang), MIN_CLASSES, MAX_CLASSES, key=_KEYS["classes"])
    sidebar.checkbox(t("fixed_scale", lang), key=_KEYS["scale"], help=t("fixed_scale_help", lang))
    filters = Filters(
        edition=None if st.session_state[_KEYS["edition"]] == ALL else int(st.session_state[_KEYS["edition"]]),
        org_types=tuple(c for c in ORG_TYPES if c in st.session_state[_KEYS["org_types"]]),
        priority=st.session_state[_KEYS["priority"]],
        metric=st.session_state[_KEYS["metric"]],
        scheme=st.session_state[_KEYS["scheme"]],
        classes=int(st.session_state[_KEYS["classes"]]),
        scale="fixed" if st.session_state[_KEYS["scale"]] else "auto",
    )
    _remember_widget_state()
    _write_url(filters, lang)
    sidebar.caption(t("share_help", lang))
    return filters


def filter_params(filters: Filters, lang: str) -> dict[str, str]:
    """The URL parameters of the shared filters and the language."""
    params = to_query_params(filters)
    if lang != LANG.default:
        params[LANG.name] = lang
    return params


def _write_url(filters: Filters, lang: str) -> None:
    """Put the filters and the language in the URL, leaving page parameters (``region``, ``q``) alone."""
    write_url_values(filter_params(filters, lang), [*(param for param, _ in FILTER_PARAMS), LANG])


def url_problems() -> list[ParamProblem]:
    return st.session_state.get("_url_problems", [])
