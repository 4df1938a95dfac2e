"""One way to put a folium map in a page: the constant base map rendered once per process, the
layers rendered once per content, and one run per page load.

``st_folium`` renders the whole base map (its Jinja templates compiled element by element) and every
layer on every run — about a third of a map-page rerun (py-spy, docs/performance.md) — although the
base map never changes and a layer changes only with what it shows. Here the same component
(streamlit-folium's frontend, the same arguments) is fed with

* the base map's script, header, HTML and asset links, rendered once per process
  (:func:`rendered_base`; plain strings in :func:`mms_ui.cached.shared`, never changed);
* each layer's script, rendered once per its ``cache_key`` (a tuple naming everything the layer shows:
  data stamp, filters, language…), or on every run without a key.

And the first value the frontend reports (``initComponent`` compares its first value with the
``default`` it was given, key by key in its own order, and sends it when they differ) now equals the
default, so loading a page no longer runs its script twice (st_folium's default has
``last_object_clicked_count: None`` where the frontend starts at 0).

streamlit-folium's private helpers are used (``_component_func`` and the string builders);
``tests/ui/test_map_frame.py`` fails when an upgrade changes them (the version is pinned).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import folium
import streamlit as st
import streamlit_folium as sf

from mms_core.maps import folium_map

from . import cached

#: The keys of the value the frontend reports, in the frontend's order (``updateComponentValue``)
#: with the frontend's starting values: a ``default`` in this form is what the map reports when
#: nothing happened yet, so its first report does not rerun the page.
FRONTEND_START = {
    "last_clicked": None,
    "last_object_clicked": None,
    "last_object_clicked_count": 0,
    "last_object_clicked_tooltip": None,
    "last_object_clicked_popup": None,
    "all_drawings": None,
    "last_active_drawing": None,
    "last_geocoder_result": None,
}


@dataclass(frozen=True)
class RenderedBase:
    """The base map as the component takes it: script, header, HTML, the map's element id and the
    stylesheets and scripts it loads (local URLs, see :mod:`mms_core.maps.folium_map`)."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


@dataclass(frozen=True)
class RenderedLayers:
    """Layers as the component takes them: one script adding them to ``map_div``, and the stylesheets
    and scripts their elements need."""

    script: str
    css_links: tuple[str, ...] = ()
    js_links: tuple[str, ...] = ()


def _links(element) -> tuple[list[str], list[str]]:
    """The stylesheets and scripts of ``element`` and its descendants, in streamlit-folium's order."""
    css: list[str] = []
    js: list[str] = []

    def walk(node):
        if isinstance(node, folium.elements.JSCSSMixin):
            css.extend(href for _, href in getattr(node, "default_css", []))
            js.extend(src for _, src in getattr(node, "default_js", []))
        for child in getattr(node, "_children", {}).values():
            walk(child)

    walk(element)
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def render_base(presentation: bool = False) -> RenderedBase:
    """Render :func:`mms_core.maps.folium_map.base_map` as ``st_folium`` does (not cached)."""
    m = folium_map.base_map(presentation=presentation)
    m.get_root().render()
    m.render()
    html, header = sf._get_html(m), sf._get_header(m)
    script = sf._get_map_string(m)
    css, js = _links(m)
    return RenderedBase(script, header, html, sf.get_full_id(m), tuple(css), tuple(js))


def rendered_base(presentation: bool = False) -> RenderedBase:
    """The base map rendered once per process (it depends on no filter, no language, no data)."""
    return cached.shared(("base map", presentation), lambda: render_base(presentation))


#: A layer to draw: ``(cache_key, build)`` — ``build()`` makes the folium layer; ``cache_key`` is a tuple of
#: everything it shows (data stamp, filters, language, …): the layer is then built and rendered once per key
#: and process; None: on every run.
Layer = tuple[tuple | None, Callable[[], folium.FeatureGroup]]


def uncached(layers: Sequence[folium.FeatureGroup]) -> list[Layer]:
    """``layers`` already built, to be rendered on every run."""
    return [(None, lambda layer=layer: layer) for layer in layers]


def conference_layer(ctx, label: str | None = None) -> Layer:
    """The 16 conferences (:func:`mms_core.maps.folium_map.conference_layer`), rendered once per data stamp,
    language and ``label`` (the region whose conference is named) — the same for every filter."""
    ref = ctx.reference
    return (("conferences", ctx.source, ctx.lang, label),
            lambda: folium_map.conference_layer(ref.conferences, ref.operators, ctx.lang, label=label))


def render_layer(layer: folium.FeatureGroup, idx: int) -> RenderedLayers:
    """The script that adds ``layer`` to the map as the ``idx``-th of st_folium's ``feature_group_to_add``,
    and the assets it needs; rendered on a throwaway map (its parent in the page is the component's
    ``map_div``)."""
    holder = folium.Map(tiles=None)
    script = sf._get_feature_group_string(layer, map=holder, idx=idx)
    css, js = _links(holder)
    return RenderedLayers(script, tuple(css), tuple(js))


def draw_map(key: str, height: int, layers: Sequence[Layer], returned_objects: Sequence[str] = (),
             presentation: bool = False) -> dict | None:
    """Draw the base map with ``layers`` (see :data:`Layer`); return the map's value (the
    ``returned_objects`` of :data:`FRONTEND_START`), as ``st_folium`` would. The base map's script is
    the same on every run, so the map is never remounted (the user's zoom stays)."""
    base = rendered_base(presentation)
    rendered = [render_layer(build(), idx) if cache_key is None
                else cached.shared(("map layer", idx, *cache_key), lambda build=build, idx=idx: render_layer(build(), idx))
                for idx, (cache_key, build) in enumerate(layers)]
    unknown = set(returned_objects) - set(FRONTEND_START)
    if unknown:
        raise ValueError(f"the map cannot return {sorted(unknown)}")
    default = {name: start for name, start in FRONTEND_START.items() if name in returned_objects}
    hash_key = sf.generate_js_hash(base.script, key, False)

    def remember() -> None:  # as st_folium: the value under the caller's key too
        st.session_state[key] = st.session_state.get(hash_key, {})

    css = [link for part in (base, *rendered) for link in part.css_links]
    js = [link for part in (base, *rendered) for link in part.js_links]
    return sf._component_func(
        script=base.script, header=base.header, html=base.html, id=base.map_id, key=hash_key,
        height=height, width=None, returned_objects=list(returned_objects), default=default,
        zoom=None, center=None, feature_group="".join(part.script for part in rendered), return_on_hover=False,
        layer_control=None, pixelated=False, css_links=list(dict.fromkeys(css)), js_links=list(dict.fromkeys(js)),
        on_change=remember, wrap_longitude=False)
