"""What a person sees and clicks, in a real headless Chromium with the internet blocked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from geodata.geometry import load_world

from .conftest import (
    COUNTRY_PATHS,
    HOVER_TOOLTIP,
    MAP_FRAME,
    READY,
    map_frame,
    open_app,
    point_of,
    screenshot,
    start_server,
    wait_idle,
)

pytestmark = pytest.mark.browser


def inside(iso3: str) -> tuple[float, float]:
    """(lat, lon) of a point inside the country's drawn shape."""
    point = load_world().loc[iso3, "geometry"].representative_point()
    return point.y, point.x


def table_text(page) -> str:
    """Text of the table's cells, read from the grid's accessible table (the visible grid
    is a canvas)."""
    wait_idle(page)
    cells = page.locator("[data-testid='stDataFrame'] td[role='gridcell']")
    cells.first.wait_for(state="attached")
    return " ".join(cells.all_text_contents())


def test_the_map_draws_every_country_and_the_legend(context, server):
    page = open_app(context, server.url)
    shapes = map_frame(page).locator(COUNTRY_PATHS)
    dots = map_frame(page).locator("path.leaflet-interactive").count() - 41
    assert shapes.count() == len(load_world()) + dots
    assert map_frame(page).locator("path.leaflet-interactive").count() >= 41
    chips = page.locator(".st-key-filter").inner_text()  # the legend's chips, with counts
    for key in ("all · 41", "focal · 1", "ally · 1", "peace-treaty · 2", "adversary · 3"):
        assert key in chips
    assert page.locator("[data-testid='summary-panel']").is_visible()
    screenshot(page, "1-home")


def test_hover_shows_a_tooltip_and_a_click_on_egypt_quotes_the_treaty(context, server):
    page = open_app(context, server.url)
    x, y = point_of(page, *inside("EGY"))
    page.mouse.move(x, y)
    tooltip = map_frame(page).locator(HOVER_TOOLTIP)
    tooltip.wait_for()
    assert "Egypt" in tooltip.inner_text()
    assert "peace-treaty" in tooltip.inner_text()
    page.mouse.click(x, y)
    panel = page.locator("[data-testid='country-panel']")
    panel.wait_for()
    assert "longstanding peace treaties" in panel.inner_text()
    assert panel.locator("mark").first.inner_text() == "Egypt"
    page.wait_for_function("() => location.search.includes('country=EGY')")
    screenshot(page, "2-egypt")


def test_turning_a_category_off_greys_its_countries_and_drops_them_from_the_table(context, server):
    # Two categories, so the whole table fits on screen (the grid renders visible rows only).
    page = open_app(context, server.url + "?categories=adversary,peace-treaty")
    assert "Iran" in table_text(page)
    before = map_frame(page).locator("path.leaflet-interactive").count()
    page.get_by_role("button", name=re.compile(r"^adversary")).click()
    wait_idle(page)
    page.wait_for_function(
        "() => location.search === '?doc=foreign-relations-of-israel&categories=peace-treaty'"
    )
    map_frame(page).locator("path.leaflet-interactive").first.wait_for()
    table = page.locator("[data-testid='stDataFrame'] table")
    expect(table).not_to_contain_text("Iran")  # the grid redraws just after the rerun
    expect(table).to_contain_text("Egypt")
    after = map_frame(page).locator("path.leaflet-interactive").count()
    # Iran, Syria and Lebanon (and Lebanon's dot) are now grey and not clickable.
    assert (before, after) == (6, 2)
    screenshot(page, "3-filtered")


def test_the_search_box_selects_bahrain(context, server):
    page = open_app(context, server.url)
    page.get_by_role("combobox").first.click()
    page.keyboard.type("Bahr")
    page.get_by_role("option", name=re.compile("Bahrain")).click()
    panel = page.locator("[data-testid='country-panel']")
    panel.wait_for()
    assert "Bahrain" in panel.inner_text()
    assert "Abraham Accords" in panel.inner_text()
    page.wait_for_function("() => location.search.includes('country=BHR')")


def test_bahrain_is_clickable_at_world_zoom(context, server):
    page = open_app(context, server.url)
    page.mouse.click(*point_of(page, *inside("BHR")))
    page.locator("[data-testid='country-panel']").wait_for()
    assert "Bahrain" in page.locator("[data-testid='country-panel']").inner_text()


