"""What every page needs before it draws: the data check, the shared filters, the banners.
Run by :func:`pages.main` (the entry point's work) on every run; the list of pages is in :mod:`pages`.
"""

from __future__ import annotations

import json
import os
import time

import streamlit as st

from mms_core.assets import read_asset
from mms_core.data.ledger import LedgerError, LedgerView
from mms_core.data.paths import STATIC_DIR, data_paths
from mms_core.data.reference.data_file import DataFileError
from mms_core.present.html_table import TABLE_CSS
from mms_core.text.escaping import safe_markdown, safe_text
from mms_core.text.formatting import fmt_number
from mms_core.text.i18n import t

from . import cached, sidebar
from .context import PageContext
from .sources_ui import region_scope

#: A local favicon: a Material icon here would be fetched from fonts.gstatic.com.
FAVICON = str(STATIC_DIR / "favicon.png")


def _names(sources, lang: str, limit: int = 3) -> str:
    """„A” (P1), „B” (P3, lubelskie) … — escaped for markdown, at most ``limit`` names."""
    parts = []
    for source in sources[:limit]:
        scope = ", ".join([*source.priorities, *([region_scope(source, lang)] if source.regions else [])])
        parts.append(f"„{safe_markdown(source.description)}”" + (f" ({scope})" if scope else ""))
    if len(sources) > limit:
        parts.append(t("ledger_more", lang, count=len(sources) - limit))
    return ", ".join(parts)


def _editions(editions) -> str:
    return ", ".join(str(e) for e in editions)


#: The editions the shipped sample is calibrated for (mms_data/generate_sample.py), each with its text.
SAMPLE_EDITIONS = (2025, 2026)


def sample_calibration(edition: int | None, lang: str) -> str:
    """What the sample of the shown edition is calibrated to (all editions: each of them in turn)."""
    return t(f"sample_calibration.{edition if edition in SAMPLE_EDITIONS else 'all'}", lang)


def origin_messages(view: LedgerView, edition: int | None, lang: str) -> tuple[tuple[str, str, str], ...]:
    """What :func:`origin_banner` says, as ``(kind, markdown, icon)`` (kind ``info`` or ``warning``)."""
    messages: list[tuple[str, str, str]] = []
    origin = view.origin(edition)
    shown = t("edition_all_label", lang) if edition is None else t("edition_label", lang, edition=edition)
    if origin.kind == "official":
        text = t("ledger_official", lang, shown=shown, count=len(origin.official), sources=_names(origin.official, lang))
        if origin.sample_off:
            text += " " + t("ledger_sample_off", lang, editions=_editions(origin.sample_off))
        messages.append(("info", text, ":material/verified:"))
    elif origin.kind == "mixed":
        official_editions = sorted({e for s in origin.official for e in s.editions if e in origin.editions})
        messages.append(("warning", t("ledger_mixed", lang, count=len(origin.official),
                                      sources=_names(origin.official, lang),
                                      official_editions=_editions(official_editions),
                                      sample_editions=_editions(origin.sample_editions)), ":material/warning:"))
    elif origin.kind == "sample":
        messages.append(("warning", t("sample_banner", lang, calibration=sample_calibration(edition, lang)),
                         ":material/warning:"))
    elif origin.kind == "unverified":
        reasons = "; ".join(f"„{safe_markdown(s.description)}”: "
                            + (safe_markdown(s.note) if s.note and s.id not in view.mismatched
                               else t("ledger_checksum_mismatch", lang)) for s in origin.unverified)
        messages.append(("warning", t("ledger_unverified", lang, reasons=reasons), ":material/gpp_maybe:"))
    else:
        messages.append(("warning", t("ledger_empty", lang), ":material/warning:"))
    if view.duplicates:
        pairs = ", ".join(t("ledger_pair", lang, a=a, b=b, count=fmt_number(n)) for (a, b), n in view.duplicates.items())
        messages.append(("warning", t("ledger_duplicates", lang, count=fmt_number(view.duplicate_count), pairs=pairs),
                         ":material/content_copy:"))
    if view.mode == "files":
        messages.append(("warning", t("ledger_files_mode", lang, folder=safe_markdown(str(data_paths().data_dir))),
                         ":material/lock:"))
    return tuple(messages)


