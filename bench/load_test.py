"""Capacity: how many people changing filters can one or N Streamlit processes serve?

Simulated sessions speak Streamlit's own protocol over the websocket (``devtools.stream_client``),
so one machine can run many of them without browsers. Each session, like a person at a desk:

1. loads the page over HTTP (through the proxy: gets its affinity cookie), opens the websocket and
   runs the map page (``?edition=2025``);
2. every ``--think`` seconds (± 20 %) changes one sidebar filter — edition, priority, measure or
   organisation types, a real widget change with every widget's state, as the browser sends it —
   and waits for the run to finish. **Latency = from sending the rerun to ``script_finished``**;
3. every third change downloads the summary CSV from the media URL the page gave (checked: it must
   start with the CSV header).

A step holds S sessions for ``--duration`` seconds (their starts spread over one think time);
steps run one after the other with fresh sessions. Reported per step: filter changes, latency
p50/p95/max, errors (a failed load, a run that did not finish or showed an exception, a failed
download, a closed socket), reruns per second. **Held** = the largest step with p95 ≤ ``--target``
and no error.

    # one plain `streamlit run` (no proxy)                 # two processes behind HAProxy
    python bench/load_test.py --plain --sessions 30,40,50,60,70 --duration 60
    python bench/load_test.py --replicas 2 --sessions 30,45,60 --duration 60
    # an app already running (any URL, with its base path)
    python bench/load_test.py --url http://127.0.0.1:8501 --sessions 10 --duration 60

Results go to ``bench/results/capacity.json`` (``--out``). The simulated clients run on the same
machine as the server unless ``--url`` points elsewhere: their CPU is reported, and it is taken
from the server's share.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import os
import platform
import random
import resource
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: python bench/load_test.py
    sys.path.insert(0, str(ROOT))

from devtools.local import process_memory_mb  # noqa: E402
from devtools.stream_client import ProtocolError, StreamSession, run_coroutine  # noqa: E402

#: The filters a session changes (widget keys of mms_ui/sidebar.py) — the map page's sidebar.
CHANGEABLE = ("f_edition", "f_priority", "f_metric", "f_org_types")
CSV_KEY = "download_summary_csv"
CSV_HEADER = "\ufeffteryt,".encode()
START_QUERY = "edition=2025"


def percentile(values: list[float], q: float) -> float | None:
    """The ``q``-th percentile (0–100) of ``values``, linear between the closest ranks (as
    numpy's default); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def next_change(widgets: dict, rng: random.Random) -> dict[str, object]:
    """One filter change a person might make: a changeable widget, and a value other than its
    current one (organisation types: one type on, or all off)."""
    key = rng.choice([k for k in CHANGEABLE if k in widgets])
    widget = widgets[key]
    if widget.kind == "multiselect":
        choices = [[]] + [[option] for option in widget.options]
    else:
        choices = list(widget.options)
    choices = [c for c in choices if c != widget.value] or choices
    return {key: rng.choice(choices)}


@dataclass
class StepResult:
    sessions: int
    duration_s: float
    opened: int = 0
    latencies_s: list[float] = field(default_factory=list)
    open_s: list[float] = field(default_factory=list)
    downloads: int = 0
    errors: list[str] = field(default_factory=list)
    bytes_per_change: list[int] = field(default_factory=list)

    def summary(self, target_s: float) -> dict:
        lat = self.latencies_s
        p95 = percentile(lat, 95)
        return {
            "sessions": self.sessions, "sessions_opened": self.opened, "duration_s": round(self.duration_s, 1),
            "filter_changes": len(lat), "reruns_per_s": round(len(lat) / self.duration_s, 2) if self.duration_s else None,
            "latency_ms": {name: (round(v * 1000) if v is not None else None) for name, v in (
                ("p50", percentile(lat, 50)), ("p95", p95), ("max", max(lat) if lat else None))},
            "page_open_ms_p50": round(percentile(self.open_s, 50) * 1000) if self.open_s else None,
            "kb_per_change_p50": round(statistics.median(self.bytes_per_change) / 1024, 1) if self.bytes_per_change else None,
            "downloads": self.downloads, "errors": len(self.errors), "error_samples": sorted(set(self.errors))[:5],
            "held": bool(lat) and p95 is not None and p95 <= target_s and not self.errors and self.opened == self.sessions,
        }


async def run_session(index: int, url: str, result: StepResult, ends_at: float, think_s: float, seed: int,
                      timeout_s: float) -> None:
    rng = random.Random(seed * 1000 + index)
    await asyncio.sleep(rng.uniform(0, think_s))  # spread the arrivals over one think time
    session = StreamSession(url, START_QUERY, timeout=timeout_s)
    try:
        result.open_s.append(await session.open())
        result.opened += 1
        changes = 0
        while True:
            pause = think_s * rng.uniform(0.8, 1.2)
            if time.monotonic() + pause >= ends_at:
                break
            await asyncio.sleep(pause)
            before = session.state.bytes_received
            result.latencies_s.append(await session.rerun(next_change(session.state.widgets, rng)))
            result.bytes_per_change.append(session.state.bytes_received - before)
            changes += 1
            if changes % 3 == 0:
                body = await session.download(CSV_KEY)
                if not body.startswith(CSV_HEADER):
                    raise ProtocolError("the CSV download is not the summary")
                result.downloads += 1
    except (ProtocolError, OSError, EOFError) as error:
        result.errors.append(f"{type(error).__name__}: {error}"[:200])
    except Exception as error:  # websockets' ConnectionClosed and the like: a failed session
        result.errors.append(f"{type(error).__name__}: {error}"[:200])
    finally:
        try:
            await session.close()
        except Exception:  # closing a broken socket
            pass


async def run_step(url: str, sessions: int, duration_s: float, think_s: float, seed: int,
                   timeout_s: float) -> StepResult:
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(max_workers=min(64, sessions + 4)))  # HTTP loads and downloads
    started = time.monotonic()
    result = StepResult(sessions, duration_s)
    ends_at = started + duration_s
    await asyncio.gather(*(run_session(i, url, result, ends_at, think_s, seed, timeout_s) for i in range(sessions)))
    result.duration_s = time.monotonic() - started
    return result


