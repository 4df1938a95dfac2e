"""Every test in this folder drives Chromium: marked ``browser`` here, by folder, so that none can be
left without the mark (``-m "not browser"`` runs the rest in about a minute)."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
