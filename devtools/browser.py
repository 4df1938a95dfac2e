"""Debian's Chromium for Playwright, and routing that refuses every request off the machine."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
#: As the machine notes advise: without the background-networking flags Chromium tries
#: Google's services at start.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def find_chromium() -> str | None:
    """``$MMS_CHROMIUM``, Debian's ``/usr/bin/chromium``, or a Chromium/Chrome on the PATH."""
    for candidate in (os.environ.get("MMS_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname in LOCAL_HOSTS
