"""The vendored Leaflet files are exactly the pinned xstatic-leaflet ones."""

from pathlib import Path

import pytest

from mms_core.data.paths import STATIC_DIR


def test_vendored_leaflet_matches_the_package():
    xstatic = pytest.importorskip("xstatic.pkg.leaflet")
    source = Path(xstatic.BASE_DIR)
    vendored = STATIC_DIR / "vendor" / "leaflet"
    names = ["leaflet.js", "leaflet.css"] + [f"images/{p.name}" for p in (source / "images").glob("*.png")]
    for name in names:
        assert (vendored / name).read_bytes() == (source / name).read_bytes(), name


def test_streamlit_serves_static_files():
    config = (STATIC_DIR.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "enableStaticServing = true" in config
    assert "gatherUsageStats = false" in config
