"""Fixtures for the browser tests: a real ``streamlit run`` server and Debian's Chromium.

Chromium is found at ``$MMS_CHROMIUM``, ``/usr/bin/chromium`` or on the PATH. Without it the
browser tests skip, unless ``MMS_REQUIRE_BROWSER=1`` (as in CI), where they fail instead.
Every request that leaves the machine is refused and recorded.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from mms_core.paths import DEFAULT_DATA_DIR, PROJECT_ROOT

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def find_chromium() -> str | None:
    for candidate in (os.environ.get("MMS_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit_server(data_dir: Path = DEFAULT_DATA_DIR):
    """Run ``streamlit run dashboard.py`` on a free port; yield its base URL."""
    port = _free_port()
    env = dict(os.environ, MMS_DATA_DIR=str(data_dir))
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"mms-streamlit-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def population():
    """GUS population of the 16 voivodeships, as shipped."""
    from mms_core.datafiles import load_population

    return load_population(DEFAULT_DATA_DIR / "population_2024.csv")


@pytest.fixture(scope="session")
def eligible(population):
    """The eligible-population estimate from the shipped files."""
    from mms_core.datafiles import load_big_cities
    from mms_core.metrics import eligible_population

    return eligible_population(population, load_big_cities(DEFAULT_DATA_DIR / "cities_over_100k_2023.csv"))


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        message = "Chromium not found (apt-get install -y chromium, or set MMS_CHROMIUM)"
        if os.environ.get("MMS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def app_url():
    with streamlit_server() as url:
        yield url


class OfflinePage:
    """A page whose requests off this machine are refused and listed in ``blocked``."""

    def __init__(self, browser, **context_options):
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 1600}, accept_downloads=True,
                                           **context_options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _route(self, route):
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about") or parsed.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture()
def offline_page(browser):
    holder = OfflinePage(browser)
    yield holder
    holder.close()
