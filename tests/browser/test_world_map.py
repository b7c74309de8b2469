"""The world map for any document: every shape draws as itself, so the sea stays the sea
whatever the document colours (Antarctica's fill once covered every ocean)."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from dashboard.mapview import style_of
from dashboard.palette import COLORS, SEA
from geodata import gazetteer
from geodata.dataset import build_dataset
from geodata.geometry import load_world

from .conftest import (
    HOVER_TOOLTIP,
    MAP_FRAME,
    leaflet_frame,
    map_frame,
    open_app,
    point_of,
    screenshot,
    serving,
    start_server,
)
from .test_browser import inside

pytestmark = pytest.mark.browser

# One sentence per country, its category cycling through the legend.
SENTENCES = {
    "ally": "{} is a close ally of Norway.",
    "partner": "{} is a key trading partner of Norway.",
    "adversary": "Norway regards {} as an enemy.",
    "contested": "The status of {} is disputed.",
    "no-relations": "Norway has no diplomatic relations with {}.",
    "peace-treaty": "{} signed a peace treaty with Norway.",
    "normalization": "{} agreed to normalize relations with Norway.",
}
FILL_OPACITY = style_of("ally", indirect=False, selected=False)["fillOpacity"]
SEA_POINTS = {  # (lat, lon)
    "mid-Pacific": (0.0, -150.0),
    "South Atlantic": (-30.0, -15.0),
    "Indian Ocean": (-20.0, 75.0),
    "Southern Ocean": (-55.0, 0.0),
}


def every_country_document(folder: Path) -> tuple[Path, dict[str, str]]:
    """A document naming every country that has a shape, each with a category."""
    gaz = gazetteer.load()
    world = load_world()
    paragraphs, categories = ["Foreign relations of Norway"], list(SENTENCES)
    for i, iso3 in enumerate(sorted(set(world.index) - {"NOR"})):
        if iso3 in gaz.names:
            paragraphs.append(SENTENCES[categories[i % len(categories)]].format(gaz.name(iso3)))
    path = folder / "every-country.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    dataset = build_dataset(path.read_text(encoding="utf-8"), path.name)
    return path, {c.iso3: c.category for c in dataset.countries}


def rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def over(colour: str, background: str, opacity: float) -> str:
    """`colour` painted at `opacity` over `background`."""
    mixed = (
        round(opacity * a + (1 - opacity) * b)
        for a, b in zip(rgb(colour), rgb(background), strict=True)
    )
    return "#{:02X}{:02X}{:02X}".format(*mixed)


def close(seen: str, expected: str) -> bool:
    return all(abs(a - b) <= 3 for a, b in zip(rgb(seen), rgb(expected), strict=True))


def pixel(page, x: float, y: float) -> str:
    """The colour a person sees at page point (x, y), as #RRGGBB."""
    png = page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1})
    data, pos = b"", 8
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        if kind == b"IDAT":
            data += png[pos + 8 : pos + 8 + length]
        pos += 12 + length
    row = zlib.decompress(data)  # one row: a filter byte, then the pixel (no left or up)
    return "#{:02X}{:02X}{:02X}".format(*row[1:4])


@pytest.fixture(scope="module")
def every_country(tmp_path_factory):
    folder = tmp_path_factory.mktemp("every")
    _, categories = every_country_document(folder)
    srv = start_server(folder)
    try:
        srv.wait()
        yield srv, categories
    finally:
        srv.stop()


def test_a_document_can_colour_every_shape(every_country):
    _, categories = every_country
    coloured = {iso3 for iso3, c in categories.items() if c not in ("neutral", "focal")}
    assert "ATA" in coloured
    assert len(coloured) >= 220


def test_the_sea_is_the_sea_and_selects_nothing_when_every_shape_is_coloured(
    context, every_country
):
    srv, categories = every_country
    assert categories["ATA"] in COLORS
    page = open_app(context, srv.url + "?doc=every-country")
    leaflet_frame(page).evaluate("() => map_div.setView([0, 0], 1, {animate: false})")
    page.wait_for_timeout(300)
    screenshot(page, "world-every-country")
    for name, (lat, lon) in SEA_POINTS.items():
        x, y = point_of(page, lat, lon)
        assert pixel(page, x, y) == SEA, f"{name} is not drawn in the sea's colour"
    # Antarctica itself is drawn in its category's colour (at the map's fill opacity).
    x, y = point_of(page, -75.0, 0.0)
    assert close(pixel(page, x, y), over(COLORS[categories["ATA"]], SEA, FILL_OPACITY))
    for name, (lat, lon) in SEA_POINTS.items():
        x, y = point_of(page, lat, lon)
        page.mouse.click(x, y)
        page.wait_for_timeout(400)
        assert "country=" not in page.url, f"a click on the {name} selected a country"
        assert page.locator("[data-testid='country-panel']").count() == 0
    assert map_frame(page).locator(HOVER_TOOLTIP).count() == 0


