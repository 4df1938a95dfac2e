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

PRESENT_CSS = """<style>
:root {--bar-h: 6.4vh; --gap: 1.4vh; --body-h: calc(100vh - var(--bar-h) - 3 * var(--gap));
       --qr-m: %(module)svh; --qr-m: max(5px, round(down, %(module)svh, 1px));}
header[data-testid="stHeader"], section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stExpandSidebarButton"], .st-key-mms_origin, .st-key-tour_home {display: none !important;}
[data-testid="stMain"] [data-testid="stMainBlockContainer"] {padding: var(--gap) 1.2vw 0 !important;
  max-width: none !important;}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {gap: 0 !important;}
.st-key-tour_after {margin-top: 4vh;}
.st-key-tour_bar {height: var(--bar-h) !important; min-height: 0; flex-wrap: nowrap !important; gap: 1vw !important;
  align-items: center !important; overflow: hidden;}
.st-key-tour_bar [data-testid="stButton"] button {min-height: 0; height: calc(var(--bar-h) - 0.6vh);
  padding: 0 1.3vw;}
.st-key-tour_bar [data-testid="stButton"] button p {font-size: 2.5vh; white-space: nowrap;}
.st-key-tour_bar [data-testid="stPageLink"] p {font-size: 1.8vh; white-space: nowrap;}
.mms-bar {display: flex; align-items: center; gap: 1.4vw; white-space: nowrap; overflow: hidden;}
.mms-counter {font-size: 2.9vh; color: #222;}
.mms-sample {font-size: 1.9vh; font-weight: 700; color: #fff; background: #b2182b; padding: 0.3vh 0.7vw;
  border-radius: 0.5vh; overflow: hidden; text-overflow: ellipsis;}
.st-key-tour_main {height: var(--body-h) !important; flex-wrap: nowrap !important; gap: 1.6vw !important;
  margin-top: var(--gap);}
div:has(> .st-key-tour_map_col) {flex: 1 1 0 !important; min-width: 0 !important; height: var(--body-h) !important;}
div:has(> .st-key-tour_side) {flex: 0 0 var(--side-w) !important; width: var(--side-w) !important;
  height: var(--body-h) !important;}
.st-key-tour_map_col {height: var(--body-h) !important; gap: 0.8vh !important; flex-wrap: nowrap !important;}
.st-key-tour_map_col > [data-testid="stElementContainer"]:has(iframe) {flex: 1 1 0 !important; min-height: 0 !important;}
.st-key-tour_map_col [data-testid="stElementContainer"]:has(iframe) > div {height: 100%% !important;}
.st-key-tour_map_col iframe {height: 100%% !important;}
.st-key-tour_side {height: var(--body-h) !important; overflow: hidden;}
.mms-side {display: flex; flex-direction: column; height: var(--body-h); gap: 0.9vh;}
.mms-side > * {flex-shrink: 0;}
.mms-side h1 {font-size: min(6vh, 3.1vw); line-height: 1.08; margin: 0; padding: 0; font-weight: 700;
  overflow-wrap: anywhere;}
.mms-line {font-size: 2.6vh; line-height: 1.25; margin: 0; display: -webkit-box; -webkit-line-clamp: 2;
  -webkit-box-orient: vertical; overflow: hidden;}
.mms-figs {margin: 0.4vh 0 0; padding: 0; display: flex; flex-direction: column; gap: 0.5vh;}
.mms-figs .lab {font-size: 2.2vh; color: #444; line-height: 1.2;}
.mms-figs .fig {margin: 0; font-size: 5.4vh; font-weight: 700; line-height: 1.08; white-space: nowrap;
  font-variant-numeric: tabular-nums;}
.mms-qr {margin-top: auto; display: flex; align-items: flex-end; gap: 1vw;}
.mms-qr-code {width: calc(var(--qr-m) * var(--qr-n)); height: calc(var(--qr-m) * var(--qr-n)); flex: none;
  image-rendering: pixelated; background: #fff; cursor: zoom-in; display: block;}
.mms-qr-text {font-size: 1.8vh; line-height: 1.3; color: #333; flex: 1 1 0; min-width: 0; overflow-wrap: anywhere;}
.mms-qr-text span {display: block;}
.mms-qr-text b {display: block; font-size: 2.2vh; color: #111;}
.mms-qr-text .link {display: block; font-family: monospace; font-size: 1.7vh; margin: 0.4vh 0;}
.mms-qr-note {margin-top: auto; font-size: 2vh; line-height: 1.35; background: #fff4e5; border-left: 0.6vh solid #e08a00;
  padding: 1vh 1vw;}
.mms-qr-big {display: none;}
body.mms-qr-open .mms-qr-big {display: flex; position: fixed; inset: 0; z-index: 1000; background: #fff;
  flex-direction: column; align-items: center; justify-content: center; gap: 2vh; cursor: zoom-out;}
.mms-qr-big img {--big-m: calc(var(--qr-m) * 3); --big-m: round(down, min(calc(var(--qr-m) * 3),
  calc(82vh / var(--qr-n))), 1px); width: calc(var(--big-m) * var(--qr-n)); height: calc(var(--big-m) * var(--qr-n));
  image-rendering: pixelated;}
.mms-qr-big p {font-size: 3vh; margin: 0; font-family: monospace;}
.mms-legend-strip {font-size: 2.1vh; line-height: 1.25;}
.mms-legend-strip .title {font-weight: 600;}
.mms-legend-strip ul {list-style: none; margin: 0.4vh 0 0; padding: 0; display: flex; flex-wrap: wrap;
  column-gap: 2.2vw; row-gap: 0.3vh;}
.mms-legend-strip li {min-width: calc((100%% - %(gaps)s * 2.2vw) / %(columns)s);}
.mms-legend-strip li {white-space: nowrap; font-variant-numeric: tabular-nums;}
.mms-legend-strip .sw {display: inline-block; width: 2.4vh; height: 1.8vh; border: 1px solid #444;
  margin-right: 0.6vw; vertical-align: -0.2vh;}
.mms-legend-strip .count {color: #666; font-size: 1.7vh;}
.mms-legend-strip .sw.no_grants {background: repeating-linear-gradient(45deg, #595959 0 1.5px, #ffffff 1.5px 5px);}
.mms-legend-strip .sw.outside {background: radial-gradient(circle, #8c8c8c 0 1.2px, #ffffff 1.5px) 0 0 / 6px 6px;
  border-style: dotted;}
.mms-sr-only {position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap;}
.mms-phone-link {display: none;}
/* a narrow screen (a phone, or 1280 × 720 zoomed to 400 %%: 320 px), a portrait one (a tablet: beside the
   QR code sized by the screen's height the map would be squeezed to a few pixels) or a low one (a phone held
   sideways): one column, the map first at the full width, every text whole (WCAG 1.4.10 reflow) - the
   projector's sizes in vh would cut it. A projector is always wider than high. */
@media (max-width: 700px), (max-aspect-ratio: 1/1), (max-height: 500px) {
  .mms-phone-link {display: block; font-size: 1rem; line-height: 1.4; margin: 0.4rem 0; padding: 0.5rem 0.8rem;
    background: #eef4fb; border-left: 0.3rem solid #1d4f91;}
  .mms-phone-link a {font-weight: 600;}
  .st-key-tour_bar {height: auto !important; flex-wrap: wrap !important; overflow: visible; row-gap: 0.5rem !important;}
  .st-key-tour_bar [data-testid="stButton"] button {height: auto; min-height: 2.4rem; padding: 0.3rem 0.8rem;}
  .st-key-tour_bar [data-testid="stButton"] button p {font-size: 1rem;}
  .st-key-tour_bar [data-testid="stPageLink"] p {font-size: 0.95rem; white-space: normal;}
  .mms-bar {white-space: normal; flex-wrap: wrap; overflow: visible;}
  .mms-counter {font-size: 1.1rem;} .mms-sample {font-size: 0.85rem; white-space: normal;}
  .st-key-tour_main {height: auto !important; flex-wrap: wrap !important; flex-direction: column !important;}
  div:has(> .st-key-tour_map_col), div:has(> .st-key-tour_side) {flex: 1 1 auto !important; width: 100%% !important;
    height: auto !important; min-width: 0 !important;}
  .st-key-tour_map_col {height: auto !important;}
  .st-key-tour_map_col > [data-testid="stElementContainer"]:has(iframe) {flex: none !important; height: 60vh !important;
    min-height: 260px !important; max-height: 100vw !important;}
  .st-key-tour_side, .mms-side {height: auto !important; overflow: visible;}
  .mms-side h1 {font-size: 1.7rem;}
  .mms-line {font-size: 1rem; display: block; -webkit-line-clamp: unset; overflow: visible;}
  .mms-figs .lab {font-size: 0.95rem;} .mms-figs .fig {font-size: 1.5rem; white-space: normal;}
  .mms-qr {margin-top: 0.5rem; flex-wrap: wrap;}
  .mms-qr-code {width: min(60vw, calc(var(--qr-m) * var(--qr-n))); height: auto;}
  .mms-qr-text {font-size: 0.9rem; min-width: 10rem;} .mms-qr-text b {font-size: 1rem;}
  .mms-qr-text .link {font-size: 0.85rem;} .mms-qr-note {font-size: 0.9rem;}
  .mms-legend-strip {font-size: 0.9rem;} .mms-legend-strip li {white-space: normal; min-width: 45%%;}
  .mms-legend-strip .sw {width: 1rem; height: 0.8rem;} .mms-legend-strip .count {font-size: 0.8rem;}
}
</style>"""


