"""Links for sharing, the map exports, on the pages."""

from __future__ import annotations

import os
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from mms_core.analysis.measures import Metric
from mms_core.maps.classify import Classification
from mms_core.present import map_export
from mms_core.present.share import share_url
from mms_core.text.i18n import t

from .context import PageContext


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


def export_buttons(ctx: PageContext, summary: pd.DataFrame, classification: Classification, metric: Metric,
                   key: str) -> None:
    """PNG and self-contained HTML of the current map; made only when clicked."""
    ref, lang = ctx.reference, ctx.lang
    now = datetime.now(ZoneInfo("Europe/Warsaw"))
    caption = map_export.map_caption(ctx.filters, metric, ref.provenance.origin(ctx.filters.edition).as_meta(), now,
                                     lang)
    stem = f"{t('file.map', lang)}_{ctx.filters.edition}_{metric.code}_{now:%Y%m%d_%H%M}"
    left, right = st.columns(2)
    left.download_button(
        t("download_png", lang),
        data=lambda: map_export.map_png(ref.geojson, classification, metric, ref.conferences, caption, lang),
        file_name=f"{stem}.png", mime="image/png", key=f"{key}_png", on_click="ignore", width="stretch",
        icon=":material/image:")
    right.download_button(
        t("download_html", lang),
        data=lambda: map_export.map_html(ref.geojson, summary, classification, metric, ref.conferences,
                                         ref.operators, caption, lang),
        file_name=f"{stem}.html", mime="text/html", key=f"{key}_html", on_click="ignore", width="stretch",
        icon=":material/map:")
