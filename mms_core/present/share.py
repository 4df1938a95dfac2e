"""Shareable links of a view and their QR codes (PyPI ``qrcode``)."""

from __future__ import annotations

import io
from urllib.parse import urlencode, urlsplit, urlunsplit

import qrcode


def share_url(base_url: str, page: str, params: dict[str, str]) -> str:
    """``base_url`` (scheme, host, optional path prefix) + ``page`` + the query ``params``.

    ``share_url("https://mms.example.gov.pl/app", "region", {"region": "06"})``
    → ``https://mms.example.gov.pl/app/region?region=06``. Anything after the prefix in
    ``base_url`` (a page, a query) is dropped.
    """
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) address: {base_url!r}")
    path = parts.path.rstrip("/")
    full = f"{path}/{page.strip('/')}" if page else (path or "/")
    return urlunsplit((parts.scheme, parts.netloc, full, urlencode(params), ""))


def qr_png(text: str, box_px: int = 8) -> bytes:
    """A QR code of ``text`` as PNG bytes (error correction M, a 4-module quiet zone)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_px, border=4)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