# The first view, the focal country and uncertainty, on a small region's document.
REGION = """Foreign relations of Cyprus

Greece is the closest ally of Cyprus. Lebanon and Cyprus signed a trade agreement in 2007.

The status of the north remains disputed with Turkey, and Turkey does not recognise Cyprus.

Israel and Cyprus cooperate on gas, among other things.

Cyprus criticised Malta but signed an agreement with it.
"""


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("region"), {"cyprus.txt": REGION}) as srv:
        yield srv


def test_the_first_view_frames_the_countries_the_document_names(context, region):
    page = open_app(context, region.url)
    frame = leaflet_frame(page)
    zoom = frame.evaluate("() => map_div.getZoom()")
    assert zoom >= 4  # the eastern Mediterranean, not the world (zoom 1.5)
    for iso3 in ("CYP", "GRC", "TUR", "LBN", "ISR"):
        lat, lon = inside(iso3)
        assert frame.evaluate(
            "([lat, lon]) => map_div.getBounds().contains([lat, lon])", [lat, lon]
        ), f"{iso3} is outside the first view"
    screenshot(page, "region-first-view")


def test_the_focal_country_is_marked_and_named_and_the_legend_says_so(context, region):
    page = open_app(context, region.url)
    label = map_frame(page).locator(".atlas-focal-label")
    assert label.inner_text() == "Cyprus"
    assert label.is_visible()
    ring = map_frame(page).locator("path.atlas-focal")
    assert ring.count() == 1
    # The ring is not in the way: a click at the focal point reaches Cyprus itself.
    x, y = point_of(page, *inside("CYP"))
    assert (
        "the document's country"
        in page.locator("[data-testid='legend-focal']").locator("..").inner_text()
    )
    page.mouse.click(x, y)
    page.wait_for_function("() => location.search.includes('country=CYP')")


def test_weak_evidence_is_hatched_and_the_legend_explains_the_hatch(context, region):
    # Malta is criticised and signed with in one sentence: the reading is unsure of it.
    page = open_app(context, region.url)
    hatched = map_frame(page).locator(".leaflet-overlay-pane path[fill='url(#atlas-hatch)']")
    assert hatched.count() >= 1
    assert map_frame(page).locator("pattern#atlas-hatch").count() == 1
    legend = page.locator("[data-testid='legend-uncertain']").locator("..").inner_text()
    assert "uncertain" in legend


def test_the_map_takes_the_larger_share_of_a_desktop_screen(context, region):
    page = open_app(context, region.url)
    box = page.locator(MAP_FRAME).bounding_box()
    panel = page.locator("[data-testid='summary-panel']").bounding_box()
    assert box["width"] > 1.5 * panel["width"]
    assert box["height"] >= 580


def test_the_map_downloads_as_an_image_of_the_current_view(context, region, tmp_path):
    page = open_app(context, region.url + "?categories=focal,ally,no-relations")
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="Map image (PNG)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "cyprus-map.png"
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="Map image (SVG)").click()
    svg = tmp_path / "map.svg"
    download.value.save_as(svg)
    text = svg.read_text(encoding="utf-8")
    assert "ally (1)" in text
    assert "no-relations (1)" in text
    assert "partner (" not in text  # filtered out of this view


# Served alone, each document's map keeps the sea the sea and marks its focal country. The
# real articles are CC BY-SA and never committed: set ATLAS_FIDELITY_CORPUS to the folder
# that benchmarks/README.md ("Fidelity on real articles") says how to build to add them.
REAL = ("foreign-relations-of-greece", "foreign-relations-of-cuba", "foreign-relations-of-morocco")


def _documents() -> list:
    root = Path(__file__).resolve().parents[2]
    found = [
        pytest.param(root / "seeds" / "foreign-relations-of-israel.txt", id="seed"),
        pytest.param(root / "tests" / "documents" / "foreign-relations-of-chile.txt", id="chile"),
    ]
    corpus = os.environ.get("ATLAS_FIDELITY_CORPUS")
    for stem in REAL:
        path = Path(corpus or "/nonexistent") / f"{stem}.txt"
        mark = pytest.mark.skipif(not path.exists(), reason="ATLAS_FIDELITY_CORPUS not set")
        found.append(pytest.param(path, id=stem.removeprefix("foreign-relations-of-"), marks=mark))
    return found


@pytest.mark.parametrize("document", _documents())
def test_served_alone_a_documents_map_has_the_sea_and_its_focal_country(
    context, tmp_path, document
):
    (tmp_path / document.name).write_bytes(document.read_bytes())
    srv = start_server(tmp_path)
    try:
        srv.wait()
        page = open_app(context, srv.url)
        assert map_frame(page).locator(".atlas-focal-label").is_visible()
        screenshot(page, f"alone-{document.stem}")
        leaflet_frame(page).evaluate("() => map_div.setView([0, 0], 1, {animate: false})")
        page.wait_for_timeout(300)
        for name, (lat, lon) in SEA_POINTS.items():
            x, y = point_of(page, lat, lon)
            assert pixel(page, x, y) == SEA, f"{name} is not the sea's colour"
    finally:
        srv.stop()
