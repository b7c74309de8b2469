"""Where the map puts a selection, and how the page lays out at every screen size."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.mapview import ENCLAVE_ZOOM, bounds_of, view_spec
from dashboard.palette import COLORS, FILTERED_OUT, UNMENTIONED
from geodata.geometry import load_world
from geodata.records import CATEGORIES

from .conftest import (
    COUNTRY_PATHS,
    MAP_FRAME,
    TABLE,
    WHOLE_PAGE,
    leaflet_frame,
    open_app,
    point_of,
    screenshot,
    serving,
    wait_idle,
)
from .test_browser import inside, table_text

pytestmark = pytest.mark.browser


def on_screen(page, iso3: str) -> dict:
    """The country's box on the map (container pixels), and whether it is all in view."""
    (south, west), (north, east) = bounds_of(load_world().loc[iso3, "geometry"])
    return leaflet_frame(page).evaluate(
        """([s, w, n, e]) => {
          const a = map_div.latLngToContainerPoint([s, w]);
          const b = map_div.latLngToContainerPoint([n, e]);
          return {width: b.x - a.x, height: a.y - b.y, zoom: map_div.getZoom(),
                  inView: map_div.getBounds().contains([[s, w], [n, e]])};
        }""",
        [south, west, north, east],
    )


def wait_for_selection(page, iso3: str) -> None:
    """Until the map's script has taken the selection in (and moved the map if it had to)."""
    leaflet_frame(page).wait_for_function(f"() => window.atlasSelected === '{iso3}'")


def test_choosing_lebanon_in_the_search_box_brings_it_into_view(context, server):
    page = open_app(context, server.url)
    assert on_screen(page, "LBN")["width"] < 20  # a few pixels at world zoom
    page.get_by_role("combobox").first.click()
    page.keyboard.type("Leban")
    page.get_by_role("option", name=re.compile("Lebanon")).click()
    page.wait_for_function("() => location.search.includes('country=LBN')")
    wait_for_selection(page, "LBN")
    seen = on_screen(page, "LBN")
    assert seen["inView"]
    assert seen["width"] >= 20


def test_a_link_to_a_small_country_opens_on_it(context, server):
    page = open_app(context, server.url + "?country=BHR")
    wait_for_selection(page, "BHR")
    seen = on_screen(page, "BHR")
    assert seen["inView"]
    assert max(seen["width"], seen["height"]) >= 20


def test_a_click_on_a_large_country_in_view_leaves_the_map_where_it_is(context, server):
    page = open_app(context, server.url)
    frame = leaflet_frame(page)
    before = frame.evaluate("() => [map_div.getZoom(), map_div.getCenter()]")
    page.mouse.click(*point_of(page, *inside("USA")))
    page.wait_for_function("() => location.search.includes('country=USA')")
    wait_for_selection(page, "USA")
    assert frame.evaluate("() => [map_div.getZoom(), map_div.getCenter()]") == before


# Enclaves: their dots never cover the country around them, and they stay reachable.
ENCLAVES = """Foreign relations of Norway

Italy is a close ally of Norway. Norway and France are partners in trade.

Norway has friendly relations with Vatican City. San Marino and Norway signed a trade
agreement. Monaco is a partner of Norway.
"""
ROME = (41.9028, 12.4964)


@pytest.fixture(scope="module")
def enclaves(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("enclaves"), {"enclaves.txt": ENCLAVES}) as srv:
        yield srv


def enclave_dots_shown(page) -> int:
    return leaflet_frame(page).evaluate(
        "() => [...document.querySelectorAll('path.atlas-enclave')]"
        ".filter(p => getComputedStyle(p).display !== 'none').length"
    )


