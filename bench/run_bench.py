"""Benchmark of the dashboard as a user feels it: ``streamlit run`` + headless Chromium.

Measures, with every request off the machine refused:
1. page opened → map drawn: the first visitor of a cold server (right after ``/_stcore/health``
   answers), the first visitor after a readiness probe ran the script once
   (``/_stcore/script-health-check``), and warm loads;
2. filter change → map repainted with its new colours: p50 and p95 over ``--changes``;
3. bytes the server sends over the websocket per filter change;
4. server time of a rerun (the app logs it to ``$MMS_RUN_TIME_LOG``) with the shipped grants
   and with 100× the grants (a generated 200 000-row file);
5. ``--sessions`` concurrent browser sessions changing filters: p95 latency, errors, and the
   server's memory.
(1)–(3) are also measured for a baseline (``bench/baseline_app.py``, the tutorial way).

``--pages`` measures only how fast each page settles (its own section, ~4 minutes): for every
page (map, region, compare, data, conferences, present, sources, accessibility), the p50 of
``--loads`` loads in Chromium after one warm-up load of that page, on a warm server; "settled" =
the script has finished and the page's main element is drawn — every map frame with its regions,
every plotly chart with its plot, every table's grid (see ``PAGES``), timed in the page from the
start of the navigation. In the same run, the first visitor of a fresh process (cold: no
readiness probe) and the warm map load, for the dashboard and for the baseline. ``--rounds``
repeats it all (fresh servers each round) to show the spread. Results go to
``bench/results/pages.json``.

``--audience`` measures only the presentation in a full hall (its own section, ~2 minutes):
the presenter walks the tour in Chromium (key → the step's region drawn, in the page) while
``--phones`` concurrent loads of the QR code's audience link hit the same server on loopback
(one static file each: p50/p95, errors). The presenter's step latency is taken alone (first
visit, which writes the audience pages, and again); with a whole hall of phones opening the
link at the moment of every key press; and under waves of phones back to back for the whole
walk (a stress far beyond 200 phones a minute). Results go to ``bench/results/audience.json``.

Usage::

    python bench/run_bench.py                  # everything, ~5 minutes on 2 cores
    python bench/run_bench.py --changes 30 --sessions 20 --out bench/results/latest.json
    python bench/run_bench.py --audience --phones 200
    python bench/run_bench.py --pages --rounds 3
    python bench/run_bench.py --levels --changes 20   # the gmina level (and the voivodeship map as a yardstick), ~2 minutes

Not part of the test suite; the figures go into docs/performance.md (a summary in the README).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import platform
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from devtools.browser import CHROMIUM_ARGS, find_chromium, is_local
from devtools.local import free_port, process_memory_mb
from devtools.server import streamlit_server
from mms_core.data.paths import DEFAULT_DATA_DIR, DataPaths
from mms_core.data.reference import loaders
from mms_core.present.tour import tour_steps
from mms_core.text.i18n import t
from mms_ui.sidebar import all_editions_label

ROOT = Path(__file__).resolve().parents[1]

CONFERENCE_FILL = "#d7301f"
# The map frames by their address: the map sets the frame's title to a label in the UI language.
MAP_IFRAME = 'iframe[src*="streamlit_folium.st_folium"]'
REFERENCE_FILES = ("population_2024.csv", "cities_over_100k_2023.csv", "conferences_2025.csv",
                   "p3_operators_2025.csv", "published_results_2025.csv", "population_powiat_2025.csv",
                   "population_gmina_2025.csv")

# JavaScript run in the page: the map frames are same-origin, so their documents are readable.
MARK_OLD = """() => { for (const f of document.querySelectorAll('%s')) {
  const d = f.contentDocument; if (!d) continue;
  d.querySelectorAll('path.leaflet-interactive').forEach(p => p.dataset.benchOld = '1'); } }""" % MAP_IFRAME
NEW_MAP_DRAWN = """() => { for (const f of document.querySelectorAll('%s')) {
  const d = f.contentDocument; if (!d) continue;
  const fresh = [...d.querySelectorAll('path.leaflet-interactive')]
    .filter(p => p.getAttribute('fill') !== '%s' && !p.dataset.benchOld);
  if (fresh.length >= 16) { window.__benchDrawn = performance.now(); return true; } } return false; }""" % (
    MAP_IFRAME, CONFERENCE_FILL)
# The time of the user's click, taken in the page (Playwright's own work before it clicks
# is not the app's latency).
RECORD_CLICKS = """() => { document.addEventListener('click', () => { window.__benchClick = performance.now(); },
                                            true); }"""
LATENCY = "() => window.__benchDrawn - window.__benchClick"
MAP_DRAWN = """() => { for (const f of document.querySelectorAll('%s')) {
  const d = f.contentDocument;
  if (d && d.querySelectorAll('path.leaflet-interactive').length >= 32) return true; } return false; }""" % MAP_IFRAME
SCRIPT_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"

# "wszystkie (2025 + 2026)": the option says what it sums
EDITIONS = [all_editions_label((2025, 2026), "pl"), "2025", "2026"]
PRIORITIES = [t("priority_all"), t("priority.P1"), t("priority.P3")]


def change_plan(n: int) -> list[tuple[str, str]]:
    """``n`` filter changes alternating between edition and priority, each to a new value."""
    current = {t("edition"): "2025", t("priority"): t("priority_all")}
    options = {t("edition"): EDITIONS, t("priority"): PRIORITIES}
    plan = []
    for i in range(n):
        label = t("priority") if i % 2 else t("edition")
        choices = [o for o in options[label] if o != current[label]]
        value = choices[(i // 2) % len(choices)]
        current[label] = value
        plan.append((label, value))
    return plan


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50": round(percentile(values, 0.5), 1), "p95": round(percentile(values, 0.95), 1),
            "max": round(max(values), 1) if values else None}


# ---------------------------------------------------------------- data for the 100× run
def make_big_data_dir(target: Path, factor: int = 100) -> Path:
    """A data folder whose grants.csv holds ``factor`` copies of the sample (new ids)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in REFERENCE_FILES:
        shutil.copy(DEFAULT_DATA_DIR / name, target / name)
    with open(DEFAULT_DATA_DIR / "grants.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        fields = reader.fieldnames
    with open(target / "grants.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for copy in range(factor):
            for row in rows:
                writer.writerow(row | {"grant_id": f"{row['grant_id']}-{copy:03d}"})
    (target / "grants.meta.json").write_text(json.dumps({"kind": "sample", "source": f"{factor}× sample"}),
                                             encoding="utf-8")
    return target


def read_run_times(log: Path, since: float, until: float) -> list[float]:
    if not log.exists():
        return []
    times = []
    for line in log.read_text(encoding="utf-8").splitlines():
        stamp, ms = line.split()
        if since <= float(stamp) <= until:
            times.append(float(ms))
    return times


# ---------------------------------------------------------------- one browser, one session
def choose(page, label: str, option: str) -> None:
    """Open the sidebar selectbox ``label`` and pick ``option``."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).click()
    target = page.get_by_role("option", name=option, exact=True)
    target.wait_for()
    target.click()


#: ``--pages`` launches its Chromium offline by itself: every request goes to a proxy that is not
#: there (Chromium sends loopback requests direct), so nothing leaves the machine and failed requests
#: off it are listed; no Playwright interception, which routes every request of the page (Streamlit
#: loads some 60 script chunks) through the test driver and back (measured: +0.3 to +1 s a page).
OFFLINE_ARGS = ["--proxy-server=http://127.0.0.1:9"]


def offline(context, blocked: list[str] | None = None, intercept: bool = True):
    """Refuse requests off the machine in ``context``: by Playwright's interception, or (``intercept``
    False: a browser launched with :data:`OFFLINE_ARGS`) only list those that failed in ``blocked``."""
    def refused(request):
        if blocked is not None and not is_local(request.url):
            blocked.append(request.url)
    if intercept:
        context.route("**/*", lambda r: r.continue_() if is_local(r.request.url) else (refused(r.request), r.abort()))
    else:
        context.on("requestfailed", refused)
    return context


def first_load_ms(browser, url: str, intercept: bool = True) -> float:
    """Open the page once in a fresh browser context; ms until the map is drawn."""
    context = offline(browser.new_context(viewport={"width": 1400, "height": 1400}), intercept=intercept)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(f"{url}/?edition=2025")
    page.wait_for_function(MAP_DRAWN, timeout=60_000, polling=20)
    elapsed = (time.perf_counter() - started) * 1000
    context.close()
    return round(elapsed, 1)


def measure_app(browser, url: str, changes: int, warm_loads: int = 5) -> dict:
    """Open → map drawn (first visitor, then warm loads), then ``changes`` filter changes."""
    context = browser.new_context(viewport={"width": 1400, "height": 1400})
    blocked: list[str] = []
    context.route("**/*", lambda r: r.continue_() if is_local(r.request.url) else (blocked.append(r.request.url),
                                                                                  r.abort()))
    loads = []
    for _ in range(1 + warm_loads):
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{url}/?edition=2025")
        page.wait_for_function(MAP_DRAWN, timeout=60_000, polling=20)
        loads.append((time.perf_counter() - started) * 1000)
        if len(loads) <= warm_loads:
            page.close()
    received = {"bytes": 0}

    def on_websocket(ws):
        ws.on("framereceived", lambda payload: received.__setitem__("bytes", received["bytes"] + len(payload)))

    page = context.new_page()
    page.on("websocket", on_websocket)
    page.goto(f"{url}/?edition=2025")
    page.wait_for_function(MAP_DRAWN, timeout=60_000, polling=20)
    page.wait_for_selector(SCRIPT_IDLE)
    page.evaluate(RECORD_CLICKS)
    latencies, payloads, not_repainted = [], [], 0
    plan_started = time.time()
    for label, option in change_plan(changes):
        page.evaluate(MARK_OLD)
        before = received["bytes"]
        choose(page, label, option)
        try:
            page.wait_for_function(NEW_MAP_DRAWN, timeout=15_000, polling=5)
        except PlaywrightTimeout:  # the map was not redrawn: counted, not timed
            not_repainted += 1
            continue
        latencies.append(page.evaluate(LATENCY))
        page.wait_for_timeout(150)
        page.wait_for_selector(SCRIPT_IDLE)
        payloads.append((received["bytes"] - before) / 1024)
    plan_ended = time.time()
    context.close()
    return {"first_visitor_after_warmup_ms": round(loads[0], 1), "warm_load_ms": summary(loads[1:]),
            "filter_to_repaint_ms": summary(latencies), "ws_kb_per_change": summary(payloads),
            "changes_not_repainted": not_repainted, "blocked_requests": blocked,
            "window": (plan_started, plan_ended)}


# ---------------------------------------------------------------- many sessions at once
async def one_session(browser, url: str, changes: int, results: dict) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1200})
    await context.route("**/*", lambda r: r.continue_() if is_local(r.request.url) else r.abort())
    page = await context.new_page()
    try:
        await page.goto(f"{url}/?edition=2025", timeout=120_000)
        await page.wait_for_function(MAP_DRAWN, timeout=120_000, polling=50)
        await page.wait_for_selector(SCRIPT_IDLE, timeout=120_000)
        await page.evaluate(RECORD_CLICKS)
        for label, option in change_plan(changes):
            await page.evaluate(MARK_OLD)
            await page.get_by_test_id("stSelectbox").filter(has_text=label).click()
            target = page.get_by_role("option", name=option, exact=True)
            await target.wait_for()
            await target.click()
            await page.wait_for_function(NEW_MAP_DRAWN, timeout=60_000, polling=20)
            results["latencies"].append(await page.evaluate(LATENCY))
            await page.wait_for_selector(SCRIPT_IDLE, timeout=60_000)
        if await page.get_by_test_id("stException").count():
            results["errors"].append("exception shown on the page")
    except Exception as error:  # a time-out or a crash is an error of this session
        results["errors"].append(f"{type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        await context.close()


async def measure_concurrency(chromium: str, url: str, sessions: int, changes: int) -> dict:
    from playwright.async_api import async_playwright

    results: dict = {"latencies": [], "errors": []}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        await asyncio.gather(*(one_session(browser, url, changes, results) for _ in range(sessions)))
        await browser.close()
    return {"sessions": sessions, "changes_each": changes, "latency_ms": summary(results["latencies"]),
            "errors": results["errors"]}


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    chromium = find_chromium()
    version = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout.strip()
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
    return {"cpu": cpu, "cores": len([1 for line in Path("/proc/cpuinfo").read_text().splitlines()
                                       if line.startswith("processor")]),
            "memory_gib": round(mem_kb / 1024 / 1024, 1), "python": platform.python_version(),
            "chromium": version, "date": time.strftime("%Y-%m-%d")}


# ---------------------------------------------------------------- a full hall and the presenter
RECORD_KEYS = """() => { document.addEventListener('keydown', () => { window.__benchKey = performance.now(); },
                                            true); }"""
# The step is on screen: its counter, and the map's region layer with the step's highlight.
STEP_DRAWN = """([counter, teryt]) => {
  const c = document.querySelector("[data-testid='mms-tour-counter']");
  if (!c || c.innerText !== counter) return false;
  const frame = document.querySelector('%s'); const d = frame && frame.contentDocument;
  if (!d || d.querySelectorAll('path.mms-region').length < 16) return false;
  const ok = teryt ? !!d.querySelector('path.mms-focus.mms-r-' + teryt) : !d.querySelector('path.mms-focus');
  if (ok) window.__benchStep = performance.now();
  return ok; }""" % MAP_IFRAME


def step_counter(index: int) -> str:
    return t("tour_overview_step") if index == 0 else t("tour_step", step=index, total=16)


def walk_tour(page, steps, on_step=None, before_key=None) -> list[float]:
    """Once round the tour with PageDown (back to Poland at the end); ms from the key to the
    step drawn, taken in the page. ``on_step(link)``: the new step's audience link;
    ``before_key(link)``: called with the current link just before each key (starts a crowd)."""
    latencies = []
    for index in [*range(1, len(steps)), 0]:
        page.wait_for_selector(SCRIPT_IDLE, timeout=60_000)
        if before_key:
            before_key(page.get_attribute(".mms-qr-code", "data-mms-link"))
        page.keyboard.press("PageDown")
        page.wait_for_function(STEP_DRAWN, arg=[step_counter(index), steps[index].teryt], polling=10,
                               timeout=120_000)
        latencies.append(page.evaluate("() => window.__benchStep - window.__benchKey"))
        if on_step:
            on_step(page.get_attribute(".mms-qr-code", "data-mms-link"))
        page.wait_for_selector(SCRIPT_IDLE, timeout=60_000)
    return latencies


def audience_wave(url: str, phones: int) -> list[dict]:
    """``phones`` loads of ``url`` started at the same moment (a barrier), each in its own thread."""
    start = threading.Barrier(phones)

    def one(_):
        start.wait()
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                body = response.read()
            ok, error = response.status == 200 and body.rstrip().endswith(b"</html>"), None
        except Exception as exc:  # a refused or cut connection is an error of this phone
            body, ok, error = b"", False, f"{type(exc).__name__}: {exc}"
        return {"ms": (time.perf_counter() - began) * 1000, "ok": ok, "bytes": len(body), "error": error}

    with ThreadPoolExecutor(max_workers=phones) as pool:
        return list(pool.map(one, range(phones)))


def measure_audience(chromium: str, phones: int) -> dict:
    from playwright.sync_api import sync_playwright

    steps = tour_steps(loaders.load_conferences(DataPaths(DEFAULT_DATA_DIR).conferences))
    port = free_port()
    env = {"MMS_DATA_DIR": str(DEFAULT_DATA_DIR), "MMS_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    with streamlit_server(env=env, timeout_s=120, warm=True, port=port) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        context.route("**/*", lambda r: r.continue_() if is_local(r.request.url) else r.abort())
        page = context.new_page()
        page.goto(f"{server.url}/present?edition=2025&step=0")
        page.wait_for_function(STEP_DRAWN, arg=[step_counter(0), None], timeout=120_000)
        page.wait_for_selector(SCRIPT_IDLE, timeout=60_000)
        page.evaluate(RECORD_KEYS)
        first_visit = walk_tour(page, steps)  # writes each step's audience page
        alone = walk_tour(page, steps)
        # 1. at every step, a hall of phones opens the link on the screen the moment the key is pressed
        bursts: list[dict] = []
        crowds: list[threading.Thread] = []

        def crowd_at(link):
            for crowd in crowds:
                crowd.join()
            crowds.clear()
            crowds.append(threading.Thread(target=lambda: bursts.extend(audience_wave(link, phones))))
            crowds[0].start()
            time.sleep(0.05)  # the phones' requests are on their way when the presenter presses the key

        during_burst = walk_tour(page, steps, before_key=crowd_at)
        for crowd in crowds:
            crowd.join()
        # 2. stress: waves of phones back to back for the whole walk
        current = {"link": page.get_attribute(".mms-qr-code", "data-mms-link")}
        results: list[dict] = []
        waves: list[float] = []
        done = threading.Event()

        def hall():
            while not done.is_set():
                began = time.perf_counter()
                results.extend(audience_wave(current["link"], phones))
                waves.append((time.perf_counter() - began) * 1000)

        crowd = threading.Thread(target=hall)
        crowd.start()
        time.sleep(0.5)
        during = walk_tour(page, steps, on_step=lambda link: current.__setitem__("link", link))
        done.set()
        crowd.join()
        memory = process_memory_mb(server.process.pid)
        browser.close()
    def loads(rows: list[dict]) -> dict:
        failures = [r for r in rows if not r["ok"]]
        return {"loads": len(rows), "load_ms": summary([r["ms"] for r in rows if r["ok"]]), "errors": len(failures),
                "error_examples": sorted({r["error"] or "bad body" for r in failures})[:5]}

    return {
        "phones": phones, "page_kb": round(max(r["bytes"] for r in bursts) / 1024, 1) if bursts else None,
        "step_ms_first_visit": summary(first_visit), "step_ms_alone": summary(alone),
        "one_hall_per_step": loads(bursts) | {"step_ms_meanwhile": summary(during_burst)},
        "back_to_back_waves": loads(results) | {"waves": len(waves), "wave_ms": summary(waves),
                                                "step_ms_meanwhile": summary(during)},
        "server_memory": memory,
    }


# ---------------------------------------------------------------- each page settles
#: A chart of the dashboard (``mms_ui.charts_ui``: plotly.js's cartesian bundle in the page).
CHART = ".mms-plot"
#: Every page, its address and the element that says it is there (besides the common
#: conditions: script finished, no skeleton, every map frame drawn, every chart plotted).
PAGES = [
    ("map", "/?edition=2025", MAP_IFRAME),
    ("region", "/region?region=06&edition=2025", CHART),
    ("compare", "/compare?edition=2025", CHART),
    ("data", "/data?edition=2025", "[data-testid='data-grid-canvas']"),
    ("conferences", "/conferences?edition=2025", "[data-testid='data-grid-canvas']"),
    ("present", "/present?edition=2025&step=0", MAP_IFRAME),
    ("sources", "/sources?edition=2025", "[data-testid='data-grid-canvas']"),
    ("accessibility", "/accessibility?edition=2025", "h2"),
]
#: Settled, checked in the page; the time is taken there (ms since the navigation started).
#: A map frame counts when its regions are drawn (16 region paths at least), a chart when its
#: plot is drawn, a table when its grid is on screen (tables in a closed expander are not drawn
#: at all, and not waited for); the main element must be visible.
PAGE_SETTLED = """(main) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.dataset.testConnectionState !== 'CONNECTED' || app.dataset.testScriptState !== 'notRunning') return false;
  if (document.querySelector("[data-testid='stSkeleton']")) return false;
  const el = document.querySelector(main);
  if (!el) return false;
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return false;
  for (const f of document.querySelectorAll('%s')) {
    const d = f.contentDocument;
    if (!d || d.querySelectorAll('path.leaflet-interactive').length < 16) return false; }
  for (const c of document.querySelectorAll('%s')) {
    if (!c.querySelector(".main-svg")) return false; }
  for (const g of document.querySelectorAll("[data-testid='stDataFrame']")) {
    if (g.checkVisibility() && !g.querySelector("[data-testid='data-grid-canvas']")) return false; }
  if (window.__benchSettled === undefined) window.__benchSettled = performance.now();
  return true; }""" % (MAP_IFRAME, CHART)


def page_load_ms(context, url: str, main: str) -> float:
    """Open ``url`` in a new tab of ``context`` (a new session); ms from the start of the
    navigation to the page settled, taken in the page."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function(PAGE_SETTLED, arg=main, timeout=120_000, polling=20)
        if page.get_by_test_id("stException").count():
            raise RuntimeError(f"{url}: an exception on the page")
        return round(page.evaluate("() => window.__benchSettled"), 1)
    finally:
        page.close()