def present_css(qr_modules: int | None, legend_columns: int) -> str:
    """The page's CSS; ``qr_modules``: the code's side with its quiet zone (sets the panel's
    width: at least 31 % of the screen, and the code with its caption beside it)."""
    css = PRESENT_CSS % {"module": QR_MODULE_VH, "columns": legend_columns, "gaps": legend_columns - 1}
    side = "31vw" if not qr_modules else f"max(31vw, calc(var(--qr-m) * {qr_modules} + 1vw + 15vh))"
    return css.replace("</style>", f":root {{--qr-n: {qr_modules or 0}; --side-w: {side};}}\n</style>")


def bar_html(counter: str, sample_label: str | None) -> str:
    """The counter ("Konferencja 3 z 16") and the compact sample-data label of the top bar."""
    parts = [f'<span class="mms-counter" data-testid="mms-tour-counter">{safe_text(counter)}</span>']
    if sample_label:
        parts.append(f'<span class="mms-sample" data-testid="mms-sample-label">{safe_text(sample_label)}</span>')
    return f'<div class="mms-bar">{"".join(parts)}</div>'


def phone_link_html(link: str | None, lang: str = "pl") -> str:
    """Shown on a phone or a tablet only (the narrow layout of :data:`PRESENT_CSS`): this page is the
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
