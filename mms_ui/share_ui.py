"""Links for sharing, the audience's short link and page, the map exports, on the pages."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from mms_core.analysis.filters import edition_text
from mms_core.analysis.measures import Metric
from mms_core.maps.classify import Classification
from mms_core.maps.unit_map import UnitMap
from mms_core.present import audience, map_export, network
from mms_core.present.share import audience_files_url, audience_url, share_url
from mms_core.present.tour import OVERVIEW, StepView, TourStep, step_view
from mms_core.text.i18n import t

from .context import PageContext
from .sidebar import filter_params

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def public_base_url() -> str:
    """The address people reach the dashboard at: ``$MMS_PUBLIC_URL`` when the deployment
    sets it (behind a proxy the browser's address may be internal), else the address this
    browser used, with Streamlit's ``server.baseUrlPath``."""
    configured = os.environ.get("MMS_PUBLIC_URL", "").strip()
    if configured:
        return configured
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{parts.scheme}://{parts.netloc}/{prefix}".rstrip("/")


def view_url(page: str, params: dict[str, str]) -> str:
    return share_url(public_base_url(), page, params)


@st.cache_data(ttl=20, show_spinner=False)
def _lan_address() -> str | None:
    """This laptop's address in the hall's network (looked up again every 20 s: the laptop may
    join the hall's Wi-Fi after the app started)."""
    return network.lan_address()


def audience_base_url() -> tuple[str | None, str | None]:
    """(The base address the audience's phones can open, or None and the key of the note that
    says why there is none.)

    In order: ``$MMS_PUBLIC_URL``; the browser's own address when it is not this computer's
    loopback (the presenter opened the app by its network address); the laptop's private
    network address with Streamlit's port — only if the server listens beyond loopback.
    """
    configured = os.environ.get("MMS_PUBLIC_URL", "").strip()
    if configured:
        return configured, None
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    parts = urlsplit(st.context.url or "")
    if parts.hostname and parts.hostname not in LOOPBACK_HOSTS and network.usable(parts.hostname):
        return f"{parts.scheme}://{parts.netloc}/{prefix}".rstrip("/"), None
    if not network.listens_beyond_loopback(st.get_option("server.address")):
        return None, "qr_local_only"
    address = _lan_address()
    if address is None:
        return None, "qr_no_address"
    port = parts.port or st.get_option("server.port") or 8501
    return f"http://{address}:{port}/{prefix}".rstrip("/"), None


@dataclass(frozen=True)
class AudienceLink:
    """The audience page of a view: its file, and the link phones can open (None with a
    ``note`` key saying why not)."""

    view_id: str
    path: Path
    url: str | None
    note: str | None
    lan: bool  # the link is the laptop's own network address: phones must share its network


def export_caption(ctx: PageContext, metric: Metric, lang: str, units: UnitMap | None = None,
                   level: str | None = None) -> map_export.MapCaption:
    """The texts around an exported map or document of the current filters (now, in Warsaw's time)."""
    now = datetime.now(ZoneInfo("Europe/Warsaw"))
    return map_export.map_caption(ctx.filters, metric, ctx.reference.provenance.origin(ctx.filters.edition).as_meta(), now,
                                  lang, level=level or (units.level if units else "voivodeship"))


def overview_view(ctx: PageContext, summary: pd.DataFrame, region: str | None = None) -> StepView:
    """All of Poland, or (``region``, 2-digit TERYT) one voivodeship as the tour shows it."""
    ref = ctx.reference
    return step_view(TourStep(OVERVIEW, region), summary, ref.conferences, ref.operators, ref.geojson, ctx.lang)


def audience_page(ctx: PageContext, summary: pd.DataFrame, classification: Classification, metric: Metric,
                  view: StepView, units: UnitMap | None = None) -> AudienceLink:
    """Write the audience page of this view if it is not there yet (a static file, served at
    once) and return its short link. ``units``: the step shown at gmina level."""
    ref, lang = ctx.reference, ctx.lang
    view_key = {"page": map_export.PAGE_VERSION, "view": filter_params(ctx.filters, lang), "step": view.index,
                "focus": view.focus, "data": ctx.source.stamp}
    if units is not None:
        view_key["level"] = units.level
    key = json.dumps(view_key, sort_keys=True, separators=(",", ":"))
    vid = audience.ensure_page(key, lambda meta: map_export.map_html(
        ref.geojson, summary, classification, metric, ref.conferences, ref.operators,
        export_caption(ctx, metric, lang, units), lang, view=view, head_extra=meta, units=units))
    files_base = os.environ.get("MMS_AUDIENCE_URL", "").strip()
    if files_base:
        return AudienceLink(vid, audience.page_path(vid), audience_files_url(files_base, vid), None, False)
    base, note = audience_base_url()
    url = audience_url(base, vid) if base else None
    lan = base is not None and not os.environ.get("MMS_PUBLIC_URL", "").strip()
    return AudienceLink(vid, audience.page_path(vid), url, note, lan)


def export_buttons(ctx: PageContext, summary: pd.DataFrame, classification: Classification, metric: Metric,
                   key: str, view: StepView | None = None, units: UnitMap | None = None) -> None:
    """PNG slides (16:9 and 4:3) and the self-contained HTML of the current view (the tour's
    step, or all of Poland; with ``units``, the step's gminas); made only when clicked."""
    ref, lang = ctx.reference, ctx.lang
    now = datetime.now(ZoneInfo("Europe/Warsaw"))
    place = (view.focus if view is not None else None) or "PL"

    # the view and the caption (the data's origin, the time) are made when a file is asked for, not on every run
    def view_now() -> StepView:
        return view or overview_view(ctx, summary)

    def caption_now() -> map_export.MapCaption:
        return export_caption(ctx, metric, lang, units)

    if units is not None:
        place = f"{place}_{t(f'file.level.{units.level}', lang)}"
    stem = f"{t('file.map', lang)}_{edition_text(ctx.filters.edition)}_{metric.code}_{place}_{now:%Y%m%d_%H%M}"
    columns = st.columns(3)
    for column, size, label, suffix in ((columns[0], map_export.SLIDE_16_9, "download_png_16_9", "16x9"),
                                        (columns[1], map_export.SLIDE_4_3, "download_png_4_3", "4x3")):
        column.download_button(
            t(label, lang),
            data=lambda size=size: map_export.map_png(ref.geojson, classification, metric, ref.conferences,
                                                      caption_now(), lang, size_px=size, view=view_now(), units=units),
            file_name=f"{stem}_{suffix}.png", mime="image/png", key=f"{key}_png_{suffix}", on_click="ignore",
            width="stretch", icon=":material/image:")
    columns[2].download_button(
        t("download_html", lang),
        data=lambda: map_export.map_html(ref.geojson, summary, classification, metric, ref.conferences,
                                         ref.operators, caption_now(), lang, view=view_now(), units=units),
        file_name=f"{stem}.html", mime="text/html", key=f"{key}_html", on_click="ignore", width="stretch",
        icon=":material/map:")
