"""Shareable links of a view, the audience's short links, and their QR codes (PyPI ``qrcode``).

The audience link is short on purpose: ``<public base>/app/static/a/<view id>.html`` — a
5-character view id instead of the whole query string — so that the QR code stays coarse
(29 modules a side for an address like ``http://192.168.1.23:8501/app/static/a/k3f9x.html``,
against 57 for a link with the filters in it), and the page it opens is a static file that
needs no Streamlit session (see :mod:`mms_core.present.audience`).
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

#: Where Streamlit serves the audience pages (``static/a/`` beside ``dashboard.py``).
AUDIENCE_URL_PATH = "/app/static/a"
VIEW_ID_LENGTH = 5
#: White border around a code drawn on screen, in modules. The standard asks for 4; the
#: page around the code is white as well, and 2 keep the code as large as possible.
SCREEN_QUIET_ZONE = 2


def _http_base(base_url: str) -> tuple[str, str, str]:
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) address: {base_url!r}")
    return parts.scheme, parts.netloc, parts.path.rstrip("/")


def share_url(base_url: str, page: str, params: dict[str, str]) -> str:
    """``base_url`` (scheme, host, optional path prefix) + ``page`` + the query ``params``.

    ``share_url("https://mms.example.gov.pl/app", "region", {"region": "06"})``
    → ``https://mms.example.gov.pl/app/region?region=06``. Anything after the prefix in
    ``base_url`` (a page, a query) is dropped.
    """
    scheme, netloc, path = _http_base(base_url)
    full = f"{path}/{page.strip('/')}" if page else (path or "/")
    return urlunsplit((scheme, netloc, full, urlencode(params), ""))


def view_id(key: str, length: int = VIEW_ID_LENGTH) -> str:
    """A short, stable id of a view: the first ``length`` characters of the base32 SHA-256 of
    ``key`` (lower case; the alphabet a–z, 2–7 has no 0/O or 1/l to mistype)."""
    digest = base64.b32encode(hashlib.sha256(key.encode("utf-8")).digest()).decode("ascii").lower()
    return digest[:length]


def audience_url(base_url: str, vid: str) -> str:
    """The audience page of view ``vid`` under the app at ``base_url`` (Streamlit's static
    serving), e.g. ``http://192.168.1.23:8501/app/static/a/k3f9x.html``."""
    scheme, netloc, path = _http_base(base_url)
    return urlunsplit((scheme, netloc, f"{path}{AUDIENCE_URL_PATH}/{vid}.html", "", ""))


def audience_files_url(files_base_url: str, vid: str) -> str:
    """The page of ``vid`` in a folder published elsewhere (``MMS_AUDIENCE_URL``): the same
    file copied to any web server."""
    scheme, netloc, path = _http_base(files_base_url)
    return urlunsplit((scheme, netloc, f"{path}/{vid}.html", "", ""))


# ------------------------------------------------------------------------------ QR codes
#: qrcode's error-correction levels (``qrcode.constants``), written here so that qrcode is
#: imported only when a code is drawn (the presentation), not by every page that links here.
ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H = 1, 0, 3, 2
_LEVELS = (ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H)
LEVEL_NAMES = {ERROR_CORRECT_L: "L", ERROR_CORRECT_M: "M", ERROR_CORRECT_Q: "Q", ERROR_CORRECT_H: "H"}


@dataclass(frozen=True)
class QrCode:
    """A QR code's modules (``True`` = dark), without its quiet zone."""

    text: str
    version: int
    error_correction: int
    rows: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        """Modules a side (21 for version 1, +4 per version)."""
        return len(self.rows)

    @property
    def level(self) -> str:
        return LEVEL_NAMES[self.error_correction]


def _make(text: str, level: int, version: int | None = None):
    import qrcode

    code = qrcode.QRCode(version=version, error_correction=level, box_size=1, border=0)
    code.add_data(text)
    code.make(fit=version is None)
    return code


def qr_code(text: str) -> QrCode:
    """The coarsest code of ``text``: the smallest version (fewest modules) at error correction
    L, then the highest level that still fits that version (a screen is not a torn poster:
    fewer, larger modules matter more at a distance than extra redundancy)."""
    from qrcode.exceptions import DataOverflowError

    version = _make(text, ERROR_CORRECT_L).version
    chosen = ERROR_CORRECT_L
    for level in _LEVELS[1:]:
        try:
            if _make(text, level).version == version:
                chosen = level
        except DataOverflowError:  # pragma: no cover - beyond version 40
            break
    code = _make(text, chosen, version)
    rows = tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())
    return QrCode(text, version, chosen, rows)


def qr_png(text: str, box_px: int = 8, border: int = 4) -> bytes:
    """A QR code of ``text`` as PNG bytes: ``box_px`` pixels a module, ``border`` modules of
    quiet zone. With ``box_px=1`` the page scales it (``image-rendering: pixelated``)."""
    from PIL import Image

    code = qr_code(text)
    side = code.size + 2 * border
    image = Image.new("1", (side, side), 1)
    pixels = image.load()
    for y, row in enumerate(code.rows):
        for x, dark in enumerate(row):
            if dark:
                pixels[x + border, y + border] = 0
    if box_px != 1:
        image = image.resize((side * box_px, side * box_px), Image.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
