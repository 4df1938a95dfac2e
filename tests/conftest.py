"""Fixtures for the browser tests: a real ``streamlit run`` server and Debian's Chromium.

Chromium is found at ``$MMS_CHROMIUM``, ``/usr/bin/chromium`` or on the PATH. Without it the
browser tests skip, unless ``MMS_REQUIRE_BROWSER=1`` (as in CI), where they fail instead.
Every request that leaves the machine is refused and recorded.
"""

from __future__ import annotations

import os

import pytest

from devtools.browser import CHROMIUM_ARGS, find_chromium, is_local
from devtools.server import streamlit_server as _streamlit_server
from mms_core.data.paths import DEFAULT_DATA_DIR


def streamlit_server(data_dir=DEFAULT_DATA_DIR):
    """``streamlit run dashboard.py`` with ``MMS_DATA_DIR=data_dir``; yields a :class:`devtools.server.Server`."""
    return _streamlit_server(env={"MMS_DATA_DIR": str(data_dir)})


@pytest.fixture(scope="session")
def population():
    """GUS population of the 16 voivodeships, as shipped."""
    from mms_core.data.loaders import load_population

    return load_population(DEFAULT_DATA_DIR / "population_2024.csv")


@pytest.fixture(scope="session")
def eligible(population):
    """The eligible-population estimate from the shipped files."""
    from mms_core.analysis.aggregates import eligible_population
    from mms_core.data.loaders import load_big_cities

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
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def app_url():
    with streamlit_server() as server:
        yield server.url


class OfflinePage:
    """A page whose requests off this machine are refused and listed in ``blocked``."""

    def __init__(self, browser, **context_options):
        self.blocked: list[str] = []
        self.errors: list[str] = []
        options = {"viewport": {"width": 1400, "height": 1600}, "accept_downloads": True} | context_options
        self.context = browser.new_context(**options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _route(self, route):
        url = route.request.url
        if is_local(url):
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
