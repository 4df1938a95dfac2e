"""Every test in this folder drives Chromium: marked ``browser`` here, by folder, so that none can be
left without the mark (``-m "not browser"`` runs the rest). With ``-n`` (pytest-xdist) they are one group,
run one after another on one worker (see ``pytest_xdist_make_scheduler`` in ``tests/conftest.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # before xdist names the group in each test's id
def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))