def origin_banner(view: LedgerView, edition: int | None, lang: str, source: cached.DataSource | None = None) -> None:
    """Say plainly where the grants of the shown edition come from: how many official sources
    cover it, whether the sample still fills part of it (it always carries its label), and any
    source whose data could not be verified or that counts grants twice. With ``source`` (the data in
    force, of which ``view`` is the provenance) the texts are made once per data stamp, edition and language."""
    if source is None:
        messages = origin_messages(view, edition, lang)
    else:
        messages = cached.shared(("origin", source, edition, lang), lambda: origin_messages(view, edition, lang))
    for kind, text, icon in messages:
        (st.info if kind == "info" else st.warning)(text, icon=icon)


#: Less empty space above the page (Streamlit leaves 6 rem), so the answer and the headline
#: figures fit above the fold on a 1280×720 projector. Accessibility (WCAG 2.1 AA): captions
#: (they carry essential notes) in #555a66 (6.9:1 on white, Streamlit's own grey is 3.8:1), a
#: focus ring that shows on every control and link (Streamlit's sidebar links have almost none),
#: the skip link past a map. A table's own text never scrolls inside its cell. On a phone the map page's four
#: headline tiles stand two by two (four rows pushed the answer sentence below the first screen). In
#: ``assets/page.css``, followed by the tables' style.
PAGE_CSS = f"<style>\n{read_asset('mms_ui', 'page.css')}{TABLE_CSS}</style>"


#: Streamlit's own labels that stay English whatever the page's language (WCAG 3.1.2): the text or
#: attribute to find, and the catalogue key of its translation ("Help for X" keeps its X).
BUILT_IN_LABELS = {"skip": "a11y_skip_content", "heading": "a11y_heading_link", "help": "a11y_help_for",
                   "open": "a11y_open_list"}


def page_language_script(lang: str) -> str:
    """Set ``<html lang>`` to the UI language (Streamlit's page says ``en`` whatever the text), make
    every scrolling table reachable by keyboard (WCAG 2.1.1: a wide table scrolls sideways on a phone;
    Streamlit's table box takes no focus): ``tabindex=0`` and a name; translate Streamlit's built-in
    English labels ("Skip to main content", "Link to heading", "Help for …", "Open") into the UI language
    (WCAG 3.1.2); and give the data-origin banner, which is on every page, the role of a note, not an
    alert a screen reader announces on each navigation. The logic is ``assets/page_language.js``; the language and
    the labels go before it as data."""
    labels = json.dumps({name: t(key, lang) for name, key in BUILT_IN_LABELS.items()}, ensure_ascii=False)
    return (f"<script>\nwindow.__mmsLang = {json.dumps(lang)};\nwindow.__mmsLabels = {labels};\n"
            f"{read_asset('mms_ui', 'page_language.js')}</script>")


def start() -> PageContext:
    """Check the data (a Polish message and stop if it is broken), draw the sidebar filters
    and the data-origin banner; return the context the pages read."""
    early = sidebar.early_language()
    st.set_page_config(page_title=t("app_title", early), page_icon=FAVICON, layout="wide")
    st.html(PAGE_CSS + page_language_script(early), unsafe_allow_javascript=True)
    try:
        source = cached.current_source()
        reference = cached.reference(source)
    except (DataFileError, LedgerError) as error:
        # The file's problem is said in Polish (for whoever keeps the data files); the rest in the UI language.
        st.title(t("app_name", early))
        st.error(f"**{t('data_error_title', early)}**\n\n{safe_text(error.message)}\n\n{t('data_error_hint', early)}",
                 icon=":material/error:")
        st.stop()
    filters = sidebar.render_filters(reference.editions)
    lang = sidebar.language()
    with st.container(key="mms_origin"):  # the presentation shows a compact label instead
        origin_banner(reference.provenance, filters.edition, lang, source)
    problems = sidebar.url_problems()
    if problems:
        # the values come from the address: plain text, never markdown (no link, no image)
        st.warning(t("invalid_params", lang) + "\n\n" + "\n".join(f"- {p.text(lang, safe_markdown)}" for p in problems))
    return PageContext(source=source, reference=reference, filters=filters, lang=lang)


def set_page_title(page, lang: str) -> None:
    """Each page its own document title („Porównanie – Moc Małych Społeczności”, WCAG 2.4.2)."""
    st.set_page_config(page_title=f"{page.title} – {t('app_name', lang)}")


def log_run_time(started: float) -> None:
    """Append this run's server time (ms) to ``$MMS_RUN_TIME_LOG`` when set (the benchmark)."""
    path = os.environ.get("MMS_RUN_TIME_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{time.time():.3f} {(time.perf_counter() - started) * 1000:.2f}\n")
