"""Audience pages: written once per view, atomically, under a short id that never clashes."""

import os
import time

from mms_core.present import audience
from mms_core.present.share import view_id


def page(meta: str, body: str = "mapa") -> str:
    return f"<!DOCTYPE html><html><head>{meta}</head><body>{body}</body></html>"


def test_a_view_is_written_once_and_served_under_its_id(tmp_path):
    calls = []

    def make(meta):
        calls.append(meta)
        return page(meta)

    key = '{"step": 3}'
    vid = audience.ensure_page(key, make, tmp_path)
    assert vid == view_id(key) and len(vid) == 5
    path = audience.page_path(vid, tmp_path)
    assert path.read_text(encoding="utf-8") == page(audience.key_meta(key))
    assert oct(path.stat().st_mode & 0o777) == "0o644"  # readable by any web server it is copied to
    assert audience.ensure_page(key, make, tmp_path) == vid
    assert len(calls) == 1  # the second time the file is there: nothing is made
    assert [p.name for p in tmp_path.iterdir()] == [f"{vid}.html"]  # no temporary file left


def test_a_clash_makes_the_id_longer_instead_of_overwriting(tmp_path):
    key, other = '{"step": 1}', '{"step": 2}'
    clash = audience.page_path(view_id(key), tmp_path)
    clash.write_text(page(audience.key_meta(other), "inny widok"), encoding="utf-8")
    vid = audience.ensure_page(key, page, tmp_path)
    assert vid == view_id(key, 6)
    assert "inny widok" in clash.read_text(encoding="utf-8")


def test_keys_with_quotes_round_trip(tmp_path):
    key = '{"q": "<b>\\"x\\"</b>&"}'
    vid = audience.ensure_page(key, page, tmp_path)
    assert audience.ensure_page(key, lambda meta: "never called", tmp_path) == vid


def test_old_pages_are_pruned(tmp_path):
    old = tmp_path / "aaaaa.html"
    old.write_text("x")
    past = time.time() - audience.KEEP_SECONDS - 10
    os.utime(old, (past, past))
    fresh = tmp_path / "bbbbb.html"
    fresh.write_text("y")
    assert audience.prune(tmp_path) == 1
    assert not old.exists() and fresh.exists()


def test_a_page_without_its_key_is_refused(tmp_path):
    import pytest

    with pytest.raises(ValueError):
        audience.ensure_page("k", lambda meta: "<html><head></head></html>", tmp_path)