def measure_pages(browser, url: str, loads: int) -> dict:
    """Each page: one warm-up load, then ``loads`` loads (each a new session, browser cache warm)."""
    blocked: list[str] = []
    context = offline(browser.new_context(viewport={"width": 1400, "height": 1000}), blocked, intercept=False)
    results = {}
    for name, path, main in PAGES:
        warm_up = page_load_ms(context, url + path, main)
        times = [page_load_ms(context, url + path, main) for _ in range(loads)]
        results[name] = summary(times) | {"warm_up_ms": warm_up, "all_ms": times}
        print(f"  {name:14} p50 {results[name]['p50']:7.1f} ms  (warm-up {warm_up:.0f}; {times})", flush=True)
    context.close()
    return {"pages": results, "blocked_requests": blocked}


def cold_and_warm_map(browser, script: str, loads: int) -> dict:
    """The first visitor of a fresh process (no readiness probe), then ``loads`` warm map loads
    in a second fresh process warmed by the readiness probe (as ``measure_app`` does)."""
    env = {"MMS_DATA_DIR": str(DEFAULT_DATA_DIR)}
    with streamlit_server(script, env=env, timeout_s=120) as server:
        cold = first_load_ms(browser, server.url, intercept=False)
    with streamlit_server(script, env=env, timeout_s=120, warm=True) as server:
        context = offline(browser.new_context(viewport={"width": 1400, "height": 1400}), intercept=False)
        times = []
        for _ in range(1 + loads):
            page = context.new_page()
            started = time.perf_counter()
            page.goto(f"{server.url}/?edition=2025")
            page.wait_for_function(MAP_DRAWN, timeout=60_000, polling=20)
            times.append(round((time.perf_counter() - started) * 1000, 1))
            page.close()
        context.close()
    return {"first_load_cold_ms": cold, "warm_up_ms": times[0], "warm_map_ms": summary(times[1:]),
            "all_ms": times[1:]}