def test_a_click_at_rome_selects_italy_not_the_vatican(context, enclaves):
    page = open_app(context, enclaves.url)
    assert enclave_dots_shown(page) == 0  # the first view is far out
    page.mouse.click(*point_of(page, *ROME))
    page.wait_for_function("() => location.search.includes('country=ITA')")
    # Zoomed in until Italy fills the map, Rome is still Italy's.
    page.get_by_role("combobox").first.click()
    page.keyboard.type("Fran")
    page.get_by_role("option", name=re.compile("France")).click()
    page.wait_for_function("() => location.search.includes('country=FRA')")
    wait_idle(page)
    leaflet_frame(page).evaluate("([lat, lon]) => map_div.setView([lat, lon], 6)", list(ROME))
    page.wait_for_timeout(300)
    page.mouse.click(*point_of(page, *ROME))
    page.wait_for_function("() => location.search.includes('country=ITA')")


def test_the_vatican_is_reachable_by_the_search_box_and_zoomed_in(context, enclaves):
    page = open_app(context, enclaves.url)
    page.get_by_role("combobox").first.click()
    page.keyboard.type("Vatican")
    page.get_by_role("option", name=re.compile("Vatican")).click()
    page.wait_for_function("() => location.search.includes('country=VAT')")
    assert "Vatican" in page.locator("[data-testid='country-panel']").inner_text()
    wait_for_selection(page, "VAT")
    assert on_screen(page, "VAT")["zoom"] >= ENCLAVE_ZOOM  # zoomed to it: its dot shows
    assert enclave_dots_shown(page) >= 1
    # Zoomed in on San Marino, its dot takes a click.
    frame = leaflet_frame(page)
    row = {"iso3": "SMR", "name": "San Marino", "category": "partner", "indirect": False}
    dot = view_spec(load_world(), [row], CATEGORIES, None)["dots"]["SMR"]
    frame.evaluate("(p) => map_div.setView(p, 8)", dot)
    page.wait_for_timeout(300)
    page.mouse.click(*point_of(page, *dot))
    page.wait_for_function("() => location.search.includes('country=SMR')")
    assert "San Marino" in page.locator("[data-testid='country-panel']").inner_text()


def test_copy_link_sits_just_below_the_map(context, server):
    page = open_app(context, server.url)
    map_box = page.locator(MAP_FRAME).bounding_box()
    link = page.locator(WHOLE_PAGE).bounding_box()
    table = page.locator(TABLE).bounding_box()
    below = link["y"] - (map_box["y"] + map_box["height"])
    assert 0 <= below <= 40, f"the copy-link button is {below:.0f} px below the map"
    assert map_box["x"] <= link["x"] < map_box["x"] + map_box["width"]
    assert link["y"] < table["y"]


# Layouts: (width, height, query) of a desktop, a small laptop or tablet, an embed, a phone.
LAYOUTS = {
    "1440x900": (1440, 900, ""),
    "900x800": (900, 800, ""),
    "embed-600x700": (600, 700, "?embed=true"),
    "phone-390x844": (390, 844, ""),
}


def laid_out(browser, guard, server, size: str):
    width, height, query = LAYOUTS[size]
    phone = size.startswith("phone")
    ctx = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone
    )
    ctx.route("**/*", guard.route)
    page = open_app(ctx, server.url + query)
    boxes = {
        name: page.locator(selector).first.bounding_box()
        for name, selector in {
            "map": MAP_FRAME,
            "legend": "[data-testid='legend']",
            "panel": "[data-testid='summary-panel']",
            "sidebar": "[data-testid='stSidebar']",
        }.items()
    }
    return ctx, page, boxes


SEED_CHIPS = ["all", "focal", "ally", "partner", "normalization", "peace-treaty", "adversary"]
SEED_CHIPS += ["contested"]


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def chips_on_screen(page) -> list[dict]:
    """Each legend chip: its category, whether all of it is in the first screen, its fill."""
    return page.locator(".st-key-filter button").evaluate_all(
        """bs => bs.map(b => { const r = b.getBoundingClientRect();
             return {key: b.innerText.split(' · ')[0], fill: getComputedStyle(b).backgroundColor,
                     seen: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight
                           && r.right <= innerWidth}; })"""
    )