def test_a_shared_link_restores_the_view_in_a_fresh_context(browser, guard, server):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    ctx.route("**/*", guard.route)
    try:
        page = open_app(ctx, server.url + "?country=JOR&categories=peace-treaty")
        assert "Jordan" in page.locator("[data-testid='country-panel']").inner_text()
        assert map_frame(page).locator("path.leaflet-interactive").count() == 2
        table = page.locator("[data-testid='stDataFrame'] table")
        expect(table).to_contain_text("Jordan")
        expect(table).to_contain_text("Egypt")
        expect(table).not_to_contain_text("Iran")
    finally:
        ctx.close()
    assert guard.blocked == []


def test_a_malformed_link_shows_a_notice_and_the_default_view(context, server):
    page = open_app(
        context,
        server.url + "?country=XXX&doc=..%2F..%2Fetc%2Fpasswd"
        "&categories=%3Cscript%3E,![](http://example.com/x.png),[x](javascript:alert(1))",
    )
    alerts = page.locator("[data-testid='notice']")
    alerts.first.wait_for()
    text = " ".join(alerts.all_inner_texts())
    assert "Unknown document" in text
    assert "not in this document" in text
    assert "![](http://example.com/x.png)" in text  # shown as text: no image was requested
    assert page.locator("[data-testid='notice'] a, [data-testid='notice'] img").count() == 0
    assert page.locator("[data-testid='summary-panel']").is_visible()
    assert "Traceback" not in page.content()
    assert page.locator("[data-testid='stException']").count() == 0


def test_hostile_text_shows_as_text_and_nothing_runs(browser, guard, hostile_seeds):
    srv = start_server(hostile_seeds)
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.route("**/*", guard.route)
    ctx.on("page", lambda page: page.on("dialog", guard.dialog))
    try:
        srv.wait()
        page = open_app(ctx, srv.url + "?country=EGY")
        panel = page.locator("[data-testid='country-panel']")
        text = panel.inner_text()
        assert '<script>alert("passage")</script>' in text
        assert '<img src=x onerror=alert("img")>' in text
        assert '[click](javascript:alert("link"))' in text
        assert panel.locator("script, img, iframe, a").count() == 0
        x, y = point_of(page, *inside("EGY"))
        page.mouse.move(x, y)
        tooltip = map_frame(page).locator(HOVER_TOOLTIP)
        tooltip.wait_for()
        assert tooltip.inner_text().split() == ["Egypt", "focal"]
        page.wait_for_timeout(500)  # give any injected handler a chance to fire
        screenshot(page, "7-hostile")
    finally:
        ctx.close()
        srv.stop()
    assert guard.dialogs == []
    assert guard.blocked == []


def test_a_phone_sized_screen_shows_the_map_and_reaches_the_panel(browser, guard, server):
    ctx = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    ctx.route("**/*", guard.route)
    try:
        page = open_app(ctx, server.url + "?country=EGY")
        assert page.locator(MAP_FRAME).is_visible()
        panel = page.locator("[data-testid='country-panel']")
        panel.scroll_into_view_if_needed()
        assert panel.is_visible()
        assert "Egypt" in panel.inner_text()
        page.wait_for_selector(READY)
        screenshot(page, "8-mobile")
    finally:
        ctx.close()
    assert guard.blocked == []


def test_the_panel_shows_deciding_passages_first_and_folds_long_groups(context, server):
    page = open_app(context, server.url + "?country=PSE")
    panel = page.locator("[data-testid='country-panel']")
    deciding = panel.locator("[data-testid='deciding']")
    assert "a central, contested issue" in deciding.inner_text()
    first = deciding.locator("[data-testid='passage']").first.inner_text()
    assert deciding.locator("mark.cue").first.inner_text() in first
    # The deciding passages come before the others.
    html = panel.inner_html()
    assert html.index('data-testid="deciding"') < html.index('data-testid="passage-group"')
    # The focal country names itself five times in the introduction: three shown, the
    # rest behind "show all 5", which opens on a click, offsets and highlights kept.
    page = open_app(context, server.url + "?country=ISR")
    group = page.locator("[data-testid='passage-group']").first
    assert "(5)" in group.inner_text()
    folded = group.locator("[data-testid='show-all']")
    assert not folded.locator("[data-testid='passage']").first.is_visible()
    folded.locator("summary").click()
    assert folded.locator("[data-testid='passage']").first.is_visible()
    assert "characters" in folded.inner_text()
    screenshot(page, "panel-folded-groups")
