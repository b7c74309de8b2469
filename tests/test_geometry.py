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
            # The one long edge allowed runs along the map's edge at 85° (Antarctica, cut
            # there, closes its ring along it).
            at_edge = (abs(xy[1:, 1]) >= 85) & (abs(xy[:-1, 1]) >= 85)
            assert jumps[~at_edge].max(initial=0) < 180, f"{iso3} has a ring crossing ±180°"


def test_no_shape_spans_more_than_half_the_world_unless_it_is_cut_at_the_map_edge(world):
    for iso3, geometry in world.geometry.items():
        for polygon in geometry.geoms:
            minx, miny, maxx, maxy = polygon.bounds
            if maxx - minx > 180:
                # Only the land round a pole (Antarctica), cut at the map's edge, spans every
                # longitude; a ring crossing ±180° would draw as a band round the world.
                assert miny <= -85 or maxy >= 85, f"{iso3} draws as a band round the world"
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


# The map is drawn in Web Mercator (EPSG:3857): every shape must draw as itself there.
MERCATOR_LATITUDE = 85.0511
SEA = {
    "mid-Pacific": (-150.0, 0.0),
    "South Atlantic": (-15.0, -30.0),
    "Indian Ocean": (75.0, -20.0),
    "North Atlantic": (-40.0, 40.0),
    "Southern Ocean": (0.0, -55.0),
    "Arctic Ocean": (0.0, 84.0),
}


def test_every_shape_lies_within_the_latitudes_web_mercator_can_show(world):
    _, south, _, north = world.total_bounds
    assert south >= -MERCATOR_LATITUDE
    assert north <= MERCATOR_LATITUDE


@pytest.mark.parametrize("crs", [4326, 3857])
@pytest.mark.parametrize("sea", sorted(SEA))
def test_no_shape_covers_the_sea(world, sea, crs):
    # Antarctica's pole ring once came out as its complement: everything north of its
    # coast, which the map filled as the "ocean".
    point = gpd.GeoSeries(shapely.points([SEA[sea]]), crs=4326).to_crs(crs).iloc[0]
    projected = world.to_crs(crs)
    assert projected.index[projected.contains(point)].tolist() == []


def test_no_shape_covers_more_of_the_map_than_its_own_band_of_latitude(world):
    # Antarctica clipped at 85° S is the largest shape on the Mercator map: a fifth of the
    # square, and nothing like the whole of it (the complement covered about 80%).
    projected = world.to_crs(3857)
    side = 2 * 20_037_508.34
    share = projected.area / side**2
    assert share.max() < 0.2
    bands = projected.bounds
    assert (projected.area <= (bands.maxy - bands.miny) * side + 1).all()


def test_no_ring_encloses_a_pole(world):
    poles = shapely.points([(0.0, 89.99), (0.0, -89.99), (179.0, -89.99)])
    assert not any(world.geometry.intersects(pole).any() for pole in poles)