def run_pages(chromium: str, rounds: int, loads: int, skip_baseline: bool) -> dict:
    from playwright.sync_api import sync_playwright

    report: dict = {"machine": machine(), "rounds": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS + OFFLINE_ARGS)
        for number in range(rounds):
            print(f"[pages] round {number + 1} of {rounds}", flush=True)
            one: dict = {}
            for name, script in (("dashboard", "dashboard.py"),
                                 *(() if skip_baseline else (("baseline", "bench/baseline_app.py"),))):
                one[name] = cold_and_warm_map(browser, script, loads)
                print(f"  {name}: cold {one[name]['first_load_cold_ms']} ms, warm map p50 "
                      f"{one[name]['warm_map_ms']['p50']} ms", flush=True)
            with streamlit_server(env={"MMS_DATA_DIR": str(DEFAULT_DATA_DIR)}, timeout_s=120, warm=True) as server:
                one |= measure_pages(browser, server.url, loads)
                one["server_memory"] = process_memory_mb(server.process.pid)
            report["rounds"].append(one)
        browser.close()
    rows = report["rounds"]
    report["summary"] = {
        "page_p50_ms": {name: [r["pages"][name]["p50"] for r in rows] for name, _, _ in PAGES},
        "cold_ms": {app: [r[app]["first_load_cold_ms"] for r in rows] for app in ("dashboard", "baseline")
                    if app in rows[0]},
        "warm_map_p50_ms": {app: [r[app]["warm_map_ms"]["p50"] for r in rows] for app in ("dashboard", "baseline")
                            if app in rows[0]},
    }
    return report
