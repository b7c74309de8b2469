"""World geometries and the join: every country a dataset can name is a clickable shape."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geodata.geometry import WORLD_FILE, MissingShapeError, join, load_world


@pytest.fixture(scope="module")
def world() -> gpd.GeoDataFrame:
    return load_world()


def test_world_file_is_small_enough_for_a_web_map():
    assert WORLD_FILE.stat().st_size < 400_000


def test_shapes_are_valid_non_empty_multipolygons(world):
    assert len(world) > 230
    assert world.geometry.is_valid.all()
    assert not world.geometry.is_empty.any()
    assert set(world.geom_type) == {"MultiPolygon"}
    assert world.crs.to_epsg() == 4326


@pytest.mark.parametrize("iso3", ["BHR", "SGP", "MLT", "PSE", "VAT", "MCO", "FRA", "NOR", "XKX"])
def test_small_and_quirky_countries_have_a_shape(world, iso3):
    assert iso3 in world.index
    assert world.loc[iso3, "geometry"].area > 0


def test_natural_earth_minus_99_codes_are_resolved(world):
    assert "-99" not in world.index
    assert world.loc["FRA", "geometry"].bounds[0] < 0  # metropolitan France reaches west of 0°
    assert world.loc["NOR", "geometry"].centroid.y > 58


def test_no_ring_crosses_the_antimeridian(world):
    for iso3, geometry in world.geometry.items():
        for polygon in geometry.geoms:
            xy = shapely.get_coordinates(polygon.exterior)
            jumps = abs(xy[1:, 0] - xy[:-1, 0])
            # The one long edge allowed runs along a pole (Antarctica's ring closes there).
            at_pole = (abs(xy[1:, 1]) >= 89.9) & (abs(xy[:-1, 1]) >= 89.9)
            assert jumps[~at_pole].max(initial=0) < 180, f"{iso3} has a ring crossing ±180°"


def test_no_shape_spans_more_than_half_the_world_unless_it_holds_a_pole(world):
    for iso3, geometry in world.geometry.items():
        for polygon in geometry.geoms:
            minx, miny, maxx, maxy = polygon.bounds
            if maxx - minx > 180:
                # Only a ring round a pole (Antarctica) legitimately spans every longitude.
                assert miny <= -89.9 or maxy >= 89.9, f"{iso3} draws as a band round the world"
    assert {"RUS", "FJI"} <= set(world.index)


def test_join_returns_a_geodataframe_in_dataset_order():
    countries = pd.DataFrame({"iso3": ["ISR", "BHR", "PSE"], "category": ["focal", "x", "y"]})
    joined = join(countries)
    assert isinstance(joined, gpd.GeoDataFrame)
    assert list(joined["iso3"]) == ["ISR", "BHR", "PSE"]
    assert list(joined["category"]) == ["focal", "x", "y"]
    assert joined.crs.to_epsg() == 4326
    assert not joined.geometry.is_empty.any()


def test_a_country_without_a_shape_is_an_error_not_dropped():
    with pytest.raises(MissingShapeError, match="ZZZ"):
        join(pd.DataFrame({"iso3": ["ISR", "ZZZ"]}))


def test_load_world_returns_a_copy(world):
    world.loc["ISR", "name"] = "changed"
    assert load_world().loc["ISR", "name"] == "Israel"
