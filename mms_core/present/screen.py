"""The presentation page's own HTML: the step panel (title, conference, figures, QR code), the
legend strip under the map, and the CSS that fits them to a projector.

Everything is sized in units of the screen (``vh``/``vw``) so that one layout holds at
1024 × 768, 1280 × 720, 1366 × 768 and 1920 × 1080 without scrolling: a bar of buttons on
top, the map on the left with the legend under it, the step's panel on the right. The
figures are 5.4 % of the screen's height (39 px at 720). Every text is escaped here.

The QR code's module is 1.2 % of the screen's height, rounded down to whole pixels (8 px at
720, 9 at 768, 12 at 1080) — see :data:`QR_MODULE_VH`.
"""

from __future__ import annotations

import base64

from mms_core.analysis.measures import Metric
from mms_core.assets import read_asset
from mms_core.maps.classify import Classification
from mms_core.maps.folium_map import CONFERENCE_COLOR
from mms_core.maps.legend import legend_rows
from mms_core.present.share import SCREEN_QUIET_ZONE, QrCode, qr_code, qr_png
from mms_core.present.tour import StepView
from mms_core.text.escaping import safe_text
from mms_core.text.i18n import t

#: The QR module as a share of the screen's height. At 10 m a phone's camera (a 1080-pixel
#: wide preview over a ~50° field in portrait: ~9 mm a pixel at 10 m) needs a module of at
#: least 2 of its pixels (ML Kit's rule: ~18 mm); a hall whose last row sits at 10 m has a
#: screen at least 1.5 m high (AVIXA's rule: the farthest viewer at no more than 6–8 screen
#: heights), where 1.2 % is 18 mm. The big code (key Q) is up to 3× larger (82 % of the
#: screen's height at most) for bigger halls.
QR_MODULE_VH = 1.2

#: The page's keys (``assets/tour_keys.js``): a clicker's PageDown/PageUp, the arrows and space move the tour (by
#: clicking its buttons), Q shows the QR code large, Escape closes it; a focused control keeps its own Space and
#: Enter; step changes are announced to screen readers. For ``st.html(…, unsafe_allow_javascript=True)``.
TOUR_KEYS_SCRIPT = f"<script>\n{read_asset('mms_core.present', 'tour_keys.js')}</script>"


def present_css(qr_modules: int | None, legend_columns: int) -> str:
    """The page's CSS (``assets/screen.css``) with the values it is given: ``qr_modules``, the code's side with its
    quiet zone (sets the panel's width: at least 31 % of the screen, and the code with its caption beside it), and
    the legend strip's columns."""
    side = "31vw" if not qr_modules else f"max(31vw, calc(var(--qr-m) * {qr_modules} + 1vw + 15vh))"
    module = f"{QR_MODULE_VH}vh"
    values = (f":root {{--qr-m: {module}; --qr-m: max(5px, round(down, {module}, 1px)); --qr-n: {qr_modules or 0}; "
              f"--side-w: {side}; --legend-columns: {legend_columns};}}")
    return f"<style>\n{read_asset('mms_core.present', 'screen.css')}{values}\n</style>"


def bar_html(counter: str, sample_label: str | None) -> str:
    """The counter ("Konferencja 3 z 16") and the compact sample-data label of the top bar."""
    parts = [f'<span class="mms-counter" data-testid="mms-tour-counter">{safe_text(counter)}</span>']
    if sample_label:
        parts.append(f'<span class="mms-sample" data-testid="mms-sample-label">{safe_text(sample_label)}</span>')
    return f'<div class="mms-bar">{"".join(parts)}</div>'


def phone_link_html(link: str | None, lang: str = "pl") -> str:
    """Shown on a phone or a tablet only (the narrow layout of ``assets/screen.css``): this page is the
    presenter's; the audience page of the same view (``link``) is made for a small screen. Nothing
    without a link."""
    if not link:
        return ""
    return (f'<p class="mms-phone-link" data-testid="mms-phone-link">{safe_text(t("tour_phone_text", lang))} '
            f'<a href="{safe_text(link)}" target="_blank" rel="noopener">{safe_text(t("tour_phone_link", lang))}</a></p>')


