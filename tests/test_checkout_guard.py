"""The test run leaves the checkout as it was (issue #24): the guard of tests/conftest.py sees what a
run would write there, the app writes its audience pages where ``MMS_AUDIENCE_DIR`` says, and a
test server runs from a copy of the app with its own ``static/a/``."""

from __future__ import annotations

import os
from pathlib import Path

from devtools.local import PROJECT_ROOT, isolated_app
from mms_core.data.paths import DEFAULT_DATA_DIR, STATIC_DIR
from mms_core.present import audience
from tests.conftest import folder_state, written


def test_the_guard_sees_a_new_ledger_new_audience_pages_and_a_changed_file(tmp_path):
    data, pages = tmp_path / "mms_data", tmp_path / "static" / "a"
    data.mkdir()
    (data / "grants.csv").write_text("grant_id\n", encoding="utf-8")
    before = folder_state((data, pages), tmp_path)
    assert written(before, folder_state((data, pages), tmp_path)) == []
    (data / "ledger").mkdir()
    (data / "ledger" / "ledger.sqlite3").write_bytes(b"SQLite")
    pages.mkdir(parents=True)
    (pages / "k3f9x.html").write_text("<html></html>", encoding="utf-8")
    (data / "__pycache__").mkdir()  # importing generate_sample.py is no write to complain about
    (data / "__pycache__" / "generate_sample.cpython-311.pyc").write_bytes(b"\0")
    (data / "grants.csv").write_text("grant_id,edition\n", encoding="utf-8")
    assert written(before, folder_state((data, pages), tmp_path)) == [
        "mms_data/grants.csv", "mms_data/ledger", "mms_data/ledger/ledger.sqlite3", "static/a", "static/a/k3f9x.html"]


def test_the_guard_watches_the_checkouts_data_folder_and_audience_pages():
    from tests.conftest import WATCHED

    assert WATCHED == (DEFAULT_DATA_DIR, STATIC_DIR / "a")
    assert os.environ["MMS_DATA_DIR"] != str(DEFAULT_DATA_DIR)  # every test reads a copy
    assert not Path(os.environ["MMS_AUDIENCE_DIR"]).is_relative_to(PROJECT_ROOT)


def test_the_audience_pages_go_where_mms_audience_dir_says(tmp_path, monkeypatch):
    monkeypatch.setenv("MMS_AUDIENCE_DIR", str(tmp_path / "pages"))
    vid = audience.ensure_page("k", lambda meta: f"<html><head>{meta}</head></html>")
    assert audience.page_path(vid) == tmp_path / "pages" / f"{vid}.html" and audience.page_path(vid).is_file()
    monkeypatch.delenv("MMS_AUDIENCE_DIR")
    assert audience.audience_dir() == STATIC_DIR / "a"  # the default: served by Streamlit beside the app


def test_a_test_server_runs_from_a_copy_of_the_app_with_its_own_static_folder(tmp_path):
    script, env = isolated_app(tmp_path / "app")
    root = tmp_path / "app"
    assert script == str(root / "dashboard.py") and Path(script).resolve() == PROJECT_ROOT / "dashboard.py"
    assert (root / "pages").resolve() == PROJECT_ROOT / "pages"
    static = root / "static"
    assert not static.is_symlink() and (static / "favicon.png").is_file()  # Streamlit refuses a link out
    assert (static / "vendor" / "leaflet").is_dir() and (static / "geo").is_dir()
    assert list((static / "a").iterdir()) == [] and env["MMS_AUDIENCE_DIR"] == str(static / "a")
    assert str(PROJECT_ROOT) in env["PYTHONPATH"].split(os.pathsep)
