"""Audience pages: a read-only snapshot of the presenter's current view, written as a static
file (``static/a/<view id>.html``) that Streamlit serves at ``/app/static/a/<view id>.html``.
``MMS_AUDIENCE_DIR`` writes them elsewhere: a folder another web server publishes
(``MMS_AUDIENCE_URL``), or the ``static/a/`` of a copy of the app that a test runs (Streamlit
serves only the ``static/`` beside the script it runs; the tests never write into the checkout).

A phone that opens the QR code's link loads one self-contained HTML file (the map with its
tooltips, the legend, the figures, the sample-data label, the sources) — no Streamlit
session, no websocket, no script run on the laptop per phone; the same file can be copied to
any web server. The page is written when the presenter opens a step (if it is not there
already), to a temporary file renamed over the old one, so a phone never gets half a page.

The view id is a hash of the view's key (filters, language, step, and the stamp of the data
files), so the same view has the same short link across server restarts and new data gives
a new link. Each file carries its key; a (very unlikely) clash of two keys on one id makes
the id one character longer instead of overwriting the other view.
"""

from __future__ import annotations

import html as html_lib
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

from mms_core.data.atomic import atomic_write
from mms_core.data.paths import STATIC_DIR
from mms_core.present.share import VIEW_ID_LENGTH, view_id

AUDIENCE_DIR = STATIC_DIR / "a"
KEY_META = "mms-view-key"
#: Pages older than this are removed when a new one is written (a conference season).
KEEP_SECONDS = 120 * 24 * 3600
KEEP_FILES = 2000
_KEY = re.compile(r'<meta name="mms-view-key" content="([^"]*)"')


def key_meta(key: str) -> str:
    """The ``<meta>`` element that records a page's view key (goes into its ``<head>``)."""
    return f'<meta name="{KEY_META}" content="{html_lib.escape(key, quote=True)}">'


def _key_of(path: Path) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    match = _KEY.search(head)
    return html_lib.unescape(match[1]) if match else None


def audience_dir() -> Path:
    """Where the audience pages are written: ``MMS_AUDIENCE_DIR``, or ``static/a/`` beside the app."""
    return Path(os.environ.get("MMS_AUDIENCE_DIR", "").strip() or AUDIENCE_DIR)


def page_path(vid: str, directory: Path | None = None) -> Path:
    return Path(directory or audience_dir()) / f"{vid}.html"


def ensure_page(key: str, make_html: Callable[[str], str], directory: Path | None = None) -> str:
    """The view id of ``key``, its page written first (in ``directory``, default :func:`audience_dir`)
    if it is not there yet.

    ``make_html(key_meta_element)`` returns the page, with the given ``<meta>`` in its head.
    """
    directory = Path(directory or audience_dir())
    for length in range(VIEW_ID_LENGTH, VIEW_ID_LENGTH + 8):
        vid = view_id(key, length)
        path = page_path(vid, directory)
        existing = _key_of(path) if path.exists() else None
        if existing == key:
            return vid
        if existing is None:
            directory.mkdir(parents=True, exist_ok=True)
            page = make_html(key_meta(key))
            if KEY_META not in page[:4096]:
                raise ValueError("the audience page must carry its view key in its head")
            atomic_write(path, page.encode("utf-8"), mode=0o644)
            prune(directory, keep=path)
            return vid
    raise RuntimeError("no free view id")  # pragma: no cover - eight clashes in a row


def prune(directory: Path, keep: Path | None = None, now: float | None = None) -> int:
    """Remove pages older than :data:`KEEP_SECONDS` and beyond the :data:`KEEP_FILES` newest;
    return how many were removed."""
    now = time.time() if now is None else now
    pages = sorted(Path(directory).glob("*.html"), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = 0
    for index, path in enumerate(pages):
        if path == keep:
            continue
        if index >= KEEP_FILES or now - path.stat().st_mtime > KEEP_SECONDS:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
