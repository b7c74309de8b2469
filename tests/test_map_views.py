"""What the map's spec says about bringing a selection into view and about enclaves."""

from __future__ import annotations

import pytest

from dashboard.mapview import bounds_of, is_enclave, view_spec
from geodata.geometry import load_world
from geodata.records import CATEGORIES


@pytest.fixture(scope="module")
def world():
    return load_world()


def rows(*iso3s: str) -> list[dict]:
    return [
        {"iso3": c, "name": c, "category": "partner" if i else "focal", "indirect": False}
        for i, c in enumerate(iso3s)
    ]


def test_the_selection_carries_the_bounds_to_bring_into_view(world):
    spec = view_spec(world, rows("NOR", "LBN"), CATEGORIES, "LBN")
    (south, west), (north, east) = spec["selected"]["bounds"]
    assert spec["selected"]["iso3"] == "LBN"
    assert 33 < south < north < 35
    assert 35 < west < east < 37


def test_no_selection_and_a_filtered_selection_bring_nothing_into_view(world):
    assert view_spec(world, rows("NOR", "LBN"), CATEGORIES, None)["selected"] is None
    assert view_spec(world, rows("NOR", "LBN"), ["focal"], "LBN")["selected"] is None


@pytest.mark.parametrize(
    ("iso3", "west", "east"),
    [
        ("FRA", -6, 10),  # metropolitan France, not French Guiana or Réunion
        ("RUS", 19, 180),  # across the antimeridian: the side of its middle
        ("USA", -125, -66),  # the contiguous states
        ("FJI", 176, 180),
    ],
)
def test_far_flung_countries_are_brought_into_view_by_their_mainland(world, iso3, west, east):
    (_, w), (_, e) = bounds_of(world.geometry[iso3])
    assert west <= w < e <= east


def test_the_vatican_san_marino_and_monaco_are_enclaves_and_bahrain_is_not(world):
    assert all(is_enclave(world, c) for c in ("VAT", "SMR", "MCO"))
    assert not any(is_enclave(world, c) for c in ("BHR", "LBN", "LUX", "SGP", "QAT", "PSE"))


def test_enclaves_keep_their_dot_and_are_listed_for_the_zoom_rule(world):
    spec = view_spec(world, rows("NOR", "ITA", "VAT", "SMR", "BHR"), CATEGORIES, None)
    assert {"VAT", "SMR", "BHR"} <= set(spec["dots"])
    assert spec["enclaves"] == ["SMR", "VAT"]