# ---------------------------------------------------------------- the gmina level
# The level map marks its container with the number of times it was painted; the click that
# changes the level or a filter is recorded by RECORD_CLICKS.
LEVEL_PAINTED = """([units, before]) => { const f = document.querySelector('%s'); const d = f && f.contentDocument;
  const c = d && d.querySelector('.leaflet-container'); if (!c) return false;
  const painted = Number(c.getAttribute('data-mms-painted') || 0);
  const shown = [...d.querySelectorAll('path.mms-unit')].filter(p => p.closest('.leaflet-pane').style.display !== 'none');
  if (painted > before && shown.length === units) {
    window.__benchDrawn = performance.now(); return true; } return false; }""" % MAP_IFRAME
PAINT_COUNT = """() => { const f = document.querySelector('%s'); const d = f && f.contentDocument;
  const c = d && d.querySelector('.leaflet-container');
  return c ? Number(c.getAttribute('data-mms-painted') || 0) : 0; }""" % MAP_IFRAME
# The map's own work in the frame (ms): building the gmina layer once, restyling it per change.
MAP_WORK = """() => { const f = document.querySelector('%s'); const w = f && f.contentWindow;
  return w && w.mmsLevels ? w.mmsLevels.%%s : null; }""" % MAP_IFRAME
VOIVODESHIPS_BACK = """() => { const f = document.querySelector('%s'); const d = f && f.contentDocument;
  return d && d.querySelectorAll('path.mms-region').length === 16
    && [...d.querySelectorAll('path.mms-unit')].every(p => p.closest('.leaflet-pane').style.display === 'none'); }""" % MAP_IFRAME


