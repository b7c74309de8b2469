"""The map as an image to take away: it opens, has the expected size, and shows the view's
categories in the map's own colours, with the legend, focal country, source and credit."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pytest
from conftest import SEEDS
from matplotlib import image

from dashboard.mapimage import map_image
from dashboard.palette import COLORS, SEA
from geodata.dataset import build_dataset
from geodata.geometry import load_world
from geodata.records import CATEGORIES

SEED = SEEDS / "foreign-relations-of-israel.txt"


@pytest.fixture(scope="module")
def dataset():
    return build_dataset(SEED.read_text(encoding="utf-8"), SEED.name)


@pytest.fixture(scope="module")
def world():
    return load_world()


def colours_in(png: bytes) -> set[str]:
    pixels = (image.imread(io.BytesIO(png), format="png")[:, :, :3] * 255).round().astype(int)
    flat = np.unique(pixels.reshape(-1, 3), axis=0)
    return {"#{:02X}{:02X}{:02X}".format(*p) for p in flat}


def test_the_png_opens_at_the_size_of_a_slide(dataset, world):
    png = map_image(dataset, world, CATEGORIES, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert image.imread(io.BytesIO(png), format="png").shape[:2] == (675, 1200)


def test_every_category_in_the_view_appears_in_its_map_colour(dataset, world):
    present = {c.category for c in dataset.countries}
    seen = colours_in(map_image(dataset, world, CATEGORIES, "png"))
    assert SEA in seen
    for category in present:
        assert COLORS[category] in seen, f"{category} is not drawn"


def test_categories_filtered_out_of_the_view_are_left_out_of_map_and_legend(dataset, world):
    svg = map_image(dataset, world, ["focal", "adversary"], "svg").decode()
    assert "adversary (3)" in svg
    assert "partner (" not in svg
    seen = colours_in(map_image(dataset, world, ["focal", "adversary"], "png"))
    assert COLORS["adversary"] in seen
    assert COLORS["peace-treaty"] not in seen


def test_the_svg_carries_title_legend_counts_focal_source_date_and_credit(dataset, world):
    svg = map_image(dataset, world, CATEGORIES, "svg", made=date(2026, 11, 30)).decode()
    assert svg.lstrip().startswith("<?xml")
    for text in (
        "Foreign Relations Of Israel",
        "Relationship with Israel",
        "peace-treaty (2)",
        "adversary (3)",
        "Israel",  # the focal country's name beside its ring
        "foreign-relations-of-israel.txt",
        "2026-11-30",
        "Natural Earth",
    ):
        assert text in svg, f"{text!r} missing"


def test_document_text_in_the_title_stays_text_in_the_svg(world):
    text = "Foreign relations of <script>alert(1)</script> Chile\n\nPeru is an ally.\n"
    dataset = build_dataset(text, "hostile.txt", focal="CHL")
    svg = map_image(dataset, world, CATEGORIES, "svg").decode()
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_a_readers_correction_is_outlined_dotted_and_counted_in_the_legend(dataset, world):
    plain = map_image(dataset, world, CATEGORIES, "svg").decode()
    marked = map_image(dataset, world, CATEGORIES, "svg", corrected=["DEU"]).decode()
    assert "corrected" not in plain
    assert 'id="corrected-DEU"' in marked
    assert "dotted: corrected in this view (1)" in marked
    # Hidden by the view's categories, a correction is neither drawn nor counted.
    hidden = map_image(dataset, world, ["focal"], "svg", corrected=["DEU"]).decode()
    assert "corrected in this view" not in hidden
