"""Real-browser fixtures: a Streamlit server on a free local port, and pages in Debian's
Chromium (driven by Playwright) that may reach nothing but that server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

from .chromium import CHROMIUM, launch
from .streamlit_server import StreamlitServer, free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
# Drawn only once the first look has made way for the whole page: the copy-link button,
# and the table, whose 1.7 MB of code loads after that (a page "loaded" before it has is
# one a server restart can leave with a table that failed to load).
WHOLE_PAGE = "[data-testid='copy-link']"
TABLE = "[data-testid='stDataFrame']"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# A hover's tooltip, not the focal country's permanent name label.
HOVER_TOOLTIP = ".leaflet-tooltip:not(.atlas-focal-label)"
# Country shapes and dots: not the focal country's ring, nor the hatch over uncertain ones.
COUNTRY_PATHS = (
    ".leaflet-overlay-pane path:not(.atlas-focal):not(.atlas-focal-halo):not([fill^='url'])"
)
LOCAL = ("http://localhost", "http://127.0.0.1", "ws://localhost", "ws://127.0.0.1")
LOCAL += ("data:", "blob:", "about:")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    # CI sets ATLAS_REQUIRE_BROWSER=1: there a missing browser is a failure, not a skip.
    if os.environ.get("ATLAS_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"{CHROMIUM} is missing; install Debian's chromium")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def start_server(seeds: Path | None = None, env: dict[str, str] | None = None) -> StreamlitServer:
    """The app (on `seeds`, if given) logging to tests/artifacts/, not yet waited for."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {**({"ATLAS_SEEDS": str(seeds)} if seeds else {}), **(env or {})}
    port = free_port()
    return StreamlitServer(env=env, port=port, log=ARTIFACTS / f"streamlit-{port}.log")


@contextmanager
def serving(folder: Path, documents: Mapping[str, str]) -> Iterator[StreamlitServer]:
    """The app on `folder`, each document written there first: started, waited for, and
    stopped afterwards."""
    for name, text in documents.items():
        (folder / name).write_text(text, encoding="utf-8")
    srv = start_server(folder)
    try:
        yield srv.wait()
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def server() -> Iterator[StreamlitServer]:
    srv = start_server()
    try:
        srv.wait()
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


class Guard:
    """Aborts and records every request to anything but this machine, and every dialog."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []

    def route(self, route) -> None:
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def guard() -> Guard:
    return Guard()


@pytest.fixture
def context(browser, guard):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.route("**/*", guard.route)
    ctx.on("page", lambda page: page.on("dialog", guard.dialog))
    yield ctx
    ctx.close()
    assert guard.blocked == [], f"the page asked the internet for {guard.blocked}"
    assert guard.dialogs == [], f"a dialog fired: {guard.dialogs}"


def open_app(context, url: str):
    """A page at `url`, once the map has drawn its shapes, the rest of the page (drawn after
    the map, see dashboard/app.py) is there, and Streamlit is idle."""
    page = context.new_page()
    page.goto(url)
    # Attached, not visible: the first shape may be one too small to see (Aruba).
    map_frame(page).locator("path.leaflet-interactive").first.wait_for(
        state="attached", timeout=60_000
    )
    page.locator(WHOLE_PAGE).wait_for(timeout=60_000)
    page.locator(TABLE).wait_for(timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    return page


def map_frame(page):
    return page.frame_locator(MAP_FRAME)


def leaflet_frame(page):
    return next(f for f in page.frames if "st_folium" in f.url)


def point_of(page, lat: float, lon: float) -> tuple[float, float]:
    """Page coordinates of a geographic point on the map."""
    box = page.locator(MAP_FRAME).bounding_box()
    x, y = leaflet_frame(page).evaluate(
        "([lat, lon]) => { const p = map_div.latLngToContainerPoint([lat, lon]);"
        " return [p.x, p.y]; }",
        [lat, lon],
    )
    return box["x"] + x, box["y"] + y


def wait_idle(page) -> None:
    page.wait_for_selector(READY, timeout=60_000)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def hostile_seeds(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copy(Path(__file__).with_name("hostile.txt"), folder / "hostile.txt")
    return folder
