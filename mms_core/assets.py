"""The JavaScript and CSS of the maps and the pages, kept as files beside the code that uses them.

Each package keeps its own in an ``assets/`` folder (``mms_core/maps/assets/``,
``mms_core/present/assets/``, ``mms_ui/assets/``), shipped with the package
(``[tool.setuptools.package-data]`` in ``pyproject.toml``) and read through
:mod:`importlib.resources`, so that an installed package finds them as the checkout does:

* ``*.js`` and ``*.css``: read as they are (:func:`read_asset`); values the code computes travel
  beside them as data (a small inline assignment, a CSS custom property), never formatted into them;
* ``*.js.j2``: the Jinja template of a folium ``MacroElement`` (``{% macro script(this, kwargs) %}`` …
  with ``{{ this.… }}`` placeholders), which folium renders as before (:func:`asset_template`).

Every file is read once per process. ``tests/test_assets.py`` checks that every file named in the
code exists and is shipped, and that no file is left unused.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import Template

#: The folder of a package's assets.
ASSET_FOLDER = "assets"


@cache
def read_asset(package: str, name: str) -> str:
    """The text of ``<package>/assets/<name>`` (UTF-8), e.g. ``read_asset("mms_core.maps", "fit.js")``."""
    return resources.files(package).joinpath(ASSET_FOLDER, name).read_text(encoding="utf-8")


@cache
def asset_template(package: str, name: str) -> Template:
    """The Jinja template in ``<package>/assets/<name>`` (a ``.js.j2`` file), for a folium element's
    ``_template``."""
    return Template(read_asset(package, name))