def measure_levels(browser, url: str, changes: int, switches: int = 6) -> dict:
    """At the gmina level: the level radio clicked (voivodeships → gminas) → 2,477 gminas painted,
    the first time in the page (the 1.6 MB of polygons fetched) and again (kept in the frame); then
    ``changes`` filter changes → the gminas repainted; websocket KB per change."""
    context = browser.new_context(viewport={"width": 1400, "height": 1400})
    blocked: list[str] = []
    context.route("**/*", lambda r: r.continue_() if is_local(r.request.url) else (blocked.append(r.request.url),
                                                                                  r.abort()))
    received = {"bytes": 0}
    page = context.new_page()
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.__setitem__(
        "bytes", received["bytes"] + len(payload))))
    page.goto(f"{url}/?edition=2025")
    page.wait_for_function(MAP_DRAWN, timeout=60_000, polling=20)
    page.wait_for_selector(SCRIPT_IDLE)
    page.evaluate(RECORD_CLICKS)
    radio = page.get_by_test_id("stRadio")
    first, again, payloads = None, [], []
    for i in range(switches):
        before = page.evaluate(PAINT_COUNT)
        radio.get_by_text(t("level.gmina"), exact=True).click()
        page.wait_for_function(LEVEL_PAINTED, arg=[2477, before], timeout=60_000, polling=5)
        elapsed = page.evaluate(LATENCY)
        if i == 0:
            first = elapsed
        else:
            again.append(elapsed)
        page.wait_for_selector(SCRIPT_IDLE)
        if i < switches - 1:
            radio.get_by_text(t("level.voivodeship"), exact=True).click()
            page.wait_for_function(VOIVODESHIPS_BACK, timeout=60_000, polling=20)
            page.wait_for_timeout(150)
            page.wait_for_selector(SCRIPT_IDLE)
    latencies, restyles, not_repainted = [], [], 0
    for label, option in change_plan(changes):
        before_paint, before_bytes = page.evaluate(PAINT_COUNT), received["bytes"]
        choose(page, label, option)
        try:
            page.wait_for_function(LEVEL_PAINTED, arg=[2477, before_paint], timeout=15_000, polling=5)
        except PlaywrightTimeout:
            not_repainted += 1
            continue
        latencies.append(page.evaluate(LATENCY))
        restyles.append(page.evaluate(MAP_WORK % "restyleMs"))
        page.wait_for_timeout(150)
        page.wait_for_selector(SCRIPT_IDLE)
        payloads.append((received["bytes"] - before_bytes) / 1024)
    build = page.evaluate(MAP_WORK % "buildMs")
    context.close()
    return {"level_change_first_ms": round(first, 1), "level_change_again_ms": summary(again),
            "filter_to_repaint_ms": summary(latencies), "ws_kb_per_change": summary(payloads),
            "map_build_ms": round(build, 1), "map_restyle_ms": summary(restyles),
            "changes_not_repainted": not_repainted, "blocked_requests": blocked,
            "targets_p50_ms": {"level_change": 1500, "filter_change": 400}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--session-changes", type=int, default=5)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--skip-concurrency", action="store_true")
    parser.add_argument("--audience", action="store_true",
                        help="only the presentation with a full hall of phones (bench/results/audience.json)")
    parser.add_argument("--phones", type=int, default=200, help="concurrent audience loads per wave")
    parser.add_argument("--pages", action="store_true",
                        help="only how fast each page settles, cold and warm map vs the baseline "
                             "(bench/results/pages.json)")
    parser.add_argument("--rounds", type=int, default=1, help="--pages: repeat the whole measurement")
    parser.add_argument("--loads", type=int, default=5, help="--pages: loads per page after the warm-up")
    parser.add_argument("--levels", action="store_true",
                        help="only the gmina level: level change and filter change (bench/results/levels.json)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    chromium = find_chromium()
    if not chromium:
        raise SystemExit("Chromium not found (apt-get install -y chromium, or set MMS_CHROMIUM)")
    if args.audience:
        out = args.out or ROOT / "bench" / "results" / "audience.json"
        print(f"[audience] presenter + waves of {args.phones} phones …", flush=True)
        report = {"machine": machine(), "audience": measure_audience(chromium, args.phones)}
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    if args.pages:
        out = args.out or ROOT / "bench" / "results" / "pages.json"
        report = run_pages(chromium, args.rounds, args.loads, args.skip_baseline)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(json.dumps(report["summary"], indent=2, ensure_ascii=False))
        return
    if args.levels:
        from playwright.sync_api import sync_playwright

        out = args.out or ROOT / "bench" / "results" / "levels.json"
        print("[levels] gmina level …", flush=True)
        with streamlit_server(env={"MMS_DATA_DIR": str(DEFAULT_DATA_DIR)}, timeout_s=120, warm=True) as server, \
                sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            report = {"machine": machine(), "gmina_level": measure_levels(browser, server.url, args.changes)}
            report["gmina_level"]["server_memory"] = process_memory_mb(server.process.pid)
            # the voivodeship map on the same server at the same time: a yardstick on a busy machine
            reference = measure_app(browser, server.url, args.changes, warm_loads=1)
            report["voivodeship_level_same_run"] = {key: reference[key] for key in (
                "filter_to_repaint_ms", "ws_kb_per_change", "changes_not_repainted")}
            browser.close()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    args.out = args.out or ROOT / "bench" / "results" / "latest.json"
    from playwright.sync_api import sync_playwright

    report: dict = {"machine": machine()}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        big_dir = make_big_data_dir(tmp / "big")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            runs = [("dashboard", "dashboard.py", DEFAULT_DATA_DIR), ("dashboard_100x", "dashboard.py", big_dir)]
            if not args.skip_baseline:
                runs.append(("baseline", "bench/baseline_app.py", DEFAULT_DATA_DIR))
            for name, script, data_dir in runs:
                log = tmp / f"{name}.log"
                env = {"MMS_DATA_DIR": str(data_dir), "MMS_RUN_TIME_LOG": str(log)}
                print(f"[{name}] measuring …", flush=True)
                with streamlit_server(script, env=env, timeout_s=120) as server:
                    cold = first_load_ms(browser, server.url)
                with streamlit_server(script, env=env, timeout_s=120, warm=True) as server:
                    result = {"first_load_cold_ms": cold} | measure_app(browser, server.url, args.changes)
                    since, until = result.pop("window")
                    result["server_rerun_ms"] = summary(read_run_times(log, since, until))
                    result["server_memory"] = process_memory_mb(server.process.pid)
                    report[name] = result
            browser.close()
        if not args.skip_concurrency:
            log = tmp / "concurrency.log"
            with streamlit_server(env={"MMS_RUN_TIME_LOG": str(log)}, warm=True) as server:
                print(f"[concurrency] {args.sessions} sessions …", flush=True)
                started = time.time()
                result = asyncio.run(measure_concurrency(chromium, server.url, args.sessions, args.session_changes))
                result["server_rerun_ms"] = summary(read_run_times(log, started, time.time()))
                result["server_memory"] = process_memory_mb(server.process.pid)
                report["concurrency"] = result
    if "baseline" in report:
        ours = report["dashboard"]["filter_to_repaint_ms"]["p50"]
        base = report["baseline"]["filter_to_repaint_ms"]["p50"]
        report["speedup_vs_baseline_p50"] = round(base / ours, 2)
    report["rerun_100x_vs_1x_p50"] = round(report["dashboard_100x"]["server_rerun_ms"]["p50"]
                                           / report["dashboard"]["server_rerun_ms"]["p50"], 2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
