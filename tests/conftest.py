"""Fixtures of the whole test run: temporary folders the app reads and writes, a guard that the
checkout is left as it was, a real ``streamlit run`` server and Debian's Chromium.

Nothing a test runs writes into the checkout: the app's data folder (where it creates its ledger
of sources) is a copy (``MMS_DATA_DIR``), its audience pages go to a temporary folder
(``MMS_AUDIENCE_DIR``), and a server runs from a temporary copy of the app whose ``static/a/`` is
its own (:func:`devtools.local.isolated_app`). :func:`checkout_guard` fails the run otherwise.

Chromium is found at ``$MMS_CHROMIUM``, ``/usr/bin/chromium`` or on the PATH. Without it the
browser tests skip, unless ``MMS_REQUIRE_BROWSER=1`` (as in CI), where they fail instead.
Every request that leaves the machine is refused and recorded.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest

from devtools.browser import CHROMIUM_ARGS, find_chromium, is_local
from devtools.server import streamlit_server as _streamlit_server
from mms_core.data.paths import DEFAULT_DATA_DIR, PROJECT_ROOT, STATIC_DIR
from tests.helpers import make_data_dir


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With ``-n`` (pytest-xdist) and ``--dist loadgroup`` (pytest.ini): the tests of a group (the browser
    tests, ``tests/browser/conftest.py``: one Chromium and one server at a time) on one worker, and the
    tests of any other file together on one worker, so that a module's fixtures are made once — but those of
    :data:`SPREAD_FILES`, independent of each other and long together, on any worker."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class GroupsAndFiles(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.rfind("@") > nodeid.rfind("]"):  # as xdist's own: an "@" inside a parameter is no group
                return nodeid.split("@")[-1]
            path = nodeid.split("::", 1)[0]
            return nodeid if path in SPREAD_FILES else path

    return GroupsAndFiles(config, log)


#: Files whose tests share no module fixture and take long together (the upload page's AppTests: a third of
#: the unit part's time): spread over the workers test by test.
SPREAD_FILES = frozenset({"tests/ui/test_ledger_pages.py"})


def streamlit_server(data_dir=None):
    """``streamlit run dashboard.py`` with ``MMS_DATA_DIR=data_dir`` (default: the test's data folder),
    from a temporary copy of the app (its audience pages there); yields a :class:`devtools.server.Server`."""
    return _streamlit_server(env={"MMS_DATA_DIR": str(data_dir or os.environ["MMS_DATA_DIR"])}, isolated=True)


#: What the app writes where it runs, inside the checkout: the data folder (the ledger of sources in
#: ``mms_data/ledger/``, conference edits) and the audience pages (``static/a/``).
WATCHED = (DEFAULT_DATA_DIR, STATIC_DIR / "a")


def folder_state(folders=WATCHED, root: Path = PROJECT_ROOT) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``folders`` (bytecode caches aside): (size, modification time) by path."""
    state = {}
    for folder in folders:
        for path in [folder, *folder.rglob("*")] if folder.is_dir() else []:
            if "__pycache__" in path.parts:
                continue
            try:
                found = path.stat()
            except FileNotFoundError:  # removed while we looked
                continue
            state[path.relative_to(root).as_posix()] = (found.st_size, found.st_mtime_ns) if path.is_file() else (0, 0)
    return state


def written(before: dict, after: dict) -> list[str]:
    """The paths that appeared or changed between two :func:`folder_state`s."""
    return sorted(path for path, stat in after.items() if before.get(path) != stat)


@pytest.fixture(scope="session", autouse=True)
def checkout_guard():
    """Fails the run if it created or changed anything in ``mms_data/`` or ``static/a/`` of the checkout
    (a test that ran the app on the shipped folder: it must use tests/helpers.make_data_dir, tmp_path,
    ``MMS_DATA_DIR``/``MMS_AUDIENCE_DIR`` or ``streamlit_server(isolated=True)``). A dashboard started by
    hand from the checkout while the tests run changes these too."""
    before = folder_state()
    yield
    if found := written(before, folder_state()):
        pytest.fail("the test run wrote into the checkout: " + ", ".join(found[:20]), pytrace=False)


@pytest.fixture(autouse=True)
def checkout_unchanged_by_test(checkout_guard):
    """The same check around each test, so that the one that wrote is named (a few dozen stats a test)."""
    before = folder_state()
    yield
    if found := written(before, folder_state()):
        pytest.fail("this test wrote into the checkout: " + ", ".join(found[:20]), pytrace=False)


@pytest.fixture(scope="session")
def shipped_copy(tmp_path_factory):
    """One copy of the shipped data folder for the session: the app creates its ledger of sources
    there, never in the repository's mms_data/."""
    return make_data_dir(tmp_path_factory.mktemp("shipped") / "data")


@pytest.fixture(scope="session")
def audience_copy(tmp_path_factory):
    """Where the app run inside the tests (AppTest) writes its audience pages."""
    return tmp_path_factory.mktemp("audience")


@pytest.fixture(scope="session", autouse=True)
def app_folders(checkout_guard, shipped_copy, audience_copy):
    """The app's folders for fixtures of every scope (a module's fixture runs before a test's own
    ``monkeypatch``): the shipped data's copy and a temporary folder for the audience pages."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MMS_DATA_DIR", str(shipped_copy))
        patch.setenv("MMS_AUDIENCE_DIR", str(audience_copy))
        yield


@pytest.fixture(autouse=True)
def shipped_data_dir(shipped_copy, monkeypatch):
    """Every test reads the shipped data from its copy unless it sets MMS_DATA_DIR itself."""
    monkeypatch.setenv("MMS_DATA_DIR", str(shipped_copy))
    return shipped_copy


@pytest.fixture(scope="session")
def population():
    """GUS population of the 16 voivodeships, as shipped."""
    from mms_core.data.reference.loaders import load_population

    return load_population(DEFAULT_DATA_DIR / "population_2024.csv")


@pytest.fixture(scope="session")
def eligible(population):
    """The eligible-population estimate from the shipped files."""
    from mms_core.analysis.aggregates import eligible_population
    from mms_core.data.reference.loaders import load_big_cities

    return eligible_population(population, load_big_cities(DEFAULT_DATA_DIR / "cities_over_100k_2023.csv"))


@pytest.fixture(scope="session")
def _shipped_tables():
    from mms_core.data.paths import DataPaths
    from mms_core.data.reference import loaders
    from mms_core.maps import geometry

    paths = DataPaths(DEFAULT_DATA_DIR)
    return {"grants": loaders.load_grants(paths.grants), "conferences": loaders.load_conferences(paths.conferences),
            "operators": loaders.load_operators(paths.operators), "regions": geometry.load_geojson(paths.voivodeships)}


@pytest.fixture()
def grants(_shipped_tables):
    """The shipped (sample) grants, a fresh copy for each test."""
    return _shipped_tables["grants"].copy()


@pytest.fixture()
def conferences(_shipped_tables):
    """The 16 conferences as shipped, a fresh copy for each test."""
    return _shipped_tables["conferences"].copy()


@pytest.fixture()
def operators(_shipped_tables):
    return _shipped_tables["operators"].copy()


@pytest.fixture()
def regions(_shipped_tables):
    """The voivodeship polygons (GeoJSON, EPSG:4326), a fresh copy for each test."""
    return copy.deepcopy(_shipped_tables["regions"])


@pytest.fixture()
def summary_2025(grants, population, eligible):
    """The per-region summary of the shipped grants of edition 2025."""
    from mms_core.analysis.aggregates import filter_grants, region_summary
    from mms_core.analysis.filters import Filters

    return region_summary(filter_grants(grants, Filters(edition=2025)), population, eligible)


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
def app_url(shipped_copy):
    with streamlit_server(shipped_copy) as server:
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