def announcement(counter: str, view: StepView) -> str:
    """What a screen reader says when the step changes."""
    return ". ".join([counter, view.title, *view.lines])


def _qr_image(code: QrCode, alt: str, css_class: str) -> str:
    png = qr_png(code.text, box_px=1, border=SCREEN_QUIET_ZONE)
    return (f'<img class="{css_class}" src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}" '
            f'alt="{safe_text(alt)}" data-mms-link="{safe_text(code.text)}" data-qr-version="{code.version}" '
            f'data-qr-level="{code.level}">')


def side_html(view: StepView, counter: str, link: str | None, note: str | None, same_network: bool,
              lang: str = "pl") -> str:
    """The step panel: title, conference lines, figures, and the QR code of ``link`` (or the
    ``note`` saying why there is none)."""
    e = safe_text
    parts = [f'<div class="mms-side" data-mms-announce="{e(announcement(counter, view))}">',
             f'<h1 class="mms-title">{e(view.title)}</h1>']
    parts += [f'<p class="mms-line">{e(line)}</p>' for line in view.lines]
    parts.append('<div class="mms-figs">' + "".join(
        f'<div><div class="lab">{e(label)}</div><div class="fig">{e(value)}</div></div>'
        for label, value in view.figures) + "</div>")
    if link:
        code = qr_code(link)
        shown = link.split("://", 1)[-1]
        text = [f"<b>{e(t('tour_qr', lang))}</b>", f'<span class="link">{e(shown)}</span>']
        if same_network:
            text.append(f"<span>{e(t('qr_same_network', lang))}</span>")
        text.append(f"<span>{e(t('tour_qr_big', lang))}</span>")
        parts.append(f'<div class="mms-qr" data-testid="mms-qr">{_qr_image(code, t("a11y_qr_alt", lang, link=link), "mms-qr-code mms-qr-toggle")}'
                     f'<div class="mms-qr-text">{"".join(text)}</div></div>')
        parts.append(f'<div class="mms-qr-big mms-qr-toggle" role="dialog" aria-label="{e(t("tour_qr", lang))}">'
                     f'{_qr_image(code, t("a11y_qr_alt", lang, link=link), "mms-qr-big-code")}<p>{e(shown)}</p>'
                     f'<p>{e(t("tour_qr_close", lang))}</p></div>')
    elif note:
        parts.append(f'<div class="mms-qr-note" role="note" data-testid="mms-qr-note">{e(t(note, lang))}</div>')
    parts.append("</div>")
    return "".join(parts)


def legend_columns(count: int) -> int:
    """Columns of the legend strip under the map: as few rows as the classes allow."""
    return 2 if count <= 4 else 3


def legend_strip_html(classification: Classification, metric: Metric, lang: str = "pl",
                      extras: tuple[tuple[str, str, int], ...] = ()) -> tuple[str, int]:
    """The legend under the map (title with unit, one swatch per class with the number of
    regions or units, the conference marker); returns ``(html, columns)``. ``extras``: rows after
    the classes, ``(kind, text, count)`` with kind ``no_grants`` or ``outside`` (the gmina map's
    white spots and cities outside the programme, :meth:`mms_core.maps.unit_map.UnitMap.extras`)."""
    e = safe_text
    rows = legend_rows(classification, metric, lang)
    items = [f'<li><span class="sw" style="background:{e(color)}"></span>{e(text)} <span class="count">({count})</span>'
             "</li>" for color, text, count in rows]
    items += [f'<li><span class="sw {e(kind)}"></span>{e(text)} <span class="count">({count})</span></li>'
              for kind, text, count in extras if kind in ("no_grants", "outside")]
    items.append(f'<li><span class="sw" style="background:{CONFERENCE_COLOR};border-radius:50%"></span>'
                 f'{e(t("conferences_layer", lang))}</li>')
    columns = legend_columns(len(items))
    return (f'<div class="mms-legend-strip" role="figure" aria-label="{e(t("legend_title", lang))}" '
            f'data-testid="mms-legend"><div class="title">{e(t(f"metric.{metric.code}", lang))}</div>'
            f'<ul>{"".join(items)}</ul></div>', columns)