def coloured_fills(page) -> set[str]:
    """The fills of the map's country shapes, less the greys of the unmentioned and the
    filtered out."""
    fills = (
        leaflet_frame(page)
        .locator(COUNTRY_PATHS)
        .evaluate_all("ps => ps.map(p => (p.getAttribute('fill') || '').toUpperCase())")
    )
    return set(fills) - {UNMENTIONED, FILTERED_OUT}


@pytest.mark.parametrize("size", list(LAYOUTS))
def test_every_screen_shows_the_legend_chips_in_their_colours_and_a_chip_filters(
    browser, guard, server, size
):
    ctx, page, _ = laid_out(browser, guard, server, size)
    try:
        chips = chips_on_screen(page)
        assert [c["key"] for c in chips] == SEED_CHIPS
        assert all(c["seen"] for c in chips), chips
        assert all(c["fill"] == rgb(COLORS[c["key"]]) for c in chips[1:]), chips
        assert len(coloured_fills(page)) > 4
        page.locator(".st-key-filter button", has_text="peace-treaty").click()
        page.wait_for_function("() => location.search.endsWith('categories=peace-treaty')")
        wait_idle(page)
        leaflet_frame(page).wait_for_function(
            f'() => document.querySelectorAll("{COUNTRY_PATHS}").length > 0'
        )
        assert coloured_fills(page) == {COLORS["peace-treaty"]}
        table_text(page)
        table = page.locator(f"{TABLE} table")
        expect(table).not_to_contain_text("Austria")  # the grid redraws just after the rerun
        expect(table).to_contain_text("Egypt")
        expect(table).to_contain_text("Jordan")
    finally:
        ctx.close()
    assert guard.blocked == []


@pytest.mark.parametrize("size", list(LAYOUTS))
def test_every_screen_shows_the_map_the_legend_and_the_panel_uncrowded(
    browser, guard, server, size
):
    width, height, _ = LAYOUTS[size]
    ctx, page, box = laid_out(browser, guard, server, size)
    try:
        screenshot(page, f"layout-{size}")
        m, legend, panel = box["map"], box["legend"], box["panel"]
        assert legend["y"] + legend["height"] <= m["y"] < height  # the legend, then the map
        beside = panel["x"] >= m["x"] + m["width"]
        under = panel["y"] >= m["y"] + m["height"]
        assert beside or under
        if width <= 900:
            assert m["width"] >= 0.6 * width or (under and m["width"] >= 0.9 * panel["width"])
        else:
            assert m["width"] > 1.5 * panel["width"]
        if size.startswith("embed"):
            sidebar = box["sidebar"]
            assert sidebar is None or sidebar["x"] + sidebar["width"] <= 0  # folded away
            assert panel["y"] < height  # the panel starts on the first screen
        if size.startswith("phone"):
            assert m["y"] + m["height"] <= height  # the map fits the screen
    finally:
        ctx.close()
    assert guard.blocked == []


def test_on_a_phone_antarctica_is_small_and_a_tap_brings_the_panel_into_view(
    browser, guard, server
):
    ctx, page, box = laid_out(browser, guard, server, "phone-390x844")
    try:
        frame = leaflet_frame(page)
        south = frame.evaluate(
            "() => map_div.getSize().y - map_div.latLngToContainerPoint([-60, 0]).y"
        )
        assert south < box["map"]["height"] / 4, f"{south:.0f} px of the map is south of 60° S"
        page.touchscreen.tap(*point_of(page, *inside("EGY")))
        page.wait_for_function("() => location.search.includes('country=EGY')")
        panel = page.locator("[data-testid='country-panel']")
        panel.wait_for()
        page.wait_for_function(
            "() => { const t = document.querySelector(\"[data-testid='country-panel']\")"
            ".getBoundingClientRect().top; return t >= 0 && t < innerHeight - 80; }",
            timeout=10_000,
        )
        screenshot(page, "layout-phone-390x844-tapped")
    finally:
        ctx.close()
    assert guard.blocked == []
