"""The vendored Leaflet files are exactly the pinned xstatic-leaflet ones; the vendored plotly.js is the
recorded file, of the version plotly.py bundles."""

import hashlib
import re
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


def test_vendored_plotly_is_the_recorded_file_of_plotly_py_s_version():
    from plotly.offline import get_plotlyjs_version

    bundle = (STATIC_DIR / "vendor" / "plotly" / "plotly-cartesian.min.js").read_bytes()
    readme = (STATIC_DIR / "vendor" / "README.md").read_text(encoding="utf-8")
    recorded = re.search(r"plotly-cartesian\.min\.js` \(SHA-256 `([0-9a-f]{64})`", readme).group(1)
    assert hashlib.sha256(bundle).hexdigest() == recorded
    version = re.search(rb"plotly\.js \(cartesian - minified\) v(\S+)", bundle[:200]).group(1).decode()
    assert version == get_plotlyjs_version()
    assert (STATIC_DIR / "vendor" / "plotly" / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
