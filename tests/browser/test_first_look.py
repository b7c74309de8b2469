"""The first look: the page comes without its search box, table and copy-link button,
which follow as soon as the map asks for them, or when a timer fires if it never does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .conftest import MAP_FRAME, READY, WHOLE_PAGE, map_frame, screenshot, start_server

pytestmark = pytest.mark.browser

# Without Leaflet the map's iframe loads but no map is made, so it can ask for nothing.
# (Blocking only the shapes is not enough: streamlit-folium reports a value as soon as the
# map exists, and any rerun after the first look draws the whole page.)
LEAFLET = "**/app/static/leaflet/leaflet.js"
# What only the whole page has: the search box, the table and the copy-link button.
THE_REST = ("[data-testid='stSelectbox']", "[data-testid='stDataFrame']", WHOLE_PAGE)


@pytest.fixture(scope="module")
def patient_server() -> Iterator:
    """The app with a first look that waits ten minutes for the map: whatever draws the rest
    of the page sooner is the map's own request."""
    srv = start_server(env={"ATLAS_FIRST_LOOK_SECONDS": "600"})
    try:
        yield srv.wait()
    finally:
        srv.stop()


def sent_frames(page) -> list[bytes]:
    """Every websocket message the page sends from now on."""
    sent: list[bytes] = []
    page.on(
        "websocket",
        lambda ws: ws.on("framesent", lambda payload: sent.append(payload.encode()
                                                                 if isinstance(payload, str)
                                                                 else payload)),
    )  # fmt: skip
    return sent


def wait_for_the_rest(page) -> None:
    """Until the whole page is there and Streamlit is idle."""
    for selector in THE_REST:
        page.locator(selector).first.wait_for(timeout=30_000)
    page.wait_for_selector(READY)


def assert_no_rerun_asked_for(page, sent: list[bytes]) -> None:
    """The page sends nothing over two of the first look's timer periods (1.5 s)."""
    before = len(sent)
    page.wait_for_timeout(3_500)
    assert len(sent) == before


# Records where the map's frame begins after every change to the page, from the moment a
# map is made in it and laid out (it has a height).
WATCH_THE_MAP = """
window.mapTops = [];
new MutationObserver(() => {
  const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const box = frame && frame.getBoundingClientRect();
  if (box && box.height > 0 && window.mapTops[window.mapTops.length - 1] !== box.top)
    window.mapTops.push(box.top);
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


def test_the_map_comes_first_asks_for_the_rest_and_nothing_moves(context, patient_server):
    # A map that cannot draw holds the page at its first look.
    held = context.new_page()
    held.route(LEAFLET, lambda route: route.abort())
    held.goto(patient_server.url)
    for part in ("legend", "summary-panel", "search-placeholder"):
        held.locator(f"[data-testid='{part}']").wait_for()
    held.locator("[data-testid='stButtonGroup']").wait_for()  # the category buttons
    held.locator("[data-testid='stDownloadButton']").first.wait_for()
    held.locator(MAP_FRAME).wait_for(state="attached")  # there, but no map in it
    held.wait_for_selector(READY)
    assert map_frame(held).locator(".leaflet-container").count() == 0
    for selector in THE_REST:
        assert held.locator(selector).count() == 0, selector
    screenshot(held, "first-look")
    held.close()

    # A map that draws asks for the rest at once; the timer would wait ten minutes.
    page = context.new_page()
    page.add_init_script(WATCH_THE_MAP)
    sent = sent_frames(page)
    page.goto(patient_server.url)
    map_frame(page).locator("path.leaflet-interactive").first.wait_for()
    wait_for_the_rest(page)
    assert any(b'{"drawn":true}' in frame for frame in sent)
    # The search box took the placeholder's place in a box of fixed height: the map never
    # moved, not even while the search box's code was loading.
    frame = page.locator(MAP_FRAME).bounding_box()
    assert page.evaluate("window.mapTops") == [frame["y"]]
    search = page.locator("[data-testid='stSelectbox']").bounding_box()
    assert search["y"] + search["height"] <= frame["y"]
    screenshot(page, "whole-page")


def test_the_rest_comes_even_if_the_map_never_draws_and_then_nothing_reruns(context, server):
    page = context.new_page()
    page.route(LEAFLET, lambda route: route.abort())
    sent = sent_frames(page)
    page.goto(server.url)
    wait_for_the_rest(page)
    assert not any(b"json_value" in frame or b"drawn" in frame for frame in sent)
    # The timer that brought the rest is gone with the first look.
    assert_no_rerun_asked_for(page, sent)


def test_once_the_map_has_asked_the_timer_is_gone(context, server):
    # Left out of the whole page, the first look's timer must stop, or every open page
    # would ask for a rerun every 1.5 s.
    page = context.new_page()
    sent = sent_frames(page)
    page.goto(server.url)
    map_frame(page).locator("path.leaflet-interactive").first.wait_for()
    wait_for_the_rest(page)
    assert any(b'{"drawn":true}' in frame for frame in sent)
    assert_no_rerun_asked_for(page, sent)