def machine() -> dict:
    info = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    try:
        info["load_average"] = os.getloadavg()
    except OSError:
        pass
    return info


def client_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb(pid: int) -> float | None:
    """The resident memory of process ``pid`` in MB (Linux ``/proc``), or None."""
    memory = process_memory_mb(pid)
    return memory["rss_mb"] if memory else None


def run(url: str, steps: list[int], duration_s: float, think_s: float, target_s: float, seed: int,
        timeout_s: float, label: str, server_pids: tuple[int, ...] = ()) -> dict:
    report = {"label": label, "url": url, "when": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": machine(), "think_s": think_s, "target_p95_s": target_s, "steps": []}
    for sessions in steps:
        cpu_before = client_cpu_s()
        result = run_coroutine(run_step(url, sessions, duration_s, think_s, seed, timeout_s))
        summary = result.summary(target_s)
        summary["client_cpu_s"] = round(client_cpu_s() - cpu_before, 1)
        if server_pids:  # each server process's memory at the end of the step
            summary["server_rss_mb"] = [rss_mb(pid) for pid in server_pids]
        report["steps"].append(summary)
        lat = summary["latency_ms"]
        print(f"{label}: {sessions:4d} sessions  changes {summary['filter_changes']:5d}  "
              f"p50 {lat['p50']} ms  p95 {lat['p95']} ms  max {lat['max']} ms  errors {summary['errors']}  "
              f"{summary['reruns_per_s']} reruns/s  client CPU {summary['client_cpu_s']} s  "
              f"{'server RSS ' + str(summary['server_rss_mb']) + ' MB  ' if server_pids else ''}"
              f"{'held' if summary['held'] else 'NOT held'}", flush=True)
        for sample in summary["error_samples"]:
            print(f"    error: {sample}", flush=True)
    held = [s["sessions"] for s in report["steps"] if s["held"]]
    report["sessions_held"] = max(held) if held else 0
    print(f"{label}: sessions held at p95 ≤ {target_s * 1000:.0f} ms with no error: {report['sessions_held']}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="an app already running (its address with the base path)")
    where.add_argument("--replicas", type=int, help="start this many replicas behind HAProxy for the test")
    where.add_argument("--plain", action="store_true",
                       help="start one plain `streamlit run dashboard.py` of the checkout for the test (no proxy)")
    parser.add_argument("--sessions", default="10", help="steps: comma-separated session counts (default 10)")
    parser.add_argument("--duration", type=float, default=60, help="seconds per step (default 60)")
    parser.add_argument("--think", type=float, default=5, help="seconds between a session's changes (default 5)")
    parser.add_argument("--target", type=float, default=1.0, help="p95 target in seconds (default 1)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds before a run counts as failed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", help="with --replicas or --plain: the data folder (default: a copy of mms_data/)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "capacity.json",
                        help="append this run's report to this JSON file (a list)")
    args = parser.parse_args(argv)
    try:
        steps = [int(s) for s in args.sessions.split(",") if s.strip()]
    except ValueError:
        parser.error("--sessions: comma-separated numbers, e.g. 10,20,30")
    if not steps or min(steps) < 1:
        parser.error("--sessions: at least one step of at least 1 session")
    if args.replicas is not None and args.replicas < 1:
        parser.error("--replicas: at least 1")
    if args.duration <= 0 or args.think <= 0 or args.target <= 0 or args.timeout <= 0:
        parser.error("--duration, --think, --target and --timeout must be positive")

    if args.replicas or args.plain:
        import shutil
        import tempfile

        if args.data_dir:
            data_dir = Path(args.data_dir)
        else:  # a copy, so that the run's ledger never lands in the repository's mms_data/
            scratch = Path(tempfile.mkdtemp(prefix="mms-load-"))
            atexit.register(shutil.rmtree, scratch, True)
            data_dir = scratch / "data"
            shutil.copytree(ROOT / "mms_data", data_dir)
    if args.replicas:
        from devtools.replicas import cluster

        context = cluster(args.replicas, env={"MMS_DATA_DIR": str(data_dir)}, warm=True)
        label = f"{args.replicas} process{'es' if args.replicas > 1 else ''} behind HAProxy"
    elif args.plain:
        from devtools.server import streamlit_server

        # never diverted to the proxy cluster (MMS_TEST_PROXY): one plain process is the point
        os.environ.pop("MMS_TEST_PROXY", None)
        context, label = streamlit_server(env={"MMS_DATA_DIR": str(data_dir)}, warm=True), "1 plain process"
    else:
        context, label = nullcontext(None), args.url
    with context as running:
        url = running.url if running else args.url
        pids = ()
        if running is not None:
            pids = tuple(r.process.pid for r in running.replicas) if hasattr(running, "replicas") \
                else (running.process.pid,)
        report = run(url, steps, args.duration, args.think, args.target, args.seed, args.timeout, label, pids)
        if running is not None and hasattr(running, "replicas"):
            report["replicas"] = len(running.replicas)
    history = []
    if args.out.exists():
        try:
            history = json.loads(args.out.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, OSError):
            history = []
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps([*history, report], indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
